/*
 * minhash_simd.c - the signing inner loop for AVX-512 (with and without
 * its DQ extension) and AVX2, chosen at run time; results are
 * bit-identical to the portable loop (tests compare).
 *
 * h_i(x) = top 32 bits of (a_i * x + b_i) mod 2^64, x < 2^32. AVX2 and
 * plain AVX-512 lack a 64x64 multiply, so split a_i = ah * 2^32 + al:
 *   a_i * x + b_i = ah * x * 2^32 + (al * x + b_i)        (mod 2^64)
 *   h_i(x) = (ah * x + top32(al * x + b_i)) mod 2^32
 * two 32x32->64 multiplies (vpmuludq) per lane, exact.
 * Lanes hold permutations; the loop runs over a block of permutations for
 * all shingles, so the running minima stay in registers.
 */
#include <string.h>

#include "minhash.h"

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>

#define BLOCK512 32 /* permutations per pass: 4 vectors of 8 */

__attribute__((target("avx512f"))) void nd__minhash_sign_avx512(const nd__minhash *mh,
                                                               const uint32_t *sh, size_t n,
                                                               uint32_t *sig)
{
    const unsigned k = mh->k;
    unsigned i = 0;
    for (; i + BLOCK512 <= k; i += BLOCK512) {
        __m512i al[4], ah[4], b[4], m[4];
        for (int v = 0; v < 4; v++) {
            al[v] = _mm512_loadu_si512((const void *)(mh->al + i + 8 * v));
            ah[v] = _mm512_loadu_si512((const void *)(mh->ah + i + 8 * v));
            b[v] = _mm512_loadu_si512((const void *)(mh->b + i + 8 * v));
            m[v] = _mm512_set1_epi64((long long)UINT32_MAX);
        }
        for (size_t j = 0; j < n; j++) {
            const __m512i x = _mm512_set1_epi64((long long)sh[j]);
            for (int v = 0; v < 4; v++) {
                __m512i lo = _mm512_add_epi64(_mm512_mul_epu32(al[v], x), b[v]);
                __m512i h = _mm512_add_epi64(_mm512_srli_epi64(lo, 32), _mm512_mul_epu32(ah[v], x));
                /* min on 32-bit elements: the low half of each lane is h_i,
                 * the high halves (never read) take whatever they take */
                m[v] = _mm512_min_epu32(m[v], h);
            }
        }
        for (int v = 0; v < 4; v++) {
            uint64_t out[8];
            _mm512_storeu_si512((void *)out, m[v]);
            for (unsigned l = 0; l < 8; l++)
                sig[i + 8 * (unsigned)v + l] = (uint32_t)out[l];
        }
    }
    if (i < k) { /* a k that is not a multiple of 32: finish portably */
        nd__minhash tail = *mh;
        tail.k = k - i;
        tail.a += i;
        tail.b += i;
        nd__minhash_sign_scalar(&tail, sh, n, sig + i);
    }
}

/* With AVX512DQ the 64-bit product is one instruction (vpmullq), and the
 * minimum can be taken on the whole 64-bit sums: if u < v then
 * top32(u) <= top32(v), so the top half of the least sum is the least
 * h_i, exactly. Three operations per lane instead of six, and registers
 * for 64 permutations a pass. */
__attribute__((target("avx512f,avx512dq"), always_inline)) static inline void
dq_pass(const nd__minhash *mh, const uint32_t *sh, size_t n, uint32_t *sig, unsigned i,
        const int vecs)
{
    __m512i a[8], b[8], m[8];
    for (int v = 0; v < vecs; v++) {
        a[v] = _mm512_loadu_si512((const void *)(mh->a + i + 8 * v));
        b[v] = _mm512_loadu_si512((const void *)(mh->b + i + 8 * v));
        m[v] = _mm512_set1_epi64(-1);
    }
    for (size_t j = 0; j < n; j++) {
        const __m512i x = _mm512_set1_epi64((long long)sh[j]);
        for (int v = 0; v < vecs; v++)
            m[v] = _mm512_min_epu64(m[v], _mm512_add_epi64(_mm512_mullo_epi64(a[v], x), b[v]));
    }
    for (int v = 0; v < vecs; v++) {
        uint64_t out[8];
        _mm512_storeu_si512((void *)out, m[v]);
        for (unsigned l = 0; l < 8; l++)
            sig[i + 8 * (unsigned)v + l] = (uint32_t)(out[l] >> 32);
    }
}

__attribute__((target("avx512f,avx512dq"))) void
nd__minhash_sign_avx512dq(const nd__minhash *mh, const uint32_t *sh, size_t n, uint32_t *sig)
{
    const unsigned k = mh->k;
    unsigned i = 0;
    for (; i + 64 <= k; i += 64)
        dq_pass(mh, sh, n, sig, i, 8);
    for (; i + 8 <= k; i += 8) /* a k that is not a multiple of 64 */
        dq_pass(mh, sh, n, sig, i, 1);
    if (i < k) { /* nor of 8: finish portably */
        nd__minhash tail = *mh;
        tail.k = k - i;
        tail.a += i;
        tail.b += i;
        nd__minhash_sign_scalar(&tail, sh, n, sig + i);
    }
}

#define BLOCK256 16 /* permutations per pass: 4 vectors of 4 */

__attribute__((target("avx2"))) void nd__minhash_sign_avx2(const nd__minhash *mh,
                                                           const uint32_t *sh, size_t n,
                                                           uint32_t *sig)
{
    const unsigned k = mh->k;
    unsigned i = 0;
    const __m256i low = _mm256_set1_epi64x(0xFFFFFFFF);
    for (; i + BLOCK256 <= k; i += BLOCK256) {
        __m256i al[4], ah[4], b[4], m[4];
        for (int v = 0; v < 4; v++) {
            al[v] = _mm256_loadu_si256((const __m256i *)(const void *)(mh->al + i + 4 * v));
            ah[v] = _mm256_loadu_si256((const __m256i *)(const void *)(mh->ah + i + 4 * v));
            b[v] = _mm256_loadu_si256((const __m256i *)(const void *)(mh->b + i + 4 * v));
            m[v] = low; /* UINT32_MAX in each lane */
        }
        for (size_t j = 0; j < n; j++) {
            const __m256i x = _mm256_set1_epi64x((long long)sh[j]);
            for (int v = 0; v < 4; v++) {
                __m256i lo = _mm256_add_epi64(_mm256_mul_epu32(al[v], x), b[v]);
                __m256i h = _mm256_add_epi64(_mm256_srli_epi64(lo, 32), _mm256_mul_epu32(ah[v], x));
                /* min on 32-bit elements: the low halves are the values,
                 * the high halves are never read */
                m[v] = _mm256_min_epu32(m[v], h);
            }
        }
        for (int v = 0; v < 4; v++) {
            uint64_t out[4];
            _mm256_storeu_si256((__m256i *)(void *)out, m[v]);
            for (unsigned l = 0; l < 4; l++)
                sig[i + 4 * (unsigned)v + l] = (uint32_t)out[l];
        }
    }
    if (i < k) {
        nd__minhash tail = *mh;
        tail.k = k - i;
        tail.a += i;
        tail.b += i;
        nd__minhash_sign_scalar(&tail, sh, n, sig + i);
    }
}

nd__minhash_fn nd__minhash_best(void)
{
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq"))
        return nd__minhash_sign_avx512dq;
    if (__builtin_cpu_supports("avx512f"))
        return nd__minhash_sign_avx512;
    if (__builtin_cpu_supports("avx2"))
        return nd__minhash_sign_avx2;
    return nd__minhash_sign_scalar;
}

int nd__minhash_has(const char *isa)
{
    __builtin_cpu_init();
    if (strcmp(isa, "avx512dq") == 0)
        return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq");
    if (strcmp(isa, "avx512") == 0)
        return __builtin_cpu_supports("avx512f");
    if (strcmp(isa, "avx2") == 0)
        return __builtin_cpu_supports("avx2");
    return strcmp(isa, "scalar") == 0;
}

#else /* not x86-64: the portable loop only */

nd__minhash_fn nd__minhash_best(void)
{
    return nd__minhash_sign_scalar;
}

int nd__minhash_has(const char *isa)
{
    return strcmp(isa, "scalar") == 0;
}

#endif
