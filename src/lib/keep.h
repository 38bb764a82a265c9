/*
 * keep.h - the canonical policy: a ranked list of keys (--keep).
 */
#ifndef ND_KEEP_H
#define ND_KEEP_H

#include "internal.h"

typedef enum nd__keep_key {
    ND__KEEP_FIRST,
    ND__KEEP_EARLIEST,
    ND__KEEP_LATEST,
    ND__KEEP_LONGEST,
    ND__KEEP_SHORTEST,
    ND__KEEP_SOURCE_RANK
} nd__keep_key;

#define ND__KEEP_MAX_KEYS 8

typedef struct nd__keep {
    nd__keep_key keys[ND__KEEP_MAX_KEYS];
    size_t n_keys;
    char **sources; /* source-rank list, best first */
    size_t n_sources;
} nd__keep;

/* What the policy looks at in one article. */
typedef struct nd__keep_info {
    size_t index;       /* input order: the final tie-break */
    int has_date;
    int64_t date;       /* seconds since 1970-01-01 UTC */
    size_t length;      /* words after normalization and boilerplate masking */
    const char *source; /* may be NULL */
} nd__keep_info;

/* Parse "earliest,longest,source-rank:FILE" (FILE is read now).
 * @return ND_OK, ND_EPARSE, ND_EIO, ND_ENOMEM; message in e. */
int nd__keep_parse(const char *spec, nd__keep *out, nd__errbuf *e);
void nd__keep_free(nd__keep *k);

/* Compare two articles under the policy: < 0 when a is preferred. *key_out
 * (if not NULL) gets the index of the deciding key in k->keys, or -1 when
 * input order decided. Never returns 0 for distinct indexes. */
int nd__keep_compare(const nd__keep *k, const nd__keep_info *a, const nd__keep_info *b,
                     int *key_out);

/* The name of key i of the policy ("earliest", ...), or "first" for -1. */
const char *nd__keep_key_name(const nd__keep *k, int i);

/* Parse an ISO 8601 date or date-time ("2026-03-04", "2026-03-04T09:15Z",
 * "2026-03-04 09:15:00+02:00", fractions of seconds ignored) to seconds
 * since 1970-01-01 UTC. A time without a zone is taken as UTC.
 * @return ND_OK or ND_EPARSE. */
int nd__parse_date(const char *s, int64_t *out);

#endif
