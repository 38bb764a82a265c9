/*
 * sort.c - radix sorts. Sorting was the largest cost after normalization
 * (qsort's callbacks on every shingle set and band), so every hot sort of
 * the pipeline is a counting sort by bytes.
 */
#include <string.h>

#include "sort.h"

#define KEY_SELF(x) (x)
#define KEY_FIELD(x) ((x).key)

ND__DEFINE_RADIX(nd__sort_u32, uint32_t, KEY_SELF, 4)
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
