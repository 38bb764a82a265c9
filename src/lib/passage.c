/*
 * passage.c - the second candidate source, for republished pieces whose
 * whole-text Jaccard is low (a trimmed copy, a shared opening paragraph):
 * articles that share fingerprints of passages become candidates, and are
 * then verified exactly like the LSH candidates.
 */
#include <stdlib.h>

#include "arena.h"
#include "passage.h"

int nd__passage_occurrences(nd__posting *posts, size_t n, size_t max_list, nd__u64vec *occ)
{
    nd__posting *tmp = nd__temp_alloc(n * sizeof *tmp);
    if (!tmp)
        return ND_ENOMEM;
    nd__sort_keydoc(posts, tmp, n); /* stable: docs stay ascending per key */
    nd__temp_free(tmp, n * sizeof *tmp);
    for (size_t i = 0; i < n;) {
        size_t j = i + 1;
        while (j < n && posts[j].key == posts[i].key)
            j++;
        if (j - i <= max_list)
            for (size_t x = i; x < j; x++)
                for (size_t y = x + 1; y < j; y++)
                    if (posts[x].doc != posts[y].doc &&
                        nd__u64vec_push(occ, (uint64_t)posts[x].doc << 32 | posts[y].doc))
                        return ND_ENOMEM;
        i = j;
    }
    return ND_OK;
}

int nd__passage_fold(nd__u64vec *occ, nd__pair_counts *acc)
{
    /* a pair shows up once per key the two share: count the repeats */
    if (occ->n) {
        uint64_t *t = nd__temp_alloc(occ->n * sizeof *t);
        if (!t)
            return ND_ENOMEM;
        nd__sort_u64(occ->v, t, occ->n);
        nd__temp_free(t, occ->n * sizeof *t);
    }
    size_t distinct = 0;
    for (size_t i = 0; i < occ->n; i++)
        distinct += i == 0 || occ->v[i] != occ->v[i - 1];
    /* merge the sorted (pair, count) runs into the sorted accumulator */
    size_t cap = acc->n + distinct;
    uint64_t *pair = malloc((cap ? cap : 1) * sizeof *pair);
    uint32_t *count = malloc((cap ? cap : 1) * sizeof *count);
    if (!pair || !count) {
        free(pair);
        free(count);
        return ND_ENOMEM;
    }
    size_t a = 0, w = 0, i = 0;
    while (a < acc->n || i < occ->n) {
        uint64_t p;
        uint32_t n = 0;
        if (i < occ->n && (a >= acc->n || occ->v[i] <= acc->pair[a])) {
            p = occ->v[i];
            while (i < occ->n && occ->v[i] == p) {
                n++;
                i++;
            }
            if (a < acc->n && acc->pair[a] == p)
                n += acc->count[a++];
        } else {
            p = acc->pair[a];
            n = acc->count[a++];
        }
        pair[w] = p;
        count[w++] = n;
    }
    free(acc->pair);
    free(acc->count);
    acc->pair = pair;
    acc->count = count;
    acc->n = w;
    occ->n = 0;
    return ND_OK;
}

int nd__pair_counts_merge(nd__pair_counts *acc, const nd__pair_counts *run)
{
    if (run->n == 0)
        return ND_OK;
    size_t cap = acc->n + run->n;
    uint64_t *pair = malloc(cap * sizeof *pair);
    uint32_t *count = malloc(cap * sizeof *count);
    if (!pair || !count) {
        free(pair);
        free(count);
        return ND_ENOMEM;
    }
    size_t a = 0, b = 0, w = 0;
    while (a < acc->n || b < run->n) {
        if (b >= run->n || (a < acc->n && acc->pair[a] < run->pair[b])) {
            pair[w] = acc->pair[a];
            count[w++] = acc->count[a++];
        } else if (a >= acc->n || run->pair[b] < acc->pair[a]) {
            pair[w] = run->pair[b];
            count[w++] = run->count[b++];
        } else { /* in both: the counts add up */
            pair[w] = acc->pair[a];
            count[w++] = acc->count[a++] + run->count[b++];
        }
    }
    free(acc->pair);
    free(acc->count);
    acc->pair = pair;
    acc->count = count;
    acc->n = w;
    return ND_OK;
}

int nd__passage_count(nd__u64vec *occ, unsigned min_shared, nd__u64vec *pairs)
{
    nd__pair_counts acc = {NULL, NULL, 0};
    int err = nd__passage_fold(occ, &acc);
    for (size_t i = 0; i < acc.n && err == ND_OK; i++)
        if (acc.count[i] >= min_shared)
            err = nd__u64vec_push(pairs, acc.pair[i]);
    nd__pair_counts_free(&acc);
    if (err == ND_OK)
        nd__u64_sort_unique(pairs->v, &pairs->n);
    return err;
}

void nd__pair_counts_free(nd__pair_counts *acc)
{
    free(acc->pair);
    free(acc->count);
    acc->pair = NULL;
    acc->count = NULL;
    acc->n = 0;
}
