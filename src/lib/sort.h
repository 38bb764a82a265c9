/*
 * sort.h - radix sorts for the flat arrays of the pipeline (shingle sets,
 * band keys, postings, pairs): linear time, no comparison callbacks.
 */
#ifndef ND_SORT_H
#define ND_SORT_H

#include <string.h>

#include "internal.h"

/* A 64-bit key and the article it belongs to (LSH buckets, postings). */
typedef struct nd__keydoc {
    uint64_t key;
    uint32_t doc;
} nd__keydoc;

/* LSD radix sorts, 8 bits a pass, skipping passes where every key has the
 * same byte. tmp must hold n elements. Stable: equal keys keep their input
 * order, so (key, doc) pairs filled in doc order come out sorted by both. */
void nd__sort_u32(uint32_t *v, uint32_t *tmp, size_t n);
void nd__sort_u64(uint64_t *v, uint64_t *tmp, size_t n);
void nd__sort_keydoc(nd__keydoc *v, nd__keydoc *tmp, size_t n);

/* DEFINE_RADIX(name, type, keyof, bytes) defines
 *   void name(type *v, type *tmp, size_t n)
 * a stable LSD radix sort of records by the unsigned key keyof(record),
 * the low `bytes` bytes of it; for stages that sort records of their own. */
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


/* Drop adjacent repeats of a sorted array; returns the new length. */
size_t nd__unique_u32(uint32_t *v, size_t n);
size_t nd__unique_u64(uint64_t *v, size_t n);

#endif
