/*
 * test_reader.c - the reading stage through the public API: JSON Lines
 * fields and ids, blank lines and byte order marks, every kind of bad
 * record (reported with file and line, then skipped, or failing the read
 * with stop_on_error), records over the size limit, gzip (whole, truncated
 * and corrupt), folders, text files, standard input, and the raw records
 * that dedup writes back.
 */
#include "testutil.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <zlib.h>

/* ------------------------------------------------------------------------ */
/* Helpers                                                                  */

#define MAX_DIAGS 32

typedef struct diag_rec {
    int code;
    char file[512]; /* "" when the diag had no file */
    uint64_t line;
    char message[512];
} diag_rec;

/* One test's scratch folder, recorded diags and corpus. */
typedef struct fx {
    char dir[64];
    diag_rec diags[MAX_DIAGS];
    size_t n_diags; /* all diags seen, even past MAX_DIAGS */
    nd_corpus *c;
} fx;

static void record_diag(const nd_diag *d, void *payload)
{
    fx *f = payload;
    if (f->n_diags < MAX_DIAGS) {
        diag_rec *r = &f->diags[f->n_diags];
        r->code = d->code;
        snprintf(r->file, sizeof r->file, "%s", d->file ? d->file : "");
        r->line = d->line;
        snprintf(r->message, sizeof r->message, "%s", d->message ? d->message : "");
    }
    f->n_diags++;
}

static int setup(void **state)
{
    fx *f = calloc(1, sizeof *f);
    if (!f)
        return -1;
    snprintf(f->dir, sizeof f->dir, "/tmp/nd-reader-XXXXXX");
    if (!mkdtemp(f->dir)) {
        free(f);
        return -1;
    }
    *state = f;
    return 0;
}

static void remove_tree(const char *path)
{
    struct stat st;
    if (lstat(path, &st) != 0)
        return;
    if (S_ISDIR(st.st_mode)) {
        DIR *d = opendir(path);
        if (d) {
            struct dirent *e;
            while ((e = readdir(d)) != NULL) {
                if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
                    continue;
                char sub[1024];
                snprintf(sub, sizeof sub, "%s/%s", path, e->d_name);
                remove_tree(sub);
            }
            closedir(d);
        }
        rmdir(path);
    } else {
        unlink(path);
    }
}

static int teardown(void **state)
{
    fx *f = *state;
    nd_corpus_free(f->c);
    remove_tree(f->dir);
    free(f);
    return 0;
}

/* A fresh corpus whose diags are recorded in f; opts may be NULL. */
static nd_corpus *corpus(fx *f, const nd_options *opts)
{
    nd_options o = ND_OPTIONS_INIT;
    if (opts)
        o = *opts;
    o.on_diag = record_diag;
    o.diag_payload = f;
    nd_corpus_free(f->c);
    f->c = NULL;
    f->n_diags = 0;
    assert_int_equal(nd_corpus_new(&f->c, &o), ND_OK);
    return f->c;
}

/* The path of name inside the scratch folder, in buf. */
static const char *path_of(const fx *f, const char *name, char *buf, size_t size)
{
    snprintf(buf, size, "%s/%s", f->dir, name);
    return buf;
}

static void write_bytes(const char *path, const void *bytes, size_t len)
{
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    assert_int_equal(fwrite(bytes, 1, len, fp), len);
    assert_int_equal(fclose(fp), 0);
}

/* Write text to name in the scratch folder (creating the subfolders it
 * names); the full path goes to buf. */
static const char *put(const fx *f, const char *name, const char *text, char *buf, size_t size)
{
    path_of(f, name, buf, size);
    for (char *p = buf + strlen(f->dir) + 1; (p = strchr(p, '/')) != NULL; p++) {
        *p = '\0';
        mkdir(buf, 0700);
        *p = '/';
    }
    write_bytes(buf, text, strlen(text));
    return buf;
}

static void write_gzip(const char *path, const void *bytes, size_t len)
{
    gzFile gz = gzopen(path, "wb9");
    assert_non_null(gz);
    if (len)
        assert_int_equal(gzwrite(gz, bytes, (unsigned)len), (int)len);
    assert_int_equal(gzclose(gz), Z_OK);
}

static size_t file_size(const char *path)
{
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    return (size_t)st.st_size;
}

/* Keep only the first keep bytes of a file. */
static void cut_file(const char *path, size_t keep)
{
    size_t len = 0;
    char *all = test_slurp(path, &len);
    assert_non_null(all);
    assert_true(keep <= len);
    write_bytes(path, all, keep);
    free(all);
}

/* The ids of the corpus, one per line, for whole-list comparisons. */
static char *ids(const nd_corpus *c)
{
    test_sink s = {0};
    test_sink_write("", 0, &s);
    for (size_t i = 0; i < nd_corpus_count(c); i++) {
        const char *id = nd_corpus_id(c, i);
        assert_non_null(id);
        test_sink_write(id, strlen(id), &s);
        test_sink_write("\n", 1, &s);
    }
    return s.buf;
}

static void assert_ids(const nd_corpus *c, const char *want)
{
    char *got = ids(c);
    assert_string_equal(got, want);
    free(got);
}

static void assert_contains(const char *haystack, const char *needle)
{
    if (!strstr(haystack, needle))
        fail_msg("'%s' does not contain '%s'", haystack, needle);
}

static void assert_starts_with(const char *s, const char *prefix)
{
    if (strncmp(s, prefix, strlen(prefix)) != 0)
        fail_msg("'%s' does not start with '%s'", s, prefix);
}

static void assert_diag(const fx *f, size_t i, int code, const char *file, uint64_t line,
                        const char *msg_part)
{
    assert_true(i < f->n_diags && i < MAX_DIAGS);
    const diag_rec *d = &f->diags[i];
    if (d->code != code || strcmp(d->file, file) != 0 || d->line != line ||
        !strstr(d->message, msg_part))
        fail_msg("diag %zu is {%d, '%s', %llu, '%s'}; expected {%d, '%s', %llu, '...%s...'}", i,
                 d->code, d->file, (unsigned long long)d->line, d->message, code, file,
                 (unsigned long long)line, msg_part);
}

/* Distinct texts of 20 words drawn from a vocabulary, so that no two of
 * them share a 5-word sequence by accident and gzip cannot squeeze them to
 * nothing. */
static void varied_text(unsigned n, char *buf, size_t size)
{
    static const char *const vocab[] = {
        "harbour", "council", "ferry",    "timber",  "orchard", "bridge",  "river",    "market",
        "school",  "library", "tram",     "station", "budget",  "mayor",   "storm",    "museum",
        "bakery",  "clinic",  "festival", "tunnel",  "meadow",  "quarry",  "glacier",  "pier",
        "lantern", "signal",  "canal",    "granary", "chapel",  "harvest", "workshop", "depot"};
    uint32_t x = n * 2654435761u + 12345u;
    size_t w = (size_t)snprintf(buf, size, "item %u", n);
    for (int i = 0; i < 20 && w < size; i++) {
        x = x * 1103515245u + 12345u;
        w += (size_t)snprintf(buf + w, size - w, " %s", vocab[(x >> 16) % 32]);
    }
}

/* n JSONL records {"id":"rK","text":...}, K from 1. Caller frees. */
static char *varied_jsonl(unsigned n)
{
    test_sink s = {0};
    char text[512], line[640];
    for (unsigned k = 1; k <= n; k++) {
        varied_text(k, text, sizeof text);
        int len = snprintf(line, sizeof line, "{\"id\":\"r%u\",\"text\":\"%s\"}\n", k, text);
        test_sink_write(line, (size_t)len, &s);
    }
    return s.buf;
}

#define TEXT_A "Gullhaven council votes to extend the evening ferry timetable through the winter"
#define TEXT_B "A new bakery on Quarry Lane sells rye loaves from six in the morning every day"
#define TEXT_C "Heavy rain closes the riverside footpath near the old granary until further notice"
#define TEXT_D "The museum of lanterns reopens its east wing after two years of careful repairs"

/* ------------------------------------------------------------------------ */
/* JSON Lines: fields and ids                                               */

static void test_jsonl_default_fields(void **state)
{
    fx *f = *state;
    char p[600];
    /* the same text twice: with the default keep policy (earliest first)
     * the canonical tells us which date each record was given */
    put(f, "feed.jsonl",
        "{\"id\":\"late\",\"title\":\"Ferry\",\"published\":\"2026-03-05\","
        "\"source\":\"a.example\",\"url\":\"https://a.example/1\",\"text\":\"" TEXT_A "\"}\n"
        "{\"id\":\"early\",\"title\":\"Ferry\",\"published\":\"2026-03-01T08:00:00Z\","
        "\"text\":\"" TEXT_A "\"}\n"
        "{\"id\":\"by-date\",\"date\":\"2026-02-20\",\"text\":\"" TEXT_A "\"}\n"
        "{\"id\":\"other\",\"text\":\"" TEXT_B "\"}\n",
        p, sizeof p);
    nd_corpus *c = corpus(f, NULL);
    assert_int_equal(nd_corpus_read(c, p, NULL), ND_OK);
    assert_string_equal(nd_corpus_errmsg(c), "");
    assert_int_equal(nd_corpus_count(c), 4);
    assert_int_equal(nd_corpus_skipped(c), 0);
    assert_int_equal(f->n_diags, 0);
    assert_ids(c, "late\nearly\nby-date\nother\n");
    assert_int_equal(nd_corpus_run(c), ND_OK);
    nd_assignment a;
    assert_int_equal(nd_corpus_assignment(c, 0, &a), ND_OK);
    /* "date" is used when "published" is absent: by-date is the earliest */
    assert_string_equal(nd_corpus_id(c, a.canonical), "by-date");
    assert_int_equal(nd_corpus_assignment(c, 3, &a), ND_OK);
    assert_int_equal(a.canonical, 3);
}

static void test_jsonl_published_before_date(void **state)
{
    fx *f = *state;
    char p[600];
    /* "published" wins over "date" when a record has both */
    put(f, "feed.jsonl",
        "{\"id\":\"one\",\"published\":\"2026-03-01\",\"text\":\"" TEXT_A "\"}\n"
        "{\"id\":\"two\",\"published\":\"2026-03-09\",\"date\":\"2026-01-01\","
        "\"text\":\"" TEXT_A "\"}\n",
        p, sizeof p);
    nd_corpus *c = corpus(f, NULL);
    assert_int_equal(nd_corpus_read(c, p, NULL), ND_OK);
    assert_int_equal(nd_corpus_run(c), ND_OK);
    nd_assignment a;
    assert_int_equal(nd_corpus_assignment(c, 1, &a), ND_OK);
    assert_string_equal(nd_corpus_id(c, a.canonical), "one");
}

static void test_jsonl_bad_date_kept(void **state)
{
    fx *f = *state;
    char p[600];
    put(f, "feed.jsonl", "{\"id\":\"x\",\"published\":\"last Tuesday\",\"text\":\"" TEXT_A "\"}\n",
        p, sizeof p);
    nd_corpus *c = corpus(f, NULL);
    assert_int_equal(nd_corpus_read(c, p, NULL), ND_OK);
    assert_int_equal(nd_corpus_count(c), 1);
    assert_int_equal(nd_corpus_skipped(c), 0);
    assert_int_equal(f->n_diags, 1);
    assert_diag(f, 0, ND_EPARSE, p, 1, "unrecognized date 'last Tuesday'");
}

static void test_jsonl_custom_fields(void **state)
{
    fx *f = *state;
    char p[600];
    put(f, "feed.jsonl",
        "{\"uid\":\"u1\",\"body\":\"" TEXT_A "\",\"id\":\"ignored\",\"text\":\"" TEXT_B "\"}\n"
        "{\"uid\":\"u2\",\"body\":\"" TEXT_C "\"}\n",
        p, sizeof p);
    nd_corpus *c = corpus(f, NULL);
    nd_read_options ro = ND_READ_OPTIONS_INIT;
    ro.id_field = "uid";
    ro.text_field = "body";
    assert_int_equal(nd_corpus_read(c, p, &ro), ND_OK);
    assert_int_equal(f->n_diags, 0);
    assert_ids(c, "u1\nu2\n");
}

static void test_jsonl_dotted_paths(void **state)
{
    fx *f = *state;
    char p[600];
    put(f, "feed.jsonl",
        "{\"meta\":{\"id\":\"m1\",\"when\":\"2026-05-02\"},\"body\":{\"text\":\"" TEXT_A "\"}}\n"
        "{\"meta\":{\"id\":\"m2\",\"when\":\"2026-05-01\"},\"body\":{\"text\":\"" TEXT_A "\"}}\n"
        "{\"meta\":{\"id\":\"m3\"},\"body\":{\"lead\":\"" TEXT_B "\"}}\n"
        "{\"meta\":{\"id\":\"m4\"},\"body\":\"" TEXT_C "\"}\n"
        "{\"meta\":\"flat\",\"body\":{\"text\":\"" TEXT_D "\"}}\n"
        "{\"meta\":{\"deep\":{\"id\":\"no\"}},\"body\":{\"text\":{\"more\":1}}}\n",
        p, sizeof p);
    nd_corpus *c = corpus(f, NULL);
    nd_read_options ro = ND_READ_OPTIONS_INIT;
    ro.id_field = "meta.id";
    ro.text_field = "body.text";
    ro.date_field = "meta.when";
    assert_int_equal(nd_corpus_read(c, p, &ro), ND_OK);
    char want[800];
    /* "meta" is a string on line 5, so meta.id is absent: FILE:LINE */
    snprintf(want, sizeof want, "m1\nm2\n%s:5\n", p);
    assert_ids(c, want);
    assert_int_equal(nd_corpus_skipped(c), 3);
    assert_int_equal(f->n_diags, 3);
    assert_diag(f, 0, ND_ENOTFOUND, p, 3, "missing field 'body.text'");
    /* body is a string, so body.text does not exist */
    assert_diag(f, 1, ND_ENOTFOUND, p, 4, "missing field 'body.text'");
    assert_diag(f, 2, ND_EPARSE, p, 6, "field 'body.text' is not a string");
    /* the custom date field decides the canonical */
    assert_int_equal(nd_corpus_run(c), ND_OK);
    nd_assignment a;
    assert_int_equal(nd_corpus_assignment(c, 0, &a), ND_OK);
    assert_string_equal(nd_corpus_id(c, a.canonical), "m2");
}

static void test_jsonl_numeric_ids(void **state)
{
    fx *f = *state;
    char p[600];
    put(f, "feed.jsonl",
        "{\"id\":42,\"text\":\"" TEXT_A "\"}\n"
        "{\"id\":-7,\"text\":\"" TEXT_B "\"}\n"
        "{\"id\":2.5,\"text\":\"" TEXT_C "\"}\n"
        "{\"id\":0,\"text\":\"" TEXT_D "\"}\n"
        "{\"id\":1234567890123,\"text\":\"" TEXT_A " again\"}\n",
        p, sizeof p);
    nd_corpus *c = corpus(f, NULL);
    assert_int_equal(nd_corpus_read(c, p, NULL), ND_OK);
    assert_int_equal(f->n_diags, 0);
    assert_ids(c, "42\n-7\n2.5\n0\n1234567890123\n");
    size_t i;
    assert_int_equal(nd_corpus_find(c, "42", &i), ND_OK);
    assert_int_equal(i, 0);
}

static void test_jsonl_missing_id_uses_file_line(void **state)
{
    fx *f = *state;
    char p[600];
    put(f, "feed.jsonl",
        "{\"text\":\"" TEXT_A "\"}\n"
        "\n"
        "{\"id\":null,\"text\":\"" TEXT_B "\"}\n"
        "{\"id\":true,\"text\":\"" TEXT_C "\"}\n"
        "{\"id\":{\"a\":1},\"text\":\"" TEXT_D "\"}\n"
        "{\"id\":\"kept\",\"text\":\"" TEXT_D " today\"}\n",
        p, sizeof p);
    nd_corpus *c = corpus(f, NULL);
    assert_int_equal(nd_corpus_read(c, p, NULL), ND_OK);
    assert_int_equal(f->n_diags, 0);
    char want[3000];
    snprintf(want, sizeof want, "%s:1\n%s:3\n%s:4\n%s:5\nkept\n", p, p, p, p);
    assert_ids(c, want);

    /* a path longer than a message: the line number still ends each id */
    char name[1200], longp[1400];
    size_t w = 0;
    for (int i = 0; i < 6; i++)
        w += (size_t)snprintf(name + w, sizeof name - w, "%0100d/", i);
    snprintf(name + w, sizeof name - w, "feed.jsonl");
    put(f, name, "{\"text\":\"" TEXT_A "\"}\n{\"text\":\"" TEXT_B "\"}\n", longp,
        sizeof longp);
    assert_true(strlen(longp) > 600);
    c = corpus(f, NULL);
    assert_int_equal(nd_corpus_read(c, longp, NULL), ND_OK);
    char want_long[3000];
    snprintf(want_long, sizeof want_long, "%s:1\n%s:2\n", longp, longp);
    assert_ids(c, want_long);
}

static void test_jsonl_blank_lines_skipped(void **state)
{
    fx *f = *state;
    char p[600];
    put(f, "feed.jsonl",
        "\n"
        "   \n"
        "{\"id\":\"a\",\"text\":\"" TEXT_A "\"}\n"
        "\t \r\n"
        "\r\n"
        "{\"id\":\"b\",\"text\":\"" TEXT_B "\"}\n"
        "{\"id\":\"c\"}\n"
        "\n"
        "\n",
        p, sizeof p);
    nd_corpus *c = corpus(f, NULL);
    assert_int_equal(nd_corpus_read(c, p, NULL), ND_OK);
    assert_ids(c, "a\nb\n");
    /* blank lines say nothing, but still count for line numbers */
    assert_int_equal(f->n_diags, 1);
    assert_int_equal(nd_corpus_skipped(c), 1);
    assert_diag(f, 0, ND_ENOTFOUND, p, 7, "missing field 'text'");
}

static void test_jsonl_only_blank_lines(void **state)
{
    fx *f = *state;
    char p[600];
    put(f, "blank.jsonl", "\n\n  \n\r\n", p, sizeof p);
    nd_corpus *c = corpus(f, NULL);
    assert_int_equal(nd_corpus_read(c, p, NULL), ND_OK);
    assert_int_equal(nd_corpus_count(c), 0);
    assert_int_equal(nd_corpus_skipped(c), 0);
    assert_int_equal(f->n_diags, 0);
}

static void test_jsonl_bom(void **state)
{
    fx *f = *state;
    char p[600], q[600];
    const char *body = "\xEF\xBB\xBF{\"id\":\"first\",\"text\":\"" TEXT_A "\"}\n"
                       "{\"id\":\"second\",\"text\":\"" TEXT_B "\"}\n";
    put(f, "bom.jsonl", body, p, sizeof p);
    /* no telling extension: the format is sniffed past the mark */
    put(f, "bom-feed", body, q, sizeof q);
    nd_corpus *c = corpus(f, NULL);
    assert_int_equal(nd_corpus_read(c, p, NULL), ND_OK);
    assert_int_equal(nd_corpus_read(c, q, NULL), ND_OK);
    assert_int_equal(f->n_diags, 0);
    assert_ids(c, "first\nsecond\nfirst\nsecond\n");
}

/* ------------------------------------------------------------------------ */
/* JSON Lines: bad records                                                  */

static void test_jsonl_broken_json(void **state)
{
    fx *f = *state;
    char p[600];
    put(f, "feed.jsonl",
        "{\"id\":\"a\",\"text\":\"" TEXT_A "\"}\n"
        "{\"id\":\"b\",\"text\":\"" TEXT_B "\"}\n"
        "{\"id\":\"broken\",\"text\":\"cut off before the end\n"
        "{\"id\":\"c\",\"text\":\"" TEXT_C "\"}\n"
        "[\"an\",\"array\"]\n"
        "\"just a string\"\n"
        "{\"id\":\"d\",\"text\":\"" TEXT_D "\"}\n",
        p, sizeof p);
    nd_corpus *c = corpus(f, NULL);
    assert_int_equal(nd_corpus_read(c, p, NULL), ND_OK);
    assert_string_equal(nd_corpus_errmsg(c), "");
    assert_ids(c, "a\nb\nc\nd\n");
    assert_int_equal(nd_corpus_skipped(c), 3);
    assert_int_equal(f->n_diags, 3);
    assert_diag(f, 0, ND_EPARSE, p, 3, "invalid JSON near column");
    assert_diag(f, 1, ND_EPARSE, p, 5, "not a JSON object");
    assert_diag(f, 2, ND_EPARSE, p, 6, "not a JSON object");
}

/* A line holds one JSON value: bytes after the object make it broken JSON,
 * not a record with its tail thrown away. */
static void test_jsonl_trailing_garbage(void **state)
{
    fx *f = *state;
    char p[600];
    put(f, "feed.jsonl",
        "{\"id\":\"a\",\"text\":\"" TEXT_A "\"} trailing words\n"
        "{\"id\":\"b\",\"text\":\"" TEXT_B "\"}}\n"
        "{\"id\":\"c\",\"text\":\"" TEXT_C "\"}{\"id\":\"d\",\"text\":\"" TEXT_D "\"}\n"
        "{\"id\":\"e\",\"text\":\"" TEXT_D "\"}  \r\n",
        p, sizeof p);
    nd_corpus *c = corpus(f, NULL);
    assert_int_equal(nd_corpus_read(c, p, NULL), ND_OK);
    /* trailing white space (and the '\r' of CRLF) is fine */
    assert_ids(c, "e\n");
    assert_int_equal(nd_corpus_skipped(c), 3);
    assert_int_equal(f->n_diags, 3);
    assert_diag(f, 0, ND_EPARSE, p, 1, "text after the JSON object at column");
    assert_diag(f, 1, ND_EPARSE, p, 2, "text after the JSON object at column");
    assert_diag(f, 2, ND_EPARSE, p, 3, "text after the JSON object at column");
}

static void test_jsonl_missing_and_mistyped_text(void **state)
{
    fx *f = *state;
    char p[600];
    put(f, "feed.jsonl",
        "{\"id\":\"no-text\",\"title\":\"Headline only\"}\n"
        "{\"id\":\"num\",\"text\":42}\n"
        "{\"id\":\"null\",\"text\":null}\n"
        "{\"id\":\"arr\",\"text\":[\"" TEXT_A "\"]}\n"
        "{\"id\":\"ok\",\"text\":\"" TEXT_A "\"}\n",
        p, sizeof p);
    nd_corpus *c = corpus(f, NULL);
    assert_int_equal(nd_corpus_read(c, p, NULL), ND_OK);
    assert_ids(c, "ok\n");
    assert_int_equal(nd_corpus_skipped(c), 4);
    assert_int_equal(f->n_diags, 4);
    assert_diag(f, 0, ND_ENOTFOUND, p, 1, "missing field 'text'");
    assert_diag(f, 1, ND_EPARSE, p, 2, "field 'text' is not a string");
    assert_diag(f, 2, ND_EPARSE, p, 3, "field 'text' is not a string");
    assert_diag(f, 3, ND_EPARSE, p, 4, "field 'text' is not a string");
}

static void test_jsonl_missing_custom_text_field(void **state)
{
    fx *f = *state;
    char p[600];
    put(f, "feed.jsonl", "{\"id\":\"x\",\"text\":\"" TEXT_A "\"}\n", p, sizeof p);
    nd_corpus *c = corpus(f, NULL);
    nd_read_options ro = ND_READ_OPTIONS_INIT;
    ro.text_field = "content";
    assert_int_equal(nd_corpus_read(c, p, &ro), ND_OK);
    assert_int_equal(nd_corpus_count(c), 0);
    assert_diag(f, 0, ND_ENOTFOUND, p, 1, "missing field 'content'");
}

static void test_jsonl_invalid_utf8(void **state)
{
    fx *f = *state;
    char p[600];
    put(f, "feed.jsonl",
        "{\"id\":\"a\",\"text\":\"" TEXT_A "\"}\n"
        "{\"id\":\"bad\",\"text\":\"caf\xC3 au lait served at the harbour kiosk from dawn "
        "until the last ferry leaves\"}\n"
        "{\"id\":\"bad-title\",\"title\":\"\xFF\xFE\",\"text\":\"" TEXT_B "\"}\n"
        "{\"id\":\"c\",\"text\":\"" TEXT_C "\"}\n",
        p, sizeof p);
    nd_corpus *c = corpus(f, NULL);
    assert_int_equal(nd_corpus_read(c, p, NULL), ND_OK);
    assert_ids(c, "a\nc\n");
    assert_int_equal(nd_corpus_skipped(c), 2);
    assert_int_equal(f->n_diags, 2);
    assert_diag(f, 0, ND_EUTF8, p, 2, "invalid UTF-8 in field 'text' (byte 3");
    assert_diag(f, 1, ND_EUTF8, p, 3, "invalid UTF-8 in the title");

    nd_options o = ND_OPTIONS_INIT;
    o.repair_utf8 = 1;
    c = corpus(f, &o);
    assert_int_equal(nd_corpus_read(c, p, NULL), ND_OK);
    assert_ids(c, "a\nbad\nbad-title\nc\n");
    assert_int_equal(nd_corpus_skipped(c), 0);
    assert_int_equal(f->n_diags, 0);
}

static void test_jsonl_record_too_long_small(void **state)
{
    fx *f = *state;
    char p[600];
    put(f, "feed.jsonl",
        "{\"id\":\"a\",\"text\":\"" TEXT_A "\"}\n"
        "{\"id\":\"b\",\"text\":\"" TEXT_B " " TEXT_C " " TEXT_D "\"}\n"
        "{\"id\":\"c\",\"text\":\"" TEXT_C "\"}\n",
        p, sizeof p);
    nd_corpus *c = corpus(f, NULL);
    nd_read_options ro = ND_READ_OPTIONS_INIT;
    ro.max_record_bytes = 120;
    assert_int_equal(nd_corpus_read(c, p, &ro), ND_OK);
    assert_ids(c, "a\nc\n");
    assert_int_equal(nd_corpus_skipped(c), 1);
    assert_diag(f, 0, ND_ERANGE, p, 2, "record longer than 120 bytes");
}

static void sink_str(test_sink *s, const char *str)
{
    test_sink_write(str, strlen(str), s);
}

/* A JSONL record of about len bytes: {"id":ID,"text":"word word ..."} */
static void append_long_record(test_sink *s, const char *id, size_t len)
{
    char head[128];
    int n = snprintf(head, sizeof head, "{\"id\":\"%s\",\"text\":\"", id);
    test_sink_write(head, (size_t)n, s);
    for (size_t w = 0; w + 5 < len; w += 5)
        test_sink_write("word ", 5, s);
    test_sink_write("end\"}\n", 6, s);
}

/* A JSONL line of exactly len bytes before its newline. */
static void append_exact_record(test_sink *s, const char *id, size_t len)
{
    char head[128];
    int n = snprintf(head, sizeof head, "{\"id\":\"%s\",\"text\":\"", id);
    size_t filler = len - (size_t)n - 2;
    test_sink_write(head, (size_t)n, s);
    for (size_t w = 0; w < filler; w++)
        test_sink_write(w % 6 == 5 ? " " : "x", 1, s);
    sink_str(s, "\"}\n");
}

/* Lines whose newline falls just before, on or just after the edges of
 * the 64 KiB reads are read whole, plain and gzip alike. */
static void test_jsonl_lines_across_read_edges(void **state)
{
    fx *f = *state;
    static const size_t lens[] = {65534, 65535, 65536, 65537, 131071, 131072, 131073};
    char p[600], gzp[600];
    test_sink s = {0};
    char want[512] = "";
    for (size_t k = 0; k < sizeof lens / sizeof lens[0]; k++) {
        char id[32];
        snprintf(id, sizeof id, "len-%zu", lens[k]);
        append_exact_record(&s, id, lens[k]);
        sink_str(&s, "{\"id\":\"short\",\"text\":\"" TEXT_A "\"}\n");
        size_t w = strlen(want);
        snprintf(want + w, sizeof want - w, "%s\nshort\n", id);
    }
    path_of(f, "edges.jsonl", p, sizeof p);
    write_bytes(p, s.buf, s.len);
    path_of(f, "edges.jsonl.gz", gzp, sizeof gzp);
    write_gzip(gzp, s.buf, s.len);
    free(s.buf);
    const char *paths[2] = {p, gzp};
    for (int k = 0; k < 2; k++) {
        nd_corpus *c = corpus(f, NULL);
        assert_int_equal(nd_corpus_read(c, paths[k], NULL), ND_OK);
        assert_int_equal(f->n_diags, 0);
        assert_ids(c, want);
    }
}

/* Lines longer than the limit that span several 64 KiB reads are dropped
 * as they come, and reading goes on at the next line. */
static void test_jsonl_record_too_long_spanning(void **state)
{
    fx *f = *state;
    char p[600], gzp[600];
    test_sink s = {0};
    append_long_record(&s, "huge-1", 300000);
    sink_str(&s, "{\"id\":\"after-1\",\"text\":\"" TEXT_A "\"}\n");
    append_long_record(&s, "huge-2", 200001);
    append_long_record(&s, "huge-3", 131072);
    sink_str(&s, "{\"id\":\"after-2\",\"text\":\"" TEXT_B "\"}\n");
    sink_str(&s, "{\"text\":\"" TEXT_C "\"}\n");
    append_long_record(&s, "huge-last", 250000);
    s.len--; /* the last line has no newline */
    path_of(f, "long.jsonl", p, sizeof p);
    write_bytes(p, s.buf, s.len);
    path_of(f, "long.jsonl.gz", gzp, sizeof gzp);
    write_gzip(gzp, s.buf, s.len);
    free(s.buf);

    const char *paths[2] = {p, gzp};
    for (int k = 0; k < 2; k++) {
        nd_corpus *c = corpus(f, NULL);
        nd_read_options ro = ND_READ_OPTIONS_INIT;
        ro.max_record_bytes = 100000;
        assert_int_equal(nd_corpus_read(c, paths[k], &ro), ND_OK);
        char want[800];
        snprintf(want, sizeof want, "after-1\nafter-2\n%s:6\n", paths[k]);
        assert_ids(c, want);
        assert_int_equal(nd_corpus_skipped(c), 4);
        assert_int_equal(f->n_diags, 4);
        assert_diag(f, 0, ND_ERANGE, paths[k], 1, "record longer than 100000 bytes");
        assert_diag(f, 1, ND_ERANGE, paths[k], 3, "record longer than 100000 bytes");
        assert_diag(f, 2, ND_ERANGE, paths[k], 4, "record longer than 100000 bytes");
        assert_diag(f, 3, ND_ERANGE, paths[k], 7, "record longer than 100000 bytes");
    }
}

/* A record exactly at the limit is accepted; one byte more is not. */
static void test_jsonl_record_at_limit(void **state)
{
    fx *f = *state;
    char p[600];
    const char *line = "{\"id\":\"a\",\"text\":\"" TEXT_A "\"}";
    size_t n = strlen(line);
    put(f, "feed.jsonl",
        "{\"id\":\"a\",\"text\":\"" TEXT_A "\"}\n{\"id\":\"a\",\"text\":\"" TEXT_A "\"} \n", p,
        sizeof p);
    nd_corpus *c = corpus(f, NULL);
    nd_read_options ro = ND_READ_OPTIONS_INIT;
    ro.max_record_bytes = n;
    assert_int_equal(nd_corpus_read(c, p, &ro), ND_OK);
    assert_int_equal(nd_corpus_count(c), 1);
    assert_diag(f, 0, ND_ERANGE, p, 2, "longer than");
}

/* ------------------------------------------------------------------------ */
/* stop_on_error                                                            */

static void test_stop_on_error(void **state)
{
    fx *f = *state;
    static const struct {
        const char *bad_line;
        int code;
        const char *reason;
    } cases[] = {
        {"{\"id\":\"x\",\"text\":\"no end\n", ND_EPARSE, "invalid JSON near column"},
        {"{\"id\":\"x\"}\n", ND_ENOTFOUND, "missing field 'text'"},
        {"{\"id\":\"x\",\"text\":7}\n", ND_EPARSE, "field 'text' is not a string"},
        {"{\"id\":\"x\",\"text\":\"caf\xC3 noir and more words\"}\n", ND_EUTF8,
         "invalid UTF-8 in field 'text' (byte 3, line 1 of it)"},
        {"{\"id\":\"x\",\"text\":\"" TEXT_B " " TEXT_C "\"}\n", ND_ERANGE,
         "record longer than 150 bytes"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        char p[600], body[1024], want[1200];
        snprintf(body, sizeof body,
                 "{\"id\":\"a\",\"text\":\"" TEXT_A "\"}\n\n%s{\"id\":\"b\",\"text\":\"" TEXT_B
                 "\"}\n{\"id\":\"c\"}\n",
                 cases[k].bad_line);
        put(f, "feed.jsonl", body, p, sizeof p);
        nd_corpus *c = corpus(f, NULL);
        nd_read_options ro = ND_READ_OPTIONS_INIT;
        ro.stop_on_error = 1;
        ro.max_record_bytes = 150;
        assert_int_equal(nd_corpus_read(c, p, &ro), cases[k].code);
        snprintf(want, sizeof want, "%s:3: %s", p, cases[k].reason);
        assert_starts_with(nd_corpus_errmsg(c), want);
        /* what came before is kept; nothing after the bad line is read */
        assert_ids(c, "a\n");
        assert_int_equal(f->n_diags, 0);
    }
}

/* ------------------------------------------------------------------------ */
/* Many batches: lines are parsed on worker threads, a batch at a time       */

#define MANY 5000     /* records: more than two batches of lines */
#define MANY_EVERY 250 /* one line in this many is bad, or warns */

/* Line k (from 1) of the many-records file: every MANY_EVERY-th one is bad
 * in one of four ways, or carries a date that is not understood. */
static int many_kind(unsigned k)
{
    return k % MANY_EVERY == 0 ? (int)(k / MANY_EVERY) % 5 + 1 : 0;
}

static char *many_jsonl(void)
{
    test_sink s = {0};
    char text[512], line[700];
    for (unsigned k = 1; k <= MANY; k++) {
        varied_text(k, text, sizeof text);
        int len;
        switch (many_kind(k)) {
        case 1: len = snprintf(line, sizeof line, "{\"id\":\"r%u\",\"text\":\"cut\n", k); break;
        case 2: len = snprintf(line, sizeof line, "{\"id\":\"r%u\"}\n", k); break;
        case 3:
            len = snprintf(line, sizeof line, "{\"id\":\"r%u\",\"text\":\"bad \xC3 byte\"}\n", k);
            break;
        case 4: len = snprintf(line, sizeof line, "{\"id\":\"r%u\",\"text\":%u}\n", k, k); break;
        case 5:
            len = snprintf(line, sizeof line,
                           "{\"id\":\"r%u\",\"date\":\"someday\",\"text\":\"%s\"}\n", k, text);
            break;
        default:
            len = snprintf(line, sizeof line, "{\"id\":\"r%u\",\"text\":\"%s\"}\n", k, text);
        }
        test_sink_write(line, (size_t)len, &s);
    }
    return s.buf;
}

/* Every thread count takes the same articles and reports the same lines,
 * in input order, though the lines are parsed in batches on workers. */
static void test_jsonl_many_batches_in_order(void **state)
{
    fx *f = *state;
    char p[600];
    char *body = many_jsonl();
    put(f, "many.jsonl", body, p, sizeof p);
    free(body);
    static const int codes[] = {0, ND_EPARSE, ND_ENOTFOUND, ND_EUTF8, ND_EPARSE, ND_EPARSE};
    static const char *const why[] = {"", "invalid JSON", "missing field 'text'",
                                      "invalid UTF-8 in field 'text'", "is not a string",
                                      "unrecognized date 'someday'"};
    /* the expected ids: all but the four kinds of bad line */
    test_sink want = {0};
    test_sink_write("", 0, &want);
    size_t kept = 0;
    for (unsigned k = 1; k <= MANY; k++) {
        int kind = many_kind(k);
        if (kind == 0 || kind == 5) {
            char id[32];
            int len = snprintf(id, sizeof id, "r%u\n", k);
            test_sink_write(id, (size_t)len, &want);
            kept++;
        }
    }
    for (unsigned threads = 1; threads <= 3; threads++) {
        nd_options o = ND_OPTIONS_INIT;
        o.threads = threads;
        nd_corpus *c = corpus(f, &o);
        assert_int_equal(nd_corpus_read(c, p, NULL), ND_OK);
        assert_int_equal(nd_corpus_count(c), kept);
        assert_int_equal(nd_corpus_skipped(c), MANY / MANY_EVERY * 4 / 5);
        assert_ids(c, want.buf);
        assert_int_equal(f->n_diags, MANY / MANY_EVERY);
        for (unsigned i = 0; i < MANY / MANY_EVERY; i++) {
            unsigned k = (i + 1) * MANY_EVERY;
            assert_diag(f, i, codes[many_kind(k)], p, k, why[many_kind(k)]);
        }
        assert_int_equal(nd_corpus_run(c), ND_OK);
    }
    free(want.buf);
}

/* stop_on_error deep inside a later batch: the articles before the bad
 * line are taken, none after it. */
static void test_jsonl_many_stop_on_error(void **state)
{
    fx *f = *state;
    char p[600], want[700];
    test_sink s = {0};
    char text[512], line[700];
    for (unsigned k = 1; k <= MANY; k++) {
        varied_text(k, text, sizeof text);
        int len = k == 3001 ? snprintf(line, sizeof line, "{\"id\":\"r%u\"}\n", k)
                            : snprintf(line, sizeof line, "{\"id\":\"r%u\",\"text\":\"%s\"}\n",
                                       k, text);
        test_sink_write(line, (size_t)len, &s);
    }
    put(f, "many.jsonl", s.buf, p, sizeof p);
    free(s.buf);
    for (unsigned threads = 1; threads <= 2; threads++) {
        nd_options o = ND_OPTIONS_INIT;
        o.threads = threads;
        nd_corpus *c = corpus(f, &o);
        nd_read_options ro = ND_READ_OPTIONS_INIT;
        ro.stop_on_error = 1;
        assert_int_equal(nd_corpus_read(c, p, &ro), ND_ENOTFOUND);
        snprintf(want, sizeof want, "%s:3001: missing field 'text'", p);
        assert_string_equal(nd_corpus_errmsg(c), want);
        assert_int_equal(nd_corpus_count(c), 3000);
        assert_string_equal(nd_corpus_id(c, 2999), "r3000");
        assert_int_equal(f->n_diags, 0);
    }
}

/* Texts added by hand before and after a JSON Lines input keep their
 * places around its records. */
static void test_jsonl_between_added_texts(void **state)
{
    fx *f = *state;
    char p[600];
    put(f, "feed.jsonl",
        "{\"id\":\"j1\",\"text\":\"" TEXT_B "\"}\n{\"id\":\"j2\",\"text\":\"" TEXT_C "\"}\n", p,
        sizeof p);
    nd_corpus *c = corpus(f, NULL);
    nd_article a = {"before", TEXT_A, strlen(TEXT_A), NULL, NULL, NULL, NULL};
    assert_int_equal(nd_corpus_add(c, &a), ND_OK);
    assert_int_equal(nd_corpus_read(c, p, NULL), ND_OK);
    a.id = "after"; /* a copy of the first: both must have been tokenized */
    assert_int_equal(nd_corpus_add(c, &a), ND_OK);
    assert_ids(c, "before\nj1\nj2\nafter\n");
    assert_int_equal(nd_corpus_run(c), ND_OK);
    static const size_t canonical[] = {0, 1, 2, 0};
    nd_assignment as;
    for (size_t i = 0; i < 4; i++) {
        assert_int_equal(nd_corpus_assignment(c, i, &as), ND_OK);
        assert_int_equal(as.canonical, canonical[i]);
    }
}

/* ------------------------------------------------------------------------ */
/* gzip                                                                     */

static void test_gzip_same_as_plain(void **state)
{
    fx *f = *state;
    char p[600], gzp[600], odd[600], bare[600];
    char *body = varied_jsonl(50);
    put(f, "feed.jsonl", body, p, sizeof p);
    path_of(f, "feed.jsonl.gz", gzp, sizeof gzp);
    write_gzip(gzp, body, strlen(body));
    /* gzip is found by content too, whatever the name says */
    path_of(f, "feed-gz.jsonl", odd, sizeof odd);
    write_gzip(odd, body, strlen(body));
    path_of(f, "feed-bare", bare, sizeof bare);
    write_gzip(bare, body, strlen(body));
    free(body);

    nd_corpus *c = corpus(f, NULL);
    assert_int_equal(nd_corpus_read(c, p, NULL), ND_OK);
    char *plain = ids(c);
    assert_int_equal(nd_corpus_count(c), 50);
    const char *others[3] = {gzp, odd, bare};
    for (int k = 0; k < 3; k++) {
        c = corpus(f, NULL);
        assert_int_equal(nd_corpus_read(c, others[k], NULL), ND_OK);
        assert_int_equal(f->n_diags, 0);
        assert_ids(c, plain);
    }
    free(plain);
}

static void test_gzip_concatenated_members(void **state)
{
    fx *f = *state;
    char gzp[600], part[600];
    const char *one = "{\"id\":\"m1\",\"text\":\"" TEXT_A "\"}\n";
    const char *two = "{\"id\":\"m2\",\"text\":\"" TEXT_B "\"}\n";
    path_of(f, "feed.jsonl.gz", gzp, sizeof gzp);
    path_of(f, "part.gz", part, sizeof part);
    write_gzip(gzp, one, strlen(one));
    write_gzip(part, two, strlen(two));
    size_t b_len = 0;
    char *b = test_slurp(part, &b_len);
    assert_non_null(b);
    FILE *fp = fopen(gzp, "ab");
    assert_non_null(fp);
    assert_int_equal(fwrite(b, 1, b_len, fp), b_len);
    assert_int_equal(fclose(fp), 0);
    free(b);
    nd_corpus *c = corpus(f, NULL);
    assert_int_equal(nd_corpus_read(c, gzp, NULL), ND_OK);
    assert_ids(c, "m1\nm2\n");
}

static void test_gzip_empty(void **state)
{
    fx *f = *state;
    char gzp[600];
    path_of(f, "none.jsonl.gz", gzp, sizeof gzp);
    write_gzip(gzp, "", 0);
    nd_corpus *c = corpus(f, NULL);
    assert_int_equal(nd_corpus_read(c, gzp, NULL), ND_OK);
    assert_int_equal(nd_corpus_count(c), 0);
    assert_int_equal(f->n_diags, 0);
}

/* A gzip file of stored (uncompressed) deflate blocks of block bytes
 * each, written by hand so that the damage can be placed exactly: the
 * lengths of block bad (0-based) do not match, which inflate rejects. */
static void write_stored_gzip(const char *path, const char *data, size_t len, size_t block,
                              size_t bad)
{
    static const unsigned char head[10] = {0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3};
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    assert_true(block > 0 && block < 65536);
    fwrite(head, 1, sizeof head, fp);
    for (size_t at = 0, k = 0; at < len; at += block, k++) {
        size_t n = len - at < block ? len - at : block;
        unsigned nlen = k == bad ? (unsigned)n : ~(unsigned)n & 0xFFFFu;
        unsigned char h[5] = {at + n >= len ? 1 : 0, (unsigned char)(n & 0xFF),
                              (unsigned char)(n >> 8), (unsigned char)(nlen & 0xFF),
                              (unsigned char)(nlen >> 8)};
        fwrite(h, 1, sizeof h, fp);
        fwrite(data + at, 1, n, fp);
    }
    uLong crc = crc32(0L, (const Bytef *)data, (uInt)len);
    unsigned char tail[8];
    for (int i = 0; i < 4; i++) {
        tail[i] = (unsigned char)(crc >> (8 * i));
        tail[4 + i] = (unsigned char)(len >> (8 * i));
    }
    fwrite(tail, 1, sizeof tail, fp);
    assert_int_equal(fclose(fp), 0);
}

/* How many complete lines inflate decodes from the start of a gzip file
 * before the stream ends or the damage stops it. */
static size_t decodable_lines(const char *path)
{
    size_t len = 0;
    char *gz = test_slurp(path, &len);
    assert_non_null(gz);
    z_stream zs;
    memset(&zs, 0, sizeof zs);
    assert_int_equal(inflateInit2(&zs, 16 + MAX_WBITS), Z_OK);
    zs.next_in = (Bytef *)gz;
    zs.avail_in = (uInt)len;
    static unsigned char out[1 << 16];
    size_t lines = 0;
    int ret;
    do {
        zs.next_out = out;
        zs.avail_out = sizeof out;
        ret = inflate(&zs, Z_NO_FLUSH);
        for (size_t i = 0; i < sizeof out - zs.avail_out; i++)
            lines += out[i] == '\n';
    } while (ret == Z_OK);
    inflateEnd(&zs);
    free(gz);
    return lines;
}

static void test_gzip_truncated(void **state)
{
    fx *f = *state;
    char gzp[600];
    char *body = varied_jsonl(400);
    path_of(f, "feed.jsonl.gz", gzp, sizeof gzp);
    write_gzip(gzp, body, strlen(body));
    free(body);
    size_t size = file_size(gzp);
    cut_file(gzp, size - size * 2 / 5);

    nd_corpus *c = corpus(f, NULL);
    assert_int_equal(nd_corpus_read(c, gzp, NULL), ND_ECORRUPT);
    const char *msg = nd_corpus_errmsg(c);
    assert_starts_with(msg, gzp);
    assert_contains(msg, "truncated or corrupt gzip");
    /* the complete records before the damage, and only those */
    size_t n = nd_corpus_count(c);
    assert_true(n > 50 && n < 400);
    assert_int_equal(n, decodable_lines(gzp));
    for (size_t i = 0; i < n; i++) {
        char want[32];
        snprintf(want, sizeof want, "r%zu", i + 1);
        assert_string_equal(nd_corpus_id(c, i), want);
    }
    /* the line named is the first one not read */
    char where[700];
    snprintf(where, sizeof where, "%s:%zu: ", gzp, n + 1);
    assert_starts_with(msg, where);
    assert_int_equal(f->n_diags, 0);
    /* what was kept can still be run */
    assert_int_equal(nd_corpus_run(c), ND_OK);
    assert_int_equal(nd_corpus_group_count(c), n);
}

static void test_gzip_trailer_missing(void **state)
{
    fx *f = *state;
    char gzp[600];
    char *body = varied_jsonl(30);
    path_of(f, "feed.jsonl.gz", gzp, sizeof gzp);
    write_gzip(gzp, body, strlen(body));
    free(body);
    /* every record is whole, but the CRC and length are gone */
    cut_file(gzp, file_size(gzp) - 8);
    nd_corpus *c = corpus(f, NULL);
    assert_int_equal(nd_corpus_read(c, gzp, NULL), ND_ECORRUPT);
    assert_starts_with(nd_corpus_errmsg(c), gzp);
    assert_int_equal(nd_corpus_count(c), 30);
}

static void test_gzip_corrupt(void **state)
{
    fx *f = *state;
    char gzp[600];
    char *body = varied_jsonl(3000);
    size_t len = strlen(body);
    path_of(f, "feed.jsonl.gz", gzp, sizeof gzp);
    /* the damage sits about 320 KB in; everything before it is sound */
    write_stored_gzip(gzp, body, len, 40000, 8);
    size_t before = 0;
    for (size_t i = 0; i < 8 * 40000; i++)
        before += body[i] == '\n';
    free(body);
    assert_int_equal(decodable_lines(gzp), before);

    nd_corpus *c = corpus(f, NULL);
    assert_int_equal(nd_corpus_read(c, gzp, NULL), ND_ECORRUPT);
    const char *msg = nd_corpus_errmsg(c);
    assert_contains(msg, "truncated or corrupt gzip");
    assert_int_equal(f->n_diags, 0);
    /* every complete record before the damage is kept, and the message
     * names the first line that could not be read */
    char where[700];
    snprintf(where, sizeof where, "%s:%zu: ", gzp, before + 1);
    assert_starts_with(msg, where);
    assert_int_equal(nd_corpus_count(c), before);
    for (size_t i = 0; i < nd_corpus_count(c); i++) {
        char want[32];
        snprintf(want, sizeof want, "r%zu", i + 1);
        assert_string_equal(nd_corpus_id(c, i), want);
    }
}

/* Bytes changed in the middle of a compressed stream: whatever inflate
 * makes of them, the read ends in ND_ECORRUPT, never in silence. */
static void test_gzip_garbled(void **state)
{
    fx *f = *state;
    char gzp[600];
    char *body = varied_jsonl(400);
    path_of(f, "feed.jsonl.gz", gzp, sizeof gzp);
    write_gzip(gzp, body, strlen(body));
    free(body);
    size_t len = 0;
    char *all = test_slurp(gzp, &len);
    assert_non_null(all);
    for (size_t i = len / 2; i < len / 2 + 16; i++)
        all[i] = (char)(all[i] ^ 0x5A);
    write_bytes(gzp, all, len);
    free(all);
    nd_corpus *c = corpus(f, NULL);
    assert_int_equal(nd_corpus_read(c, gzp, NULL), ND_ECORRUPT);
    assert_starts_with(nd_corpus_errmsg(c), gzp);
    assert_contains(nd_corpus_errmsg(c), "truncated or corrupt gzip");
    assert_true(nd_corpus_count(c) < 400);
}

static void test_gzip_truncated_stop_on_error(void **state)
{
    fx *f = *state;
    char gzp[600];
    char *body = varied_jsonl(400);
    path_of(f, "feed.jsonl.gz", gzp, sizeof gzp);
    write_gzip(gzp, body, strlen(body));
    free(body);
    cut_file(gzp, file_size(gzp) / 2);
    nd_corpus *c = corpus(f, NULL);
    nd_read_options ro = ND_READ_OPTIONS_INIT;
    ro.stop_on_error = 1;
    assert_int_equal(nd_corpus_read(c, gzp, &ro), ND_ECORRUPT);
    assert_starts_with(nd_corpus_errmsg(c), gzp);
}

/* ------------------------------------------------------------------------ */
/* Paths, folders, text files                                               */

static void test_nonexistent_path(void **state)
{
    fx *f = *state;
    char p[600];
    path_of(f, "no-such-feed.jsonl", p, sizeof p);
    nd_corpus *c = corpus(f, NULL);
    assert_int_equal(nd_corpus_read(c, p, NULL), ND_EIO);
    assert_starts_with(nd_corpus_errmsg(c), p);
    assert_int_equal(nd_corpus_count(c), 0);
    assert_int_equal(f->n_diags, 0);
    /* the corpus is still usable */
    put(f, "ok.jsonl", "{\"id\":\"a\",\"text\":\"" TEXT_A "\"}\n", p, sizeof p);
    assert_int_equal(nd_corpus_read(c, p, NULL), ND_OK);
    assert_string_equal(nd_corpus_errmsg(c), "");
    assert_ids(c, "a\n");
}

static void test_bad_read_options(void **state)
{
    fx *f = *state;
    char p[600];
    put(f, "ok.jsonl", "{\"id\":\"a\",\"text\":\"" TEXT_A "\"}\n", p, sizeof p);
    nd_corpus *c = corpus(f, NULL);
    nd_read_options ro = ND_READ_OPTIONS_INIT;
    ro.version = 99;
    assert_int_equal(nd_corpus_read(c, p, &ro), ND_EINVAL);
    assert_int_equal(nd_corpus_read(NULL, p, NULL), ND_EINVAL);
    assert_int_equal(nd_corpus_read(c, NULL, NULL), ND_EINVAL);
    assert_int_equal(nd_corpus_count(c), 0);
}

static void test_folder(void **state)
{
    fx *f = *state;
    char p[600], root[600];
    put(f, "news/b.txt", TEXT_B "\n", p, sizeof p);
    put(f, "news/a.txt", TEXT_A "\n\nA second paragraph follows here.\n", p, sizeof p);
    put(f, "news/Z.txt", TEXT_C, p, sizeof p);
    put(f, "news/x.txt", TEXT_D, p, sizeof p);
    put(f, "news/x-y.md", TEXT_D " at noon", p, sizeof p);
    put(f, "news/x/one.txt", TEXT_A " in spring", p, sizeof p);
    put(f, "news/x/deeper/two.text", TEXT_B " in autumn", p, sizeof p);
    put(f, "news/notes", "{\"id\":\"looks-like-json\",\"text\":\"but folders hold text\"}", p,
        sizeof p);
    put(f, "news/feed.jsonl",
        "{\"id\":\"j1\",\"text\":\"" TEXT_C " again\"}\n"
        "{\"id\":\"j2\",\"text\":\"" TEXT_D " again\"}\n",
        p, sizeof p);
    path_of(f, "news/zipped.txt.gz", p, sizeof p);
    write_gzip(p, TEXT_A " by wire", strlen(TEXT_A " by wire"));
    path_of(f, "news/zipped.jsonl.gz", p, sizeof p);
    const char *zl = "{\"id\":\"z1\",\"text\":\"" TEXT_B " by wire\"}\n";
    write_gzip(p, zl, strlen(zl));
    /* hidden entries are skipped, files and folders alike */
    put(f, "news/.hidden.txt", TEXT_A, p, sizeof p);
    put(f, "news/.cache/c.txt", TEXT_A, p, sizeof p);
    put(f, "news/x/.swp", "\xFF\xFF not even text", p, sizeof p);
    mkdir(path_of(f, "news/empty-folder", p, sizeof p), 0700);

    nd_corpus *c = corpus(f, NULL);
    path_of(f, "news", root, sizeof root);
    assert_int_equal(nd_corpus_read(c, root, NULL), ND_OK);
    assert_int_equal(f->n_diags, 0);
    assert_int_equal(nd_corpus_skipped(c), 0);
    /* byte order of the relative paths: 'Z' < 'a', '-' < '.' < '/' */
    assert_ids(c, "Z.txt\n"
                  "a.txt\n"
                  "b.txt\n"
                  "j1\nj2\n"
                  "notes\n"
                  "x-y.md\n"
                  "x.txt\n"
                  "x/deeper/two.text\n"
                  "x/one.txt\n"
                  "z1\n"
                  "zipped.txt.gz\n");

    /* a trailing slash on the folder changes nothing */
    c = corpus(f, NULL);
    char slash[610];
    snprintf(slash, sizeof slash, "%s/", root);
    assert_int_equal(nd_corpus_read(c, slash, NULL), ND_OK);
    assert_int_equal(nd_corpus_count(c), 12);
    assert_string_equal(nd_corpus_id(c, 0), "Z.txt");
    assert_string_equal(nd_corpus_id(c, 8), "x/deeper/two.text");
}

/* A symbolic link back to an enclosing folder must not make the walk read
 * the same files again under longer and longer names. (With two such
 * links in one folder the walk would branch at every level; this test
 * keeps to one so that it fails quickly instead of running for ever.) */
static void test_folder_symlink_loop(void **state)
{
    fx *f = *state;
    char p[600], link[600], root[600];
    put(f, "news/a.txt", TEXT_A, p, sizeof p);
    path_of(f, "news/again", link, sizeof link);
    assert_int_equal(symlink(".", link), 0);
    nd_corpus *c = corpus(f, NULL);
    assert_int_equal(nd_corpus_read(c, path_of(f, "news", root, sizeof root), NULL), ND_OK);
    assert_int_equal(nd_corpus_count(c), 1);
    assert_ids(c, "a.txt\n");
}

static void test_folder_bad_files(void **state)
{
    fx *f = *state;
    char p[600], bad[600], gz[600], root[600];
    put(f, "news/a.txt", TEXT_A, p, sizeof p);
    put(f, "news/b.txt", "Kaffee und Kuchen \xC3\x28 at the harbour kiosk", bad, sizeof bad);
    path_of(f, "news/c.jsonl.gz", gz, sizeof gz);
    char *body = varied_jsonl(300);
    write_gzip(gz, body, strlen(body));
    free(body);
    cut_file(gz, file_size(gz) / 2);
    put(f, "news/d.txt", TEXT_D, p, sizeof p);

    nd_corpus *c = corpus(f, NULL);
    path_of(f, "news", root, sizeof root);
    /* one bad file in a folder loses only that file (or what of it is
     * damaged) */
    assert_int_equal(nd_corpus_read(c, root, NULL), ND_OK);
    assert_int_equal(f->n_diags, 2);
    assert_diag(f, 0, ND_EUTF8, bad, 0, "invalid UTF-8 in the file (byte 18, line 1 of it)");
    assert_int_equal(f->diags[1].code, ND_ECORRUPT);
    assert_contains(f->diags[1].message, gz);
    assert_string_equal(nd_corpus_id(c, 0), "a.txt");
    size_t n = nd_corpus_count(c);
    assert_true(n > 3);
    assert_string_equal(nd_corpus_id(c, 1), "r1");
    assert_string_equal(nd_corpus_id(c, n - 1), "d.txt");
    assert_int_equal(nd_corpus_skipped(c), 2);

    /* with stop_on_error the first bad file fails the read */
    c = corpus(f, NULL);
    nd_read_options ro = ND_READ_OPTIONS_INIT;
    ro.stop_on_error = 1;
    assert_int_equal(nd_corpus_read(c, root, &ro), ND_EUTF8);
    char want[700];
    snprintf(want, sizeof want, "%s: invalid UTF-8 in the file (byte 18, line 1 of it)", bad);
    assert_string_equal(nd_corpus_errmsg(c), want);
    assert_ids(c, "a.txt\n");
}

static void test_text_file(void **state)
{
    fx *f = *state;
    char p[600], q[600], r[600];
    put(f, "story.txt", TEXT_A "\n\n" TEXT_B "\n", p, sizeof p);
    put(f, "story-plain", TEXT_C "\n", q, sizeof q);
    put(f, "bad.txt", "line one is fine\nline two has \xFF in it\n", r, sizeof r);
    nd_corpus *c = corpus(f, NULL);
    assert_int_equal(nd_corpus_read(c, p, NULL), ND_OK);
    assert_int_equal(nd_corpus_read(c, q, NULL), ND_OK);
    /* a bad text file is skipped with a diag naming it */
    assert_int_equal(nd_corpus_read(c, r, NULL), ND_OK);
    char want[2000];
    snprintf(want, sizeof want, "%s\n%s\n", p, q);
    assert_ids(c, want);
    assert_int_equal(nd_corpus_skipped(c), 1);
    assert_int_equal(f->n_diags, 1);
    assert_diag(f, 0, ND_EUTF8, r, 0, "invalid UTF-8 in the file (byte 30, line 2 of it)");

    /* repaired when asked */
    nd_options o = ND_OPTIONS_INIT;
    o.repair_utf8 = 1;
    c = corpus(f, &o);
    assert_int_equal(nd_corpus_read(c, r, NULL), ND_OK);
    assert_int_equal(nd_corpus_count(c), 1);
    assert_int_equal(f->n_diags, 0);
}

static void test_text_file_too_long(void **state)
{
    fx *f = *state;
    char p[600];
    test_sink s = {0};
    for (int i = 0; i < 30000; i++)
        test_sink_write("tide ", 5, &s);
    path_of(f, "long.txt", p, sizeof p);
    write_bytes(p, s.buf, s.len);
    free(s.buf);
    nd_corpus *c = corpus(f, NULL);
    nd_read_options ro = ND_READ_OPTIONS_INIT;
    ro.max_record_bytes = 100000;
    assert_int_equal(nd_corpus_read(c, p, &ro), ND_OK);
    assert_int_equal(nd_corpus_count(c), 0);
    assert_diag(f, 0, ND_ERANGE, p, 0, "article longer than 100000 bytes");
}

/* The size limit holds whether the format comes from the name or from
 * sniffing the content: a file of nothing but blank lines, longer than the
 * limit, is one text article that is too long either way. */
static void test_sniffed_file_too_long(void **state)
{
    fx *f = *state;
    char named[600], sniffed[600];
    test_sink s = {0};
    for (int i = 0; i < 75000; i++)
        sink_str(&s, " \n");
    path_of(f, "blank.txt", named, sizeof named);
    write_bytes(named, s.buf, s.len);
    path_of(f, "blank-feed", sniffed, sizeof sniffed);
    write_bytes(sniffed, s.buf, s.len);
    free(s.buf);
    nd_read_options ro = ND_READ_OPTIONS_INIT;
    ro.max_record_bytes = 100000;
    const char *paths[2] = {named, sniffed};
    for (int k = 0; k < 2; k++) {
        nd_corpus *c = corpus(f, NULL);
        assert_int_equal(nd_corpus_read(c, paths[k], &ro), ND_OK);
        assert_int_equal(nd_corpus_count(c), 0);
        assert_int_equal(f->n_diags, 1);
        assert_diag(f, 0, ND_ERANGE, paths[k], 0, "article longer than 100000 bytes");
    }
}

static void test_format_override(void **state)
{
    fx *f = *state;
    char p[600], q[600];
    put(f, "feed.jsonl", "{\"id\":\"a\",\"text\":\"" TEXT_A "\"}\n", p, sizeof p);
    put(f, "feed.txt", "{\"id\":\"b\",\"text\":\"" TEXT_B "\"}\n", q, sizeof q);
    nd_corpus *c = corpus(f, NULL);
    nd_read_options ro = ND_READ_OPTIONS_INIT;
    ro.format = ND_FORMAT_TEXT;
    assert_int_equal(nd_corpus_read(c, p, &ro), ND_OK);
    ro.format = ND_FORMAT_JSONL;
    assert_int_equal(nd_corpus_read(c, q, &ro), ND_OK);
    /* by name alone the .txt is one text article */
    assert_int_equal(nd_corpus_read(c, q, NULL), ND_OK);
    char want[2000];
    snprintf(want, sizeof want, "%s\nb\n%s\n", p, q);
    assert_ids(c, want);
}

static void test_empty_files(void **state)
{
    fx *f = *state;
    char p[600], q[600];
    put(f, "empty.jsonl", "", p, sizeof p);
    put(f, "empty.ndjson", "", q, sizeof q);
    nd_corpus *c = corpus(f, NULL);
    assert_int_equal(nd_corpus_read(c, p, NULL), ND_OK);
    assert_int_equal(nd_corpus_read(c, q, NULL), ND_OK);
    assert_int_equal(nd_corpus_count(c), 0);
    assert_int_equal(nd_corpus_skipped(c), 0);
    assert_int_equal(f->n_diags, 0);
    assert_string_equal(nd_corpus_errmsg(c), "");
    assert_int_equal(nd_corpus_run(c), ND_OK);
    assert_int_equal(nd_corpus_group_count(c), 0);
    test_sink s = {0};
    assert_int_equal(nd_corpus_write_assignments(c, test_sink_write, &s), ND_OK);
    assert_int_equal(s.len, 0);
    free(s.buf);
}

static void test_empty_text_file(void **state)
{
    fx *f = *state;
    char p[600];
    /* a text file is one article, even an empty one: like an article with
     * no words given to nd_corpus_add, it is kept as a group of its own */
    put(f, "empty.txt", "", p, sizeof p);
    nd_corpus *c = corpus(f, NULL);
    assert_int_equal(nd_corpus_read(c, p, NULL), ND_OK);
    assert_int_equal(nd_corpus_count(c), 1);
    assert_int_equal(f->n_diags, 0);
    assert_int_equal(nd_corpus_run(c), ND_OK);
    assert_int_equal(nd_corpus_group_count(c), 1);
}

/* Read path as if it were standard input. */
static int read_as_stdin(nd_corpus *c, const char *path, const nd_read_options *ro)
{
    int saved = dup(STDIN_FILENO);
    assert_true(saved >= 0);
    int fd = open(path, O_RDONLY);
    assert_true(fd >= 0);
    assert_true(dup2(fd, STDIN_FILENO) >= 0);
    close(fd);
    int err = nd_corpus_read(c, "-", ro);
    assert_true(dup2(saved, STDIN_FILENO) >= 0);
    close(saved);
    return err;
}

static void test_stdin(void **state)
{
    fx *f = *state;
    char p[600], gzp[600];
    const char *body = "{\"id\":\"s1\",\"text\":\"" TEXT_A "\"}\n"
                       "{\"text\":\"" TEXT_B "\"}\n"
                       "{\"id\":\"s3\"}\n";
    put(f, "in.jsonl", body, p, sizeof p);
    path_of(f, "in.jsonl.gz", gzp, sizeof gzp);
    write_gzip(gzp, body, strlen(body));
    const char *paths[2] = {p, gzp};
    for (int k = 0; k < 2; k++) {
        nd_corpus *c = corpus(f, NULL);
        assert_int_equal(read_as_stdin(c, paths[k], NULL), ND_OK);
        assert_ids(c, "s1\n-:2\n");
        assert_int_equal(f->n_diags, 1);
        assert_diag(f, 0, ND_ENOTFOUND, "-", 3, "missing field 'text'");
    }
    /* with a format given, standard input can be one text article */
    nd_corpus *c = corpus(f, NULL);
    nd_read_options ro = ND_READ_OPTIONS_INIT;
    ro.format = ND_FORMAT_TEXT;
    assert_int_equal(read_as_stdin(c, p, &ro), ND_OK);
    assert_ids(c, "-\n");
    /* without one, text is recognized by its first byte */
    put(f, "in.txt", "\n\n" TEXT_C "\n", p, sizeof p);
    c = corpus(f, NULL);
    assert_int_equal(read_as_stdin(c, p, NULL), ND_OK);
    assert_ids(c, "-\n");
    assert_int_equal(f->n_diags, 0);
}

/* A record skipped for any reason leaves the read successful, and a
 * successful call has no error message. */
static void test_errmsg_empty_after_success(void **state)
{
    fx *f = *state;
    char p[600], root[600], gz[600];
    put(f, "feed.jsonl",
        "{\"id\":\"a\",\"text\":\"" TEXT_A "\"}\n"
        "{\"id\":\"bad\",\"text\":\"caf\xC3 noir\"}\n",
        p, sizeof p);
    nd_corpus *c = corpus(f, NULL);
    assert_int_equal(nd_corpus_read(c, p, NULL), ND_OK);
    assert_int_equal(f->n_diags, 1);
    assert_string_equal(nd_corpus_errmsg(c), "");

    put(f, "news/a.txt", TEXT_A, p, sizeof p);
    path_of(f, "news/b.jsonl.gz", gz, sizeof gz);
    char *body = varied_jsonl(300);
    write_gzip(gz, body, strlen(body));
    free(body);
    cut_file(gz, file_size(gz) / 2);
    c = corpus(f, NULL);
    assert_int_equal(nd_corpus_read(c, path_of(f, "news", root, sizeof root), NULL), ND_OK);
    assert_int_equal(f->n_diags, 1);
    assert_string_equal(nd_corpus_errmsg(c), "");
}

/* ------------------------------------------------------------------------ */
/* Raw records and call order                                               */

static void test_keep_raw_dedup_bytes(void **state)
{
    fx *f = *state;
    char p[600];
    /* odd spacing, escapes, key order, CRLF, a BOM, and no final newline */
    const char *input =
        "\xEF\xBB\xBF{ \"id\" : \"a\", \"date\":\"2026-01-01\", \"text\":\"" TEXT_A "\" }\n"
        "{\"text\":\"" TEXT_B " \\u00e9t\\u00e9\",\"id\":\"b\",\"extra\":[1,2,{\"k\":null}]}\r\n"
        "\n"
        "{\"id\":\"a-copy\",\"published\":\"2030-01-01\",\"text\":\"" TEXT_A "\"}\n"
        "{\"id\":\"bad\"}\n"
        "{\"id\":\"c\",\"text\":\"" TEXT_C "\"}\t\r\n"
        "{\"id\":\"d\",\"text\":\"" TEXT_D "\"}";
    const char *want =
        "{ \"id\" : \"a\", \"date\":\"2026-01-01\", \"text\":\"" TEXT_A "\" }\n"
        "{\"text\":\"" TEXT_B " \\u00e9t\\u00e9\",\"id\":\"b\",\"extra\":[1,2,{\"k\":null}]}\r\n"
        "{\"id\":\"c\",\"text\":\"" TEXT_C "\"}\t\r\n"
        "{\"id\":\"d\",\"text\":\"" TEXT_D "\"}\n";
    put(f, "feed.jsonl", input, p, sizeof p);
    nd_corpus *c = corpus(f, NULL);
    nd_read_options ro = ND_READ_OPTIONS_INIT;
    ro.keep_raw = 1;
    assert_int_equal(nd_corpus_read(c, p, &ro), ND_OK);
    assert_ids(c, "a\nb\na-copy\nc\nd\n");
    assert_int_equal(nd_corpus_run(c), ND_OK);
    test_sink s = {0};
    assert_int_equal(nd_corpus_write_dedup(c, test_sink_write, &s), ND_OK);
    /* the record bytes as read: a CRLF line keeps its '\r', the byte
     * order mark is not part of the record, and every line ends in '\n' */
    assert_non_null(s.buf);
    assert_int_equal(s.len, strlen(want));
    assert_memory_equal(s.buf, want, s.len);
    free(s.buf);
}

static void test_dedup_needs_keep_raw(void **state)
{
    fx *f = *state;
    char p[600];
    put(f, "feed.jsonl", "{\"id\":\"a\",\"text\":\"" TEXT_A "\"}\n", p, sizeof p);
    nd_corpus *c = corpus(f, NULL);
    assert_int_equal(nd_corpus_read(c, p, NULL), ND_OK);
    assert_int_equal(nd_corpus_run(c), ND_OK);
    test_sink s = {0};
    assert_int_equal(nd_corpus_write_dedup(c, test_sink_write, &s), ND_ESTATE);
    assert_int_equal(s.len, 0);
    free(s.buf);
}

static void test_dedup_text_files(void **state)
{
    fx *f = *state;
    char root[600], p[600];
    put(f, "d/one.txt", "Quote \"marks\" and a\nnew line in " TEXT_A, p, sizeof p);
    nd_corpus *c = corpus(f, NULL);
    nd_read_options ro = ND_READ_OPTIONS_INIT;
    ro.keep_raw = 1;
    assert_int_equal(nd_corpus_read(c, path_of(f, "d", root, sizeof root), &ro), ND_OK);
    assert_int_equal(nd_corpus_run(c), ND_OK);
    test_sink s = {0};
    assert_int_equal(nd_corpus_write_dedup(c, test_sink_write, &s), ND_OK);
    assert_string_equal(s.buf, "{\"id\":\"one.txt\",\"text\":\"Quote \\\"marks\\\" and a\\nnew "
                               "line in " TEXT_A "\"}\n");
    free(s.buf);
}

static void test_read_after_run(void **state)
{
    fx *f = *state;
    char p[600];
    put(f, "feed.jsonl", "{\"id\":\"a\",\"text\":\"" TEXT_A "\"}\n", p, sizeof p);
    nd_corpus *c = corpus(f, NULL);
    assert_int_equal(nd_corpus_read(c, p, NULL), ND_OK);
    assert_int_equal(nd_corpus_run(c), ND_OK);
    assert_int_equal(nd_corpus_read(c, p, NULL), ND_ESTATE);
    assert_true(nd_corpus_errmsg(c)[0] != '\0');
    assert_int_equal(nd_corpus_count(c), 1);
    assert_int_equal(f->n_diags, 0);
    /* the results are untouched */
    assert_int_equal(nd_corpus_group_count(c), 1);
    assert_string_equal(nd_corpus_id(c, 0), "a");
}

static void test_several_inputs_in_order(void **state)
{
    fx *f = *state;
    char p[600], q[600], r[600];
    put(f, "one.jsonl", "{\"id\":\"1a\",\"text\":\"" TEXT_A "\"}\n", p, sizeof p);
    put(f, "two.txt", TEXT_B, q, sizeof q);
    put(f, "three.jsonl",
        "{\"id\":\"3a\",\"text\":\"" TEXT_C "\"}\n{\"id\":\"3b\",\"text\":\"" TEXT_D "\"}\n", r,
        sizeof r);
    nd_corpus *c = corpus(f, NULL);
    assert_int_equal(nd_corpus_read(c, p, NULL), ND_OK);
    assert_int_equal(nd_corpus_read(c, q, NULL), ND_OK);
    assert_int_equal(nd_corpus_read(c, r, NULL), ND_OK);
    char want[2000];
    snprintf(want, sizeof want, "1a\n%s\n3a\n3b\n", q);
    assert_ids(c, want);
    assert_null(nd_corpus_id(c, 4));
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_jsonl_default_fields),
        T(test_jsonl_published_before_date),
        T(test_jsonl_bad_date_kept),
        T(test_jsonl_custom_fields),
        T(test_jsonl_dotted_paths),
        T(test_jsonl_numeric_ids),
        T(test_jsonl_missing_id_uses_file_line),
        T(test_jsonl_blank_lines_skipped),
        T(test_jsonl_only_blank_lines),
        T(test_jsonl_bom),
        T(test_jsonl_broken_json),
        T(test_jsonl_trailing_garbage),
        T(test_jsonl_missing_and_mistyped_text),
        T(test_jsonl_missing_custom_text_field),
        T(test_jsonl_invalid_utf8),
        T(test_jsonl_record_too_long_small),
        T(test_jsonl_lines_across_read_edges),
        T(test_jsonl_record_too_long_spanning),
        T(test_jsonl_record_at_limit),
        T(test_stop_on_error),
        T(test_jsonl_many_batches_in_order),
        T(test_jsonl_many_stop_on_error),
        T(test_jsonl_between_added_texts),
        T(test_gzip_same_as_plain),
        T(test_gzip_concatenated_members),
        T(test_gzip_empty),
        T(test_gzip_truncated),
        T(test_gzip_trailer_missing),
        T(test_gzip_corrupt),
        T(test_gzip_garbled),
        T(test_gzip_truncated_stop_on_error),
        T(test_nonexistent_path),
        T(test_bad_read_options),
        T(test_folder),
        T(test_folder_symlink_loop),
        T(test_folder_bad_files),
        T(test_text_file),
        T(test_text_file_too_long),
        T(test_sniffed_file_too_long),
        T(test_format_override),
        T(test_empty_files),
        T(test_empty_text_file),
        T(test_stdin),
        T(test_errmsg_empty_after_success),
        T(test_keep_raw_dedup_bytes),
        T(test_dedup_needs_keep_raw),
        T(test_dedup_text_files),
        T(test_read_after_run),
        T(test_several_inputs_in_order),
    };
#undef T
    return cmocka_run_group_tests(tests, NULL, NULL);
}
