/*
 * minhash.h - MinHash signatures over shingle hashes.
 */
#ifndef ND_MINHASH_H
#define ND_MINHASH_H

#include "internal.h"

/* The hash family (documented in docs/algorithms.md; part of the signature
 * format, so changing it changes ND_NORMALIZE_VERSION's signatures):
 *   x  = low 32 bits of the 64-bit shingle hash
 *   h_i(x) = (a_i * x + b_i) mod 2^64, top 32 bits      (multiply-add-shift)
 * a_i, b_i are 64-bit values from SplitMix64 seeded with the run's seed.
 * With x of 32 bits and a, b of 64 bits this family is strongly universal
 * (Dietzfelbinger 1996), and it needs only 32x32->64 multiplies, which
 * vector units have. sig[i] = min over the set of h_i(x). */
typedef struct nd__minhash {
    unsigned k;
    uint64_t *a, *b;
} nd__minhash;

int nd__minhash_init(nd__minhash *mh, unsigned k, uint64_t seed);
void nd__minhash_free(nd__minhash *mh);

/* Sign a set of n shingle hashes into sig[0..k). An empty set gives all
 * UINT32_MAX (such articles never enter LSH). */
void nd__minhash_sign(const nd__minhash *mh, const uint64_t *sh, size_t n, uint32_t *sig);

/* Fraction of equal positions: the MinHash estimate of Jaccard. */
double nd__minhash_estimate(const uint32_t *a, const uint32_t *b, unsigned k);

/* SplitMix64 step: the documented generator behind every seeded constant. */
uint64_t nd__splitmix64(uint64_t *state);

#endif
