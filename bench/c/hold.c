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

#include "event_heap.h"

static heap_t heap;

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
    heap.cap = (size_t)(pending + 1);
    heap.a = malloc(sizeof(event_t) * heap.cap);
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    int64_t checksum = 0;
    for (long rep = 0; rep < repeats; rep++) {
        gsl_rng_set(r, 12345);
        heap.n = 0;
        uint64_t seq = 0;
        int64_t now = 0;
        for (long i = 0; i < pending; i++) {
            int64_t dt = llround(gsl_ran_exponential(r, 1.0) * 1e6);
            event_t e = { now + dt, (seq++) << 16, (uint32_t)i, 0 };
            heap_push(&heap, e);
        }
        double t0 = now_seconds();
        for (long h = 0; h < holds; h++) {
            event_t e = heap_pop(&heap);
            now = e.time;
            int64_t dt = llround(gsl_ran_exponential(r, 1.0) * 1e6);
            event_t f = { now + dt, (seq++) << 16, e.target, 0 };
            heap_push(&heap, f);
        }
        double t1 = now_seconds();
        rates[rep] = holds / (t1 - t0);
        checksum += now;
    }
    qsort(rates, repeats, sizeof(double), cmp_double);
    printf("hold %ld %.0f %lld\n", pending, rates[repeats / 2], (long long)(checksum % 1000));
    gsl_rng_free(r);
    free(heap.a);
    return 0;
}
