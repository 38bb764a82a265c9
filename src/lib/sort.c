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

static ND__DEFINE_RADIX(radix_u32, uint32_t, KEY_SELF, 4)

/* Shingle sets are hash values, spread evenly over 32 bits: one pass puts
 * them into about one bucket each by their top bits, and an insertion sort
 * then moves each within its bucket only, about half the time of four
 * radix passes on a set of a few hundred. Values that crowd into buckets
 * (repeats, small or alike values) and long arrays (whose buckets would
 * not stay in cache) take the radix passes. */
#define BUCKET_BITS_MAX 13
#define BUCKET_CROWD 32 /* a bucket's values: an insertion moves one at most this far */

void nd__sort_u32(uint32_t *v, uint32_t *tmp, size_t n)
{
    if (n < ND__RADIX_SMALL || n > ((size_t)1 << BUCKET_BITS_MAX)) {
        radix_u32(v, tmp, n);
        return;
    }
    unsigned bits = 1;
    while (((size_t)1 << bits) < n)
        bits++;
    const unsigned shift = 32 - bits;
    const size_t buckets = (size_t)1 << bits;
    uint32_t count[(size_t)1 << BUCKET_BITS_MAX];
    memset(count, 0, buckets * sizeof *count);
    for (size_t i = 0; i < n; i++)
        count[v[i] >> shift]++;
    uint32_t sum = 0, most = 0;
    for (size_t b = 0; b < buckets; b++) {
        const uint32_t c = count[b];
        most = c > most ? c : most;
        count[b] = sum;
        sum += c;
    }
    if (most > BUCKET_CROWD) {
        radix_u32(v, tmp, n);
        return;
    }
    for (size_t i = 0; i < n; i++)
        tmp[count[v[i] >> shift]++] = v[i];
    v[0] = tmp[0];
    for (size_t i = 1; i < n; i++) {
        const uint32_t x = tmp[i];
        size_t j = i;
        while (j > 0 && v[j - 1] > x) {
            v[j] = v[j - 1];
            j--;
        }
        v[j] = x;
    }
}
ND__DEFINE_RADIX(nd__sort_u64, uint64_t, KEY_SELF, 8)
#define KEY_HI32(x) ((x) >> 32)
ND__DEFINE_RADIX(nd__sort_u64_hi32, uint64_t, KEY_HI32, 4)

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
