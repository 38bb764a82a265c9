/*
 * passage.c - the second candidate source, for republished pieces whose
 * whole-text Jaccard is low (a trimmed copy, a shared opening paragraph):
 * articles that share fingerprints of passages become candidates, and are
 * then verified exactly like the LSH candidates.
 */
#include <stdlib.h>
#include <string.h>

#include "passage.h"

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

size_t nd__passage_key_bound(const uint32_t *set, size_t n, size_t n_lead)
{
    size_t bound = n_lead;
    for (size_t i = 0; i < n; i++)
        bound += (size_t)nd__passage_sampled(set[i], ND__PASSAGE_SAMPLE_BITS);
    return bound;
}

size_t nd__passage_keys(const uint32_t *set, size_t n, const uint32_t *lead, size_t n_lead,
                        uint32_t *keys)
{
    /* both lists are sorted: merge them, dropping repeats */
    size_t i = 0, j = 0, w = 0;
    for (;;) {
        while (i < n && !nd__passage_sampled(set[i], ND__PASSAGE_SAMPLE_BITS))
            i++;
        uint32_t x;
        if (i < n && (j >= n_lead || set[i] <= lead[j])) {
            x = set[i++];
            if (j < n_lead && lead[j] == x)
                j++;
        } else if (j < n_lead) {
            x = lead[j++];
        } else {
            break;
        }
        if (w == 0 || keys[w - 1] != x)
            keys[w++] = x; /* within the bound */
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
