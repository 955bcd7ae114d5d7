/* Minimal C reference for the hold model: a binary min-heap of 24-byte events keyed by
 * (time in picoseconds, insertion sequence), pop one event and push one at now + Exp(1 us),
 * with GSL's MT19937 and gsl_ran_exponential, as hybridsim's kernel does.
 * Usage: hold_c PENDING HOLDS REPEATS   -> prints "hold PENDING holds_per_second" (median).
 */
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

typedef struct { int64_t time; uint64_t key; uint32_t target, item; } event_t;

static event_t *heap;
static size_t count;

static inline int precedes(const event_t *a, const event_t *b) {
    return a->time < b->time || (a->time == b->time && a->key < b->key);
}

static inline void push(event_t e) {
    size_t hole = count++;
    while (hole > 0) {
        size_t parent = (hole - 1) >> 1;
        if (!precedes(&e, &heap[parent])) break;
        heap[hole] = heap[parent];
        hole = parent;
    }
    heap[hole] = e;
}

static inline event_t pop(void) {
    event_t top = heap[0];
    event_t last = heap[--count];
    size_t hole = 0, n = count;
    for (;;) {
        size_t child = 2 * hole + 1;
        if (child >= n) break;
        if (child + 1 < n && precedes(&heap[child + 1], &heap[child])) child++;
        if (!precedes(&heap[child], &last)) break;
        heap[hole] = heap[child];
        hole = child;
    }
    heap[hole] = last;
    return top;
}

static double now_seconds(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv) {
    if (argc != 4) { fprintf(stderr, "usage: hold_c PENDING HOLDS REPEATS\n"); return 2; }
    long pending = atol(argv[1]), holds = atol(argv[2]), repeats = atol(argv[3]);
    double rates[64];
    if (repeats < 1 || repeats > 64) return 2;
    heap = malloc(sizeof(event_t) * (size_t)(pending + 1));
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    int64_t checksum = 0;
    for (long rep = 0; rep < repeats; rep++) {
        gsl_rng_set(r, 12345);
        count = 0;
        uint64_t seq = 0;
        int64_t now = 0;
        for (long i = 0; i < pending; i++) {
            int64_t dt = llround(gsl_ran_exponential(r, 1.0) * 1e6);
            event_t e = { now + dt, (seq++) << 16, (uint32_t)i, 0 };
            push(e);
        }
        double t0 = now_seconds();
        for (long h = 0; h < holds; h++) {
            event_t e = pop();
            now = e.time;
            int64_t dt = llround(gsl_ran_exponential(r, 1.0) * 1e6);
            event_t f = { now + dt, (seq++) << 16, e.target, 0 };
            push(f);
        }
        double t1 = now_seconds();
        rates[rep] = holds / (t1 - t0);
        checksum += now;
    }
    qsort(rates, repeats, sizeof(double), cmp_double);
    printf("hold %ld %.0f %lld\n", pending, rates[repeats / 2], (long long)(checksum % 1000));
    gsl_rng_free(r);
    free(heap);
    return 0;
}
