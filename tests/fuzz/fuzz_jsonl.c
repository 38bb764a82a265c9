/*
 * fuzz_jsonl.c - the reading stage and everything after it, on any bytes.
 *
 * The input is written to a temporary file and read three ways:
 *   1. as JSON Lines (ND_FORMAT_JSONL),
 *   2. gzip-compressed with zlib, cut at a point taken from the data (or
 *      whole), as JSON Lines,
 *   3. with ND_FORMAT_AUTO under a name that says nothing
 *      (/proc/self/fd/N), so the content sniffing decides between JSON
 *      Lines and text.
 * Each corpus is run and every output is written to a sink that keeps the
 * bytes only to check them. Small num_perm and one thread keep it fast;
 * one input in four also runs on three threads and must give the same
 * bytes (results never depend on the number of threads).
 *
 * Option bits come from the last byte of the input (f below), so the
 * fuzzer reaches them by mutating one byte:
 *   bit 0 repair_utf8      bit 1 keep_text (explain, boilerplate)
 *   bit 2 stop_on_error    bit 3 character shingles
 *   bits 4-5 shingle size 5, 1, 2, 3
 *   bit 6 boilerplate off  bit 7 max_record_bytes 100 (too-long records)
 * The middle byte (g) picks the gzip cut: odd = whole stream, even = cut at
 * (g >> 1) / 128 of its length; g & 3 == 3 adds the three-thread run.
 *
 * Checks (abort on failure): return codes in range, a message with every
 * failing read, the documented shape of the results (groups cover every
 * article once, canonical first, then input order; numbered in order of
 * first member; scores in [0, 1]), every output line is a JSON object, one
 * assignment per article, one dedup line per group, and, for plain JSON
 * Lines read without stop_on_error, kept + skipped = non-blank lines.
 */
#include <cjson/cJSON.h>

#include "neardup.h"

#include "fuzz.h"

#define SINK_MAX ((size_t)4 << 20)

typedef struct sink {
    char *buf;
    size_t len, cap;
} sink;

static int sink_write(const void *buf, size_t len, void *payload)
{
    sink *s = payload;
    FUZZ_CHECK(buf != NULL || len == 0);
    if (s->len + len > SINK_MAX)
        return 1; /* far more than these inputs can give: treat as a failure */
    if (s->len + len + 1 > s->cap) {
        size_t cap = s->cap ? s->cap : 4096;
        while (cap < s->len + len + 1)
            cap *= 2;
        char *nb = realloc(s->buf, cap);
        FUZZ_CHECK(nb != NULL);
        s->buf = nb;
        s->cap = cap;
    }
    memcpy(s->buf + s->len, buf, len);
    s->len += len;
    s->buf[s->len] = '\0';
    return 0;
}

static void sink_reset(sink *s)
{
    s->len = 0;
    if (s->buf)
        s->buf[0] = '\0';
}

/* Every line of s is one JSON object (and s ends with a newline); returns
 * the number of lines. raw: lines written byte for byte from the input,
 * where the last one may lack its newline. */
static size_t check_lines(const sink *s, int raw)
{
    size_t lines = 0, at = 0;
    if (!raw)
        FUZZ_CHECK(s->len == 0 || s->buf[s->len - 1] == '\n');
    while (at < s->len) {
        const char *nl = memchr(s->buf + at, '\n', s->len - at);
        size_t end = nl ? (size_t)(nl - s->buf) : s->len;
        const char *stop = NULL;
        cJSON *o = cJSON_ParseWithLengthOpts(s->buf + at, end - at, &stop, 0);
        if (!o || !cJSON_IsObject(o)) {
            fprintf(stderr, "not a JSON object: %.*s\n", (int)(end - at), s->buf + at);
            FUZZ_CHECK(0);
        }
        cJSON_Delete(o);
        lines++;
        at = end + 1;
    }
    return lines;
}

static void on_diag(const nd_diag *d, void *payload)
{
    (void)payload;
    FUZZ_CHECK(d != NULL && d->message != NULL);
    FUZZ_CHECK(d->code < 0 && d->code >= ND_ESTATE);
    FUZZ_CHECK(strlen(d->message) < 4096);
    if (d->file)
        FUZZ_CHECK(strlen(d->file) < 8192);
}

/* Records the reader will see in plain JSON Lines: non-blank lines, and
 * lines over max bytes (reported as too long even when blank). */
static size_t count_records(const uint8_t *data, size_t size, size_t max)
{
    size_t n = 0, at = 0, lineno = 0;
    while (at < size) {
        const uint8_t *nl = memchr(data + at, '\n', size - at);
        size_t end = nl ? (size_t)(nl - data) : size;
        const uint8_t *line = data + at;
        size_t len = end - at;
        lineno++;
        at = end + 1;
        if (len > max) {
            n++;
            continue;
        }
        if (lineno == 1 && len >= 3 && memcmp(line, "\xEF\xBB\xBF", 3) == 0) {
            line += 3;
            len -= 3;
        }
        size_t i = 0;
        while (i < len && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r'))
            i++;
        n += i < len;
    }
    return n;
}

typedef struct outputs {
    sink assignments, groups, dedup, extra;
    size_t kept, skipped;
} outputs;

static void check_results(nd_corpus *c, outputs *out, int keep_text, uint8_t pick)
{
    size_t n = nd_corpus_count(c), ng = nd_corpus_group_count(c);
    FUZZ_CHECK(ng <= n);
    FUZZ_CHECK(n == 0 || ng >= 1);
    FUZZ_CHECK(nd_corpus_id(c, n) == NULL);
    size_t covered = 0, multi = 0, prev_first = 0;
    nd_assignment a;
    for (size_t g = 0; g < ng; g++) {
        const size_t *m = NULL;
        size_t k = 0;
        FUZZ_CHECK(nd_corpus_group(c, g, &m, &k) == ND_OK);
        FUZZ_CHECK(k >= 1 && m != NULL);
        covered += k;
        multi += k >= 2;
        size_t first = m[0];
        for (size_t j = 0; j < k; j++) {
            FUZZ_CHECK(m[j] < n);
            FUZZ_CHECK(nd_corpus_assignment(c, m[j], &a) == ND_OK);
            FUZZ_CHECK(a.group == g);
            FUZZ_CHECK(a.canonical == m[0]);
            FUZZ_CHECK((a.role == ND_ROLE_CANONICAL) == (j == 0));
            FUZZ_CHECK((a.evidence == ND_EVIDENCE_NONE) == (j == 0));
            FUZZ_CHECK(a.similarity >= 0.0 && a.similarity <= 1.0);
            FUZZ_CHECK(a.containment >= 0.0 && a.containment <= 1.0);
            FUZZ_CHECK(a.canonical_containment >= 0.0 && a.canonical_containment <= 1.0);
            if (j >= 2)
                FUZZ_CHECK(m[j] > m[j - 1]); /* then input order */
            if (m[j] < first)
                first = m[j];
        }
        if (g > 0)
            FUZZ_CHECK(first > prev_first); /* numbered in order of first member */
        prev_first = first;
    }
    FUZZ_CHECK(covered == n);
    const size_t *none = NULL;
    size_t none_n = 0;
    FUZZ_CHECK(nd_corpus_group(c, ng, &none, &none_n) == ND_ENOTFOUND);
    FUZZ_CHECK(nd_corpus_assignment(c, n, &a) == ND_ENOTFOUND);
    for (size_t i = 0; i < n; i++) {
        const char *id = nd_corpus_id(c, i);
        size_t found = SIZE_MAX;
        FUZZ_CHECK(id != NULL);
        FUZZ_CHECK(nd_corpus_find(c, id, &found) == ND_OK);
        FUZZ_CHECK(found <= i && strcmp(nd_corpus_id(c, found), id) == 0);
    }

    FUZZ_CHECK(nd_corpus_write_assignments(c, sink_write, &out->assignments) == ND_OK);
    FUZZ_CHECK(check_lines(&out->assignments, 0) == n);
    FUZZ_CHECK(nd_corpus_write_groups(c, sink_write, &out->groups) == ND_OK);
    FUZZ_CHECK(check_lines(&out->groups, 0) == multi);
    FUZZ_CHECK(nd_corpus_write_dedup(c, sink_write, &out->dedup) == ND_OK);
    FUZZ_CHECK(check_lines(&out->dedup, 1) == ng);

    if (keep_text) {
        if (n > 0) {
            size_t i = pick % n;
            FUZZ_CHECK(nd_corpus_explain(c, i, n - 1, sink_write, &out->extra) == ND_OK);
            FUZZ_CHECK(nd_corpus_explain(c, i, i, sink_write, &out->extra) == ND_OK);
            FUZZ_CHECK(check_lines(&out->extra, 0) == 2);
            sink_reset(&out->extra);
        }
        FUZZ_CHECK(nd_corpus_explain(c, 0, n, sink_write, &out->extra) == ND_ENOTFOUND);
        FUZZ_CHECK(nd_corpus_write_boilerplate(c, sink_write, &out->extra) == ND_OK);
        check_lines(&out->extra, 0);
    }
}

/* Read path as fmt with the options of f, run, check, keep the outputs. */
static int run_corpus(const char *path, nd_format fmt, uint8_t f, unsigned threads, uint8_t pick,
                      outputs *out)
{
    static const unsigned shingle_sizes[4] = {5, 1, 2, 3};
    nd_options o;
    FUZZ_CHECK(nd_options_init(&o, ND_OPTIONS_VERSION) == ND_OK);
    o.num_perm = 16;
    o.threads = threads;
    o.repair_utf8 = f & 1;
    o.keep_text = (f >> 1) & 1;
    o.shingle_kind = (f >> 3) & 1 ? ND_SHINGLE_CHARS : ND_SHINGLE_WORDS;
    o.shingle_size = shingle_sizes[(f >> 4) & 3];
    o.boilerplate = (f >> 6) & 1 ? ND_BOILERPLATE_OFF : ND_BOILERPLATE_MASK;
    o.on_diag = on_diag;
    nd_corpus *c = NULL;
    FUZZ_CHECK(nd_corpus_new(&c, &o) == ND_OK && c != NULL);

    nd_read_options ro = ND_READ_OPTIONS_INIT;
    ro.format = fmt;
    ro.keep_raw = 1;
    ro.stop_on_error = (f >> 2) & 1;
    ro.max_record_bytes = (f >> 7) & 1 ? 100 : 0;
    int err = nd_corpus_read(c, path, &ro);
    FUZZ_CHECK(err <= 0 && err >= ND_ESTATE);
    FUZZ_CHECK(err != ND_ENOMEM && err != ND_ESTATE && err != ND_EINVAL);
    if (err < 0)
        FUZZ_CHECK(nd_corpus_errmsg(c)[0] != '\0');
    /* the records before a failure are kept, and the run goes on with them */
    FUZZ_CHECK(nd_corpus_run(c) == ND_OK);
    FUZZ_CHECK(nd_corpus_run(c) == ND_ESTATE);
    out->kept = nd_corpus_count(c);
    out->skipped = nd_corpus_skipped(c);
    check_results(c, out, o.keep_text, pick);
    nd_corpus_free(c);
    return err;
}

static void outputs_free(outputs *o)
{
    free(o->assignments.buf);
    free(o->groups.buf);
    free(o->dedup.buf);
    free(o->extra.buf);
    memset(o, 0, sizeof *o);
}

static int same_sink(const sink *a, const sink *b)
{
    return a->len == b->len && (a->len == 0 || memcmp(a->buf, b->buf, a->len) == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > ((size_t)1 << 20))
        return 0;
    static nd_fuzz_file plain, zipped_file;
    if (!plain.path[0]) {
        nd_fuzz_file_open(&plain);
        nd_fuzz_file_open(&zipped_file);
    }
    const char *path = plain.path, *gzpath = zipped_file.path;
    uint8_t f = size ? data[size - 1] : 0, g = size ? data[size / 2] : 1;
    uint8_t pick = size ? data[0] : 0;
    /* plain bytes that start like gzip are read as gzip */
    int gzip_magic = size >= 2 && data[0] == 0x1F && data[1] == 0x8B;

    /* 1. plain JSON Lines */
    nd_fuzz_file_set(&plain, data, size);
    outputs one;
    memset(&one, 0, sizeof one);
    int err = run_corpus(path, ND_FORMAT_JSONL, f, 1, pick, &one);
    if (err == ND_OK && !((f >> 2) & 1) && !gzip_magic) {
        /* every record was either kept or reported */
        nd_options o;
        nd_options_init(&o, ND_OPTIONS_VERSION);
        size_t max = (f >> 7) & 1 ? 100 : (size_t)64 << 20;
        size_t want = count_records(data, size, max);
        nd_corpus *c = NULL;
        o.num_perm = 16;
        o.threads = 1;
        o.repair_utf8 = f & 1;
        FUZZ_CHECK(nd_corpus_new(&c, &o) == ND_OK);
        nd_read_options ro = ND_READ_OPTIONS_INIT;
        ro.format = ND_FORMAT_JSONL;
        ro.max_record_bytes = max;
        FUZZ_CHECK(nd_corpus_read(c, path, &ro) == ND_OK);
        if (nd_corpus_count(c) + nd_corpus_skipped(c) != want) {
            fprintf(stderr, "kept %zu + skipped %zu, but %zu records\n", nd_corpus_count(c),
                    nd_corpus_skipped(c), want);
            FUZZ_CHECK(0);
        }
        nd_corpus_free(c);
    }
    if ((g & 3) == 3) {
        /* the same bytes whatever the number of threads */
        outputs three;
        memset(&three, 0, sizeof three);
        FUZZ_CHECK(run_corpus(path, ND_FORMAT_JSONL, f, 3, pick, &three) == err);
        FUZZ_CHECK(same_sink(&one.assignments, &three.assignments));
        FUZZ_CHECK(same_sink(&one.groups, &three.groups));
        FUZZ_CHECK(same_sink(&one.dedup, &three.dedup));
        outputs_free(&three);
    }

    /* 2. gzip, whole or cut short */
    size_t gz_len = 0;
    uint8_t *gz = nd_fuzz_gzip(data, size, &gz_len);
    size_t cut = g & 1 ? gz_len : gz_len * (size_t)(g >> 1) / 128;
    nd_fuzz_file_set(&zipped_file, gz, cut);
    free(gz);
    outputs zipped;
    memset(&zipped, 0, sizeof zipped);
    int zerr = run_corpus(gzpath, ND_FORMAT_JSONL, f, 1, pick, &zipped);
    if (!gzip_magic && cut == gz_len) {
        /* a whole gzip stream reads as the plain bytes (ids made from the
         * file name differ, so the counts are compared, not the output) */
        FUZZ_CHECK(zerr == err);
        FUZZ_CHECK(zipped.kept == one.kept && zipped.skipped == one.skipped);
    } else if (!gzip_magic && cut >= 2 && !((f >> 2) & 1)) {
        /* a cut stream: the damage is reported, and the records before it
         * are kept (never more than the whole stream had) */
        FUZZ_CHECK(zerr == ND_ECORRUPT);
        FUZZ_CHECK(zipped.kept <= one.kept && zipped.skipped <= one.skipped);
    }
    outputs_free(&zipped);
    outputs_free(&one);

    /* 3. sniffed: JSON Lines or one text article (the name has no
     * extension that would decide the format); plain still holds data */
    outputs sniffed;
    memset(&sniffed, 0, sizeof sniffed);
    run_corpus(path, ND_FORMAT_AUTO, f, 1, pick, &sniffed);
    outputs_free(&sniffed);
    return 0;
}
