/*
 * passage.c - the second candidate source, for republished pieces whose
 * whole-text Jaccard is low (a trimmed copy, a shared opening paragraph):
 * articles that share fingerprints of passages become candidates, and are
 * then verified exactly like the LSH candidates.
 */
#include <stdlib.h>

#include "passage.h"

int nd__passage_pairs(nd__posting *posts, size_t n, unsigned min_shared, size_t max_list,
                      nd__u64vec *pairs)
{
    nd__posting *tmp = malloc((n ? n : 1) * sizeof *tmp);
    if (!tmp)
        return ND_ENOMEM;
    nd__sort_keydoc(posts, tmp, n); /* stable: docs stay ascending per key */
    free(tmp);
    nd__u64vec raw = {0};
    for (size_t i = 0; i < n;) {
        size_t j = i + 1;
        while (j < n && posts[j].key == posts[i].key)
            j++;
        if (j - i <= max_list) {
            for (size_t x = i; x < j; x++)
                for (size_t y = x + 1; y < j; y++)
                    if (posts[x].doc != posts[y].doc &&
                        nd__u64vec_push(&raw, (uint64_t)posts[x].doc << 32 | posts[y].doc)) {
                        nd__u64vec_free(&raw);
                        return ND_ENOMEM;
                    }
        }
        i = j;
    }
    /* a pair shows up once per key the two share: count the repeats */
    if (raw.n) {
        uint64_t *t = malloc(raw.n * sizeof *t);
        if (!t) {
            nd__u64vec_free(&raw);
            return ND_ENOMEM;
        }
        nd__sort_u64(raw.v, t, raw.n);
        free(t);
    }
    int err = ND_OK;
    for (size_t i = 0; i < raw.n && err == ND_OK;) {
        size_t j = i + 1;
        while (j < raw.n && raw.v[j] == raw.v[i])
            j++;
        if (j - i >= min_shared)
            err = nd__u64vec_push(pairs, raw.v[i]);
        i = j;
    }
    nd__u64vec_free(&raw);
    nd__u64_sort_unique(pairs->v, &pairs->n);
    return err;
}
