/*
 * corpus.h - the corpus handle's private layout, shared by the corpus
 * (pipeline), the readers (which add records) and the writers.
 */
#ifndef ND_CORPUS_H
#define ND_CORPUS_H

#include "keep.h"
#include "minhash.h"
#include "shingle.h"

typedef enum nd__raw_kind {
    ND__RAW_NONE = 0, /* nothing kept: dedup output is impossible */
    ND__RAW_JSON,     /* raw is the input line, newline included */
    ND__RAW_TEXT      /* raw is the article text; written as {"id","text"} */
} nd__raw_kind;

typedef struct nd__doc {
    char *id, *title, *source, *url;
    int has_date;
    int64_t date;
    uint32_t origin;   /* index into nd_corpus.origins, UINT32_MAX if none */
    uint64_t line;     /* 1-based line in the origin, 0 if none */
    char *raw;
    size_t raw_len;
    nd__raw_kind raw_kind;
    uint64_t *sh;      /* sorted unique shingle hashes */
    size_t n_sh;
    uint32_t n_tok;    /* tokens after normalization (the "length") */
    uint64_t key[2];   /* exact-copy key: digest of the shingle set (or of
                          the tokens, for short articles) */
} nd__doc;

/* One record as a reader found it. Strings need not outlive the call. */
typedef struct nd__record {
    const char *id;
    const char *text;
    size_t text_len;
    const char *title, *date, *source, *url; /* NULL when absent */
    const char *raw;
    size_t raw_len;
    nd__raw_kind raw_kind;
    uint32_t origin;
    uint64_t line;
    const char *text_name; /* what to call the text in messages: "field 'text'" */
} nd__record;

struct nd_corpus {
    nd_options opts;
    char *keep_spec;
    nd__keep keep;
    unsigned bands, rows;
    nd__errbuf err;

    nd__doc *docs;
    size_t n, cap;
    uint32_t *sigs; /* num_perm values per article */
    size_t sigs_cap;
    char **origins; /* input names, for messages */
    size_t n_origins, origins_cap;
    size_t skipped;
    int ran;

    /* per-thread scratch of the signing stage */
    nd__norm norm;
    nd__tokens toks;
    nd__shingler shingler;
    nd__u64vec shv;
    nd__minhash mh;

    /* results */
    size_t n_groups;
    size_t *group_of;     /* per article */
    size_t *canon_of;     /* per article */
    nd_role *role;        /* per article */
    double *sim, *cont;   /* per article, against its canonical */
    size_t *members;      /* all articles, grouped: canonical first */
    size_t *group_start;  /* n_groups + 1 offsets into members */
    int *reason;          /* per group: deciding keep key, -1 = input order */
};

/* Add one record: validate, sign, store. On a per-record problem (bad
 * UTF-8, a missing id) returns the code with the reason in c->err.msg and
 * adds nothing. */
int nd__corpus_add_record(nd_corpus *c, const nd__record *r);

/* Remember an input name; returns its index or UINT32_MAX on ENOMEM. */
uint32_t nd__corpus_origin(nd_corpus *c, const char *name);

/* Report a bad record through on_diag and count it as skipped. */
void nd__corpus_diag(nd_corpus *c, int code, const char *file, uint64_t line,
                     const char *fmt, ...) ND__PRINTF(5, 6);

void nd__corpus_progress(nd_corpus *c, const char *stage, uint64_t done, uint64_t total);

#endif
