/*
 * boilerplate.h - find the paragraphs that recur across the articles of a
 * source (menus, tickers, footers, archive lists) so they can be masked.
 */
#ifndef ND_BOILERPLATE_H
#define ND_BOILERPLATE_H

#include "internal.h"

/* How many distinct articles of a source hold each paragraph: an
 * open-addressing table keyed by (source, paragraph hash), one 16-byte
 * slot per distinct paragraph (a site's footer counts once, not once per
 * page), at most half full. */
typedef struct nd__bp_slot {
    uint64_t key;      /* 0 = empty */
    uint32_t count;    /* distinct articles */
    uint32_t last_doc; /* the last article counted, so repeats count once */
} nd__bp_slot;

typedef struct nd__bp_table {
    nd__bp_slot *slot;
    size_t mask, used;
    size_t cap; /* slots allocated (nd__temp_calloc): mask + 1 or more */
} nd__bp_table;

/* Start an empty table sized for about `expected` paragraphs.
 * @return ND_OK or ND_ENOMEM. */
int nd__bp_init(nd__bp_table *t, size_t expected);

/* Empty t for about `expected` more paragraphs, keeping the memory it
 * holds when that is enough: one table serves bucket after bucket, source
 * after source. @return ND_OK or ND_ENOMEM. */
int nd__bp_reset(nd__bp_table *t, size_t expected);

/* The table key of a paragraph of a source (never 0). */
uint64_t nd__bp_key(uint32_t source, uint64_t para_hash);

/* Count article doc as holding key. Articles must come in ascending order.
 * @return ND_OK or ND_ENOMEM. */
int nd__bp_add(nd__bp_table *t, uint64_t key, uint32_t doc);

/* Articles counted for key (0 if none). */
uint32_t nd__bp_count(const nd__bp_table *t, uint64_t key);

void nd__bp_free(nd__bp_table *t);

/* A paragraph of a source, gathered with the others of its bucket. */
typedef struct nd__bp_entry {
    uint64_t key;  /* nd__bp_key */
    uint32_t para; /* its index in the source's paragraphs */
    uint32_t doc;  /* its article, within the source */
} nd__bp_entry;

/* What counting a source takes, kept from source to source. */
typedef struct nd__bp_counter {
    nd__bp_table table;      /* one bucket at a time */
    nd__bp_entry *entry;     /* the source's paragraphs, by bucket */
    size_t entry_cap;        /* entries allocated (nd__big_grow) */
    size_t *at;              /* where each bucket starts in entry */
    size_t at_cap;
} nd__bp_counter;

/* Count the articles of one source that hold each of its paragraphs.
 * Article a (of n_docs) holds paragraphs [start[a], start[a + 1]), whose
 * hashes are hash[start[a]...]; count[i] becomes the number of articles
 * holding a paragraph equal to paragraph i (its own included, repeats
 * inside one article once). bc starts zeroed and serves source after
 * source. @return ND_OK or ND_ENOMEM. */
int nd__bp_count_articles(nd__bp_counter *bc, const uint64_t *hash, const uint32_t *start,
                          size_t n_docs, uint32_t *count);

void nd__bp_counter_free(nd__bp_counter *bc);

/* The masking level of one article: paragraphs seen in at least T articles
 * of its source are boilerplate. T starts at `floor` and is raised only as
 * far as needed to keep at least `need` tokens, so that an article
 * republished many times within one source keeps its text while the footer
 * it shares with fifty other articles is still masked.
 * counts[i], n_tok[i] describe paragraph i. Returns T, or UINT32_MAX when
 * nothing may be masked (the article is shorter than need). */
uint32_t nd__boilerplate_level(const uint32_t *counts, const uint32_t *n_tok, size_t n_para,
                               size_t need, uint32_t floor);

/* The least level for a source of n articles. A known source: 3 (a
 * paragraph in two articles of one site is as likely a story posted twice
 * as a footer). The pool of articles with no source: at least 5, rising to
 * 50 with the pool's size (a story copied to five sites must not be taken
 * for boilerplate there). */
uint32_t nd__boilerplate_floor(int source_known, size_t n);

#endif
