/*
 * sort.c - radix sorts. Sorting was the largest cost after normalization
 * (qsort's callbacks on every shingle set and band), so every hot sort of
 * the pipeline is a counting sort by bytes.
 */
#include <string.h>

#include "sort.h"

/* ND__DEFINE_RADIX(name, type, keyof, bytes) defines
 *   void name(type *v, type *tmp, size_t n)
 * a stable LSD radix sort of records by the unsigned key keyof(record),
 * the low `bytes` bytes of it. */
#define ND__RADIX_SMALL 48 /* below this, insertion sort beats counting passes */

#define ND__DEFINE_RADIX(name, type, keyof, bytes)                                                    \
    void name(type *v, type *tmp, size_t n)                                                       \
    {                                                                                             \
        if (n < ND__RADIX_SMALL) {                                                                          \
            for (size_t i = 1; i < n; i++) {                                                      \
                type x = v[i];                                                                    \
                size_t j = i;                                                                     \
                while (j > 0 && keyof(v[j - 1]) > keyof(x)) {                                     \
                    v[j] = v[j - 1];                                                              \
                    j--;                                                                          \
                }                                                                                 \
                v[j] = x;                                                                         \
            }                                                                                     \
            return;                                                                               \
        }                                                                                         \
        size_t count[bytes][256];                                                                 \
        memset(count, 0, sizeof count);                                                           \
        for (size_t i = 0; i < n; i++)                                                            \
            for (unsigned b = 0; b < (bytes); b++)                                                \
                count[b][(keyof(v[i]) >> (8 * b)) & 0xFF]++;                                      \
        type *src = v, *dst = tmp;                                                                \
        for (unsigned b = 0; b < (bytes); b++) {                                                  \
            size_t *c = count[b];                                                                 \
            if (c[(keyof(src[0]) >> (8 * b)) & 0xFF] == n)                                        \
                continue; /* every key has this byte: nothing to move */                          \
            size_t sum = 0;                                                                       \
            for (unsigned d = 0; d < 256; d++) {                                                  \
                size_t t = c[d];                                                                  \
                c[d] = sum;                                                                       \
                sum += t;                                                                         \
            }                                                                                     \
            for (size_t i = 0; i < n; i++)                                                        \
                dst[c[(keyof(src[i]) >> (8 * b)) & 0xFF]++] = src[i];                             \
            type *t = src;                                                                        \
            src = dst;                                                                            \
            dst = t;                                                                              \
        }                                                                                         \
        if (src != v)                                                                             \
            memcpy(v, src, n * sizeof *v);                                                        \
    }

#define KEY_SELF(x) (x)
#define KEY_FIELD(x) ((x).key)

static void radix_u32(uint32_t *v, uint32_t *tmp, size_t n); /* file-local */
ND__DEFINE_RADIX(radix_u32, uint32_t, KEY_SELF, 4)

/* Buckets of the bucket sort: at most 2^BUCKET_BITS_MAX, counted on the
 * stack; a bucket larger than BUCKET_BIG (values not spread evenly) is
 * radix sorted rather than insertion sorted. */
#define BUCKET_BITS_MAX 12
#define BUCKET_BIG 64

/* Shingle fingerprints are hash values, spread evenly over 32 bits: one
 * pass puts them in about n/2 buckets by their top bits, and each bucket
 * (one or two values on average) is insertion sorted in place. Four
 * counting passes cost more than that on the few hundred values of an
 * article. Any values sort correctly, only slower when they crowd. */
void nd__sort_u32(uint32_t *v, uint32_t *tmp, size_t n)
{
    if (n < ND__RADIX_SMALL || n > ((size_t)2 << BUCKET_BITS_MAX)) {
        radix_u32(v, tmp, n);
        return;
    }
    unsigned bits = 1;
    while (((size_t)2 << bits) < n) /* 2^bits buckets, n/4 < 2^bits <= n/2 */
        bits++;
    const unsigned shift = 32 - bits;
    uint32_t start[(1u << BUCKET_BITS_MAX) + 1];
    memset(start, 0, ((size_t)(1u << bits) + 1) * sizeof *start);
    for (size_t i = 0; i < n; i++)
        start[(v[i] >> shift) + 1]++;
    for (unsigned b = 0; b < (1u << bits); b++)
        start[b + 1] += start[b];
    /* scatter into tmp by bucket (start[b] moves to the bucket's end),
     * then sort each bucket back into v */
    for (size_t i = 0; i < n; i++)
        tmp[start[v[i] >> shift]++] = v[i];
    size_t from = 0;
    for (unsigned b = 0; b < (1u << bits); b++) {
        const size_t to = start[b];
        if (to - from > BUCKET_BIG) {
            memcpy(v + from, tmp + from, (to - from) * sizeof *v);
            radix_u32(v + from, tmp + from, to - from);
        } else {
            for (size_t i = from; i < to; i++) {
                uint32_t x = tmp[i];
                size_t j = i;
                while (j > from && v[j - 1] > x) {
                    v[j] = v[j - 1];
                    j--;
                }
                v[j] = x;
            }
        }
        from = to;
    }
}
ND__DEFINE_RADIX(nd__sort_u64, uint64_t, KEY_SELF, 8)
ND__DEFINE_RADIX(nd__sort_keydoc, nd__keydoc, KEY_FIELD, 8)

#define DEFINE_UNIQUE(name, type)                                                                  \
    size_t name(type *v, size_t n)                                                                 \
    {                                                                                              \
        if (n < 2)                                                                                 \
            return n;                                                                              \
        size_t w = 1;                                                                              \
        for (size_t i = 1; i < n; i++)                                                             \
            if (v[i] != v[w - 1])                                                                  \
                v[w++] = v[i];                                                                     \
        return w;                                                                                  \
    }

DEFINE_UNIQUE(nd__unique_u32, uint32_t)
DEFINE_UNIQUE(nd__unique_u64, uint64_t)
