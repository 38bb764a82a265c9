/*
 * subset.c - marking a subset in its set, and intersecting two subsets.
 */
#include "subset.h"

size_t nd__subset_mark(const uint32_t *set, size_t n, const uint32_t *sub, size_t n_sub,
                       uint64_t *bits)
{
    size_t i = 0, j = 0, marked = 0;
    while (i < n && j < n_sub) {
        if (set[i] < sub[j]) {
            i++;
        } else if (sub[j] < set[i]) {
            j++;
        } else {
            bits[i / 64] |= (uint64_t)1 << (i % 64);
            marked++;
            i++;
            j++;
        }
    }
    return marked;
}

/* The first of v[k, n) that is at least x (v ascending): steps of 1, 2,
 * 4... from k, then a binary search in the last step. */
static size_t gallop(const uint32_t *v, size_t k, size_t n, uint32_t x)
{
    size_t step = 1, hi = k;
    while (hi < n && v[hi] < x) {
        k = hi + 1;
        hi = n - hi > step ? hi + step : n;
        step *= 2;
    }
    while (k < hi) { /* v[k - 1] < x, and v[hi] >= x if hi < n */
        size_t mid = k + (hi - k) / 2;
        if (v[mid] < x)
            k = mid + 1;
        else
            hi = mid;
    }
    return k;
}

size_t nd__subset_inter(const uint32_t *a, const uint64_t *abits, size_t na, const uint32_t *b,
                        const uint64_t *bbits, size_t nb)
{
    size_t inter = 0, j = 0;
    const size_t words = nd__subset_words(na);
    for (size_t w = 0; w < words; w++)
        for (uint64_t m = abits[w]; m; m &= m - 1) {
            const uint32_t x = a[w * 64 + (size_t)__builtin_ctzll(m)];
            j = gallop(b, j, nb, x);
            if (j == nb)
                return inter;
            inter += b[j] == x && nd__subset_has(bbits, j);
        }
    return inter;
}
