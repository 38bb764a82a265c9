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
    nd__pair_counts run = {malloc((distinct ? distinct : 1) * sizeof *run.pair),
                           malloc((distinct ? distinct : 1) * sizeof *run.count), 0};
    if (!run.pair || !run.count) {
        nd__pair_counts_free(&run);
        return ND_ENOMEM;
    }
    for (size_t i = 0; i < occ->n; i++) {
        if (i == 0 || occ->v[i] != occ->v[i - 1]) {
            run.pair[run.n] = occ->v[i];
            run.count[run.n++] = 0;
        }
        run.count[run.n - 1]++;
    }
    occ->n = 0;
    if (acc->n == 0) { /* nothing to add to: the run is the total */
        nd__pair_counts_free(acc);
        *acc = run;
        return ND_OK;
    }
    int err = nd__pair_counts_merge(acc, &run);
    nd__pair_counts_free(&run);
    return err;
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
    acc->n = 0;
}
