/* Minimal C reference for the tandem-5 benchmark: 6 nodes, 5 links of 1 Gbit/s with 10 us
 * propagation, 1,500-byte packets, Poisson arrivals at rho = 0.8 (GSL MT19937 exponential),
 * drop-tail FIFO per link, a binary heap of (time ps, sequence) events.
 * Two algorithms:
 *   events (default): a transmission-done event and an arrival event per hop, a FIFO per link;
 *   fifo: drop-tail FIFO departures computed on arrival (start = max(now, busy_until)), so
 *         the far-end arrival is the hop's only event (what hybridsim does).
 * Usage: tandem_c PACKETS [events|fifo] -> "tandem PACKETS wall_s mean_us peak_kib p50_us p99_us"
 */
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum { ARRIVAL = 0, TX_DONE = 1, LINK_ARRIVE = 2 };
#include "event_heap.h"

static heap_t heap;
static uint64_t seq;

static inline void push(int64_t t, uint16_t kind, uint32_t target, uint32_t item) {
    event_t e = { t, (seq++) << 16 | kind, target, item };
    heap_push(&heap, e);
}

/* Packet pool with a free list. */
static int64_t *created; static uint32_t *freelist; static size_t pool_n, pool_cap, free_n;
static uint32_t alloc_packet(int64_t t) {
    uint32_t i;
    if (free_n) i = freelist[--free_n];
    else {
        if (pool_n == pool_cap) {
            pool_cap = pool_cap ? pool_cap * 2 : 1024;
            created = realloc(created, pool_cap * sizeof(int64_t));
            freelist = realloc(freelist, pool_cap * sizeof(uint32_t));
        }
        i = (uint32_t)pool_n++;
    }
    created[i] = t;
    return i;
}

/* Per-link FIFO ring buffers. */
typedef struct { uint32_t *buf; size_t head, n, cap; int busy; } fifo_t;
static void fifo_push(fifo_t *q, uint32_t v) {
    if (q->n == q->cap) {
        size_t nc = q->cap ? q->cap * 2 : 64;
        uint32_t *nb = malloc(nc * sizeof(uint32_t));
        for (size_t i = 0; i < q->n; i++) nb[i] = q->buf[(q->head + i) % q->cap];
        free(q->buf); q->buf = nb; q->head = 0; q->cap = nc;
    }
    q->buf[(q->head + q->n++) % q->cap] = v;
}
static uint32_t fifo_pop(fifo_t *q) {
    uint32_t v = q->buf[q->head];
    q->head = (q->head + 1) % q->cap; q->n--;
    return v;
}

static int cmp_float(const void *a, const void *b) {
    float x = *(const float *)a, y = *(const float *)b;
    return (x > y) - (x < y);
}

static long peak_kib(void) {
    FILE *f = fopen("/proc/self/status", "r");
    char line[256]; long v = -1;
    while (f && fgets(line, sizeof line, f)) if (!strncmp(line, "VmHWM:", 6)) v = atol(line + 6);
    if (f) fclose(f);
    return v;
}

int main(int argc, char **argv) {
    if (argc < 2 || argc > 4) { fprintf(stderr, "usage: tandem_c PACKETS [events|fifo] [SEED]\n"); return 2; }
    long packets = atol(argv[1]);
    int fifo = argc >= 3 && strcmp(argv[2], "fifo") == 0;
    unsigned long seed = argc == 4 ? strtoul(argv[3], NULL, 10) : 12345;
    int64_t busy_until[5] = {0, 0, 0, 0, 0};
    const int links = 5;
    const int64_t tx = 12000000;      /* 1,500 B at 1 Gbit/s, ps */
    const int64_t prop = 10000000;    /* 10 us */
    const double mean_gap = 1500.0 * 8 / (0.8 * 1e9);
    fifo_t q[5]; memset(q, 0, sizeof q);
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, seed);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    long generated = 0, delivered = 0; double delay_sum = 0;
    float *delay_us = malloc(sizeof(float) * (size_t)packets);
    push(llround(gsl_ran_exponential(r, mean_gap) * 1e12), ARRIVAL, 0, 0);
    while (heap.n) {
        event_t e = heap_pop(&heap);
        int64_t now = e.time;
        uint16_t kind = (uint16_t)e.key;
        uint32_t link = e.target, p = e.item;
        if (kind == ARRIVAL) {
            p = alloc_packet(now);
            generated++;
            if (generated < packets) push(now + llround(gsl_ran_exponential(r, mean_gap) * 1e12), ARRIVAL, 0, 0);
            link = 0; kind = LINK_ARRIVE;
        }
        if (kind == LINK_ARRIVE) {
            if (link == (uint32_t)links) {
                delay_us[delivered] = (float)((now - created[p]) / 1e6);
                delivered++; delay_sum += (double)(now - created[p]);
                freelist[free_n++] = p;
            } else if (fifo) {
                int64_t start = now > busy_until[link] ? now : busy_until[link];
                busy_until[link] = start + tx;
                push(start + tx + prop, LINK_ARRIVE, link + 1, p);
            } else if (q[link].busy) fifo_push(&q[link], p);
            else { q[link].busy = 1; push(now + tx, TX_DONE, link, p); }
        } else if (kind == TX_DONE) {
            push(now + prop, LINK_ARRIVE, link + 1, p);
            if (q[link].n) push(now + tx, TX_DONE, link, fifo_pop(&q[link]));
            else q[link].busy = 0;
        }
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double wall = (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) * 1e-9;
    qsort(delay_us, (size_t)delivered, sizeof(float), cmp_float);
    printf("tandem %ld %.6f %.4f %ld %.4f %.4f\n", delivered, wall, delay_sum / delivered / 1e6, peak_kib(),
           delay_us[delivered / 2], delay_us[(long)(0.99 * delivered)]);
    return 0;
}
