/*
 * corpus.h - the corpus handle's private layout, shared by the corpus
 * (pipeline), the readers (which add records) and the writers.
 */
#ifndef ND_CORPUS_H
#define ND_CORPUS_H

#include "arena.h"
#include "keep.h"
#include "minhash.h"
#include "setshare.h"
#include "parallel.h"
#include "shingle.h"
#include "spill.h"

typedef enum nd__raw_kind {
    ND__RAW_NONE = 0, /* nothing kept: dedup output is impossible */
    ND__RAW_JSON,     /* raw is the input line, newline included */
    ND__RAW_TEXT      /* raw is the article text; written as {"id","text"} */
} nd__raw_kind;

/* A paragraph of an article, as kept from reading to the run (16 bytes:
 * a corpus holds tens of millions of them). */
typedef struct nd__dpara {
    uint64_t hash;     /* of its units: equal paragraphs, equal hashes */
    uint32_t sh_start; /* its fingerprints: sh[sh_start, next sh_start) */
    uint32_t n_tok;
} nd__dpara;

typedef struct nd__doc {
    char *id, *title, *source, *url;
    int has_date;
    int64_t date;
    uint32_t origin;   /* index into nd_corpus.origins, UINT32_MAX if none */
    uint64_t line;     /* 1-based line in the origin, 0 if none */
    char *raw;         /* the record as read (dedup output), or the text */
    size_t raw_len;
    nd__raw_kind raw_kind;
    char *text;        /* until tokenized, in a text arena; with keep_text
                          on the heap, for good */
    size_t text_len;
    nd__dpara *para;   /* paragraphs, in an arena or c->paras (dropped after
                          signing unless keep_text) */
    uint32_t para_block; /* para is in nd_corpus.paras, this block;
                            UINT32_MAX: in a worker's kept arena */
    uint32_t n_tok;    /* tokens after normalization */
    uint32_t n_para;
    int tok_err;       /* tokenizing failed (reported, kept as empty) */
    /* set by the run */
    uint32_t n_content;  /* tokens left after masking (the "length") */
    uint32_t mask_level; /* paragraphs in >= this many articles of the
                            source were masked; UINT32_MAX = none */
    uint8_t *masked;     /* per paragraph, 1 = boilerplate; NULL = none (in
                            a worker's sets arena) */
    uint32_t *sh;        /* shingle fingerprints (low 32 bits of the shingle
                            hashes), in a worker's arena. From tokenizing to
                            the run: each paragraph's in text order, kept
                            here while the corpus holds less than
                            ND__SPILL_AFTER bytes of them, else moved to the
                            spill file (spill_off); after the run: the
                            sorted unique set of the unmasked paragraphs' */
    size_t n_sh;
    uint64_t spill_off;
    uint64_t *lead;      /* the opening paragraph's fingerprints, as a bit
                            per member of the set (nd__subset_words; a
                            worker's sets arena); NULL = none */
    size_t n_lead;       /* how many */
    uint32_t lead_para;  /* its index, UINT32_MAX when there is none */
    uint64_t key[2];     /* exact-copy key */
} nd__doc;

/* Raw fingerprints stay in memory up to this many bytes in all (about
 * 50,000 articles); only past it do they go to the spill file. A small
 * corpus then never touches the disk, and a large one holds at most this
 * much more than the spill alone would. */
#define ND__SPILL_AFTER ((uint64_t)128 << 20)

/* At most this much scratch per worker for reading back the spilled
 * fingerprints of a chunk of articles at once (run.c). */
#define ND__SPILL_SPAN ((uint64_t)16 << 20)

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

/* One JSON Lines input being read: how its records become articles
 * (reader.c fills it; the workers parse with it). */
typedef struct nd__jsonl_input {
    const char *file; /* its name: messages, and ids for records without one */
    uint32_t origin;
    const char *id_field, *text_field, *title_field, *source_field, *url_field;
    const char *date_field; /* NULL: "published", then "date" */
    const char *text_name;  /* the text in messages: "field 'text'" */
    int keep_raw;
    int stop_on_error;
} nd__jsonl_input;

/* A JSON Lines record between the reader and the corpus: its line (in a
 * text arena) until a worker parses it into the article it makes, or finds
 * why it makes none; the corpus takes it in input order. */
typedef struct nd__jline {
    const char *line; /* NULL when the reader found it bad (err says why) */
    size_t len;
    uint64_t lineno;
    int err;   /* ND_OK: doc is the article; otherwise msg says why not */
    char *msg; /* heap: err's reason, or with ND_OK a warning (a bad date) */
    nd__doc doc;
} nd__jline;

/* A batch's worth of them. */
typedef struct nd__jlines {
    nd__jline *v;
    size_t n, cap;
} nd__jlines;

/* What one worker thread needs for itself while tokenizing and signing. */
typedef struct nd__scratch {
    nd__norm norm;
    nd__tokens toks;
    nd__units units;
    nd__u32vec tmp, raw, sig; /* sig: a representative's signature */
    nd__u32vec lead;          /* an opening paragraph's set, being made */
    /* where the worker puts what articles keep: raw fingerprints that stay
     * in memory until the run (kept), those of a batch that goes to the
     * spill file, with their paragraphs (batch: one arena for the batch in
     * flight, one for the batch being taken, each reset when it starts
     * again), the sets signed from spilled fingerprints, the opening
     * paragraphs' bits and the boilerplate flags of masked articles (sets),
     * and the strings of the articles it parses (strs). Freed with the
     * corpus. */
    nd__arena kept, batch[2], sets, strs;
} nd__scratch;

struct nd_corpus {
    nd_options opts;
    char *keep_spec;
    nd__keep keep;
    unsigned bands, rows;
    nd__errbuf err;

    nd__doc *docs;
    size_t n, cap;
    uint32_t *sigs; /* num_perm values per article */
    size_t sigs_cap;  /* bytes of sigs (nd__big_alloc) */
    char **origins; /* input names, for messages */
    size_t n_origins, origins_cap;
    size_t skipped;
    int ran;

    /* articles added but not yet tokenized: [tokenized, n); their texts
     * wait in d->text and are tokenized in parallel batches */
    size_t tokenized, pending_bytes;
    uint64_t kept_bytes; /* raw fingerprints held in memory (not spilled) */
    /* ND__SPILL_AFTER, BATCH_BYTES and BATCH_DOCS unless a test sets
     * smaller ones to reach the spill file and many batches */
    uint64_t spill_after;
    size_t batch_bytes, batch_docs;
    /* the run reads a chunk's spilled fingerprints in one call up to this
     * many bytes (ND__SPILL_SPAN; 0 in a test: one call per article) */
    uint64_t spill_span;
    /* the batch being tokenized, [batch_from, batch_to), started on the
     * pool while batch_busy */
    int batch_busy;
    /* JSON Lines records of the input jin: waiting (jq), in the batch in
     * flight (jrun) when batch_lines, and in the batch being taken (jtake)
     * while the next one runs; jdrop: the batch is joined after a failure,
     * its lines are dropped (batch.c) */
    const nd__jsonl_input *jin;
    nd__jlines jq, jrun, jtake;
    int batch_lines, jdrop;
    unsigned batch_slot; /* the scratch batch arena of the batch in flight */
    /* the batch waited for and being taken: its articles [take_from,
     * take_to) or its lines, and whether its fingerprints stay in memory */
    size_t take_from, take_to;
    int take_lines, take_keep;
    /* a batch could not be taken whole (its work ran out of memory, or
     * the spill file failed): articles were left pointing at memory that
     * is reused, so the run refuses (this code says why) */
    int broken;
    int batch_keep;      /* the batch's fingerprints stay in memory */
    /* texts waiting for tokenizing (without keep_text): the batch being
     * filled writes to text_arena[text_fill], the batch in flight reads the
     * other; each is reset when its batch has been joined */
    nd__arena text_arena[2];
    unsigned text_fill;
    nd__arena strings; /* the strings of articles added on this thread */
    /* the paragraphs of spilled articles, moved here from the batch arena
     * when their batch is joined, released block by block as the run
     * signs them (their memory then holds the sets) */
    nd__blocks paras;
    /* blocks given back by paras, for the sets the run builds at the same
     * time (arena.h); drained when signing is done */
    nd__recycler recycler;
    size_t batch_from, batch_to;
    unsigned threads;
    nd__pool *pool;       /* threads - 1 workers, kept from batch to batch */
    nd__scratch *scratch; /* one per worker thread */
    nd__spill spill;      /* raw fingerprints between reading and the run */
    nd__setshare share;   /* while signing, if anything was spilled: the
                             sets kept so far, for copies to share */
    nd__shingler shingler;
    nd__minhash mh;

    /* results */
    size_t n_groups;
    size_t *group_of;     /* per article */
    size_t *canon_of;     /* per article */
    nd_role *role;        /* per article */
    nd_evidence *evidence; /* per article */
    double *sim, *cont, *ccont; /* per article, against its canonical */
    size_t *members;      /* all articles, grouped: canonical first */
    size_t *group_start;  /* n_groups + 1 offsets into members */
    int *reason;          /* per group: deciding keep key, -1 = input order */
    size_t n_candidates;  /* candidate pairs verified */
    nd_stats stats;       /* timings (nd_corpus_stats) */
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

/* A bad record: reported through on_diag and skipped (ND_OK), or with stop
 * the failure of the read, "file:line: why" (line 0: "file: why"). */
int nd__corpus_bad_record(nd_corpus *c, int stop, int code, const char *file, uint64_t line,
                          const char *why);

/* A warning about an article that is kept (with less): through on_diag. */
void nd__corpus_warn(nd_corpus *c, int code, uint32_t origin, uint64_t line, const char *msg);

void nd__corpus_progress(nd_corpus *c, const char *stage, uint64_t done, uint64_t total);

/* Is the article short: fewer words left than min_words (exact copies only)? */
int nd__doc_is_short(const nd_corpus *c, const nd__doc *d);

/* The evidence that links x to center c (ND_EVIDENCE_NONE when nothing
 * does), with the scores: Jaccard, containment of x in c and of c in x. */
nd_evidence nd__relate(const nd_corpus *c, size_t center, size_t x, double *jaccard,
                       double *cont_x, double *cont_c);

nd__keep_info nd__doc_keep_info(const nd_corpus *c, size_t i);

/* Tokenize a text into paragraphs and per-paragraph shingle fingerprints
 * (each paragraph shingled on its own), with the given scratch; both go to
 * arena. */
int nd__doc_tokenize(const nd__shingler *sh, nd__norm *nm, nd__tokens *toks, nd__units *units,
                     nd__arena *arena, nd__doc *d, const char *text, size_t len);

/* Fill d from r as the corpus keeps it: every field checked as UTF-8
 * (repaired when asked), id and source copied, title and url too with
 * keep_text, the date parsed, the record copied for dedup output: these
 * copies go into strings, an arena of the calling thread's, kept until the
 * corpus is freed (small heap objects by the million, among the parser's
 * passing ones, kept the heap growing into new pages). The text
 * is checked, and copied only with keep_text (d->text): *text and
 * *text_len are what to tokenize, r's own, d->text, or a repaired copy in
 * *fixed (the caller frees it). A date not understood
 * leaves the article without one and a warning in *warn (heap). Uses only
 * c's options, so workers call it too. On failure e says why and d owns
 * nothing. */
int nd__doc_fill(const nd_corpus *c, nd__errbuf *e, const nd__record *r, nd__doc *d,
                 nd__arena *strings, const char **text, size_t *text_len, char **fixed,
                 char **warn);

/* Free what an article owns (not what lives in arenas). */
void nd__doc_free(const nd_corpus *c, nd__doc *d);

/* --- batch.c: articles on their way in ---------------------------------- */

/* Tokenize d's text into the worker's arenas (a failure is kept in
 * d->tok_err and reported when the article is taken). ND_OK or ND_ENOMEM. */
int nd__batch_tokenize(nd_corpus *c, nd__scratch *sc, nd__doc *d, const char *text, size_t len);

/* An article was added (its text waits): start a batch when enough wait. */
int nd__batch_added(nd_corpus *c);

/* Wait for the batch in flight and take what it made, in input order. */
int nd__batch_join(nd_corpus *c);

/* Tokenize every article still waiting, in parallel, and wait for it. */
int nd__corpus_flush(nd_corpus *c);

/* Reading a JSON Lines input: begin, add its lines in order (or a record
 * the reader found bad, such as a line over the size limit), end. The
 * workers parse and tokenize the lines a batch at a time; the articles and
 * their diagnostics join in input order as each batch is joined, so add may
 * return the failure of an earlier line (stop_on_error). end(take = 1)
 * takes every line still waiting; end(take = 0), after a failure, drops
 * them. in must live until end. */
int nd__jsonl_begin(nd_corpus *c, const nd__jsonl_input *in);
int nd__jsonl_add(nd_corpus *c, uint64_t lineno, const char *line, size_t len);
int nd__jsonl_add_bad(nd_corpus *c, uint64_t lineno, int code, const char *msg);
int nd__jsonl_end(nd_corpus *c, int take);

/* Wait for any batch and free what waits (nd_corpus_free). */
void nd__batch_free(nd_corpus *c);

/* Free what only reading uses (waiting texts and lines, batch arenas,
 * tokenizer buffers), once every batch is joined and nothing more can be
 * added: at the start of the run. */
void nd__corpus_drop_reading(nd_corpus *c);

/* Release the results of a run (on failure, or in nd_corpus_free). */
void nd__corpus_free_results(nd_corpus *c);

#endif
