/* Umbrella header for GSL as used by hybridsim, plus small static inline helpers.
 *
 * Swift 6 refuses to read GSL's generator-type globals (gsl_rng_mt19937, ...) because
 * they are mutable C globals; the accessors below return them instead.
 */
#ifndef HYBRIDSIM_CGSL_SHIM_H
#define HYBRIDSIM_CGSL_SHIM_H

#include <stddef.h>
#include <stdint.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_multimin.h>

static inline const gsl_rng_type *hs_rng_type_mt19937(void) { return gsl_rng_mt19937; }
static inline const gsl_rng_type *hs_rng_type_taus2(void) { return gsl_rng_taus2; }
static inline const gsl_multimin_fminimizer_type *hs_nmsimplex2(void) { return gsl_multimin_fminimizer_nmsimplex2; }

/* Number of 32-bit words in the MT19937 state. */
#define HS_MT19937_WORDS 624

/* Layout of GSL's private MT19937 state (gsl/rng/mt.c: `unsigned long mt[624]; int mti;`). */
typedef struct {
    unsigned long mt[HS_MT19937_WORDS];
    int mti;
} hs_mt19937_state;

/* Writes a full 624-word MT19937 state into `r` (which must be an mt19937 generator),
 * so that streams can be seeded from 64-bit (or larger) seeds instead of the 32 bits
 * `gsl_rng_set` uses. Each word is masked to 32 bits; mti = 624 makes the generator
 * regenerate the block before the first draw, exactly as after `gsl_rng_set`.
 * Returns 0 on success, -1 when `r` is not an mt19937 with the expected state size,
 * -2 when every word is zero (the one state MT19937 must never be in). */
static inline int hs_mt19937_set_state(gsl_rng *r, const uint32_t *words) {
    if (r->type != gsl_rng_mt19937 || gsl_rng_size(r) != sizeof(hs_mt19937_state)) {
        return -1;
    }
    uint32_t any = 0;
    for (int i = 0; i < HS_MT19937_WORDS; i++) any |= words[i];
    if (any == 0) return -2;
    hs_mt19937_state *s = (hs_mt19937_state *)gsl_rng_state(r);
    for (int i = 0; i < HS_MT19937_WORDS; i++) s->mt[i] = (unsigned long)words[i] & 0xffffffffUL;
    s->mti = HS_MT19937_WORDS;
    return 0;
}

#endif
