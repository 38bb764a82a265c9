/*
 * boilerplate.h - find the paragraphs that recur across the articles of a
 * source (menus, tickers, footers, archive lists) so they can be masked.
 */
#ifndef ND_BOILERPLATE_H
#define ND_BOILERPLATE_H

#include "internal.h"

/* One paragraph of one article, as counted. */
typedef struct nd__para_ref {
    uint64_t hash;   /* the paragraph's unit hash */
    uint32_t source; /* source number (one shared number when unknown) */
    uint32_t doc;
    uint32_t para;   /* index in the article */
    uint32_t count;  /* out: distinct articles of the source that have it */
} nd__para_ref;

/* Fill .count of every entry: the number of distinct articles of the same
 * source holding the same paragraph. Reorders refs, which must come in
 * (doc, para) order. */
void nd__boilerplate_count(nd__para_ref *refs, size_t n);

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
