/*
 * test_normalize.c - the text rules: NFKC, case folding, word breaks,
 * per-character scripts, paragraphs, UTF-8 checks; and a golden file per
 * language (fixtures/normalize/LANG.txt -> expected/LANG.tokens).
 */
#include "testutil.h"

#include <unistr.h>

#include "normalize.h"

/* Tokens as one string: tokens joined by ' ', paragraphs by '\n'. With
 * full_only, libunistring's whole-string path is used for every line. */
static char *render_with(const char *text, size_t n, int full_only)
{
    nd__norm nm;
    nd__tokens t = {0};
    nd__norm_init(&nm);
    nm.full_only = full_only;
    assert_int_equal(nd__normalize(&nm, text, n, &t), ND_OK);
    char *out = malloc(t.text_len + t.n + 2);
    assert_non_null(out);
    size_t w = 0;
    for (size_t i = 0; i < t.n; i++) {
        if (i)
            out[w++] = t.tok[i].para != t.tok[i - 1].para ? '\n' : ' ';
        memcpy(out + w, t.text + t.tok[i].off, t.tok[i].len);
        w += t.tok[i].len;
    }
    out[w] = '\0';
    nd__tokens_free(&t);
    nd__norm_free(&nm);
    return out;
}

static char *render(const char *text)
{
    return render_with(text, strlen(text), 0);
}

static void same_both_ways(const char *text, size_t n)
{
    char *fast = render_with(text, n, 0), *full = render_with(text, n, 1);
    if (strcmp(fast, full) != 0)
        fail_msg("paths differ on \"%.*s\": fast \"%s\", full \"%s\"", (int)n, text, fast, full);
    free(fast);
    free(full);
}

static uint64_t next_rng(uint64_t x)
{
    return x * 6364136223846793005ULL + 1442695040888963407ULL;
}

/* A random text of up to 31 pieces drawn from pieces[0, np), in buf
 * (NUL-terminated, room for 31 of the longest piece); returns its length. */
static size_t random_text(uint64_t *rng, const char *const *pieces, size_t np, char *buf)
{
    size_t w = 0;
    *rng = next_rng(*rng);
    size_t len = (size_t)(*rng >> 59);
    for (size_t i = 0; i < len; i++) {
        *rng = next_rng(*rng);
        const char *p = pieces[(*rng >> 33) % np];
        size_t pl = strlen(p);
        memcpy(buf + w, p, pl);
        w += pl;
    }
    buf[w] = '\0';
    return w;
}

/* Both paths agree on 20,000 random texts of up to 31 pieces (fewer
 * under valgrind: test_cases). */
static void same_on_random_texts(const char *const *pieces, size_t np, uint64_t rng)
{
    size_t longest = 0;
    for (size_t i = 0; i < np; i++)
        longest = strlen(pieces[i]) > longest ? strlen(pieces[i]) : longest;
    char *buf = malloc(31 * longest + 1);
    assert_non_null(buf);
    for (int iter = 0, n = test_cases(20000); iter < n; iter++) {
        size_t w = random_text(&rng, pieces, np, buf);
        same_both_ways(buf, w);
    }
    free(buf);
}

/* The fast path gives exactly the full path's tokens: random strings over
 * every character it handles (and some it must hand over), in every order
 * the word-break rules care about. */
static void test_fast_path_equals_full_random(void **state)
{
    (void)state;
    static const char *const pieces[] = {
        "a", "B", "z", "Q", "x", "0", "7", "9", " ", " ", ".", "'", ":", ",", ";", "_", "-",
        "\"", "!", "?", "(", "$", "%", "/", "\t", "\u2019", "\u2018", "\u201C", "\u201D",
        "\u2014", "\u2013", "\u2022", "\u2026", "\u00A0", "\u00E9", "\u00DF", "\u6771",
        "\u00B7", "\u2024", "\r", "\n", "\n\n", "\x0B", "\x0C",
        /* Latin letters: simple ones the table takes, special ones it must not */
        "\u00C9", "\u00FC", "\u00C5", "\u00F8", "\u00C6", "\u0141", "\u0107", "\u017D",
        "\u0178", "\u0130", "\u0131", "\u0132", "\u0149", "\u017F", "\u00B5", "\u00AA",
        "\u00BD", "\u00D7", "\u01C4", "\u0218", "\u024F", "\u0301", "\u00A9",
        /* IPA letters, the last lead byte of the table (0xC9) */
        "\u0250", "\u0254", "\u025B", "\u0186", "\u0190", "\u027F",
        /* long words, for the sixteen-byte blocks of the ASCII runs, and the
         * characters next to the ranges the blocks test */
        "Abcdefghijklmnopqrstuvwxyz", "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ", "wordsworth",
        "@", "[", "`", "{", "/", "\x7F",
    };
    same_on_random_texts(pieces, sizeof pieces / sizeof pieces[0], 2024);
}

/* ... and on ASCII alone, where the fast path takes sixteen bytes at a
 * time unless a mid-word character or '_' could join two words: every
 * such character at every distance from the blocks' edges. */
static void test_fast_path_equals_full_ascii_blocks(void **state)
{
    (void)state;
    static const char *const pieces[] = {
        "a", "Z", "7", "word", "Seventeen", "0123456789abcdefghij", " ", " ", "  ", ".", ",",
        ";", ":", "'", "_", "-", "\"", "(", "!", "\t", "x.y", "3,5", "a_b", "__", "1.2.3",
    };
    same_on_random_texts(pieces, sizeof pieces / sizeof pieces[0], 77);
}

/* ... and on every invented text of the fixtures. */
static void test_fast_path_equals_full_fixtures(void **state)
{
    (void)state;
    static const char *const files[] = {
        "fixtures/news/articles.jsonl", "fixtures/textdir/orchard-frost.txt",
        "fixtures/textdir/school-meals.txt", "fixtures/normalize/en.txt",
        "fixtures/normalize/da.txt", "fixtures/normalize/de.txt",
    };
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        char path[256];
        size_t n = 0;
        snprintf(path, sizeof path, ND_TEST_ROOT "/%s", files[i]);
        char *text = test_slurp(path, &n);
        if (!text)
            fail_msg("cannot read %s", path);
        same_both_ways(text, n);
        free(text);
    }
}

static void expect(const char *in, const char *want)
{
    char *got = render(in);
    if (strcmp(got, want) != 0)
        fail_msg("input \"%s\": got \"%s\", want \"%s\"", in, got, want);
    free(got);
}

static void test_case_and_punctuation(void **state)
{
    (void)state;
    expect("The Harbour, the HARBOUR!", "the harbour the harbour");
    /* typographic and straight apostrophes give the same token */
    expect("Don\u2019t stop; don't stop", "dont stop dont stop");
    expect("the U.S. economy", "the us economy");
    expect("\u201CQuoted\u201D \u2014 words \u2022 here", "quoted words here");
}

static void test_nfkc(void **state)
{
    (void)state;
    expect("\uFB01nance", "finance");                /* ligature */
    expect("\uFF11\uFF12\uFF13 \uFF21\uFF22", "123 ab"); /* full width */
    expect("\uFF76\uFF80\uFF76\uFF85", "\u30AB \u30BF \u30AB \u30CA"); /* half-width kana */
}

static void test_case_folding(void **state)
{
    (void)state;
    expect("Stra\u00DFe STRASSE", "strasse strasse");
    /* full folding maps final sigma to sigma: both spellings agree */
    expect("\u039F\u0394\u039F\u03A3 \u03BF\u03B4\u03BF\u03C2", "\u03BF\u03B4\u03BF\u03C3 \u03BF\u03B4\u03BF\u03C3");
    expect("\u0401\u041B\u041A\u0410", "\u0451\u043B\u043A\u0430");
}

static void test_spaces_and_symbols(void **state)
{
    (void)state;
    expect("ten\u00A0percent", "ten percent"); /* no-break space splits */
    expect("party \xF0\x9F\x8E\x89 time", "party time"); /* emoji dropped */
    expect("$100 billion, 20%", "100 billion 20");
    expect("   \t  ", "");
    expect("", "");
}

static void test_char_scripts(void **state)
{
    (void)state;
    expect("\u6771\u4EAC\u90FD", "\u6771 \u4EAC \u90FD"); /* Han: one token each */
    expect("\u3072\u3089\u304C\u306A", "\u3072 \u3089 \u304C \u306A");
    expect("\u0E02\u0E48\u0E32\u0E27", "\u0E02 \u0E48 \u0E32 \u0E27"); /* Thai */
    /* Latin words inside Japanese stay whole */
    expect("\u65B0\u3057\u3044iPhone\u304C", "\u65B0 \u3057 \u3044 iphone \u304C");
}

static void test_paragraphs(void **state)
{
    (void)state;
    const char *text = "One two\n\n  \nthree\r\n!!!\nfour five";
    nd__norm nm;
    nd__tokens t = {0};
    nd__norm_init(&nm);
    assert_int_equal(nd__normalize(&nm, text, strlen(text), &t), ND_OK);
    assert_int_equal(t.n, 5);
    assert_int_equal(t.n_para, 3); /* blank and punctuation-only lines are not paragraphs */
    assert_int_equal(t.para[0].off, 0);
    assert_int_equal(t.para[0].n_tok, 2);
    assert_int_equal(t.para[1].off, 12);
    assert_int_equal(t.para[1].len, 5); /* the \r is not part of it */
    assert_int_equal(t.para[2].first_tok, 3);
    assert_int_equal(t.tok[4].para, 2);
    /* the buffers are reused: a second text replaces the first */
    assert_int_equal(nd__normalize(&nm, "x", 1, &t), ND_OK);
    assert_int_equal(t.n, 1);
    assert_int_equal(t.n_para, 1);
    nd__tokens_free(&t);
    nd__norm_free(&nm);
}

/* The first bad byte is the one u8_check finds in the whole text: random
 * texts of ASCII, valid sequences of every length, and damaged ones (stray
 * continuation bytes, cut sequences, overlong forms, surrogates, bytes that
 * are never UTF-8), at every alignment of the eight-byte ASCII skip. */
static void test_utf8_invalid_at_matches_u8_check(void **state)
{
    (void)state;
    static const char *const pieces[] = {
        "a", "Z", " ", "0", ".", "\n", "abcdefgh", "\u00E9", "\u0416", "\u6771", "\u2019",
        "\U0001F600", "\x80", "\xBF", "\xC3", "\xE6\x9D", "\xF0\x9F\x98", "\xC0\xAF",
        "\xED\xA0\x80", "\xFF", "\xFE", "\xF5\x80\x80\x80",
    };
    const size_t np = sizeof pieces / sizeof pieces[0];
    uint64_t rng = 77;
    char buf[256];
    for (int iter = 0, n = test_cases(20000); iter < n; iter++) {
        /* most texts valid (the first 12 pieces), so that long valid runs
         * are tried too */
        rng = next_rng(rng);
        int damaged_ok = (rng >> 40) % 4 == 0;
        size_t w = random_text(&rng, pieces, damaged_ok ? np : 12, buf);
        const uint8_t *bad = u8_check((const uint8_t *)buf, w);
        size_t want = bad ? (size_t)(bad - (const uint8_t *)buf) : w;
        size_t got = nd__utf8_invalid_at(buf, w);
        if (got != want)
            fail_msg("text %d (%zu bytes): first bad byte %zu, u8_check says %zu", iter, w,
                     got, want);
    }
}

static void test_utf8(void **state)
{
    (void)state;
    const char bad[] = "ok \xFF\xFE end";
    assert_int_equal(nd__utf8_invalid_at(bad, sizeof bad - 1), 3);
    assert_int_equal(nd__utf8_invalid_at("\u00E6\u00F8\u00E5", 6), 6);
    /* a truncated multi-byte sequence at the end */
    assert_int_equal(nd__utf8_invalid_at("ab\xC3", 3), 2);
    char *fixed;
    size_t len;
    assert_int_equal(nd__utf8_repair(bad, sizeof bad - 1, &fixed, &len), ND_OK);
    assert_string_equal(fixed, "ok \xEF\xBF\xBD\xEF\xBF\xBD end");
    assert_int_equal(nd__utf8_invalid_at(fixed, len), len);
    free(fixed);
    /* a real U+FFFD survives repair unchanged */
    assert_int_equal(nd__utf8_repair("a\xEF\xBF\xBD", 4, &fixed, &len), ND_OK);
    assert_int_equal(len, 4);
    free(fixed);
}

/* fixtures/normalize/LANG.txt against expected/LANG.tokens, byte for byte.
 * NEARDUP_GOLDEN=write rewrites the expected files (then review the diff). */
static void golden(const char *lang)
{
    char in[256], exp[256];
    snprintf(in, sizeof in, ND_TEST_ROOT "/fixtures/normalize/%s.txt", lang);
    snprintf(exp, sizeof exp, ND_TEST_ROOT "/fixtures/normalize/expected/%s.tokens", lang);
    char *text = test_slurp(in, NULL);
    if (!text)
        fail_msg("cannot read %s", in);
    char *got = render(text);
    const char *mode = getenv("NEARDUP_GOLDEN");
    if (mode && strcmp(mode, "write") == 0) {
        FILE *f = fopen(exp, "wb");
        assert_non_null(f);
        fprintf(f, "%s\n", got);
        fclose(f);
    }
    char *want = test_slurp(exp, NULL);
    if (!want)
        fail_msg("cannot read %s", exp);
    size_t wl = strlen(want);
    if (wl && want[wl - 1] == '\n')
        want[--wl] = '\0';
    if (strcmp(got, want) != 0)
        fail_msg("%s: tokens differ from %s:\n%s", lang, exp, got);
    free(text);
    free(got);
    free(want);
}

#define GOLDEN(lang)                                                                               \
    static void test_golden_##lang(void **state)                                                  \
    {                                                                                              \
        (void)state;                                                                               \
        golden(#lang);                                                                             \
    }
GOLDEN(en)
GOLDEN(da)
GOLDEN(de)
GOLDEN(el)
GOLDEN(ru)
GOLDEN(zh)
GOLDEN(ja)
GOLDEN(ar)
GOLDEN(th)

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_case_and_punctuation),
        cmocka_unit_test(test_nfkc),
        cmocka_unit_test(test_case_folding),
        cmocka_unit_test(test_spaces_and_symbols),
        cmocka_unit_test(test_char_scripts),
        cmocka_unit_test(test_paragraphs),
        cmocka_unit_test(test_utf8),
        cmocka_unit_test(test_utf8_invalid_at_matches_u8_check),
        cmocka_unit_test(test_fast_path_equals_full_random),
        cmocka_unit_test(test_fast_path_equals_full_ascii_blocks),
        cmocka_unit_test(test_fast_path_equals_full_fixtures),
        cmocka_unit_test(test_golden_en),
        cmocka_unit_test(test_golden_da),
        cmocka_unit_test(test_golden_de),
        cmocka_unit_test(test_golden_el),
        cmocka_unit_test(test_golden_ru),
        cmocka_unit_test(test_golden_zh),
        cmocka_unit_test(test_golden_ja),
        cmocka_unit_test(test_golden_ar),
        cmocka_unit_test(test_golden_th),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
