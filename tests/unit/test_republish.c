/*
 * test_republish.c - republished pieces, boilerplate masking and chaining:
 * the cases whole-text Jaccard alone gets wrong.
 */
#include "testutil.h"

#include "boilerplate.h"
#include "cluster.h"
#include "minhash.h" /* nd__splitmix64 */
#include "passage.h"
#include "subset.h"
#include "verify.h"

/* n words "p<base> p<base+1> ..." split into lines of `per` words. */
static void para(char *buf, size_t cap, const char *stem, unsigned base, unsigned n, unsigned per)
{
    size_t w = strlen(buf);
    for (unsigned i = 0; i < n; i++) {
        const char *sep = i == 0 ? "" : (i % per == 0 ? "\n" : " ");
        w += (size_t)snprintf(buf + w, cap - w, "%s%s%u", sep, stem, base + i);
    }
    snprintf(buf + w, cap - w, "\n");
}

/* A site's boilerplate: 12 lines of 8 words (menus, archive lists...). */
static void boiler(char *buf, size_t cap, const char *site)
{
    para(buf, cap, site, 0, 96, 8);
}

typedef struct art {
    const char *id, *source;
    char text[16384];
} art;

static nd_corpus *run(art *a, size_t n, nd_options *o)
{
    nd_corpus *c;
    nd_options d = ND_OPTIONS_INIT;
    assert_int_equal(nd_corpus_new(&c, o ? o : &d), ND_OK);
    for (size_t i = 0; i < n; i++) {
        nd_article x = {a[i].id, a[i].text, strlen(a[i].text), NULL, NULL, a[i].source, NULL};
        assert_int_equal(nd_corpus_add(c, &x), ND_OK);
    }
    assert_int_equal(nd_corpus_run(c), ND_OK);
    return c;
}

static size_t group(const nd_corpus *c, size_t i)
{
    nd_assignment a;
    assert_int_equal(nd_corpus_assignment(c, i, &a), ND_OK);
    return a.group;
}

static nd_assignment assignment(const nd_corpus *c, size_t i)
{
    nd_assignment a;
    assert_int_equal(nd_corpus_assignment(c, i, &a), ND_OK);
    return a;
}

/* Site A: three different stories with A's long boilerplate; site B:
 * story 1 again with B's boilerplate, and two other stories. */
#define N_SITES 6
static void sites(art *a)
{
    static const char *const ids[N_SITES] = {"a-story1", "a-story2", "a-story4",
                                             "b-story1", "b-story3", "b-story5"};
    static const char *const stems[N_SITES] = {"one", "two", "four", "one", "three", "five"};
    memset(a, 0, N_SITES * sizeof *a);
    for (int i = 0; i < N_SITES; i++) {
        a[i].id = ids[i];
        a[i].source = i < 3 ? "a.example" : "b.example";
        if (i < 3) { /* boilerplate first on one site, last on the other */
            boiler(a[i].text, sizeof a[i].text, "siteA");
            para(a[i].text, sizeof a[i].text, stems[i], 0, 60, 20);
        } else {
            para(a[i].text, sizeof a[i].text, stems[i], 0, 60, 20);
            boiler(a[i].text, sizeof a[i].text, "siteB");
        }
    }
}

static void test_boilerplate_masked(void **state)
{
    (void)state;
    art *a = calloc(N_SITES, sizeof *a);
    sites(a);
    nd_corpus *c = run(a, N_SITES, NULL);
    assert_true(group(c, 0) != group(c, 1)); /* same site, different stories */
    assert_true(group(c, 0) != group(c, 2));
    assert_true(group(c, 1) != group(c, 2));
    assert_true(group(c, 4) != group(c, 5));
    assert_int_equal(group(c, 0), group(c, 3)); /* same story, two sites */
    nd_assignment x = assignment(c, 3);
    assert_int_equal(x.role, ND_ROLE_DUPLICATE);
    assert_int_equal(x.evidence, ND_EVIDENCE_EXACT); /* identical once masked */
    assert_int_equal(nd_corpus_group_count(c), 5);
    nd_corpus_free(c);

    /* without masking the site's boilerplate glues its stories together:
     * the test can fail */
    nd_options o = ND_OPTIONS_INIT;
    o.boilerplate = ND_BOILERPLATE_OFF;
    c = run(a, N_SITES, &o);
    assert_int_equal(group(c, 1), group(c, 2));
    nd_corpus_free(c);
    free(a);
}

static void test_boilerplate_report(void **state)
{
    (void)state;
    art *a = calloc(N_SITES, sizeof *a);
    sites(a);
    nd_options o = ND_OPTIONS_INIT;
    nd_corpus *c;
    assert_int_equal(nd_corpus_new(&c, &o), ND_OK);
    assert_int_equal(nd_corpus_add(c, &(nd_article){"x", "y", 1, NULL, NULL, NULL, NULL}), ND_OK);
    assert_int_equal(nd_corpus_run(c), ND_OK);
    test_sink s = {0};
    assert_int_equal(nd_corpus_write_boilerplate(c, test_sink_write, &s), ND_ESTATE);
    nd_corpus_free(c);
    o.keep_text = 1;
    c = run(a, N_SITES, &o);
    assert_int_equal(nd_corpus_write_boilerplate(c, test_sink_write, &s), ND_OK);
    /* 12 lines per site, each in 3 articles of its site */
    size_t lines = 0;
    for (size_t i = 0; i < s.len; i++)
        lines += s.buf[i] == '\n';
    assert_int_equal(lines, 24);
    assert_non_null(strstr(s.buf, "{\"source\":\"a.example\",\"articles\":3,\"text\":\"siteA0 siteA1"));
    assert_null(strstr(s.buf, "one0"));
    free(s.buf);
    nd_corpus_free(c);
    free(a);
}

/* An article republished twice by the same source keeps its text: the
 * masking level rises until enough is left. */
static void test_same_source_repost(void **state)
{
    (void)state;
    art *a = calloc(4, sizeof *a);
    for (int i = 0; i < 4; i++) {
        a[i].source = "a.example";
        boiler(a[i].text, sizeof a[i].text, "siteA");
    }
    /* the story is posted three times: its paragraphs recur as often as the
     * footer's, yet it keeps its text */
    a[0].id = "post";
    a[1].id = "repost";
    a[2].id = "again";
    a[3].id = "other";
    para(a[0].text, sizeof a[0].text, "one", 0, 60, 20);
    para(a[1].text, sizeof a[1].text, "one", 0, 60, 20);
    para(a[2].text, sizeof a[2].text, "one", 0, 60, 20);
    para(a[3].text, sizeof a[3].text, "three", 0, 60, 20);
    nd_corpus *c = run(a, 4, NULL);
    assert_int_equal(group(c, 0), group(c, 1));
    assert_int_equal(group(c, 0), group(c, 2));
    assert_true(group(c, 0) != group(c, 3));
    nd_corpus_free(c);
    free(a);
}

static void test_lead_paragraph(void **state)
{
    (void)state;
    art *a = calloc(3, sizeof *a);
    a[0].id = "wire";
    para(a[0].text, sizeof a[0].text, "lead", 0, 30, 30);
    para(a[0].text, sizeof a[0].text, "body", 0, 200, 40);
    a[1].id = "local";
    para(a[1].text, sizeof a[1].text, "lead", 0, 30, 30);
    para(a[1].text, sizeof a[1].text, "other", 0, 200, 40);
    a[2].id = "unrelated";
    para(a[2].text, sizeof a[2].text, "else", 0, 230, 40);
    nd_corpus *c = run(a, 3, NULL);
    assert_int_equal(group(c, 0), group(c, 1));
    nd_assignment x = assignment(c, 1);
    assert_true(x.similarity < 0.15); /* whole-text Jaccard alone misses it */
    assert_int_equal(x.role, ND_ROLE_REPUBLISHED);
    assert_int_equal(x.evidence, ND_EVIDENCE_LEAD);
    assert_true(group(c, 2) != group(c, 0));
    nd_corpus_free(c);
    /* with the lead rule off they stay apart */
    nd_options o = ND_OPTIONS_INIT;
    o.lead_words = 0;
    c = run(a, 3, &o);
    assert_true(group(c, 0) != group(c, 1));
    nd_corpus_free(c);
    free(a);
}

static void test_contained(void **state)
{
    (void)state;
    art *a = calloc(3, sizeof *a);
    a[0].id = "full";
    para(a[0].text, sizeof a[0].text, "w", 0, 300, 30);
    a[1].id = "trimmed"; /* the first 40% */
    para(a[1].text, sizeof a[1].text, "w", 0, 120, 30);
    a[2].id = "intro"; /* a local intro, then the trimmed story */
    para(a[2].text, sizeof a[2].text, "local", 0, 90, 30);
    para(a[2].text, sizeof a[2].text, "w", 0, 120, 30);
    nd_options o = ND_OPTIONS_INIT;
    o.keep = "longest";
    o.lead_words = 0; /* containment alone must carry it */
    nd_corpus *c = run(a, 3, &o);
    assert_int_equal(group(c, 0), group(c, 1));
    assert_int_equal(group(c, 0), group(c, 2));
    nd_assignment t = assignment(c, 1);
    assert_int_equal(t.canonical, 0);
    assert_int_equal(t.evidence, ND_EVIDENCE_CONTAINED);
    assert_true(t.containment == 1.0);
    assert_true(t.similarity < 0.5);
    nd_corpus_free(c);
    o.containment = 0.0;
    c = run(a, 3, &o);
    assert_true(group(c, 0) != group(c, 1));
    nd_corpus_free(c);
    free(a);
}

/* A~B and B~C but A!~C: never one group through B. */
static void test_no_chaining(void **state)
{
    (void)state;
    art *a = calloc(3, sizeof *a);
    a[0].id = "A"; /* words 0..99 */
    para(a[0].text, sizeof a[0].text, "w", 0, 100, 25);
    a[1].id = "B"; /* words 30..129: J(A,B) = 66/134 */
    para(a[1].text, sizeof a[1].text, "w", 30, 100, 25);
    a[2].id = "C"; /* words 60..159: J(B,C) = 0.49.., J(A,C) = 36/164 */
    para(a[2].text, sizeof a[2].text, "w", 60, 100, 25);
    nd_options o = ND_OPTIONS_INIT;
    o.threshold = 0.4;
    o.containment = 0.0;
    o.lead_words = 0;
    o.keep = "first";
    nd_corpus *c = run(a, 3, &o);
    assert_int_equal(group(c, 0), group(c, 1));
    assert_true(group(c, 2) != group(c, 0));
    assert_int_equal(assignment(c, 2).role, ND_ROLE_CANONICAL);
    nd_corpus_free(c);
    free(a);
}

static void test_explain(void **state)
{
    (void)state;
    art *a = calloc(2, sizeof *a);
    a[0].id = "wire";
    para(a[0].text, sizeof a[0].text, "lead", 0, 30, 30);
    para(a[0].text, sizeof a[0].text, "body", 0, 100, 40);
    a[1].id = "local";
    para(a[1].text, sizeof a[1].text, "lead", 0, 30, 30);
    para(a[1].text, sizeof a[1].text, "other", 0, 100, 40);
    nd_options o = ND_OPTIONS_INIT;
    o.keep_text = 1;
    nd_corpus *c = run(a, 2, &o);
    test_sink s = {0};
    assert_int_equal(nd_corpus_explain(c, 0, 1, test_sink_write, &s), ND_OK);
    assert_non_null(strstr(s.buf, "\"evidence\":\"lead-paragraph\""));
    assert_non_null(strstr(s.buf, "\"candidate\":true"));
    assert_non_null(strstr(s.buf, "\"same\":true"));
    /* one shared passage: the 30-word lead, paragraph 0 of both, words 0..30 */
    assert_non_null(strstr(s.buf, "\"shared_passages\":[{\"length\":30,\"a_paragraph\":0,"
                                  "\"a_start\":0,\"a_end\":30,\"b_paragraph\":0,"
                                  "\"b_start\":0,\"b_end\":30,\"text\":\"lead0 lead1"));
    assert_int_equal(nd_corpus_explain(c, 0, 5, test_sink_write, &s), ND_ENOTFOUND);
    size_t i;
    assert_int_equal(nd_corpus_find(c, "local", &i), ND_OK);
    assert_int_equal(i, 1);
    assert_int_equal(nd_corpus_find(c, "nope", &i), ND_ENOTFOUND);

    /* without keep_text only the bands' buckets of signatures were kept:
     * the pair is signed again, to the same estimate, and the passages
     * are left out */
    o.keep_text = 0;
    nd_corpus *lean = run(a, 2, &o);
    test_sink t = {0};
    assert_int_equal(nd_corpus_explain(lean, 0, 1, test_sink_write, &t), ND_OK);
    const char *est = strstr(s.buf, "\"minhash_estimate\":"), *lean_est =
        strstr(t.buf, "\"minhash_estimate\":");
    assert_non_null(est);
    assert_non_null(lean_est);
    assert_true(strncmp(est, lean_est, strcspn(est, ",")) == 0);
    assert_true(strcspn(est, ",") == strcspn(lean_est, ","));
    const char *be = strstr(s.buf, "\"bands_equal\":");
    const char *lean_be = strstr(t.buf, "\"bands_equal\":");
    assert_non_null(be);
    assert_non_null(lean_be);
    assert_true(strcspn(be, ",") == strcspn(lean_be, ","));
    assert_true(strncmp(be, lean_be, strcspn(be, ",")) == 0);
    assert_null(strstr(t.buf, "shared_passages"));
    free(t.buf);
    nd_corpus_free(lean);
    free(s.buf);
    nd_corpus_free(c);
    free(a);
}

/* ---- the pieces, alone --------------------------------------------------- */

static void test_boilerplate_level(void **state)
{
    (void)state;
    /* paragraphs seen in 1, 2, 50 articles, 10 words each */
    const uint32_t counts[] = {1, 2, 50}, ntok[] = {10, 10, 10};
    assert_int_equal(nd__boilerplate_level(counts, ntok, 3, 10, 2), 2);  /* keep the first */
    assert_int_equal(nd__boilerplate_level(counts, ntok, 3, 15, 2), 3);  /* need the second */
    assert_int_equal(nd__boilerplate_level(counts, ntok, 3, 10, 3), 3);  /* the floor rules */
    assert_int_equal(nd__boilerplate_level(counts, ntok, 3, 30, 2), 51); /* need all */
    assert_int_equal(nd__boilerplate_level(counts, ntok, 3, 31, 2), UINT32_MAX);
    const uint32_t all2[] = {2, 2};
    assert_int_equal(nd__boilerplate_level(all2, ntok, 2, 10, 2), 3);
    assert_int_equal(nd__boilerplate_floor(1, 7), 3);
    assert_int_equal(nd__boilerplate_floor(0, 30), 5);
    assert_int_equal(nd__boilerplate_floor(0, 2000), 20);
    assert_int_equal(nd__boilerplate_floor(0, 1000000), 50);
    /* counting: articles in order; a repeat inside one article counts once,
     * another source counts apart */
    nd__bp_table t = {0};
    uint64_t k7 = nd__bp_key(0, 7), k9 = nd__bp_key(0, 9), k7b = nd__bp_key(1, 7);
    assert_true(k7 != k7b);
    assert_int_equal(nd__bp_add(&t, k7, 0), ND_OK);
    assert_int_equal(nd__bp_add(&t, k7, 1), ND_OK);
    assert_int_equal(nd__bp_add(&t, k7, 1), ND_OK);
    assert_int_equal(nd__bp_add(&t, k9, 1), ND_OK);
    assert_int_equal(nd__bp_add(&t, k7b, 2), ND_OK);
    assert_int_equal(nd__bp_count(&t, k7), 2);
    assert_int_equal(nd__bp_count(&t, k9), 1);
    assert_int_equal(nd__bp_count(&t, k7b), 1);
    assert_int_equal(nd__bp_count(&t, nd__bp_key(5, 5)), 0);
    /* growing keeps every count: 200000 keys, each in 3 articles */
    for (uint32_t doc = 10; doc < 13; doc++)
        for (uint64_t h = 0; h < 200000; h++)
            assert_int_equal(nd__bp_add(&t, nd__bp_key(3, h), doc), ND_OK);
    for (uint64_t h = 0; h < 200000; h += 997)
        assert_int_equal(nd__bp_count(&t, nd__bp_key(3, h)), 3);
    assert_int_equal(nd__bp_count(&t, k7), 2);
    /* a reset empties the table for the next source and keeps its memory,
     * even when that source is expected to be smaller */
    const nd__bp_slot *mem = t.slot;
    const size_t cap = t.cap;
    assert_int_equal(nd__bp_reset(&t, 1000), ND_OK);
    assert_ptr_equal(t.slot, mem);
    assert_int_equal(t.cap, cap);
    assert_int_equal(t.used, 0);
    assert_int_equal(nd__bp_count(&t, k7), 0);
    assert_int_equal(nd__bp_count(&t, nd__bp_key(3, 5)), 0);
    assert_int_equal(nd__bp_add(&t, k9, 20), ND_OK);
    assert_int_equal(nd__bp_add(&t, k9, 21), ND_OK);
    assert_int_equal(nd__bp_count(&t, k9), 2);
    /* growing after a small reset: the slots past the small table held the
     * last source's keys, and none of them comes back */
    for (uint64_t h = 0; h < 5000; h++)
        assert_int_equal(nd__bp_add(&t, nd__bp_key(4, h), 22), ND_OK);
    assert_true(t.mask + 1 > 2 * 5000);
    assert_int_equal(nd__bp_count(&t, nd__bp_key(4, 4999)), 1);
    assert_int_equal(nd__bp_count(&t, k9), 2);
    for (uint64_t h = 0; h < 200000; h += 997)
        assert_int_equal(nd__bp_count(&t, nd__bp_key(3, h)), 0);
    nd__bp_free(&t);
    /* a reset near the memory's size clears all of it */
    for (uint64_t h = 0; h < 200000; h++)
        assert_int_equal(nd__bp_add(&t, nd__bp_key(3, h), 30), ND_OK);
    const size_t full = t.cap;
    mem = t.slot;
    assert_int_equal(nd__bp_reset(&t, full), ND_OK);
    assert_ptr_equal(t.slot, mem);
    assert_int_equal(t.mask + 1, full);
    for (uint64_t h = 0; h < 200000; h += 7)
        assert_int_equal(nd__bp_count(&t, nd__bp_key(3, h)), 0);
    /* a larger source than the memory holds gets a table of its size */
    assert_int_equal(nd__bp_reset(&t, 8 * full), ND_OK);
    assert_true(t.cap >= 4 * full);
    assert_int_equal(nd__bp_count(&t, k9), 0);
    nd__bp_free(&t);
    /* a table never used starts on reset */
    nd__bp_table u = {0};
    assert_int_equal(nd__bp_reset(&u, 10), ND_OK);
    assert_int_equal(nd__bp_add(&u, k7, 1), ND_OK);
    assert_int_equal(nd__bp_count(&u, k7), 1);
    nd__bp_free(&u);
}

/* (hash, article) pairs, for the reference count below. */
typedef struct hd {
    uint64_t hash;
    uint32_t doc;
} hd;

static int cmp_hd(const void *pa, const void *pb)
{
    const hd *a = pa, *b = pb;
    if (a->hash != b->hash)
        return a->hash < b->hash ? -1 : 1;
    return (a->doc > b->doc) - (a->doc < b->doc);
}

/* Articles holding each paragraph, counted another way: the (hash,
 * article) pairs sorted, a paragraph's count the distinct articles in its
 * hash's run. */
static void count_reference(const uint64_t *hash, const uint32_t *start, size_t n_docs,
                            uint32_t *count)
{
    const size_t n = start[n_docs];
    hd *v = malloc((n ? n : 1) * sizeof *v);
    assert_non_null(v);
    for (size_t a = 0; a < n_docs; a++)
        for (size_t i = start[a]; i < start[a + 1]; i++)
            v[i] = (hd){hash[i], (uint32_t)a};
    qsort(v, n, sizeof *v, cmp_hd);
    for (size_t i = 0; i < n; i++) {
        size_t lo = 0, hi = n; /* the first of hash[i]'s run */
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (v[mid].hash < hash[i])
                lo = mid + 1;
            else
                hi = mid;
        }
        uint32_t c = 0;
        for (size_t j = lo; j < n && v[j].hash == hash[i]; j++)
            c += j == lo || v[j - 1].doc != v[j].doc;
        count[i] = c;
    }
    free(v);
}

/* Counting a source's paragraphs by bucket gives what counting them one
 * by one gives: one bucket (a small source) and many (a large one, whose
 * paragraphs are spread by their hashes' top bits), with repeats inside
 * articles, paragraphs shared by many articles, empty articles, and a
 * counter that serves a large source, then a small one. */
static void test_bp_count_articles(void **state)
{
    (void)state;
    nd__bp_counter bc = {0};
    uint64_t rng = 42;
    const size_t sizes[] = {40000, 0, 1, 300, 70000, 25};
    for (size_t round = 0; round < sizeof sizes / sizeof *sizes; round++) {
        const size_t want = sizes[round];
        uint64_t *hash = malloc((want + 64) * sizeof *hash);
        uint32_t *start = malloc((want + 2) * sizeof *start);
        uint32_t *got = malloc((want + 64) * sizeof *got), *ref = malloc((want + 64) * sizeof *ref);
        assert_true(hash && start && got && ref);
        /* a pool of footers shared widely, and text seldom shared */
        uint64_t pool[64];
        for (size_t i = 0; i < 64; i++)
            pool[i] = nd__splitmix64(&rng);
        size_t n = 0, docs = 0;
        while (n < want) {
            start[docs++] = (uint32_t)n;
            size_t paras = nd__splitmix64(&rng) % 40; /* 0: an empty article */
            for (size_t p = 0; p < paras && n < want; p++) {
                uint64_t r = nd__splitmix64(&rng);
                hash[n++] = r % 3 == 0 ? pool[r % 64] : r % 3 == 1 ? r % 5000 : r;
            }
        }
        start[docs] = (uint32_t)n;
        assert_int_equal(nd__bp_count_articles(&bc, hash, start, docs, got), ND_OK);
        count_reference(hash, start, docs, ref);
        size_t shared = 0;
        for (size_t i = 0; i < n; i++) {
            assert_int_equal(got[i], ref[i]);
            shared += got[i] >= 3;
        }
        if (n >= 1000)
            assert_true(shared > n / 4); /* the footers were counted as such */
        free(hash);
        free(start);
        free(got);
        free(ref);
    }
    nd__bp_counter_free(&bc);
}

/* The index in one slice: occurrences, then the pairs sharing min keys. */
static int passage_pairs(nd__posting *posts, size_t n, unsigned min_shared, size_t max_list,
                         nd__u64vec *pairs)
{
    nd__u64vec occ = {0}, tmp = {0};
    nd__pair_counts run = {0};
    nd__posting *ptmp = malloc((n ? n : 1) * sizeof *ptmp);
    int err = ptmp ? nd__passage_occurrences(posts, ptmp, n, max_list, &occ) : ND_ENOMEM;
    if (err == ND_OK)
        err = nd__passage_fold(&occ, &tmp, &run);
    if (err == ND_OK)
        err = nd__pair_counts_select(&run, min_shared, pairs);
    nd__pair_counts_free(&run);
    nd__u64vec_free(&occ);
    nd__u64vec_free(&tmp);
    free(ptmp);
    return err;
}

static void test_passage_pairs(void **state)
{
    (void)state;
#define P(key, doc) nd__posting_make(key, doc)
    nd__posting p[] = {P(1, 0), P(1, 1), P(2, 0), P(2, 1), P(3, 1),
                       P(3, 2), P(4, 0), P(4, 1), P(4, 2)};
#undef P
    nd__u64vec pairs = {0};
    assert_int_equal(passage_pairs(p, 9, 2, 256, &pairs), ND_OK);
    /* 0-1 share keys 1, 2, 4; 1-2 share 3, 4; 0-2 share only 4 */
    assert_int_equal(pairs.n, 2);
    assert_true(pairs.v[0] == ((uint64_t)0 << 32 | 1));
    assert_true(pairs.v[1] == ((uint64_t)1 << 32 | 2));
    pairs.n = 0;
    assert_int_equal(passage_pairs(p, 9, 2, 2, &pairs), ND_OK); /* key 4 too common */
    assert_int_equal(pairs.n, 1); /* so 1-2 share only key 3 */
    pairs.n = 0;
    assert_int_equal(passage_pairs(p, 9, 3, 256, &pairs), ND_OK);
    assert_int_equal(pairs.n, 1);
    nd__u64vec_free(&pairs);

    /* a fold replaces the run's counts; slices folded apart (by worker
     * threads) and merged add up as one index would */
    nd__pair_counts acc = {0}, run = {0};
    nd__u64vec occ = {0}, tmp = {0};
    const uint64_t p01 = (uint64_t)0 << 32 | 1, p12 = (uint64_t)1 << 32 | 2;
    const uint64_t p02 = (uint64_t)0 << 32 | 2, p34 = (uint64_t)3 << 32 | 4;
    assert_int_equal(nd__u64vec_push(&occ, p12), ND_OK);
    assert_int_equal(nd__u64vec_push(&occ, p01), ND_OK);
    assert_int_equal(nd__u64vec_push(&occ, p01), ND_OK);
    assert_int_equal(nd__passage_fold(&occ, &tmp, &run), ND_OK);
    assert_int_equal(occ.n, 0);
    assert_int_equal(run.n, 2);
    assert_int_equal(nd__pair_counts_merge(&acc, &run), ND_OK);
    assert_int_equal(nd__u64vec_push(&occ, p12), ND_OK);
    assert_int_equal(nd__passage_fold(&occ, &tmp, &run), ND_OK);
    assert_int_equal(run.n, 1);
    assert_true(run.pair[0] == p12 && run.count[0] == 1);
    assert_int_equal(nd__pair_counts_merge(&acc, &run), ND_OK);
    assert_int_equal(acc.n, 2);
    assert_true(acc.pair[0] == p01 && acc.count[0] == 2);
    assert_true(acc.pair[1] == p12 && acc.count[1] == 2);
    /* pairs before, between and after acc's, and one in both */
    assert_int_equal(nd__u64vec_push(&occ, p34), ND_OK);
    assert_int_equal(nd__u64vec_push(&occ, p12), ND_OK);
    assert_int_equal(nd__u64vec_push(&occ, p02), ND_OK);
    assert_int_equal(nd__u64vec_push(&occ, p34), ND_OK);
    assert_int_equal(nd__passage_fold(&occ, &tmp, &run), ND_OK);
    assert_int_equal(nd__pair_counts_merge(&acc, &run), ND_OK);
    assert_int_equal(run.n, 3); /* left as it was */
    assert_int_equal(acc.n, 4);
    assert_true(acc.pair[0] == p01 && acc.count[0] == 2);
    assert_true(acc.pair[1] == p02 && acc.count[1] == 1);
    assert_true(acc.pair[2] == p12 && acc.count[2] == 3);
    assert_true(acc.pair[3] == p34 && acc.count[3] == 2);
    nd__pair_counts empty = {0};
    assert_int_equal(nd__pair_counts_merge(&acc, &empty), ND_OK);
    assert_int_equal(acc.n, 4);
    assert_int_equal(nd__pair_counts_merge(&empty, &run), ND_OK);
    assert_int_equal(empty.n, 3);
    nd__pair_counts_free(&empty);
    nd__pair_counts_free(&run);
    nd__pair_counts_free(&acc);
    nd__u64vec_free(&occ);
    nd__u64vec_free(&tmp);
}

static int cmp_u32_asc(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

/* A random sorted set of up to 400 values and an opening paragraph within
 * it, as bits. Some rounds bunch the values in the lowest slices, some in
 * the highest (where slice runs start far from an even spread's guess, on
 * either side of it), and some hold the largest value there is. */
static size_t keys_case(uint64_t *rng, int round, uint32_t *set, uint64_t *lead, size_t *n_lead)
{
    size_t n = (size_t)(nd__splitmix64(rng) % 400);
    if (round % 10 == 0)
        n = 0;
    const uint32_t mask = round % 3 == 0 ? 0x1FFFFFFFu : 0xFFFFFFFFu;
    const uint32_t high = round % 3 == 1 && round % 2 ? 0xE0000000u : 0;
    for (size_t i = 0; i < n; i++)
        set[i] = ((uint32_t)nd__splitmix64(rng) & mask) | high;
    if (n && round % 4 == 3)
        set[0] = UINT32_MAX;
    qsort(set, n, sizeof *set, cmp_u32_asc);
    n = nd__unique_u32(set, n);
    memset(lead, 0, nd__subset_words(400) * sizeof *lead);
    *n_lead = 0;
    if (round % 7 != 0) /* a run of the text's shingles, spread over the set */
        for (size_t i = 0; i < n; i++)
            if (nd__splitmix64(rng) % 6 == 0) {
                lead[i / 64] |= (uint64_t)1 << (i % 64);
                ++*n_lead;
            }
    return n;
}

/* An article's keys: its sampled fingerprints and its whole opening
 * paragraph's, ascending and unique; the same as picking them by hand. */
static void test_passage_keys(void **state)
{
    (void)state;
    uint64_t rng = 5;
    uint32_t set[400], keys[400], want[400];
    uint64_t lead[(400 + 63) / 64];
    for (int round = 0; round < 200; round++) {
        size_t n_lead;
        const size_t n = keys_case(&rng, round, set, lead, &n_lead);
        size_t m = 0, sampled_only = 0;
        for (size_t i = 0; i < n; i++) {
            const int s = nd__passage_sampled(set[i], ND__PASSAGE_SAMPLE_BITS);
            if (s || nd__subset_has(lead, i))
                want[m++] = set[i];
            sampled_only += (size_t)s;
        }
        assert_int_equal(nd__passage_keys(set, n, n_lead ? lead : NULL, keys), m);
        assert_memory_equal(keys, want, m * sizeof *keys);
        /* every member of the opening paragraph is a key */
        for (size_t i = 0, k = 0; i < n; i++) {
            while (k < m && keys[k] < set[i])
                k++;
            if (nd__subset_has(lead, i))
                assert_true(k < m && keys[k] == set[i]);
        }
        /* without an opening paragraph: the sampled ones alone */
        assert_int_equal(nd__passage_keys(set, n, NULL, keys), sampled_only);
    }
}

/* Taken a slice at a time, an article's keys are the same as taken whole:
 * slice after slice the postings' keys add up to nd__passage_keys, each
 * slice's in it, each posting of the article. Sets spread evenly and sets
 * bunched in a few slices, where the run is far from where an even spread
 * would put it; empty sets, and sets with and without an opening
 * paragraph. */
static void test_passage_slice_keys(void **state)
{
    (void)state;
    enum { SLICES = 1u << ND__PASSAGE_SLICE_BITS };
    uint64_t rng = 9;
    uint32_t set[400], whole[400], got[400];
    nd__posting posts[400];
    uint64_t lead[(400 + 63) / 64];
    for (int round = 0; round < 300; round++) {
        size_t n_lead;
        const size_t n = keys_case(&rng, round, set, lead, &n_lead);
        const uint64_t *bits = n_lead ? lead : NULL;
        const size_t m = nd__passage_keys(set, n, bits, whole);
        const uint32_t doc = (uint32_t)round;
        size_t at = 0, next = 0;
        for (unsigned slice = 0; slice < SLICES; slice++) {
            size_t from, to;
            nd__passage_slice_run(set, n, slice, &from, &to);
            assert_int_equal(from, next); /* the runs tile the set */
            next = to;
            const size_t k = nd__passage_postings(set, bits, from, to, doc, posts);
            assert_true(at + k <= m);
            for (size_t i = 0; i < k; i++) {
                assert_int_equal(nd__passage_slice((uint32_t)(posts[i] >> 32)), slice);
                assert_int_equal((uint32_t)posts[i], doc);
                got[at + i] = (uint32_t)(posts[i] >> 32);
            }
            at += k;
        }
        assert_int_equal(next, n);
        assert_int_equal(at, m);
        assert_memory_equal(got, whole, m * sizeof *whole);
    }
}

/* Merging in place gives what a plain count per pair gives, over many
 * random runs that overlap acc in every way and make it grow. */
static void test_pair_counts_merge_random(void **state)
{
    (void)state;
    enum { UNIVERSE = 3000 };
    uint32_t *want = calloc(UNIVERSE, sizeof *want);
    nd__pair_counts acc = {0}, run = {0};
    nd__u64vec occ = {0}, tmp = {0};
    assert_non_null(want);
    uint64_t rng = 11;
    for (int r = 0; r < 60; r++) {
        size_t m = (size_t)(nd__splitmix64(&rng) % 400);
        for (size_t i = 0; i < m; i++) {
            uint64_t x = nd__splitmix64(&rng) % (r < 30 ? UNIVERSE / 3 : UNIVERSE);
            want[x]++;
            assert_int_equal(nd__u64vec_push(&occ, x << 32 | (x + 1)), ND_OK);
        }
        assert_int_equal(nd__passage_fold(&occ, &tmp, &run), ND_OK);
        assert_int_equal(nd__pair_counts_merge(&acc, &run), ND_OK);
    }
    size_t k = 0;
    for (uint64_t x = 0; x < UNIVERSE; x++) {
        if (!want[x])
            continue;
        assert_true(k < acc.n);
        assert_true(acc.pair[k] == (x << 32 | (x + 1)));
        assert_int_equal(acc.count[k], want[x]);
        k++;
    }
    assert_int_equal(k, acc.n);
    free(want);
    nd__pair_counts_free(&acc);
    nd__pair_counts_free(&run);
    nd__u64vec_free(&occ);
    nd__u64vec_free(&tmp);
}

/* relate: 0~1, 1~2, 0!~2, 3~0 */
static int rel(uint32_t a, uint32_t b, void *payload)
{
    (void)payload;
    uint32_t lo = a < b ? a : b, hi = a < b ? b : a;
    return (lo == 0 && hi == 1) || (lo == 1 && hi == 2) || (lo == 0 && hi == 3);
}

static void test_star(void **state)
{
    (void)state;
    uint32_t members[] = {0, 1, 2, 3}, center[4];
    nd__star(members, 4, rel, NULL, center);
    assert_int_equal(center[0], 0);
    assert_int_equal(center[1], 0);
    assert_int_equal(center[2], 2); /* not through 1 */
    assert_int_equal(center[3], 0);
    uint32_t best_first[] = {1, 0, 2, 3};
    nd__star(best_first, 4, rel, NULL, center);
    assert_int_equal(center[0], 1);
    assert_int_equal(center[1], 1);
    assert_int_equal(center[2], 1);
    assert_int_equal(center[3], 3);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_boilerplate_masked),
        cmocka_unit_test(test_boilerplate_report),
        cmocka_unit_test(test_same_source_repost),
        cmocka_unit_test(test_lead_paragraph),
        cmocka_unit_test(test_contained),
        cmocka_unit_test(test_no_chaining),
        cmocka_unit_test(test_explain),
        cmocka_unit_test(test_boilerplate_level),
        cmocka_unit_test(test_bp_count_articles),
        cmocka_unit_test(test_passage_pairs),
        cmocka_unit_test(test_pair_counts_merge_random),
        cmocka_unit_test(test_passage_keys),
        cmocka_unit_test(test_passage_slice_keys),
        cmocka_unit_test(test_star),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
