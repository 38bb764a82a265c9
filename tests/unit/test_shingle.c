/*
 * test_shingle.c - shingle counts and hashing rules, word and char modes.
 */
#include "testutil.h"

#include "shingle.h"

typedef struct fixture {
    nd__norm nm;
    nd__tokens t;
    nd__u32vec out;
} fixture;

static size_t shingles(fixture *f, nd_shingle_kind kind, unsigned k, uint64_t seed,
                       const char *text)
{
    nd__shingler sh;
    nd__shingler_init(&sh, kind, k, seed);
    assert_int_equal(nd__normalize(&f->nm, text, strlen(text), &f->t), ND_OK);
    assert_int_equal(nd__shingle(&sh, &f->t, &f->out), ND_OK);
    for (size_t i = 1; i < f->out.n; i++)
        assert_true(f->out.v[i - 1] < f->out.v[i]); /* sorted, unique */
    return f->out.n;
}

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    nd__norm_init(&f->nm);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    nd__norm_free(&f->nm);
    nd__tokens_free(&f->t);
    nd__u32vec_free(&f->out);
    free(f);
    return 0;
}

static void test_word_counts(void **state)
{
    fixture *f = *state;
    /* n distinct words give n - k + 1 shingles */
    assert_int_equal(shingles(f, ND_SHINGLE_WORDS, 5, 0, "a b c d e f g h i j"), 6);
    assert_int_equal(shingles(f, ND_SHINGLE_WORDS, 3, 0, "a b c d e f g h i j"), 8);
    /* repeats collapse: "a b a b a b" has 2 distinct 2-grams */
    assert_int_equal(shingles(f, ND_SHINGLE_WORDS, 2, 0, "a b a b a b"), 2);
    /* shorter than k: one shingle of everything; nothing: none */
    assert_int_equal(shingles(f, ND_SHINGLE_WORDS, 5, 0, "only three words"), 1);
    assert_int_equal(shingles(f, ND_SHINGLE_WORDS, 5, 0, "  ... !!! "), 0);
}

static void test_word_shingles_follow_normalization(void **state)
{
    fixture *f = *state;
    shingles(f, ND_SHINGLE_WORDS, 3, 9, "The harbour\u2019s new crane, said Mr. Holm");
    nd__u32vec a = f->out;
    f->out = (nd__u32vec){0};
    shingles(f, ND_SHINGLE_WORDS, 3, 9, "the HARBOUR's new crane said mr holm");
    assert_int_equal(a.n, f->out.n);
    assert_memory_equal(a.v, f->out.v, a.n * sizeof *a.v);
    /* another seed gives other hashes */
    shingles(f, ND_SHINGLE_WORDS, 3, 10, "the HARBOUR's new crane said mr holm");
    assert_int_equal(a.n, f->out.n);
    assert_memory_not_equal(a.v, f->out.v, a.n * sizeof *a.v);
    nd__u32vec_free(&a);
}

static void test_word_order_matters(void **state)
{
    fixture *f = *state;
    shingles(f, ND_SHINGLE_WORDS, 2, 0, "ab c");
    uint64_t x = f->out.v[0];
    shingles(f, ND_SHINGLE_WORDS, 2, 0, "a bc");
    assert_true(x != f->out.v[0]);
    shingles(f, ND_SHINGLE_WORDS, 2, 0, "c ab");
    assert_true(x != f->out.v[0]);
}

static void test_char_counts(void **state)
{
    fixture *f = *state;
    /* "abc de" has code points a b c ' ' d e: 6 - 3 + 1 = 4 3-grams */
    assert_int_equal(shingles(f, ND_SHINGLE_CHARS, 3, 0, "ABC, de!"), 4);
    /* multi-byte code points count once, and Han characters join with no
     * space: 5 characters -> 4 2-grams */
    assert_int_equal(shingles(f, ND_SHINGLE_CHARS, 2, 0, "\u6771\u4EAC\u306E\u65B0\u99C5"), 4);
    assert_int_equal(shingles(f, ND_SHINGLE_CHARS, 9, 0, "short"), 1);
    /* a Latin word beside Han text keeps its spaces: "x 東京" -> 3 2-grams */
    assert_int_equal(shingles(f, ND_SHINGLE_CHARS, 2, 0, "x \u6771\u4EAC"), 3);
}

/* Digest of the units of a text (used to match short articles exactly). */
static void digest_of(fixture *f, const char *text, uint64_t out[2])
{
    nd__shingler sh;
    nd__units u = {0};
    nd__shingler_init(&sh, ND_SHINGLE_WORDS, 5, 0);
    assert_int_equal(nd__normalize(&f->nm, text, strlen(text), &f->t), ND_OK);
    assert_int_equal(nd__units_build(&sh, &f->t, &u), ND_OK);
    nd__units_digest(u.v, u.n, 0, out);
    nd__units_free(&u);
}

static void test_digest(void **state)
{
    fixture *f = *state;
    uint64_t a[2], b[2];
    digest_of(f, "Short text, here.", a);
    digest_of(f, "short TEXT here", b);
    assert_memory_equal(a, b, sizeof a);
    digest_of(f, "shorttext here", b);
    assert_memory_not_equal(a, b, sizeof a);
}

/* Paragraph hashes: equal paragraphs hash equal wherever they stand. */
static void test_paragraph_hashes(void **state)
{
    fixture *f = *state;
    nd__shingler sh;
    nd__units u = {0};
    nd__shingler_init(&sh, ND_SHINGLE_WORDS, 5, 0);
    const char *text = "Read more: Harbour Daily\nThe crane arrived.\n\nREAD MORE \u2014 harbour daily!";
    assert_int_equal(nd__normalize(&f->nm, text, strlen(text), &f->t), ND_OK);
    assert_int_equal(nd__units_build(&sh, &f->t, &u), ND_OK);
    assert_int_equal(u.n_para, 3);
    assert_true(u.para[0].hash == u.para[2].hash);
    assert_true(u.para[0].hash != u.para[1].hash);
    assert_int_equal(u.para[1].start, 4);
    assert_int_equal(u.para[1].len, 3);
    assert_int_equal(u.para[1].n_tok, 3);
    assert_int_equal(u.para[1].off, 25); /* byte offset in the original text */
    nd__units_free(&u);
}

/* A paragraph's hash is the documented polynomial of its units, for
 * paragraphs of odd and even length (its two halves are summed apart). */
static void test_paragraph_hash_formula(void **state)
{
    fixture *f = *state;
    nd__shingler sh;
    nd__units u = {0};
    nd__shingler_init(&sh, ND_SHINGLE_WORDS, 5, 42);
    char text[4096];
    size_t w = 0;
    for (unsigned len = 1; len <= 40; len++) { /* paragraph len has len words */
        for (unsigned i = 0; i < len; i++)
            w += (size_t)snprintf(text + w, sizeof text - w, "w%u%s", i * 7 + len,
                                  i + 1 < len ? " " : "\n");
    }
    assert_int_equal(nd__normalize(&f->nm, text, w, &f->t), ND_OK);
    assert_int_equal(nd__units_build(&sh, &f->t, &u), ND_OK);
    assert_int_equal(u.n_para, 40);
    for (size_t p = 0; p < u.n_para; p++) {
        const nd__upara *up = &u.para[p];
        assert_int_equal(up->len, p + 1);
        uint64_t h = 0;
        for (size_t i = 0; i < up->len; i++)
            h = h * ND__ROLL_M + u.v[up->start + i];
        assert_true(up->hash == nd__fmix64(h + (42 ^ ND__PARA_SEED_MIX) + up->len));
    }
    nd__units_free(&u);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_word_counts, setup, teardown),
        cmocka_unit_test_setup_teardown(test_word_shingles_follow_normalization, setup, teardown),
        cmocka_unit_test_setup_teardown(test_word_order_matters, setup, teardown),
        cmocka_unit_test_setup_teardown(test_char_counts, setup, teardown),
        cmocka_unit_test_setup_teardown(test_digest, setup, teardown),
        cmocka_unit_test_setup_teardown(test_paragraph_hashes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_paragraph_hash_formula, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
