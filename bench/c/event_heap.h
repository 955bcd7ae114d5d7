/* The binary min-heap of 24-byte events shared by the C reference benchmarks: the same
 * layout and (time, sequence) order as hybridsim's EventHeap, growing by doubling. */
#ifndef EVENT_HEAP_H
#define EVENT_HEAP_H
#include <stdint.h>
#include <stdlib.h>

typedef struct { int64_t time; uint64_t key; uint32_t target, item; } event_t;
typedef struct { event_t *a; size_t n, cap; } heap_t;

static inline int precedes(const event_t *x, const event_t *y) {
    return x->time < y->time || (x->time == y->time && x->key < y->key);
}

static inline void heap_push(heap_t *h, event_t e) {
    if (h->n == h->cap) { h->cap = h->cap ? h->cap * 2 : 1024; h->a = realloc(h->a, h->cap * sizeof(event_t)); }
    size_t hole = h->n++;
    while (hole > 0) {
        size_t parent = (hole - 1) >> 1;
        if (!precedes(&e, &h->a[parent])) break;
        h->a[hole] = h->a[parent];
        hole = parent;
    }
    h->a[hole] = e;
}

static inline event_t heap_pop(heap_t *h) {
    event_t top = h->a[0], last = h->a[--h->n];
    size_t hole = 0, n = h->n;
    for (;;) {
        size_t child = 2 * hole + 1;
        if (child >= n) break;
        if (child + 1 < n && precedes(&h->a[child + 1], &h->a[child])) child++;
        if (!precedes(&h->a[child], &last)) break;
        h->a[hole] = h->a[child];
        hole = child;
    }
    h->a[hole] = last;
    return top;
}
#endif
