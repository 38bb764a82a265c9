/*
 * boilerplate.c - the masking stage between normalizing and signing.
 * A paragraph is boilerplate for a source when several different articles
 * of that source carry it word for word: real sites repeat their menus,
 * tickers, job ads, archive lists and comment counters on every page,
 * while the same story on other sites counts under their own sources.
 */
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "boilerplate.h"

uint64_t nd__bp_key(uint32_t source, uint64_t para_hash)
{
    uint64_t k = para_hash + (uint64_t)(source + 1) * 0x9E3779B97F4A7C15ULL;
    return k ? k : 1;
}

/* Where a key's probe starts: its bits mixed, so that keys that differ
 * only in high bits do not crowd one region of the table. */
static size_t home(uint64_t key, size_t mask)
{
    key ^= key >> 31;
    key *= 0xBF58476D1CE4E5B9ULL;
    key ^= key >> 29;
    return (size_t)key & mask;
}

static int resize(nd__bp_table *t, size_t size);

/* Distinct paragraphs are at most the paragraphs; at most half full.
 * Most of a source's paragraphs repeat (its boilerplate): start at a
 * quarter of the bound and grow if needed. */
static size_t initial_size(size_t expected)
{
    size_t size = 64;
    while (size < expected / 2)
        size *= 2;
    return size;
}

int nd__bp_init(nd__bp_table *t, size_t expected)
{
    t->slot = NULL;
    t->mask = t->used = t->cap = 0;
    return resize(t, initial_size(expected));
}

int nd__bp_reset(nd__bp_table *t, size_t expected)
{
    size_t size = initial_size(expected);
    if (size > t->cap) {
        nd__bp_free(t);
        return nd__bp_init(t, expected);
    }
    /* the memory was touched for an earlier bucket: clearing it costs
     * less than the fresh pages of a new table. All of it, unless far too
     * much: an earlier bucket grew it there, and buckets alike grow
     * alike. */
    if (t->cap / 4 <= size)
        size = t->cap;
    memset(t->slot, 0, size * sizeof *t->slot);
    t->mask = size - 1;
    t->used = 0;
    return ND_OK;
}

static int grow(nd__bp_table *t)
{
    return resize(t, t->slot ? (t->mask + 1) * 2 : (size_t)1 << 16);
}

/* Rehash into a new array of size slots. */
static int resize(nd__bp_table *t, size_t size)
{
    nd__bp_slot *s = nd__temp_calloc(size * sizeof *s);
    if (!s)
        return ND_ENOMEM;
    for (size_t i = 0; t->slot && i <= t->mask; i++) {
        if (!t->slot[i].key)
            continue;
        size_t j = home(t->slot[i].key, size - 1);
        while (s[j].key)
            j = (j + 1) & (size - 1);
        s[j] = t->slot[i];
    }
    if (t->slot)
        nd__temp_free(t->slot, t->cap * sizeof *t->slot);
    t->slot = s;
    t->mask = size - 1;
    t->cap = size;
    return ND_OK;
}

int nd__bp_add(nd__bp_table *t, uint64_t key, uint32_t doc)
{
    if ((!t->slot || 2 * (t->used + 1) > t->mask + 1) && grow(t) < 0)
        return ND_ENOMEM;
    size_t j = home(key, t->mask);
    while (t->slot[j].key && t->slot[j].key != key)
        j = (j + 1) & t->mask;
    nd__bp_slot *sl = &t->slot[j];
    if (!sl->key) {
        sl->key = key;
        sl->count = 1;
        sl->last_doc = doc;
        t->used++;
    } else if (sl->last_doc != doc) { /* repeats inside one article count once */
        sl->count++;
        sl->last_doc = doc;
    }
    return ND_OK;
}

uint32_t nd__bp_count(const nd__bp_table *t, uint64_t key)
{
    if (!t->slot)
        return 0;
    size_t j = home(key, t->mask);
    while (t->slot[j].key) {
        if (t->slot[j].key == key)
            return t->slot[j].count;
        j = (j + 1) & t->mask;
    }
    return 0;
}

void nd__bp_free(nd__bp_table *t)
{
    if (t->slot)
        nd__temp_free(t->slot, t->cap * sizeof *t->slot);
    t->slot = NULL;
    t->mask = t->used = t->cap = 0;
}

/* Paragraphs per bucket. A source of a million articles holds tens of
 * millions of paragraphs; a table for all of them at once misses the cache
 * on almost every count, and did so ever more as sources grew (masking
 * took 17 times longer for 10 times the articles). Gathered first by the
 * top bits of their keys, a bucket's table stays in a core's own cache. */
#define BUCKET_PARAS ((size_t)16 << 10)
#define BUCKET_BITS_MAX 16

/* Count the entries [e, e + n), articles ascending, into count. */
static int count_bucket(nd__bp_table *t, const nd__bp_entry *e, size_t n, uint32_t *count)
{
    int err = nd__bp_reset(t, n);
    for (size_t i = 0; i < n && err == ND_OK; i++)
        err = nd__bp_add(t, e[i].key, e[i].doc);
    for (size_t i = 0; i < n && err == ND_OK; i++)
        count[e[i].para] = nd__bp_count(t, e[i].key);
    return err;
}

int nd__bp_count_articles(nd__bp_counter *bc, const uint64_t *hash, const uint32_t *start,
                          size_t n_docs, uint32_t *count)
{
    const size_t n = start[n_docs];
    unsigned bits = 0;
    while (bits < BUCKET_BITS_MAX && (BUCKET_PARAS << bits) < n)
        bits++;
    const size_t buckets = (size_t)1 << bits;
    /* grown to the largest source, a few doublings a run (what the last
     * source left in them is kept by the growth but not needed) */
    if (nd__big_grow((void **)&bc->entry, &bc->entry_cap, n ? n : 1, sizeof *bc->entry) ||
        nd__big_grow((void **)&bc->at, &bc->at_cap, buckets + 1, sizeof *bc->at))
        return ND_ENOMEM;
    /* the bucket of a key is its top bits (none: one bucket); the table's
     * slots mix the key first, so the two stay independent */
    const unsigned shift = bits ? 64 - bits : 0;
#define BUCKET_OF(key) (bits ? (size_t)((key) >> shift) : 0)
    size_t *at = bc->at;
    memset(at, 0, (buckets + 1) * sizeof *at);
    for (size_t i = 0; i < n; i++)
        at[BUCKET_OF(nd__bp_key(0, hash[i])) + 1]++;
    for (size_t b = 0; b < buckets; b++)
        at[b + 1] += at[b];
    /* in paragraph order, so each bucket holds its articles ascending */
    for (size_t a = 0; a < n_docs; a++)
        for (size_t i = start[a]; i < start[a + 1]; i++) {
            /* the key mixed again rather than kept from the count above
             * or made while gathering: both measured slower */
            const uint64_t key = nd__bp_key(0, hash[i]);
            nd__bp_entry *e = &bc->entry[at[BUCKET_OF(key)]++];
            e->key = key;
            e->para = (uint32_t)i;
            e->doc = (uint32_t)a;
        }
#undef BUCKET_OF
    /* at[b] is now where bucket b ends */
    int err = ND_OK;
    for (size_t b = 0, from = 0; b < buckets && err == ND_OK; from = at[b++])
        err = count_bucket(&bc->table, bc->entry + from, at[b] - from, count);
    return err;
}

void nd__bp_counter_free(nd__bp_counter *bc)
{
    nd__bp_free(&bc->table);
    nd__big_free(bc->entry, bc->entry_cap * sizeof *bc->entry);
    nd__big_free(bc->at, bc->at_cap * sizeof *bc->at);
    memset(bc, 0, sizeof *bc);
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
