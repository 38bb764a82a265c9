/*
 * normalize.c - text rules: the first stage after reading. Everything that
 * decides which bytes count as "the same word" lives here, so that it can
 * be versioned as one (ND_NORMALIZE_VERSION).
 */
#include <stdlib.h>
#include <string.h>

#include <unicase.h>  /* u8_casefold */
#include <unictype.h> /* uc_is_general_category, uc_script */
#include <uninorm.h>  /* UNINORM_NFKC */
#include <unistr.h>   /* u8_check, u8_mbtouc, u8_uctomb */
#include <uniwbrk.h>  /* u8_wordbreaks */

#include "normalize.h"

void nd__norm_init(nd__norm *nm)
{
    /* Scripts written without spaces between words: UAX #29 either splits
     * them per character (Han, kana) or not at all (Thai), so a "word" there
     * is one character and shingles become character k-grams. */
    static const char *const names[] = {"Han", "Hiragana", "Katakana", "Thai",
                                        "Lao", "Khmer", "Myanmar"};
    memset(nm, 0, sizeof *nm);
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        const uc_script_t *sc = uc_script_byname(names[i]);
        if (sc)
            nm->char_scripts[nm->n_char_scripts++] = sc;
    }
}

void nd__norm_free(nd__norm *nm)
{
    free(nm->fold);
    free(nm->brk);
    nm->fold = NULL;
    nm->brk = NULL;
    nm->fold_cap = nm->brk_cap = 0;
}

void nd__tokens_free(nd__tokens *t)
{
    free(t->text);
    free(t->tok);
    free(t->para);
    memset(t, 0, sizeof *t);
}

static int is_char_script(const nd__norm *nm, ucs4_t cp)
{
    if (cp < 0x0E00) /* below Thai: no spaceless script we split per char */
        return 0;
    const uc_script_t *sc = uc_script(cp);
    for (size_t i = 0; i < nm->n_char_scripts; i++)
        if (sc == nm->char_scripts[i])
            return 1;
    return 0;
}

static int is_word_char(ucs4_t cp)
{
    if (cp < 0x80)
        return (cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9') ||
               (cp >= 'A' && cp <= 'Z');
    return uc_is_general_category(cp, UC_CATEGORY_L) ||
           uc_is_general_category(cp, UC_CATEGORY_N) ||
           uc_is_general_category(cp, UC_CATEGORY_M);
}

static int append_bytes(nd__tokens *t, const uint8_t *p, size_t len)
{
    if (t->text_len + len > UINT32_MAX)
        return ND_ERANGE;
    if (nd__grow((void **)&t->text, &t->text_cap, t->text_len + len, 1))
        return ND_ENOMEM;
    memcpy(t->text + t->text_len, p, len);
    t->text_len += len;
    return ND_OK;
}

/* Close the token that started at byte start, if it has any bytes. */
static int flush_token(nd__tokens *t, size_t start, uint32_t para, uint32_t spaceless)
{
    if (t->text_len == start)
        return ND_OK;
    if (t->n == t->cap && nd__grow((void **)&t->tok, &t->cap, t->n + 1, sizeof *t->tok))
        return ND_ENOMEM;
    t->tok[t->n].off = (uint32_t)start;
    t->tok[t->n].len = (uint32_t)(t->text_len - start);
    t->tok[t->n].para = para;
    t->tok[t->n].spaceless = spaceless;
    t->n++;
    return ND_OK;
}

/* Tokenize one line (already known to be valid UTF-8). */
static int normalize_line(nd__norm *nm, const uint8_t *s, size_t n, uint32_t para,
                          nd__tokens *out)
{
    size_t flen = nm->fold_cap;
    uint8_t *f = u8_casefold(s, n, "", UNINORM_NFKC, nm->fold, &flen);
    if (!f)
        return ND_ENOMEM;
    if (f != nm->fold) { /* libunistring allocated a larger buffer: adopt it */
        free(nm->fold);
        nm->fold = f;
        nm->fold_cap = flen;
    }
    if (flen == 0)
        return ND_OK;
    if (nd__grow((void **)&nm->brk, &nm->brk_cap, flen, 1))
        return ND_ENOMEM;
    u8_wordbreaks(f, flen, nm->brk);

    size_t start = out->text_len;
    int err;
    for (size_t i = 0; i < flen;) {
        ucs4_t cp;
        int len = u8_mbtouc(&cp, f + i, flen - i);
        if (len <= 0)
            len = 1;
        if (i > 0 && nm->brk[i]) { /* a word segment ends here */
            if ((err = flush_token(out, start, para, 0)) < 0)
                return err;
            start = out->text_len;
        }
        if (is_char_script(nm, cp)) {
            if ((err = flush_token(out, start, para, 0)) < 0 ||
                (err = append_bytes(out, f + i, (size_t)len)) < 0 ||
                (err = flush_token(out, out->text_len - (size_t)len, para, 1)) < 0)
                return err;
            start = out->text_len;
        } else if (is_word_char(cp)) {
            if ((err = append_bytes(out, f + i, (size_t)len)) < 0)
                return err;
        }
        i += (size_t)len;
    }
    return flush_token(out, start, para, 0);
}

int nd__normalize(nd__norm *nm, const char *text, size_t n, nd__tokens *out)
{
    const uint8_t *s = (const uint8_t *)text;
    out->text_len = 0;
    out->n = 0;
    out->n_para = 0;
    if (n > UINT32_MAX)
        return ND_ERANGE;

    size_t line = 0;
    while (line < n) {
        const uint8_t *nl = memchr(s + line, '\n', n - line);
        size_t end = nl ? (size_t)(nl - s) : n;
        size_t len = end - line;
        if (len > 0 && s[line + len - 1] == '\r')
            len--;
        size_t before = out->n;
        int err = normalize_line(nm, s + line, len, (uint32_t)out->n_para, out);
        if (err < 0)
            return err;
        if (out->n > before) {
            if (out->n_para == out->para_cap &&
                nd__grow((void **)&out->para, &out->para_cap, out->n_para + 1, sizeof *out->para))
                return ND_ENOMEM;
            nd__para *p = &out->para[out->n_para++];
            p->off = (uint32_t)line;
            p->len = (uint32_t)len;
            p->first_tok = (uint32_t)before;
            p->n_tok = (uint32_t)(out->n - before);
        }
        line = end + 1;
    }
    return ND_OK;
}

size_t nd__utf8_invalid_at(const char *s, size_t n)
{
    const uint8_t *bad = u8_check((const uint8_t *)s, n);
    return bad ? (size_t)(bad - (const uint8_t *)s) : n;
}

int nd__utf8_repair(const char *s, size_t n, char **out, size_t *out_len)
{
    /* Each invalid byte becomes U+FFFD (3 bytes): at most 3n bytes. */
    if (n > (SIZE_MAX - 1) / 3)
        return ND_ENOMEM;
    uint8_t *d = malloc(3 * n + 1);
    if (!d)
        return ND_ENOMEM;
    const uint8_t *p = (const uint8_t *)s;
    size_t w = 0;
    for (size_t i = 0; i < n;) {
        ucs4_t cp;
        int len = u8_mbtouc(&cp, p + i, n - i);
        /* u8_mbtouc gives U+FFFD for an invalid sequence; copy valid ones
         * as they are so that a real U+FFFD in the text survives too. */
        if (len <= 0)
            len = 1;
        if (cp == 0xFFFD && u8_check(p + i, (size_t)len) != NULL) {
            d[w++] = 0xEF;
            d[w++] = 0xBF;
            d[w++] = 0xBD;
        } else {
            memcpy(d + w, p + i, (size_t)len);
            w += (size_t)len;
        }
        i += (size_t)len;
    }
    d[w] = '\0';
    *out = (char *)d;
    *out_len = w;
    return ND_OK;
}
