/*
 * test_corpus.c - the whole batch pipeline through the public API only:
 * grouping, canonical choice, outputs, call order, and the planted
 * variants of the project's fixtures.
 */
#include "testutil.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <unistd.h>

#include "corpus.h" /* the batch and spill sizes, for test_spill_and_batches */
#include "jsonout.h" /* nd__format_number */
#include "minhash.h" /* nd__splitmix64 */

/* A text of n words "wB, wB+1, ...", with the words at the given
 * positions replaced: a controlled near-duplicate. */
static char *words(unsigned base, unsigned n, const unsigned *edits, size_t n_edits)
{
    char *s = malloc((size_t)n * 16 + 1);
    size_t w = 0;
    for (unsigned i = 0; i < n; i++) {
        int edited = 0;
        for (size_t e = 0; e < n_edits; e++)
            edited |= edits[e] == i;
        w += (size_t)snprintf(s + w, 16, "%s%s%u", i ? " " : "", edited ? "x" : "w", base + i);
    }
    s[w] = '\0';
    return s;
}

static void add(nd_corpus *c, const char *id, const char *text, const char *date)
{
    nd_article a = {id, text, strlen(text), NULL, date, NULL, NULL};
    assert_int_equal(nd_corpus_add(c, &a), ND_OK);
}

static size_t group_of(const nd_corpus *c, size_t i)
{
    nd_assignment a;
    assert_int_equal(nd_corpus_assignment(c, i, &a), ND_OK);
    return a.group;
}

static void test_options_validated(void **state)
{
    (void)state;
    nd_corpus *c = (nd_corpus *)1;
    nd_options o = ND_OPTIONS_INIT;
    o.threshold = 0.0;
    assert_int_equal(nd_corpus_new(&c, &o), ND_EINVAL);
    assert_null(c);
    o.threshold = 0.5;
    o.bands = 20;
    o.rows = 10;
    assert_int_equal(nd_corpus_new(&c, &o), ND_EINVAL);
    o.bands = 0;
    assert_int_equal(nd_corpus_new(&c, &o), ND_EINVAL); /* rows without bands */
    o.rows = 0;
    o.keep = "earliest,nonsense";
    assert_int_equal(nd_corpus_new(&c, &o), ND_EINVAL);
    o.keep = NULL;
    o.shingle_size = 0;
    assert_int_equal(nd_corpus_new(&c, &o), ND_EINVAL);
    assert_int_equal(nd_options_init(&o, 99), ND_EINVAL);
    assert_int_equal(nd_options_init(&o, ND_OPTIONS_VERSION), ND_OK);
    assert_true(o.threshold == ND_DEFAULT_THRESHOLD);
    nd_corpus_free(NULL); /* accepted */
}

static void test_call_order(void **state)
{
    (void)state;
    nd_corpus *c;
    assert_int_equal(nd_corpus_new(&c, NULL), ND_OK);
    nd_assignment a;
    assert_int_equal(nd_corpus_assignment(c, 0, &a), ND_ESTATE);
    test_sink s = {0};
    assert_int_equal(nd_corpus_write_assignments(c, test_sink_write, &s), ND_ESTATE);
    add(c, "one", "some words here", NULL);
    assert_int_equal(nd_corpus_run(c), ND_OK);
    assert_int_equal(nd_corpus_run(c), ND_ESTATE);
    nd_article art = {"two", "x", 1, NULL, NULL, NULL, NULL};
    assert_int_equal(nd_corpus_add(c, &art), ND_ESTATE);
    assert_non_null(strstr(nd_corpus_errmsg(c), "after the run"));
    assert_int_equal(nd_corpus_assignment(c, 1, &a), ND_ENOTFOUND);
    assert_null(nd_corpus_id(c, 1));
    nd_corpus_free(c);
}

static void test_near_duplicates_group(void **state)
{
    (void)state;
    nd_corpus *c;
    assert_int_equal(nd_corpus_new(&c, NULL), ND_OK);
    const unsigned few[] = {20, 60, 100};
    char *orig = words(0, 150, NULL, 0);
    char *edited = words(0, 150, few, 3);
    char *other = words(1000, 150, NULL, 0);
    add(c, "orig", orig, "2026-01-02");
    add(c, "other", other, NULL);
    add(c, "edited", edited, "2026-01-01");
    assert_int_equal(nd_corpus_run(c), ND_OK);
    assert_int_equal(nd_corpus_group_count(c), 2);
    assert_int_equal(group_of(c, 0), group_of(c, 2));
    assert_true(group_of(c, 1) != group_of(c, 0));
    nd_assignment a;
    assert_int_equal(nd_corpus_assignment(c, 0, &a), ND_OK);
    /* "earliest" is the default first key: the edited copy is older */
    assert_int_equal(a.canonical, 2);
    assert_int_equal(a.role, ND_ROLE_DUPLICATE);
    /* 3 edits destroy 15 of 146 5-word shingles: J = 131 / 161 */
    assert_true(a.similarity > 0.81 && a.similarity < 0.82);
    const size_t *m;
    size_t n;
    assert_int_equal(nd_corpus_group(c, group_of(c, 0), &m, &n), ND_OK);
    assert_int_equal(n, 2);
    assert_int_equal(m[0], 2); /* canonical first */
    free(orig);
    free(edited);
    free(other);
    nd_corpus_free(c);
}

static void test_below_threshold_stays_apart(void **state)
{
    (void)state;
    nd_options o = ND_OPTIONS_INIT;
    o.threshold = 0.9;
    o.containment = 0.0; /* the Jaccard threshold alone decides here */
    o.lead_words = 0;
    nd_corpus *c;
    assert_int_equal(nd_corpus_new(&c, &o), ND_OK);
    const unsigned few[] = {20, 60, 100};
    char *orig = words(0, 150, NULL, 0);
    char *edited = words(0, 150, few, 3);
    add(c, "orig", orig, NULL);
    add(c, "edited", edited, NULL);
    assert_int_equal(nd_corpus_run(c), ND_OK);
    assert_true(group_of(c, 0) != group_of(c, 1)); /* J = 0.81 < 0.9 */
    free(orig);
    free(edited);
    nd_corpus_free(c);
}

static void test_short_and_empty(void **state)
{
    (void)state;
    nd_corpus *c;
    assert_int_equal(nd_corpus_new(&c, NULL), ND_OK);
    add(c, "s1", "Breaking: Harbour closed", NULL);
    add(c, "s2", "BREAKING \u2014 harbour closed!", NULL); /* equal once normalized */
    add(c, "s3", "Breaking: harbour closed today", NULL); /* one word more */
    add(c, "e1", "", NULL);
    add(c, "e2", " ... ", NULL);
    assert_int_equal(nd_corpus_run(c), ND_OK);
    assert_int_equal(group_of(c, 0), group_of(c, 1));
    assert_true(group_of(c, 2) != group_of(c, 0));
    assert_true(group_of(c, 3) != group_of(c, 4)); /* no words: never similar */
    nd_assignment a;
    assert_int_equal(nd_corpus_assignment(c, 1, &a), ND_OK);
    assert_true(a.similarity == 1.0);
    nd_corpus_free(c);
}

static void test_exact_copies_many(void **state)
{
    (void)state;
    nd_corpus *c;
    assert_int_equal(nd_corpus_new(&c, NULL), ND_OK);
    char *t = words(0, 80, NULL, 0);
    char id[16];
    for (int i = 0; i < 50; i++) {
        snprintf(id, sizeof id, "copy%d", i);
        add(c, id, t, NULL);
    }
    assert_int_equal(nd_corpus_run(c), ND_OK);
    assert_int_equal(nd_corpus_group_count(c), 1);
    free(t);
    nd_corpus_free(c);
}

static void test_outputs(void **state)
{
    (void)state;
    nd_options o = ND_OPTIONS_INIT;
    o.keep = "longest";
    nd_corpus *c;
    assert_int_equal(nd_corpus_new(&c, &o), ND_OK);
    char *a = words(0, 40, NULL, 0);
    char *b = words(0, 42, NULL, 0);
    add(c, "a", a, NULL);
    add(c, "b", b, NULL);
    add(c, "lone", "one two three four five six seven eight nine ten eleven", NULL);
    assert_int_equal(nd_corpus_run(c), ND_OK);
    test_sink s = {0};
    assert_int_equal(nd_corpus_write_assignments(c, test_sink_write, &s), ND_OK);
    assert_string_equal(s.buf,
        "{\"id\":\"a\",\"group\":0,\"canonical_id\":\"b\",\"role\":\"duplicate\","
        "\"evidence\":\"near-duplicate\",\"similarity\":0.9474,\"containment\":1,"
        "\"canonical_containment\":0.9474}\n"
        "{\"id\":\"b\",\"group\":0,\"canonical_id\":\"b\",\"role\":\"canonical\","
        "\"evidence\":\"canonical\",\"similarity\":1,\"containment\":1,"
        "\"canonical_containment\":1}\n"
        "{\"id\":\"lone\",\"group\":1,\"canonical_id\":\"lone\",\"role\":\"canonical\","
        "\"evidence\":\"canonical\",\"similarity\":1,\"containment\":1,"
        "\"canonical_containment\":1}\n");
    s.len = 0;
    assert_int_equal(nd_corpus_write_groups(c, test_sink_write, &s), ND_OK);
    assert_string_equal(s.buf,
        "{\"group\":0,\"size\":2,\"canonical\":\"b\",\"reason\":\"longest\",\"members\":["
        "{\"id\":\"b\",\"role\":\"canonical\",\"evidence\":\"canonical\",\"similarity\":1,"
        "\"containment\":1,\"canonical_containment\":1},"
        "{\"id\":\"a\",\"role\":\"duplicate\",\"evidence\":\"near-duplicate\","
        "\"similarity\":0.9474,\"containment\":1,\"canonical_containment\":0.9474}]}\n");
    s.len = 0;
    assert_int_equal(nd_corpus_write_dedup(c, test_sink_write, &s), ND_OK);
    assert_non_null(strstr(s.buf, "{\"id\":\"b\",\"text\":\"w0 w1"));
    assert_non_null(strstr(s.buf, "{\"id\":\"lone\""));
    assert_null(strstr(s.buf, "{\"id\":\"a\""));
    free(s.buf);
    free(a);
    free(b);
    nd_corpus_free(c);
}

/* A failing sink stops the writer with ND_EIO. */
static int failing_sink(const void *p, size_t n, void *payload)
{
    (void)p;
    (void)n;
    (void)payload;
    return 1;
}

/* More articles than the writer prints in one window (its workers make a
 * window's lines, the caller hands them on): the bytes for 1 and 3
 * threads are the same, one line per article in article order. Every
 * article has words of its own but for pairs that share them. */
static char *many_lines(unsigned threads)
{
    nd_options o = ND_OPTIONS_INIT;
    o.threads = threads;
    nd_corpus *c;
    assert_int_equal(nd_corpus_new(&c, &o), ND_OK);
    for (int i = 0; i < 9000; i++) {
        char id[32], text[256];
        snprintf(id, sizeof id, "a%d", i);
        int k = i / 2; /* articles 2k and 2k+1 tell the same story */
        snprintf(text, sizeof text, "story%d begins here and story%d goes on as story%d ends", k,
                 k, k);
        add(c, id, text, NULL);
    }
    assert_int_equal(nd_corpus_run(c), ND_OK);
    test_sink s = {0};
    assert_int_equal(nd_corpus_write_assignments(c, test_sink_write, &s), ND_OK);
    nd_corpus_free(c);
    return s.buf;
}

static void test_assignments_many_windows(void **state)
{
    (void)state;
    char *one = many_lines(1), *three = many_lines(3);
    assert_string_equal(one, three);
    const char *p = one;
    for (int i = 0; i < 9000; i++) {
        char want[64];
        snprintf(want, sizeof want, "{\"id\":\"a%d\",\"group\":%d,", i, i / 2);
        if (strncmp(p, want, strlen(want)) != 0)
            fail_msg("line %d: %.60s", i, p);
        p = strchr(p, '\n');
        assert_non_null(p);
        p++;
    }
    assert_int_equal(*p, '\0');
    free(one);
    free(three);
}

static void test_sink_failure(void **state)
{
    (void)state;
    nd_corpus *c;
    assert_int_equal(nd_corpus_new(&c, NULL), ND_OK);
    add(c, "a", "one two three", NULL);
    assert_int_equal(nd_corpus_run(c), ND_OK);
    assert_int_equal(nd_corpus_write_assignments(c, failing_sink, NULL), ND_EIO);
    nd_corpus_free(c);
}

static void test_invalid_utf8_rejected_or_repaired(void **state)
{
    (void)state;
    nd_corpus *c;
    assert_int_equal(nd_corpus_new(&c, NULL), ND_OK);
    nd_article a = {"bad", "caf\xC3 noir", 9, NULL, NULL, NULL, NULL};
    assert_int_equal(nd_corpus_add(c, &a), ND_EUTF8);
    assert_non_null(strstr(nd_corpus_errmsg(c), "byte 3"));
    assert_int_equal(nd_corpus_count(c), 0);
    nd_corpus_free(c);
    nd_options o = ND_OPTIONS_INIT;
    o.repair_utf8 = 1;
    assert_int_equal(nd_corpus_new(&c, &o), ND_OK);
    assert_int_equal(nd_corpus_add(c, &a), ND_OK);
    assert_int_equal(nd_corpus_count(c), 1);
    nd_corpus_free(c);
}

/* Run a file and render its assignments; used for determinism. */
static char *run_file(const char *path, const nd_options *o)
{
    nd_corpus *c;
    assert_int_equal(nd_corpus_new(&c, o), ND_OK);
    assert_int_equal(nd_corpus_read(c, path, NULL), ND_OK);
    assert_int_equal(nd_corpus_run(c), ND_OK);
    test_sink s = {0};
    assert_int_equal(nd_corpus_write_assignments(c, test_sink_write, &s), ND_OK);
    assert_int_equal(nd_corpus_write_groups(c, test_sink_write, &s), ND_OK);
    nd_corpus_free(c);
    return s.buf;
}

/* The planted variants of fixtures/news are grouped exactly as the truth
 * file says: same partition, label for label. */
static void check_truth_with(const char *input, const char *truth_path, const char *id_prefix,
                             const nd_options *opts)
{
    nd_corpus *c;
    assert_int_equal(nd_corpus_new(&c, opts), ND_OK);
    assert_int_equal(nd_corpus_read(c, input, NULL), ND_OK);
    assert_int_equal(nd_corpus_skipped(c), 0);
    assert_int_equal(nd_corpus_run(c), ND_OK);
    char *truth = test_slurp(truth_path, NULL);
    assert_non_null(truth);
    size_t n = nd_corpus_count(c), seen = 0;
    char **labels = calloc(n, sizeof *labels);
    for (char *line = strtok(truth, "\n"); line; line = strtok(NULL, "\n")) {
        cJSON *o = cJSON_Parse(line);
        assert_non_null(o);
        const char *id = cJSON_GetObjectItem(o, "id")->valuestring;
        const char *label = cJSON_GetObjectItem(o, "group")->valuestring;
        char full[512];
        snprintf(full, sizeof full, "%s%s", id_prefix, id);
        size_t i = 0;
        while (i < n && strcmp(nd_corpus_id(c, i), full) != 0)
            i++;
        if (i == n)
            fail_msg("truth id %s not among the articles", full);
        labels[i] = strdup(label);
        seen++;
        cJSON_Delete(o);
    }
    assert_int_equal(seen, n);
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++) {
            int same_truth = strcmp(labels[i], labels[j]) == 0;
            int same_pred = group_of(c, i) == group_of(c, j);
            if (same_truth != same_pred)
                fail_msg("%s and %s: truth says %s, neardup says %s", nd_corpus_id(c, i),
                         nd_corpus_id(c, j), same_truth ? "same" : "apart",
                         same_pred ? "same" : "apart");
        }
    for (size_t i = 0; i < n; i++)
        free(labels[i]);
    free(labels);
    free(truth);
    nd_corpus_free(c);
}

static void check_truth(const char *input, const char *truth_path, const char *id_prefix)
{
    check_truth_with(input, truth_path, id_prefix, NULL);
}

static void test_fixture_news_truth(void **state)
{
    (void)state;
    check_truth(ND_TEST_ROOT "/fixtures/news/articles.jsonl",
                ND_TEST_ROOT "/fixtures/news/truth.jsonl", "");
}

/* One-permutation hashing finds the same groups on the fixtures. */
static void test_fixture_news_truth_oph(void **state)
{
    (void)state;
    nd_options o = ND_OPTIONS_INIT;
    o.sketch = ND_SKETCH_OPH;
    check_truth_with(ND_TEST_ROOT "/fixtures/news/articles.jsonl",
                     ND_TEST_ROOT "/fixtures/news/truth.jsonl", "", &o);
}

static void test_fixture_textdir_truth(void **state)
{
    (void)state;
    check_truth(ND_TEST_ROOT "/fixtures/textdir", ND_TEST_ROOT "/fixtures/textdir-truth.jsonl",
                "");
}

/* The per-article lines print their numbers themselves: the same bytes
 * as cJSON's for every value they can hold (each four-decimal score in
 * [0, 1], group numbers) and, through cJSON, for anything else. */
static void expect_cjson_bytes(double x)
{
    cJSON *n = cJSON_CreateNumber(x);
    assert_non_null(n);
    char *want = cJSON_PrintUnformatted(n);
    assert_non_null(want);
    char buf[ND__NUMBUF];
    const char *got = nd__format_number(x, buf);
    assert_non_null(got);
    assert_string_equal(got, want);
    cJSON_free(want);
    cJSON_Delete(n);
}

static void test_numbers_as_cjson_prints_them(void **state)
{
    (void)state;
    for (int m = 0; m <= 10000; m++) /* every score a line can show */
        expect_cjson_bytes(nd__round4(m / 10000.0));
    uint64_t rng = 11;
    for (int i = 0; i < 20000; i++) { /* as the writer makes them */
        double v = (double)(nd__splitmix64(&rng) >> 11) / 9007199254740992.0;
        expect_cjson_bytes(nd__round4(v));
    }
    const double whole[] = {0.0, -0.0, 1.0, 9.0, 10.0, 99.0, 100.0, 65535.0, 2147483647.0,
                            2147483648.0, 4294967296.0, 1e12, 999999999999999.0};
    for (size_t i = 0; i < sizeof whole / sizeof whole[0]; i++)
        expect_cjson_bytes(whole[i]);
    /* left to cJSON: not four decimals, negative, huge, not a number */
    const double other[] = {0.12345, 1.5, -0.25, -3.0, 1e15, 1e300, 0.1 + 0.2, 1e-7, NAN,
                            INFINITY};
    for (size_t i = 0; i < sizeof other / sizeof other[0]; i++)
        expect_cjson_bytes(other[i]);
}

static void test_deterministic(void **state)
{
    (void)state;
    char *a = run_file(ND_TEST_ROOT "/fixtures/news/articles.jsonl", NULL);
    char *b = run_file(ND_TEST_ROOT "/fixtures/news/articles.jsonl", NULL);
    assert_string_equal(a, b);
    /* another seed hashes differently but the verified groups are the same */
    nd_options o = ND_OPTIONS_INIT;
    o.seed = 99;
    char *d = run_file(ND_TEST_ROOT "/fixtures/news/articles.jsonl", &o);
    assert_string_equal(a, d);
    free(a);
    free(b);
    free(d);
}

/* Batches of 8 articles, the first kept in memory and the rest spilled to
 * the temporary file, read back a chunk at a time or (span 0) an article
 * at a time: the same bytes as one batch kept whole, for 1 and 3 threads;
 * and a corpus freed with a batch in flight frees cleanly. */
/* A corpus with small batches and the given spill budget and read-back
 * span, for the tests of batches and the spill file. */
static nd_corpus *new_batch_corpus(unsigned threads, size_t batch_docs, uint64_t spill_after,
                                   uint64_t span)
{
    nd_options o = ND_OPTIONS_INIT;
    o.threads = threads;
    nd_corpus *c;
    assert_int_equal(nd_corpus_new(&c, &o), ND_OK);
    c->batch_docs = batch_docs;
    c->spill_after = spill_after;
    c->spill_span = span;
    return c;
}

static char *run_small_batches(const char *path, unsigned threads, uint64_t spill_after,
                               uint64_t span)
{
    nd_corpus *c = new_batch_corpus(threads, 8, spill_after, span);
    assert_int_equal(nd_corpus_read(c, path, NULL), ND_OK);
    assert_int_equal(nd_corpus_run(c), ND_OK);
    /* where the fingerprints went: memory, the spill file, or both */
    assert_true((c->kept_bytes > 0) == (spill_after > 0));
    assert_true((c->spill.end > 0) == (spill_after < UINT64_MAX));
    test_sink s = {0};
    assert_int_equal(nd_corpus_write_assignments(c, test_sink_write, &s), ND_OK);
    assert_int_equal(nd_corpus_write_groups(c, test_sink_write, &s), ND_OK);
    nd_corpus_free(c);
    return s.buf;
}

static void test_spill_and_batches(void **state)
{
    (void)state;
    const char *path = ND_TEST_ROOT "/fixtures/news/articles.jsonl";
    char *whole = run_file(path, NULL);
    for (unsigned t = 1; t <= 3; t += 2) {
        char *kept = run_small_batches(path, t, UINT64_MAX, ND__SPILL_SPAN);
        char *spilled = run_small_batches(path, t, 1, ND__SPILL_SPAN); /* the first batch only */
        char *all_spilled = run_small_batches(path, t, 0, ND__SPILL_SPAN);
        char *one_by_one = run_small_batches(path, t, 0, 0);
        assert_string_equal(whole, kept);
        assert_string_equal(whole, spilled);
        assert_string_equal(whole, all_spilled);
        assert_string_equal(whole, one_by_one);
        free(kept);
        free(spilled);
        free(all_spilled);
        free(one_by_one);
    }
    free(whole);

    /* a JSON Lines input is taken whole before its read returns; articles
     * added one by one leave their last batch in flight */
    nd_options o = ND_OPTIONS_INIT;
    o.threads = 2;
    nd_corpus *c;
    assert_int_equal(nd_corpus_new(&c, &o), ND_OK);
    c->batch_docs = 8;
    assert_int_equal(nd_corpus_read(c, path, NULL), ND_OK);
    assert_int_equal(nd_corpus_count(c), 40);
    assert_int_equal(c->batch_busy, 0);
    for (int i = 0; i < 16; i++) {
        char id[32], text[128];
        snprintf(id, sizeof id, "added-%d", i);
        snprintf(text, sizeof text, "article number %d of a batch that is still in flight", i);
        add(c, id, text, NULL);
    }
    assert_int_equal(c->batch_busy, 1);
    nd_corpus_free(c); /* never run: the last batch is still in flight */
}

/* More articles than a worker signs at a time (SIGN_GRAIN, 256), all
 * spilled: the run reads them back window by window, on one thread (one
 * range of all) and two, or one article at a time (span 0); every way
 * gives the bytes of the corpus kept in memory. Triples of articles share
 * their text, one of each with a word changed, so there are groups; the
 * two exact copies share one set. */
static char *run_many_spilled(unsigned threads, uint64_t spill_after, uint64_t span)
{
    nd_corpus *c = new_batch_corpus(threads, 64, spill_after, span);
    for (int i = 0; i < 700; i++) {
        char id[32], text[1024];
        uint64_t rng = (uint64_t)(i / 3) + 1;
        size_t len = 0;
        for (int w = 0; w < 60; w++) {
            uint64_t r = nd__splitmix64(&rng);
            if (i % 3 == 2 && w == 30)
                r = 12345; /* the changed word */
            len += (size_t)snprintf(text + len, sizeof text - len, "w%llu ",
                                    (unsigned long long)(r % 5000));
        }
        snprintf(id, sizeof id, "a%d", i);
        add(c, id, text, NULL);
    }
    assert_int_equal(nd_corpus_run(c), ND_OK);
    assert_true((c->spill.end > 0) == (spill_after == 0));
    /* read back from the spill file, a copy's set is its original's own
     * memory (on one thread always; two may build both at once), and
     * another text's never is */
    for (size_t i = 0; i + 2 < 700; i += 3) {
        if (spill_after == 0 && threads == 1)
            assert_ptr_equal(c->docs[i].sh, c->docs[i + 1].sh);
        assert_ptr_not_equal(c->docs[i].sh, c->docs[i + 2].sh);
        assert_int_equal(c->docs[i].n_sh, c->docs[i + 1].n_sh);
    }
    test_sink s = {0};
    assert_int_equal(nd_corpus_write_assignments(c, test_sink_write, &s), ND_OK);
    nd_corpus_free(c);
    return s.buf;
}

static void test_spill_read_back_by_windows(void **state)
{
    (void)state;
    char *kept = run_many_spilled(1, UINT64_MAX, ND__SPILL_SPAN);
    assert_non_null(strstr(kept, "\"role\":\"duplicate\""));
    for (unsigned t = 1; t <= 2; t++) {
        char *windows = run_many_spilled(t, 0, ND__SPILL_SPAN);
        char *one_by_one = run_many_spilled(t, 0, 0);
        assert_string_equal(kept, windows);
        assert_string_equal(kept, one_by_one);
        free(windows);
        free(one_by_one);
    }
    free(kept);
}

/* The spill file cannot be written: an add fails with ND_EIO, and the run
 * refuses the articles left incomplete instead of reading freed memory
 * (which the sanitizer build would catch). */
static void test_spill_failure_refuses_run(void **state)
{
    (void)state;
    char *saved = test_tmpdir_break();
    for (unsigned threads = 1; threads <= 2; threads++) {
        nd_options o = ND_OPTIONS_INIT;
        o.threads = threads;
        nd_corpus *c;
        assert_int_equal(nd_corpus_new(&c, &o), ND_OK);
        c->batch_docs = 4;
        c->spill_after = 0; /* every batch goes to the spill file */
        int err = ND_OK;
        for (int i = 0; i < 20 && err == ND_OK; i++) {
            char id[32], text[128];
            snprintf(id, sizeof id, "a%d", i);
            snprintf(text, sizeof text, "article %d says something of its own in words", i);
            nd_article a = {id, text, strlen(text), NULL, NULL, NULL, NULL};
            err = nd_corpus_add(c, &a);
        }
        assert_int_equal(err, ND_EIO);
        assert_int_equal(nd_corpus_run(c), ND_ESTATE);
        assert_non_null(strstr(nd_corpus_errmsg(c), "cannot be run"));
        nd_corpus_free(c);
    }
    test_tmpdir_restore(saved);
}

/* The same bytes whatever the number of worker threads. */
static void test_threads_identical(void **state)
{
    (void)state;
    nd_options o = ND_OPTIONS_INIT;
    o.threads = 1;
    char *one = run_file(ND_TEST_ROOT "/fixtures/news/articles.jsonl", &o);
    for (unsigned t = 2; t <= 5; t++) {
        o.threads = t;
        char *many = run_file(ND_TEST_ROOT "/fixtures/news/articles.jsonl", &o);
        assert_string_equal(one, many);
        free(many);
    }
    free(one);
}

/* Diagnostics say whether the record was kept (a warning) or skipped. */
typedef struct seen {
    int warnings, skips;
} seen;

static void count_diag(const nd_diag *d, void *payload)
{
    seen *s = payload;
    if (d->warning)
        s->warnings++;
    else
        s->skips++;
}

static void test_diag_warning_or_skip(void **state)
{
    (void)state;
    seen s = {0, 0};
    nd_options o = ND_OPTIONS_INIT;
    o.on_diag = count_diag;
    o.diag_payload = &s;
    nd_corpus *c;
    assert_int_equal(nd_corpus_new(&c, &o), ND_OK);
    add(c, "dated", "a text with a date nobody can read", "the day before yesterday");
    assert_int_equal(s.warnings, 1);
    assert_int_equal(s.skips, 0);
    char path[] = "/tmp/nd_diagXXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    const char *body = "{\"id\":\"x\",\"text\":\"fine words here\"}\n{broken\n";
    assert_int_equal(write(fd, body, strlen(body)), (ssize_t)strlen(body));
    close(fd);
    assert_int_equal(nd_corpus_read(c, path, NULL), ND_OK);
    assert_int_equal(s.skips, 1);
    assert_int_equal(nd_corpus_skipped(c), 1); /* warnings are not skips */
    assert_int_equal(nd_corpus_count(c), 2);
    unlink(path);
    nd_corpus_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_options_validated),
        cmocka_unit_test(test_call_order),
        cmocka_unit_test(test_near_duplicates_group),
        cmocka_unit_test(test_below_threshold_stays_apart),
        cmocka_unit_test(test_short_and_empty),
        cmocka_unit_test(test_exact_copies_many),
        cmocka_unit_test(test_outputs),
        cmocka_unit_test(test_numbers_as_cjson_prints_them),
        cmocka_unit_test(test_sink_failure),
        cmocka_unit_test(test_invalid_utf8_rejected_or_repaired),
        cmocka_unit_test(test_fixture_news_truth),
        cmocka_unit_test(test_fixture_news_truth_oph),
        cmocka_unit_test(test_spill_and_batches),
        cmocka_unit_test(test_spill_read_back_by_windows),
        cmocka_unit_test(test_fixture_textdir_truth),
        cmocka_unit_test(test_deterministic),
        cmocka_unit_test(test_threads_identical),
        cmocka_unit_test(test_spill_failure_refuses_run),
        cmocka_unit_test(test_diag_warning_or_skip),
        cmocka_unit_test(test_assignments_many_windows),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
