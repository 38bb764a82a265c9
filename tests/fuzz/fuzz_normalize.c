/*
 * fuzz_normalize.c - a differential fuzzer for the text rules.
 *
 * nd__normalize has a fast path for ASCII and Latin lines and a full path
 * through libunistring; the fast one must give exactly the tokens of the
 * full one. The input is made valid UTF-8 the way the library does it
 * (nd__utf8_repair), tokenized both ways (nd__norm.full_only 0 and 1), and
 * any difference in tokens, their bytes, paragraphs or flags aborts with
 * both renderings. Both normalizers live across inputs, like the
 * per-thread scratch of a corpus, so stale buffers would show too.
 */
#include "normalize.h"

#include "fuzz.h"

static nd__norm fast_nm, full_nm;
static nd__tokens fast_t, full_t;
static int ready;

static void release(void)
{
    nd__norm_free(&fast_nm);
    nd__norm_free(&full_nm);
    nd__tokens_free(&fast_t);
    nd__tokens_free(&full_t);
}

static void dump(const char *what, const nd__tokens *t)
{
    fprintf(stderr, "%s: %zu tokens, %zu paragraphs\n", what, t->n, t->n_para);
    for (size_t i = 0; i < t->n; i++)
        fprintf(stderr, "  [%zu] para %u spaceless %u \"%.*s\"\n", i, t->tok[i].para,
                t->tok[i].spaceless, (int)t->tok[i].len, t->text + t->tok[i].off);
    for (size_t p = 0; p < t->n_para; p++)
        fprintf(stderr, "  para %zu: off %u len %u tokens %u+%u\n", p, t->para[p].off,
                t->para[p].len, t->para[p].first_tok, t->para[p].n_tok);
}

static int same_tokens(const nd__tokens *a, const nd__tokens *b)
{
    if (a->n != b->n || a->n_para != b->n_para)
        return 0;
    for (size_t i = 0; i < a->n; i++) {
        const nd__token *x = &a->tok[i], *y = &b->tok[i];
        if (x->len != y->len || x->para != y->para || x->spaceless != y->spaceless ||
            memcmp(a->text + x->off, b->text + y->off, x->len) != 0)
            return 0;
    }
    for (size_t p = 0; p < a->n_para; p++) {
        const nd__para *x = &a->para[p], *y = &b->para[p];
        if (x->off != y->off || x->len != y->len || x->first_tok != y->first_tok ||
            x->n_tok != y->n_tok)
            return 0;
    }
    return 1;
}

/* What every tokenization promises, whichever path made it. */
static void check_shape(const nd__tokens *t, size_t n)
{
    size_t next_tok = 0;
    for (size_t p = 0; p < t->n_para; p++) {
        const nd__para *pa = &t->para[p];
        FUZZ_CHECK(pa->first_tok == next_tok && pa->n_tok > 0);
        FUZZ_CHECK((size_t)pa->off + pa->len <= n);
        next_tok += pa->n_tok;
    }
    FUZZ_CHECK(next_tok == t->n);
    for (size_t i = 0; i < t->n; i++) {
        const nd__token *tk = &t->tok[i];
        FUZZ_CHECK(tk->len > 0);
        FUZZ_CHECK((size_t)tk->off + tk->len <= t->text_len);
        FUZZ_CHECK(tk->para < t->n_para);
        FUZZ_CHECK(nd__utf8_invalid_at(t->text + tk->off, tk->len) == tk->len);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!ready) {
        nd__norm_init(&fast_nm);
        nd__norm_init(&full_nm);
        full_nm.full_only = 1;
        atexit(release);
        ready = 1;
    }
    const char *text = (const char *)data;
    char *fixed = NULL;
    size_t n = size;
    if (nd__utf8_invalid_at(text, size) != size) {
        FUZZ_CHECK(nd__utf8_repair(text, size, &fixed, &n) == ND_OK);
        FUZZ_CHECK(nd__utf8_invalid_at(fixed, n) == n);
        /* an invalid sequence (one byte or more) becomes one U+FFFD */
        FUZZ_CHECK(n <= 3 * size);
        text = fixed;
    } else {
        /* valid text is copied as it is */
        FUZZ_CHECK(nd__utf8_repair(text, size, &fixed, &n) == ND_OK);
        FUZZ_CHECK(n == size && memcmp(fixed, data, size) == 0 && fixed[n] == '\0');
        free(fixed);
        fixed = NULL;
        n = size;
        /* an exact-size copy, so that a read past the end is caught */
        if (size) {
            fixed = malloc(size);
            FUZZ_CHECK(fixed != NULL);
            memcpy(fixed, data, size);
            text = fixed;
        }
    }
    int a = nd__normalize(&fast_nm, text, n, &fast_t);
    int b = nd__normalize(&full_nm, text, n, &full_t);
    FUZZ_CHECK(a == ND_OK && b == ND_OK);
    check_shape(&full_t, n);
    if (!same_tokens(&fast_t, &full_t)) {
        fprintf(stderr, "fast and full paths differ on %zu bytes: \"", n);
        for (size_t i = 0; i < n; i++) {
            unsigned char ch = (unsigned char)text[i];
            if (ch >= 0x20 && ch < 0x7F && ch != '"' && ch != '\\')
                fputc(ch, stderr);
            else
                fprintf(stderr, "\\x%02X", ch);
        }
        fprintf(stderr, "\"\n");
        dump("fast", &fast_t);
        dump("full", &full_t);
        abort();
    }
    check_shape(&fast_t, n);
    free(fixed);
    return 0;
}
