/*
 * minhash.c - the signing stage. The inner loop is written so that each
 * permutation is independent, which lets compilers vectorize it.
 */
#include <stdlib.h>
#include <string.h>

#include "minhash.h"

uint64_t nd__splitmix64(uint64_t *state)
{
    uint64_t z = (*state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

int nd__minhash_init(nd__minhash *mh, unsigned k, uint64_t seed, int oph)
{
    memset(mh, 0, sizeof *mh);
    if (k == 0)
        return ND_EINVAL;
    mh->a = malloc(k * sizeof *mh->a);
    mh->b = malloc(k * sizeof *mh->b);
    mh->al = malloc(k * sizeof *mh->al);
    mh->ah = malloc(k * sizeof *mh->ah);
    if (!mh->a || !mh->b || !mh->al || !mh->ah) {
        nd__minhash_free(mh);
        return ND_ENOMEM;
    }
    uint64_t st = seed ^ 0x6E65617264757021ULL; /* "neardup!" */
    for (unsigned i = 0; i < k; i++) {
        mh->a[i] = nd__splitmix64(&st);
        mh->b[i] = nd__splitmix64(&st);
        mh->al[i] = mh->a[i] & 0xFFFFFFFFu;
        mh->ah[i] = mh->a[i] >> 32;
    }
    mh->k = k;
    mh->oph_seed = nd__splitmix64(&st);
    mh->sign = oph ? nd__oph_sign : nd__minhash_best();
    return ND_OK;
}

void nd__minhash_free(nd__minhash *mh)
{
    free(mh->a);
    free(mh->b);
    free(mh->al);
    free(mh->ah);
    mh->a = mh->b = mh->al = mh->ah = NULL;
    mh->k = 0;
}

void nd__minhash_sign(const nd__minhash *mh, const uint32_t *sh, size_t n, uint32_t *sig)
{
    mh->sign(mh, sh, n, sig);
}

void nd__minhash_sign_scalar(const nd__minhash *mh, const uint32_t *sh, size_t n, uint32_t *sig)
{
    const unsigned k = mh->k;
    for (unsigned i = 0; i < k; i++)
        sig[i] = UINT32_MAX;
    for (size_t j = 0; j < n; j++) {
        const uint64_t x = sh[j];
        for (unsigned i = 0; i < k; i++) {
            uint32_t h = (uint32_t)((mh->a[i] * x + mh->b[i]) >> 32);
            sig[i] = h < sig[i] ? h : sig[i];
        }
    }
}

double nd__minhash_estimate(const uint32_t *a, const uint32_t *b, unsigned k)
{
    unsigned eq = 0;
    for (unsigned i = 0; i < k; i++)
        eq += a[i] == b[i];
    return k ? (double)eq / k : 0.0;
}

void nd__oph_sign(const nd__minhash *mh, const uint32_t *sh, size_t n, uint32_t *sig)
{
    const unsigned k = mh->k;
    uint64_t filled[4096 / 64]; /* k <= 4096 (checked with the options) */
    memset(filled, 0, ((k + 63) / 64) * sizeof *filled);
    for (unsigned i = 0; i < k; i++)
        sig[i] = UINT32_MAX;
    if (n == 0)
        return;
    for (size_t j = 0; j < n; j++) {
        const uint64_t g = nd__fmix64(sh[j] ^ mh->oph_seed);
        const unsigned b = (unsigned)(((g >> 32) * k) >> 32);
        const uint32_t v = (uint32_t)g;
        sig[b] = v < sig[b] ? v : sig[b];
        filled[b >> 6] |= (uint64_t)1 << (b & 63);
    }
    unsigned n_filled = 0; /* counted once, not tested per shingle */
    for (unsigned w = 0; w < (k + 63) / 64; w++)
        n_filled += (unsigned)__builtin_popcountll(filled[w]);
    if (n_filled == k)
        return;
    /* optimal densification: borrow from bins that were filled by the set
     * itself (never from a borrower), along a probe sequence of the bin */
    for (unsigned b = 0; b < k; b++) {
        if (filled[b >> 6] >> (b & 63) & 1)
            continue;
        for (uint64_t t = 1;; t++) {
            const uint64_t g =
                nd__fmix64(mh->oph_seed ^ ((uint64_t)b << 32 | t) ^ 0x9E3779B97F4A7C15ULL);
            const unsigned from = (unsigned)(((g >> 32) * k) >> 32);
            if (filled[from >> 6] >> (from & 63) & 1) {
                sig[b] = sig[from];
                break;
            }
        }
    }
}
