/*
 * neardup.h - find near-duplicate and republished news articles and group
 * them into story groups, each with a canonical article.
 *
 * This is the only public header of libneardup. It depends on nothing but
 * <stddef.h> and <stdint.h>; xxHash, libunistring, cJSON and zlib stay private.
 *
 * The pipeline, run by nd_corpus_run():
 *   read -> normalize -> shingle -> MinHash -> LSH candidates -> verify on the
 *   real shingle sets -> group -> choose the canonical member -> write.
 *
 * Conventions
 *   - Functions that can fail return an int: ND_OK (0) or a negative nd_error.
 *     The detailed message of the last failure on a handle is given by
 *     nd_corpus_errmsg(); there is no global or thread-local error state.
 *   - An object returned through a pointer-to-pointer belongs to the caller,
 *     who releases it with the matching *_free() (which accepts NULL).
 *     A pointer returned as a value is borrowed from its parent handle and
 *     stays valid until that handle is freed.
 *   - Threads: a handle and what hangs from it is used by one thread at a
 *     time. Different handles may be used by different threads at once.
 *     Results never depend on the number of worker threads.
 */
#ifndef NEARDUP_H
#define NEARDUP_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(ND_BUILDING) && defined(__GNUC__)
#define ND_API __attribute__((visibility("default")))
#else
#define ND_API
#endif

#define ND_VERSION_MAJOR 0
#define ND_VERSION_MINOR 1
#define ND_VERSION_PATCH 0
#define ND_VERSION_NUMBER \
    (ND_VERSION_MAJOR * 10000 + ND_VERSION_MINOR * 100 + ND_VERSION_PATCH)

/* Bumped whenever the text rules (docs/normalization.md) change, because the
 * tokens, shingles and signatures of the same text change with them. */
#define ND_NORMALIZE_VERSION 1

/* Error codes. Values are stable: new codes are only ever appended. */
typedef enum nd_error {
    ND_OK = 0,
    ND_ENOMEM = -1,    /* out of memory */
    ND_EIO = -2,       /* a file could not be opened, read or written */
    ND_EPARSE = -3,    /* malformed input record (broken JSON, bad option text) */
    ND_EUTF8 = -4,     /* invalid UTF-8 */
    ND_EINVAL = -5,    /* invalid argument or option */
    ND_ERANGE = -6,    /* a value or size is out of range (e.g. a huge record) */
    ND_ENOTFOUND = -7, /* no such document, field or file */
    ND_ECORRUPT = -8,  /* truncated or corrupt compressed input */
    ND_EEMPTY = -9,    /* a record has no usable text */
    ND_ESTATE = -10    /* call made in the wrong order (e.g. add after run) */
} nd_error;

/*! Static English text for an error code; never NULL. Thread-safe. */
ND_API const char *nd_strerror(int code);

/*! Runtime version, "MAJOR.MINOR.PATCH", and its number. Thread-safe. */
ND_API const char *nd_version_string(void);
ND_API unsigned nd_version_number(void);

/* ------------------------------------------------------------------------ */
/* Options                                                                  */

typedef enum nd_shingle_kind {
    ND_SHINGLE_WORDS = 0, /* k consecutive words; Han, kana and Thai count
                             one character as one word */
    ND_SHINGLE_CHARS = 1  /* k consecutive characters of the normalized text */
} nd_shingle_kind;

/* A problem with one input record. The run goes on: the record is skipped
 * (counted by nd_corpus_skipped) unless nd_read_options.stop_on_error is
 * set, or, for a warning, kept. Strings are borrowed for the duration of
 * the callback only. */
typedef struct nd_diag {
    int code;            /* an nd_error value */
    const char *file;    /* input name ("-" for stdin), or NULL */
    uint64_t line;       /* 1-based record line, 0 when not applicable */
    const char *message; /* e.g. "missing field 'text'" */
    int warning;         /* 1: the record was kept (e.g. a date that could
                            not be read); 0: it was skipped */
} nd_diag;

typedef void (*nd_diag_fn)(const nd_diag *diag, void *payload);

/* Progress of a long run: stage name and how far it is (done of total). */
typedef void (*nd_progress_fn)(const char *stage, uint64_t done, uint64_t total,
                               void *payload);

#define ND_OPTIONS_VERSION 1

typedef enum nd_boilerplate {
    ND_BOILERPLATE_MASK = 0, /* mask paragraphs that recur within a source */
    ND_BOILERPLATE_OFF = 1   /* compare the whole text */
} nd_boilerplate;

/* How an article's shingle set becomes its num_perm signature values
 * (docs/algorithms.md). */
typedef enum nd_sketch {
    ND_SKETCH_MINHASH = 0, /* classic MinHash: num_perm hash functions, each
                              applied to every shingle */
    ND_SKETCH_OPH = 1      /* one-permutation hashing: one hash per shingle
                              puts it in one of num_perm bins; empty bins
                              borrow from others (optimal densification) */
} nd_sketch;

typedef struct nd_options {
    unsigned version;            /* ND_OPTIONS_VERSION */
    nd_shingle_kind shingle_kind;
    unsigned shingle_size;       /* k of the k-grams; default 5 */
    unsigned num_perm;           /* MinHash values per article; default 128 */
    uint64_t seed;               /* hashes and permutations; default 0 */
    double threshold;            /* Jaccard that makes a duplicate; default 0.5 */
    unsigned bands;              /* LSH bands; 0 = derived from threshold */
    unsigned rows;               /* LSH rows per band; 0 = derived */
    unsigned min_words;          /* articles with fewer words (after masking)
                                    group only with exact copies; default 10 */
    int repair_utf8;             /* 1: replace invalid UTF-8 by U+FFFD instead
                                    of rejecting the record */
    const char *keep;            /* canonical policy, e.g. "earliest,longest";
                                    see nd_keep_check(); NULL = default */
    nd_diag_fn on_diag;          /* optional; per-record problems */
    void *diag_payload;
    nd_progress_fn on_progress;  /* optional; called from the calling thread */
    void *progress_payload;
    nd_boilerplate boilerplate;  /* default ND_BOILERPLATE_MASK */
    double containment;          /* share of the smaller article found in the
                                    other that makes a republished piece;
                                    default 0.4; 0 = off */
    unsigned lead_words;         /* an opening paragraph of at least this many
                                    words, shared (Jaccard >= threshold), makes
                                    a republished piece; default 15; 0 = off */
    int keep_text;               /* keep texts and paragraphs after the run,
                                    for nd_corpus_explain and the boilerplate
                                    report (more memory) */
    unsigned threads;            /* threads working inside nd_corpus_read,
                                    nd_corpus_add, nd_corpus_run and
                                    nd_corpus_write_assignments, the
                                    caller's included (the others sleep
                                    in between, until nd_corpus_free);
                                    0 = one per online processor. Results
                                    are the same for every count. */
    nd_sketch sketch;            /* default ND_SKETCH_MINHASH */
} nd_options;

#define ND_DEFAULT_THRESHOLD 0.5
#define ND_DEFAULT_CONTAINMENT 0.4
#define ND_DEFAULT_LEAD_WORDS 15
#define ND_DEFAULT_KEEP "earliest,longest"

#define ND_OPTIONS_INIT                                                        \
    { ND_OPTIONS_VERSION, ND_SHINGLE_WORDS, 5, 128, 0, ND_DEFAULT_THRESHOLD, \
      0, 0, 10, 0, NULL, NULL, NULL, NULL, NULL, ND_BOILERPLATE_MASK,         \
      ND_DEFAULT_CONTAINMENT, ND_DEFAULT_LEAD_WORDS, 0, 0, ND_SKETCH_MINHASH }

/*! Fill *opts with the defaults of the given ND_OPTIONS_VERSION.
 * @return ND_OK, or ND_EINVAL for an unknown version. */
ND_API int nd_options_init(nd_options *opts, unsigned version);

/*! Check a --keep policy: a comma-separated ranked list of keys among
 * "first", "earliest", "latest", "longest", "shortest" and
 * "source-rank:FILE" (FILE lists preferred sources, one per line, best
 * first). The final tie-break is always input order. Reads FILE.
 * @return ND_OK, ND_EPARSE for an unknown key (the message, if msg is not
 *         NULL, is written to msg, at most msg_size bytes), ND_EIO when FILE
 *         cannot be read. */
ND_API int nd_keep_check(const char *spec, char *msg, size_t msg_size);

/* ------------------------------------------------------------------------ */
/* LSH parameters                                                           */

/*! Bands and rows for a Jaccard threshold with num_perm MinHash values.
 * Every candidate is verified on the real shingle sets, so a missed pair
 * costs far more than an extra candidate: among all b*r <= num_perm, the
 * choice is the one with the least false-positive area (integral of P over
 * [0, t]) whose probability of catching a pair at the threshold,
 * P(t) = 1 - (1 - t^r)^b, is at least 0.99; if none reaches 0.99, the one
 * with the highest P(t). Ties go to more rows.
 * @return ND_OK, or ND_EINVAL for t outside (0, 1] or num_perm == 0. */
ND_API int nd_lsh_params(double threshold, unsigned num_perm,
                         unsigned *bands_out, unsigned *rows_out);

/*! Probability that a pair of Jaccard similarity s becomes a candidate:
 * 1 - (1 - s^rows)^bands. */
ND_API double nd_lsh_probability(double s, unsigned bands, unsigned rows);

/* ------------------------------------------------------------------------ */
/* Corpus: the articles of one batch run                                    */

typedef struct nd_corpus nd_corpus;

/*! Create an empty corpus. opts may be NULL for the defaults; it is copied
 * (the keep string too), so it need not outlive the call.
 * @return ND_OK, ND_ENOMEM, ND_EINVAL (bad option, e.g. threshold outside
 *         (0, 1], bands * rows > num_perm, an unknown keep key). On error
 *         *out is NULL. */
ND_API int nd_corpus_new(nd_corpus **out, const nd_options *opts);

/*! Free a corpus and everything borrowed from it. Accepts NULL. */
ND_API void nd_corpus_free(nd_corpus *c);

/*! The detailed message of the last failing call on c, such as
 * "feed.jsonl:12: invalid UTF-8 in field 'text'"; "" if none. Borrowed. */
ND_API const char *nd_corpus_errmsg(const nd_corpus *c);

/* One article given directly. Strings are NUL-terminated and copied;
 * only id and text are required. */
typedef struct nd_article {
    const char *id;
    const char *text;
    size_t text_len;      /* bytes of text; text need not be NUL-terminated */
    const char *title;    /* optional */
    const char *date;     /* optional, ISO 8601 (2026-03-04, 2026-03-04T09:15Z) */
    const char *source;   /* optional, e.g. the outlet's domain */
    const char *url;      /* optional */
} nd_article;

/*! Add one article (copied). Texts are validated as UTF-8 (see
 * nd_options.repair_utf8); an article with no words is kept as a group of
 * its own.
 * @return ND_OK, ND_ENOMEM, ND_EINVAL (NULL id or text), ND_EUTF8,
 *         ND_ESTATE (after nd_corpus_run). */
ND_API int nd_corpus_add(nd_corpus *c, const nd_article *a);

typedef enum nd_format {
    ND_FORMAT_AUTO = 0, /* by name (.jsonl .ndjson .json, optionally .gz) or
                           by content (first byte '{'); inside a folder, by
                           name only: JSON Lines names, else text */
    ND_FORMAT_JSONL = 1,
    ND_FORMAT_TEXT = 2  /* one article per file; id = path (relative to the
                           folder given) */
} nd_format;

#define ND_READ_OPTIONS_VERSION 1

typedef struct nd_read_options {
    unsigned version;         /* ND_READ_OPTIONS_VERSION */
    nd_format format;
    const char *id_field;     /* JSONL field names; dotted paths reach into */
    const char *text_field;   /* nested objects ("meta.id"). NULL = defaults: */
    const char *title_field;  /* "id", "text", "title", */
    const char *date_field;   /* "published" then "date", */
    const char *source_field; /* "source", */
    const char *url_field;    /* "url" */
    int keep_raw;             /* keep each record's bytes for nd_corpus_write_dedup */
    int stop_on_error;        /* 1: the first bad record fails the read */
    size_t max_record_bytes;  /* 0 = 64 MiB */
} nd_read_options;

#define ND_READ_OPTIONS_INIT \
    { ND_READ_OPTIONS_VERSION, ND_FORMAT_AUTO, NULL, NULL, NULL, NULL, NULL, NULL, 0, 0, 0 }

/*! Read articles from a JSON Lines file, a text file, a folder of text files
 * (recursively, in byte order of the paths, hidden entries skipped) or "-"
 * for standard input. Gzip input is detected and decompressed.
 * A bad record (broken JSON, missing or non-string text, invalid UTF-8, a
 * record over max_record_bytes) is reported through nd_options.on_diag with
 * its file and line and skipped; see nd_corpus_skipped().
 * @return ND_OK; ND_EIO when the path cannot be opened or read; ND_ECORRUPT
 *         for truncated or corrupt gzip (records before the damage are
 *         kept); with stop_on_error, the code of the first bad record;
 *         ND_ENOMEM; ND_ESTATE after nd_corpus_run. The message names the
 *         file and line. */
ND_API int nd_corpus_read(nd_corpus *c, const char *path, const nd_read_options *ro);

/*! Number of articles added, and of records skipped as bad. */
ND_API size_t nd_corpus_count(const nd_corpus *c);
ND_API size_t nd_corpus_skipped(const nd_corpus *c);

/*! Run the pipeline: sign, find and verify candidates, group, choose the
 * canonical articles. Call once, after all articles are added.
 * @return ND_OK, ND_ENOMEM, ND_ESTATE when run twice or when adding
 *         articles failed part-way before (out of memory, or the temporary
 *         file could not be written): some articles are then incomplete. */
ND_API int nd_corpus_run(nd_corpus *c);

/* ------------------------------------------------------------------------ */
/* Results (valid after nd_corpus_run)                                      */

typedef enum nd_role {
    ND_ROLE_CANONICAL = 0,  /* the article kept for its group */
    ND_ROLE_DUPLICATE = 1,  /* near-identical text to the canonical */
    ND_ROLE_REPUBLISHED = 2 /* shares passages with the canonical or is
                               contained in it */
} nd_role;

/* Why a member belongs with its canonical (always verified on the real
 * shingle sets against the canonical itself, never through a chain). */
typedef enum nd_evidence {
    ND_EVIDENCE_NONE = 0,      /* the canonical itself */
    ND_EVIDENCE_EXACT = 1,     /* the same text after normalization and masking */
    ND_EVIDENCE_NEAR = 2,      /* Jaccard >= threshold */
    ND_EVIDENCE_CONTAINED = 3, /* most of one is inside the other */
    ND_EVIDENCE_LEAD = 4       /* the same opening paragraph */
} nd_evidence;

/*! Name of an evidence kind: "canonical", "exact", "near-duplicate",
 * "contained", "lead-paragraph". */
ND_API const char *nd_evidence_name(nd_evidence e);

typedef struct nd_assignment {
    size_t group;        /* group number, 0.. in order of first member */
    size_t canonical;    /* index of the group's canonical article */
    nd_role role;
    nd_evidence evidence;
    double similarity;   /* exact Jaccard of the shingle sets to the canonical */
    double containment;  /* |A and C| / |A|: how much of this article is in
                            the canonical */
    double canonical_containment; /* |A and C| / |C|: how much of the
                            canonical is in this article */
} nd_assignment;

/*! The id of article i (0-based, input order); NULL when out of range. */
ND_API const char *nd_corpus_id(const nd_corpus *c, size_t i);

/*! Where article i came from and its role in the results.
 * @return ND_OK, ND_ENOTFOUND (i out of range), ND_ESTATE (before run). */
ND_API int nd_corpus_assignment(const nd_corpus *c, size_t i, nd_assignment *out);

/*! Number of groups (singletons included) after nd_corpus_run. */
ND_API size_t nd_corpus_group_count(const nd_corpus *c);

/*! The members of group g, canonical first, then in input order. The array
 * is borrowed from c.
 * @return ND_OK, ND_ENOTFOUND, ND_ESTATE. */
ND_API int nd_corpus_group(const nd_corpus *c, size_t g, const size_t **members_out,
                           size_t *count_out);

/* Output sink: write len bytes; return 0 on success, non-zero to stop. */
typedef int (*nd_write_fn)(const void *buf, size_t len, void *payload);

/*! One JSON object per article, in input order: {"id","group",
 * "canonical_id","role","evidence","similarity","containment",
 * "canonical_containment"}.
 * @return ND_OK, ND_EIO when the sink fails, ND_ENOMEM, ND_ESTATE. */
ND_API int nd_corpus_write_assignments(const nd_corpus *c, nd_write_fn fn, void *payload);

/*! One JSON object per group of two or more articles, in group order:
 * {"group","size","canonical","reason","members":[{"id","role","evidence",
 * "similarity","containment","canonical_containment"}]}; "reason" names the
 * --keep key that chose the canonical over the next best member. */
ND_API int nd_corpus_write_groups(const nd_corpus *c, nd_write_fn fn, void *payload);

/*! The input records of canonical articles (singletons included), in input
 * order, byte for byte as read (JSONL lines with their newline). Articles
 * from text files or nd_corpus_add are written as {"id","text"} lines.
 * Needs nd_read_options.keep_raw for JSONL input (ND_ESTATE otherwise). */
ND_API int nd_corpus_write_dedup(const nd_corpus *c, nd_write_fn fn, void *payload);

/* Where the time went, for benchmarks and --stats. Seconds of wall time. */
typedef struct nd_stats {
    double tokenize_s;   /* the workers' batches: parsing JSON lines, checking,
                            normalizing, shingling (inside read/add) */
    double mask_s;       /* counting and masking boilerplate */
    double sign_s;       /* sets and MinHash signatures */
    double candidates_s; /* exact copies, LSH, passage index */
    double verify_s;     /* exact checks of every candidate pair */
    double group_s;      /* stars and canonical choice */
    uint64_t articles, text_bytes, candidate_pairs, groups;
    unsigned threads;
    /* peak resident memory of the process (KiB) at the end of each stage */
    uint64_t peak_tokenize_kb, peak_mask_kb, peak_sign_kb, peak_candidates_kb,
        peak_group_kb;
} nd_stats;

/*! Fill *out with the timings and counts so far. Thread-safe with respect
 * to nothing: call it from the thread that owns c. */
ND_API void nd_corpus_stats(const nd_corpus *c, nd_stats *out);

/*! Find an article by id: the first with that id, in input order.
 * @return ND_OK or ND_ENOTFOUND. */
ND_API int nd_corpus_find(const nd_corpus *c, const char *id, size_t *out);

/*! Explain the pair (i, j) as one JSON object: normalized and masked
 * lengths, exact Jaccard and the MinHash estimate, containment both ways,
 * the evidence that would link them, whether LSH and the passage index make
 * them a candidate, which --keep key prefers which, their groups, and the
 * shared passages with their paragraphs and token positions. Needs
 * nd_options.keep_text for the passages (they are left out otherwise).
 * @return ND_OK, ND_ENOTFOUND, ND_ESTATE (before run), ND_ENOMEM, ND_EIO. */
ND_API int nd_corpus_explain(const nd_corpus *c, size_t i, size_t j, nd_write_fn fn,
                             void *payload);

/*! The paragraphs masked as boilerplate, one JSON object per paragraph and
 * source: {"source","articles","text"} (source "" when unknown), most
 * frequent first. Needs nd_options.keep_text (ND_ESTATE otherwise). */
ND_API int nd_corpus_write_boilerplate(const nd_corpus *c, nd_write_fn fn, void *payload);

/* ------------------------------------------------------------------------ */
/* Evaluation                                                               */

/* How far a grouping agrees with a ground truth, counted over pairs of items:
 * a pair is "together" in a grouping when both items are in the same group.
 * Definitions, formulas and examples: docs/evaluation.md.
 *
 * Empty denominators: precision with no predicted pairs, and recall with no
 * true pairs, are 1 when the other side has no pairs either (nothing to find
 * and nothing found) and 0 otherwise; F1 is 2 * common / (truth + predicted
 * pairs), 1 when both are 0. The adjusted Rand index is 1 when its
 * denominator is 0, which happens only for identical groupings (both all
 * singletons, both one group, or fewer than 2 items). */
typedef struct nd_eval_result {
    uint64_t n_items;      /* items scored: every item of the truth */
    uint64_t truth_groups; /* distinct true groups, singletons included */
    uint64_t pred_groups;  /* distinct predicted groups (a missing item is one) */
    uint64_t truth_pairs;  /* pairs together in the truth */
    uint64_t pred_pairs;   /* pairs together in the prediction */
    uint64_t common_pairs; /* pairs together in both */
    double precision;      /* common_pairs / pred_pairs */
    double recall;         /* common_pairs / truth_pairs */
    double f1;             /* harmonic mean of precision and recall */
    double ari;            /* adjusted Rand index (Hubert and Arabie 1985): 1 for
                              identical groupings, about 0 for chance, below 0
                              for worse than chance */
    uint64_t missing;      /* nd_eval_files: truth ids absent from the
                              predictions, scored as singletons; else 0 */
    uint64_t extra;        /* nd_eval_files: prediction ids absent from the
                              truth, not scored; else 0 */
} nd_eval_result;

/*! Score predicted group labels against true ones. Item i has the true label
 * truth[i] and the predicted label pred[i]; labels are arbitrary values
 * compared for equality only. Runs in O(n log n) time with 16 bytes of
 * extra memory per item (the (truth, pred) pairs, sorted twice); the pair
 * counts are exact and the ARI is formed with exact 128-bit integers.
 * truth and pred may be NULL when n is 0. Thread-safe.
 * @return ND_OK, ND_EINVAL (out NULL, or a NULL array with n > 0),
 *         ND_ERANGE (n >= 2^32), ND_ENOMEM. On error *out is zeroed. */
ND_API int nd_eval_labels(const uint64_t *truth, const uint64_t *pred, size_t n,
                          nd_eval_result *out);

/*! Score a prediction file against a truth file, both JSON Lines (plain or
 * gzip; "-" for standard input, for one of them at most). Each record of the
 * truth is {"id": ..., "group": ...}; the predictions are the output of
 * `neardup cluster` or any file with those two fields (other fields are
 * ignored). An id or group may be a string or a number; a number counts as
 * its decimal text, so 17 and "17" are the same. Blank lines are skipped.
 * Items are the ids of the truth; one missing from the predictions counts as
 * a singleton (out->missing), an id only in the predictions is ignored
 * (out->extra). Thread-safe.
 * @return ND_OK; ND_EIO when a file cannot be opened or read (msg names
 *         it); ND_EPARSE for a bad line: invalid JSON, a missing or
 *         mistyped "id" or "group", or an id given twice in one file
 *         (msg "FILE:LINE: reason"); ND_ECORRUPT for truncated gzip;
 *         ND_EINVAL (NULL argument, both files "-"); ND_ERANGE; ND_ENOMEM.
 *         The message, if msg is not NULL, is written to msg (at most
 *         msg_size bytes; "" on success). On error *out is zeroed. */
ND_API int nd_eval_files(const char *truth_path, const char *pred_path, nd_eval_result *out,
                         char *msg, size_t msg_size);

#ifdef __cplusplus
}
#endif

#endif /* NEARDUP_H */
