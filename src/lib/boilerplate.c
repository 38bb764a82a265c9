/*
 * boilerplate.c - the masking stage between normalizing and signing.
 * A paragraph is boilerplate for a source when several different articles
 * of that source carry it word for word: real sites repeat their menus,
 * tickers, job ads, archive lists and comment counters on every page,
 * while the same story on other sites counts under their own sources.
 */
#include <stdlib.h>

#include "boilerplate.h"
#include "sort.h"

static int cmp_ref(const void *pa, const void *pb)
{
    const nd__para_ref *a = pa, *b = pb;
    if (a->source != b->source)
        return a->source < b->source ? -1 : 1;
    if (a->hash != b->hash)
        return a->hash < b->hash ? -1 : 1;
    if (a->doc != b->doc)
        return a->doc < b->doc ? -1 : 1;
    return (a->para > b->para) - (a->para < b->para);
}

#define REF_HASH(r) ((r).hash)
#define REF_SOURCE(r) ((r).source)
static void sort_by_hash(nd__para_ref *v, nd__para_ref *tmp, size_t n);
static void sort_by_source(nd__para_ref *v, nd__para_ref *tmp, size_t n);
ND__DEFINE_RADIX(sort_by_hash, nd__para_ref, REF_HASH, 8)
ND__DEFINE_RADIX(sort_by_source, nd__para_ref, REF_SOURCE, 4)

/* Order by (source, hash, doc, para). Refs come in (doc, para) order, and
 * the radix sorts are stable: by hash, then by source, is the whole order. */
static void sort_refs(nd__para_ref *refs, size_t n)
{
    nd__para_ref *tmp = malloc((n ? n : 1) * sizeof *tmp);
    if (!tmp) {
        qsort(refs, n, sizeof *refs, cmp_ref);
        return;
    }
    sort_by_hash(refs, tmp, n);
    sort_by_source(refs, tmp, n);
    free(tmp);
}

void nd__boilerplate_count(nd__para_ref *refs, size_t n)
{
    sort_refs(refs, n);
    for (size_t i = 0; i < n;) {
        size_t j = i + 1;
        uint32_t docs = 1;
        while (j < n && refs[j].source == refs[i].source && refs[j].hash == refs[i].hash) {
            docs += refs[j].doc != refs[j - 1].doc; /* repeats inside one article count once */
            j++;
        }
        for (size_t x = i; x < j; x++)
            refs[x].count = docs;
        i = j;
    }
}

uint32_t nd__boilerplate_floor(int source_known, size_t n)
{
    if (source_known)
        return 3;
    size_t f = (n + 99) / 100;
    return f < 5 ? 5 : f > 50 ? 50 : (uint32_t)f;
}

uint32_t nd__boilerplate_level(const uint32_t *counts, const uint32_t *n_tok, size_t n_para,
                               size_t need, uint32_t floor)
{
    size_t total = 0;
    for (size_t i = 0; i < n_para; i++)
        total += n_tok[i];
    if (total < need)
        return UINT32_MAX;
    /* The kept text grows with T; find the least T >= floor that keeps
     * enough. Only the counts that occur matter: try floor and each count + 1. */
    uint32_t best = UINT32_MAX;
    for (size_t c = 0; c <= n_para; c++) {
        uint32_t t = c == n_para ? floor : counts[c] + 1;
        if (t < floor || t >= best)
            continue;
        size_t kept = 0;
        for (size_t i = 0; i < n_para; i++)
            if (counts[i] < t)
                kept += n_tok[i];
        if (kept >= need)
            best = t;
    }
    return best;
}
