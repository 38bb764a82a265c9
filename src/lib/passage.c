/*
 * passage.c - the second candidate source, for republished pieces whose
 * whole-text Jaccard is low (a trimmed copy, a shared opening paragraph):
 * articles that share fingerprints of passages become candidates, and are
 * then verified exactly like the LSH candidates.
 */
#include <stdlib.h>
#include <string.h>

#include "passage.h"
#include "subset.h"

int nd__passage_occurrences(nd__posting *posts, nd__posting *tmp, size_t n, size_t max_list,
                            nd__u64vec *occ)
{
    nd__sort_u64_hi32(posts, tmp, n); /* stable: docs stay ascending per key */
    for (size_t i = 0; i < n;) {
        size_t j = i + 1;
        while (j < n && posts[j] >> 32 == posts[i] >> 32)
            j++;
        if (j - i <= max_list)
            for (size_t x = i; x < j; x++)
                for (size_t y = x + 1; y < j; y++) {
                    const uint32_t a = (uint32_t)posts[x], b = (uint32_t)posts[y];
                    if (a != b && nd__u64vec_push(occ, (uint64_t)a << 32 | b))
                        return ND_ENOMEM;
                }
        i = j;
    }
    return ND_OK;
}

/* Whether set[i] is one of the keys: sampled, or of the opening
 * paragraph. The callers add it to a count rather than branch on it: one
 * member in eight at random is sampled, and a branch on that was
 * mispredicted often enough to double the passage index's pass. */
static size_t is_key(const uint32_t *set, const uint64_t *lead, size_t i)
{
    return (size_t)(nd__passage_sampled(set[i], ND__PASSAGE_SAMPLE_BITS) |
                    (lead ? nd__subset_has(lead, i) : 0));
}

size_t nd__passage_keys(const uint32_t *set, size_t n, const uint64_t *lead, uint32_t *keys)
{
    size_t w = 0;
    for (size_t i = 0; i < n; i++) {
        keys[w] = set[i];
        w += is_key(set, lead, i);
    }
    return w;
}

/* The first of v (n of them, ascending) in slice or past it: stepping
 * from the guess takes about the square root of a slice's length in
 * steps, in the cache lines the guess brought in, where a binary search
 * per slice and article missed the cache at nearly every step. (Past the
 * last slice the guess is n, and no step is taken.) */
static size_t slice_start(const uint32_t *v, size_t n, unsigned slice)
{
    size_t k = nd__passage_slice_guess(n, slice);
    while (k > 0 && nd__passage_slice(v[k - 1]) >= slice)
        k--;
    while (k < n && nd__passage_slice(v[k]) < slice)
        k++;
    return k;
}

void nd__passage_slice_run(const uint32_t *set, size_t n, unsigned slice, size_t *from,
                           size_t *to)
{
    *from = slice_start(set, n, slice);
    *to = slice_start(set, n, slice + 1);
}

size_t nd__passage_postings(const uint32_t *set, const uint64_t *lead, size_t from, size_t to,
                            uint32_t doc, nd__posting *out)
{
    size_t w = 0;
    for (size_t i = from; i < to; i++) {
        out[w] = nd__posting_make(set[i], doc);
        w += is_key(set, lead, i);
    }
    return w;
}

/* Room for n pairs and counts, keeping what they hold. */
static int counts_reserve(nd__pair_counts *pc, size_t n)
{
    return nd__grow((void **)&pc->pair, &pc->pair_cap, n, sizeof *pc->pair) ||
                   nd__grow((void **)&pc->count, &pc->count_cap, n, sizeof *pc->count)
               ? ND_ENOMEM
               : ND_OK;
}

int nd__passage_fold(nd__u64vec *occ, nd__u64vec *tmp, nd__pair_counts *run)
{
    /* a pair shows up once per key the two share: count the repeats */
    run->n = 0;
    if (occ->n == 0)
        return ND_OK;
    if (nd__grow((void **)&tmp->v, &tmp->cap, occ->n, sizeof *tmp->v))
        return ND_ENOMEM;
    nd__sort_u64(occ->v, tmp->v, occ->n);
    size_t distinct = 1;
    for (size_t i = 1; i < occ->n; i++)
        distinct += occ->v[i] != occ->v[i - 1];
    if (counts_reserve(run, distinct))
        return ND_ENOMEM;
    for (size_t i = 0; i < occ->n; i++) {
        if (i == 0 || occ->v[i] != occ->v[i - 1]) {
            run->pair[run->n] = occ->v[i];
            run->count[run->n++] = 0;
        }
        run->count[run->n - 1]++;
    }
    occ->n = 0;
    return ND_OK;
}

int nd__pair_counts_merge(nd__pair_counts *acc, const nd__pair_counts *run)
{
    if (run->n == 0)
        return ND_OK;
    if (counts_reserve(acc, acc->n + run->n))
        return ND_ENOMEM;
    /* from the back: the write position never passes an unread entry of
     * acc, since it stays at least the number of entries still to read */
    size_t a = acc->n, b = run->n, w = acc->n + run->n;
    while (b > 0) {
        w--;
        if (a > 0 && acc->pair[a - 1] > run->pair[b - 1]) {
            acc->pair[w] = acc->pair[a - 1];
            acc->count[w] = acc->count[--a];
        } else if (a > 0 && acc->pair[a - 1] == run->pair[b - 1]) {
            acc->pair[w] = acc->pair[a - 1];
            acc->count[w] = acc->count[--a] + run->count[--b];
        } else {
            acc->pair[w] = run->pair[b - 1];
            acc->count[w] = run->count[--b];
        }
    }
    /* acc[0, a) is in place; the merged rest starts at w: close the gap
     * left by the pairs found in both */
    size_t rest = acc->n + run->n - w;
    if (w != a) {
        memmove(acc->pair + a, acc->pair + w, rest * sizeof *acc->pair);
        memmove(acc->count + a, acc->count + w, rest * sizeof *acc->count);
    }
    acc->n = a + rest;
    return ND_OK;
}

int nd__pair_counts_select(const nd__pair_counts *acc, unsigned min_shared, nd__u64vec *pairs)
{
    for (size_t i = 0; i < acc->n; i++)
        if (acc->count[i] >= min_shared && nd__u64vec_push(pairs, acc->pair[i]))
            return ND_ENOMEM;
    return ND_OK;
}

void nd__pair_counts_free(nd__pair_counts *acc)
{
    free(acc->pair);
    free(acc->count);
    acc->pair = NULL;
    acc->count = NULL;
    acc->n = acc->pair_cap = acc->count_cap = 0;
}
