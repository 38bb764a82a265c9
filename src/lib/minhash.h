/*
 * minhash.h - MinHash signatures over shingle hashes.
 */
#ifndef ND_MINHASH_H
#define ND_MINHASH_H

#include "internal.h"

/* The hash family (documented in docs/algorithms.md; part of the signature
 * format, so changing it changes ND_NORMALIZE_VERSION's signatures):
 *   x  = the 32-bit shingle fingerprint (low 32 bits of the shingle hash)
 *   h_i(x) = (a_i * x + b_i) mod 2^64, top 32 bits      (multiply-add-shift)
 * a_i, b_i are 64-bit values from SplitMix64 seeded with the run's seed.
 * With x of 32 bits and a, b of 64 bits this family is strongly universal
 * (Dietzfelbinger 1996), and it needs only 32x32->64 multiplies, which
 * vector units have. sig[i] = min over the set of h_i(x). */
typedef struct nd__minhash nd__minhash;
typedef void (*nd__minhash_fn)(const nd__minhash *mh, const uint32_t *sh, size_t n,
                               uint32_t *sig);

struct nd__minhash {
    unsigned k;
    uint64_t oph_seed;
    uint64_t *a, *b;
    uint64_t *al, *ah;   /* a split in 32-bit halves, for the vector loops */
    nd__minhash_fn sign; /* the fastest loop this CPU runs (minhash_simd.c) */
};

/* oph: sign with nd__oph_sign rather than the k-function loops. */
int nd__minhash_init(nd__minhash *mh, unsigned k, uint64_t seed, int oph);
void nd__minhash_free(nd__minhash *mh);

/* Sign a set of n shingle fingerprints into sig[0..k). An empty set gives
 * all UINT32_MAX (such articles never enter LSH). */
void nd__minhash_sign(const nd__minhash *mh, const uint32_t *sh, size_t n, uint32_t *sig);

/* One-permutation hashing (Li, Owen and Zhang 2012) with optimal
 * densification (Shrivastava 2017), the same format as MinHash:
 *   g(x)   = fmix64(x ^ oph_seed), a bijection of 64-bit values
 *   bin(x) = (top32(g(x)) * k) >> 32,  value(x) = low32(g(x))
 *   sig[b] = min value over the shingles in bin b
 * An empty bin b takes the value of the first non-empty bin among
 * (hash(b, 1), hash(b, 2), ...) mod k, the same probe sequence for every
 * article, so two sets agree on a bin with probability J either way. */
void nd__oph_sign(const nd__minhash *mh, const uint32_t *sh, size_t n, uint32_t *sig);

/* The loops behind nd__minhash_sign, all giving identical signatures. */
void nd__minhash_sign_scalar(const nd__minhash *mh, const uint32_t *sh, size_t n, uint32_t *sig);
#if defined(__x86_64__) && defined(__GNUC__)
void nd__minhash_sign_avx2(const nd__minhash *mh, const uint32_t *sh, size_t n, uint32_t *sig);
void nd__minhash_sign_avx512(const nd__minhash *mh, const uint32_t *sh, size_t n, uint32_t *sig);
void nd__minhash_sign_avx512dq(const nd__minhash *mh, const uint32_t *sh, size_t n,
                               uint32_t *sig);
#endif
/* The fastest loop this CPU supports, and whether it supports one by name
 * ("scalar", "avx2", "avx512", "avx512dq"). */
nd__minhash_fn nd__minhash_best(void);
int nd__minhash_has(const char *isa);

/* Fraction of equal positions: the MinHash estimate of Jaccard. */
double nd__minhash_estimate(const uint32_t *a, const uint32_t *b, unsigned k);

/* SplitMix64 step: the documented generator behind every seeded constant. */
uint64_t nd__splitmix64(uint64_t *state);

#endif
