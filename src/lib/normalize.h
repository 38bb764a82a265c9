/*
 * normalize.h - UTF-8 checks and the text rules that turn an article into
 * tokens (docs/normalization.md, ND_NORMALIZE_VERSION).
 */
#ifndef ND_NORMALIZE_H
#define ND_NORMALIZE_H

#include "internal.h"

/* A token: bytes [off, off+len) of nd__tokens.text, in paragraph para.
 * spaceless: one character of a script written without spaces (Han, kana,
 * Thai...), so character shingles join it to its neighbours with no space. */
typedef struct nd__token {
    uint32_t off, len, para, spaceless;
} nd__token;

/* A paragraph: a non-blank input line that yields at least one token.
 * off/len locate it in the original text; its tokens are
 * [first_tok, first_tok + n_tok). */
typedef struct nd__para {
    uint32_t off, len, first_tok, n_tok;
} nd__para;

typedef struct nd__tokens {
    char *text;                /* normalized token bytes, back to back */
    size_t text_len, text_cap;
    nd__token *tok;
    size_t n, cap;
    nd__para *para;
    size_t n_para, para_cap;
} nd__tokens;

/* Reusable normalizer state (scratch buffers, script table); one per thread. */
typedef struct nd__norm {
    const void *char_scripts[8]; /* scripts tokenized one character at a time */
    size_t n_char_scripts;
    int full_only;               /* tests: never take the fast path */
    /* Letters U+0080..U+027F (every two-byte code point with lead byte
     * 0xC2-0xC9: Latin and IPA) the fast path may take: the code point its
     * NFKC case folding gives (one letter), or 0 when it needs the full
     * path (ß, ĳ, ſ, µ, İ, symbols...). Filled at init from libunistring. */
    uint16_t latin_fold[0x280 - 0x80];
    uint8_t *fold;
    size_t fold_cap;
    char *brk;
    size_t brk_cap;
} nd__norm;

void nd__norm_init(nd__norm *nm);
void nd__norm_free(nd__norm *nm);

/* Tokenize valid UTF-8 text s[0..n) into out (which is reset first; its
 * buffers are reused). Text rules, per line:
 *   NFKC + full case folding (language-neutral), then Unicode word breaks
 *   (UAX #29, u8_wordbreaks); a token is the letters, marks and digits of one
 *   word segment (so "don't" and "don’t" both give "dont"); characters of
 *   Han, Hiragana, Katakana, Thai, Lao, Khmer and Myanmar become one token
 *   each. Everything else (spaces, punctuation, symbols, emoji) is dropped.
 * @return ND_OK, ND_ENOMEM, ND_ERANGE (text over 4 GiB once normalized). */
int nd__normalize(nd__norm *nm, const char *s, size_t n, nd__tokens *out);

void nd__tokens_free(nd__tokens *t);

/* Offset of the first invalid UTF-8 byte in s[0..n), or n when s is valid. */
size_t nd__utf8_invalid_at(const char *s, size_t n);

/* Copy s with every invalid sequence replaced by U+FFFD.
 * @return ND_OK or ND_ENOMEM; *out is NUL-terminated and owned by the caller. */
int nd__utf8_repair(const char *s, size_t n, char **out, size_t *out_len);

#endif /* ND_NORMALIZE_H */
