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
    for (ucs4_t cp = 0x80; cp < 0x280; cp++) {
        uint32_t folded[8];
        size_t len = sizeof folded / sizeof folded[0];
        uint32_t *r = u32_casefold(&cp, 1, "", UNINORM_NFKC, folded, &len);
        uint16_t ok = 0;
        if (r && len == 1 && r[0] < 0x280 && r[0] >= 0x80 &&
            uc_wordbreak_property(cp) == WBP_ALETTER &&
            uc_wordbreak_property(r[0]) == WBP_ALETTER &&
            uc_is_general_category(r[0], UC_CATEGORY_L))
            ok = (uint16_t)r[0];
        if (r && r != folded)
            free(r);
        nm->latin_fold[cp - 0x80] = ok;
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

/* The token of text bytes [start, end) (room for it already made). */
static inline void set_token(nd__token *tk, size_t start, size_t end, uint32_t para,
                             uint32_t spaceless)
{
    tk->off = (uint32_t)start;
    tk->len = (uint32_t)(end - start);
    tk->para = para;
    tk->spaceless = spaceless;
}

/* Close the token that started at byte start, if it has any bytes. */
static int flush_token(nd__tokens *t, size_t start, uint32_t para, uint32_t spaceless)
{
    if (t->text_len == start)
        return ND_OK;
    if (t->n == t->cap && nd__grow((void **)&t->tok, &t->cap, t->n + 1, sizeof *t->tok))
        return ND_ENOMEM;
    set_token(&t->tok[t->n++], start, t->text_len, para, spaceless);
    return ND_OK;
}

/* ---- the fast path ------------------------------------------------------
 * Most lines of news text are ASCII and Latin letters with a few
 * typographic marks. For them, NFKC and case folding are a per-character
 * table, and the word-break rules of UAX #29 a handful of cases, so
 * libunistring's whole-string calls (the bulk of the cost) can be skipped.
 * Letters U+0080..U+027F (Latin and IPA) go through nm->latin_fold, filled
 * from libunistring's own answers for each code point. The marks take the
 * class of the ASCII character that behaves the same after NFKC and under
 * UAX #29:
 *   U+2018 U+2019 (MidNumLet)        -> '\''  (same rules as MidNumLet)
 *   U+201C U+201D U+2013 U+2014 U+2022 (Other) -> '"'
 *   U+00A0 (NFKC: a space)           -> ' '
 *   U+2026 (NFKC: "...")             -> "..."
 * Any other non-ASCII code point sends the line to the full path. Tests
 * check that both paths give the same tokens on random and real text. */

enum { C_OTHER, C_LETTER, C_DIGIT, C_MIDLETTER, C_MIDNUMLETQ, C_MIDNUM, C_EXTEND };
#define IS_ALNUM(k) ((k) == C_LETTER || (k) == C_DIGIT)

/* UAX #29 word-break classes of the ASCII characters (all others Other). */
#define L_ C_LETTER
#define D_ C_DIGIT
static const uint8_t ascii_cls[128] = {
    ['0'] = D_, ['1'] = D_, ['2'] = D_, ['3'] = D_, ['4'] = D_, ['5'] = D_, ['6'] = D_,
    ['7'] = D_, ['8'] = D_, ['9'] = D_,
    ['A'] = L_, ['B'] = L_, ['C'] = L_, ['D'] = L_, ['E'] = L_, ['F'] = L_, ['G'] = L_,
    ['H'] = L_, ['I'] = L_, ['J'] = L_, ['K'] = L_, ['L'] = L_, ['M'] = L_, ['N'] = L_,
    ['O'] = L_, ['P'] = L_, ['Q'] = L_, ['R'] = L_, ['S'] = L_, ['T'] = L_, ['U'] = L_,
    ['V'] = L_, ['W'] = L_, ['X'] = L_, ['Y'] = L_, ['Z'] = L_,
    ['a'] = L_, ['b'] = L_, ['c'] = L_, ['d'] = L_, ['e'] = L_, ['f'] = L_, ['g'] = L_,
    ['h'] = L_, ['i'] = L_, ['j'] = L_, ['k'] = L_, ['l'] = L_, ['m'] = L_, ['n'] = L_,
    ['o'] = L_, ['p'] = L_, ['q'] = L_, ['r'] = L_, ['s'] = L_, ['t'] = L_, ['u'] = L_,
    ['v'] = L_, ['w'] = L_, ['x'] = L_, ['y'] = L_, ['z'] = L_,
    [':'] = C_MIDLETTER, ['.'] = C_MIDNUMLETQ, ['\''] = C_MIDNUMLETQ,
    [','] = C_MIDNUM, [';'] = C_MIDNUM, ['_'] = C_EXTEND,
};
#undef L_
#undef D_

/* The folded byte of each ASCII letter or digit, 0 for anything else
 * (including every byte >= 0x80). */
#define W2(c) [c] = c
static const uint8_t ascii_word[256] = {
    W2('0'), W2('1'), W2('2'), W2('3'), W2('4'), W2('5'), W2('6'), W2('7'), W2('8'), W2('9'),
    W2('a'), W2('b'), W2('c'), W2('d'), W2('e'), W2('f'), W2('g'), W2('h'), W2('i'), W2('j'),
    W2('k'), W2('l'), W2('m'), W2('n'), W2('o'), W2('p'), W2('q'), W2('r'), W2('s'), W2('t'),
    W2('u'), W2('v'), W2('w'), W2('x'), W2('y'), W2('z'),
    ['A'] = 'a', ['B'] = 'b', ['C'] = 'c', ['D'] = 'd', ['E'] = 'e', ['F'] = 'f', ['G'] = 'g',
    ['H'] = 'h', ['I'] = 'i', ['J'] = 'j', ['K'] = 'k', ['L'] = 'l', ['M'] = 'm', ['N'] = 'n',
    ['O'] = 'o', ['P'] = 'p', ['Q'] = 'q', ['R'] = 'r', ['S'] = 's', ['T'] = 't', ['U'] = 'u',
    ['V'] = 'v', ['W'] = 'w', ['X'] = 'x', ['Y'] = 'y', ['Z'] = 'z',
};
#undef W2

/* Copy the run of ASCII letters and digits at s[0..n) (s[0] is one),
 * folded, to t; returns its length. Sixteen bytes are classified and
 * folded at a time where the line has them: a run then costs a few vector
 * operations instead of a table lookup per byte. A block is stored whole
 * only when the line has sixteen more bytes: folding never lengthens a
 * character, so t has room for them. */
#if defined(__SSE2__)
#include <emmintrin.h>
/* The mask of the ASCII letters and digits among sixteen bytes (bit i for
 * byte i), and the bytes with their letters folded to lower case. Bytes
 * >= 0x80 are negative as signed: never in a range below. */
static inline unsigned fold16(__m128i x, __m128i *folded)
{
    __m128i lower = _mm_or_si128(x, _mm_set1_epi8(0x20));
    __m128i letter = _mm_and_si128(_mm_cmpgt_epi8(lower, _mm_set1_epi8('a' - 1)),
                                   _mm_cmplt_epi8(lower, _mm_set1_epi8('z' + 1)));
    __m128i digit = _mm_and_si128(_mm_cmpgt_epi8(x, _mm_set1_epi8('0' - 1)),
                                  _mm_cmplt_epi8(x, _mm_set1_epi8('9' + 1)));
    /* letters take their lower case (the 0x20 bit), digits stay */
    *folded = _mm_or_si128(x, _mm_and_si128(letter, _mm_set1_epi8(0x20)));
    return (unsigned)_mm_movemask_epi8(_mm_or_si128(letter, digit));
}

static inline size_t ascii_run(const uint8_t *s, size_t n, uint8_t *t)
{
    size_t i = 0;
    for (; i + 16 <= n; i += 16) {
        __m128i folded;
        unsigned word = fold16(_mm_loadu_si128((const __m128i *)(const void *)(s + i)), &folded);
        _mm_storeu_si128((__m128i *)(void *)(t + i), folded);
        if (word != 0xFFFF)
            return i + (size_t)__builtin_ctz(~word);
    }
    for (uint8_t f; i < n && (f = ascii_word[s[i]]) != 0; i++)
        t[i] = f;
    return i;
}
#else
static inline size_t ascii_run(const uint8_t *s, size_t n, uint8_t *t)
{
    size_t i = 0;
    for (uint8_t f; i < n && (f = ascii_word[s[i]]) != 0; i++)
        t[i] = f;
    return i;
}
#endif

#if defined(__SSE2__)
/* Sixteen ASCII bytes in which no word can join another: no byte >= 0x80,
 * no '_' (ExtendNumLet joins across runs of itself), and no other
 * mid-word character (. , ; : ') with a letter or digit on both sides or
 * at either end of the block, where its neighbour is out of sight. In
 * such a block every gap holds a character of class Other or is longer
 * than one, so UAX #29 breaks at every gap (joins() below would say so
 * for each): the words are the runs of letters and digits. On success
 * *word has bit i set for each letter or digit, and fb holds the block
 * folded. */
static inline int plain_block(const uint8_t *s, unsigned *word, uint8_t fb[16])
{
    const __m128i x = _mm_loadu_si128((const __m128i *)(const void *)s);
    if (_mm_movemask_epi8(x)) /* a byte >= 0x80 */
        return 0;
    __m128i mid = _mm_or_si128(
        _mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8('.')), _mm_cmpeq_epi8(x, _mm_set1_epi8(','))),
        _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8(';')),
                                  _mm_cmpeq_epi8(x, _mm_set1_epi8(':'))),
                     _mm_cmpeq_epi8(x, _mm_set1_epi8('\''))));
    __m128i folded;
    const unsigned w = fold16(x, &folded);
    const unsigned m = (unsigned)_mm_movemask_epi8(mid);
    if (_mm_movemask_epi8(_mm_cmpeq_epi8(x, _mm_set1_epi8('_'))) || (m & 0x8001u) ||
        (m & (w << 1) & (w >> 1)))
        return 0;
    _mm_storeu_si128((__m128i *)(void *)fb, folded);
    *word = w;
    return 1;
}
#endif

/* Can two letters or digits with gap characters between them (gap of
 * them, the last of class gap_cls, all ExtendNumLet or not) stay in one
 * word? UAX #29 on the classes above: WB6/WB7 letter (MidLetter |
 * MidNumLetQ) letter; WB11/WB12 digit (MidNum | MidNumLetQ) digit;
 * WB13a/WB13b any run of ExtendNumLet; nothing else joins across a gap. */
static int joins(size_t gap, int gap_cls, int all_extend, int before, int after)
{
    if (gap == 0 || all_extend)
        return 1;
    if (gap != 1)
        return 0;
    if (before == C_LETTER && after == C_LETTER)
        return gap_cls == C_MIDLETTER || gap_cls == C_MIDNUMLETQ;
    if (before == C_DIGIT && after == C_DIGIT)
        return gap_cls == C_MIDNUM || gap_cls == C_MIDNUMLETQ;
    return 0;
}

/* Room past a line's own length in the folded text: a block's run is
 * copied sixteen bytes at a time. */
#define BLOCK_SLACK 32

/* One pass over the line: map each character as above, append the letters
 * and digits of each word to out, close a word where UAX #29 breaks.
 * 1: the line was tokenized here; 0: it needs the full path (out is left
 * as it was); < 0: error. */
static int fast_line(nd__norm *nm, const uint8_t *s, size_t n, uint32_t para, nd__tokens *out)
{
    /* every character maps to at most as many bytes as it had, and a line
     * of n bytes has at most n / 2 + 1 words */
    if (out->text_len + n > UINT32_MAX)
        return ND_ERANGE;
    if (nd__grow((void **)&out->text, &out->text_cap, out->text_len + n + BLOCK_SLACK, 1) ||
        nd__grow((void **)&out->tok, &out->cap, out->n + n / 2 + 1, sizeof *out->tok))
        return ND_ENOMEM;
    uint8_t *t = (uint8_t *)out->text;
    size_t w = out->text_len, start = w, ntok = out->n;
    size_t gap = 0;       /* characters since the word's last letter or digit */
    int gap_cls = C_OTHER, all_extend = 1, last = C_OTHER;
#if defined(__SSE2__)
    size_t next_block = 0; /* no block is tried before here */
    uint8_t fb[32] = {0};  /* a folded block; a run's copy reads past it */
#endif
    for (size_t i = 0; i < n;) {
#if defined(__SSE2__)
        /* sixteen bytes at a time where no word joins another (most of
         * news text); elsewhere, and for the rest of a block that is not
         * plain, one character at a time */
        unsigned word;
        if (i >= next_block && i + 16 <= n && plain_block(s + i, &word, fb)) {
            size_t end = 0; /* where the block's last run ends */
            for (unsigned m = word; m;) {
                const unsigned o = (unsigned)__builtin_ctz(m);
                const unsigned len = (unsigned)__builtin_ctz(~(m >> o));
                const int cls = ascii_cls[s[i + o]];
                /* a run after a gap inside the block is a new word (the
                 * gap holds an Other, or is longer than one); one at the
                 * start continues the word before if the rules say so */
                if (w > start && (o > 0 || !joins(gap, gap_cls, all_extend, last, cls))) {
                    set_token(&out->tok[ntok++], start, w, para, 0);
                    start = w;
                }
                memcpy(t + w, fb + o, 16); /* room: BLOCK_SLACK */
                w += len;
                last = ascii_cls[s[i + o + len - 1]];
                end = o + len;
                m &= ~(((1u << len) - 1) << o);
            }
            if (end == 16) {
                gap = 0;
                all_extend = 1;
            } else { /* the block ends in a gap: its last byte is an Other */
                gap = end ? 16 - end : gap + 16;
                gap_cls = C_OTHER;
                all_extend = 0;
            }
            i += 16;
            continue;
        }
        if (i >= next_block)
            next_block = i + 16;
#endif
        uint8_t c = s[i], b0 = 0, b1 = 0; /* a Latin letter's folded bytes */
        int k, two = 0;
        if (c < 0x80) {
            uint8_t f = ascii_word[c];
            if (f) { /* a run of ASCII letters and digits: the bulk of text */
                if (w > start && !joins(gap, gap_cls, all_extend, last, ascii_cls[c])) {
                    set_token(&out->tok[ntok++], start, w, para, 0);
                    start = w;
                }
                size_t run = ascii_run(s + i, n - i, t + w);
                w += run;
                i += run;
                last = ascii_cls[s[i - 1]];
                gap = 0;
                all_extend = 1;
                continue;
            }
            k = ascii_cls[c];
            i++;
        } else if (c >= 0xC2 && c < 0xCA && i + 1 < n) { /* U+0080..U+027F */
            ucs4_t cp = ((ucs4_t)(c & 0x1F) << 6) | (s[i + 1] & 0x3F);
            if (cp == 0xA0) { /* no-break space: NFKC makes it a space */
                k = C_OTHER;
            } else {
                uint16_t f = nm->latin_fold[cp - 0x80];
                if (!f)
                    return 0;
                k = C_LETTER;
                two = 1;
                b0 = (uint8_t)(0xC0 | (f >> 6));
                b1 = (uint8_t)(0x80 | (f & 0x3F));
            }
            i += 2;
        } else if (c == 0xE2 && i + 2 < n && s[i + 1] == 0x80) {
            switch (s[i + 2]) {
            case 0x98:
            case 0x99: k = C_MIDNUMLETQ; break;
            case 0x9C:
            case 0x9D:
            case 0x93:
            case 0x94:
            case 0xA2: k = C_OTHER; break;
            case 0xA6: /* "...": three MidNumLetQ, a gap nothing joins across */
                gap += 2;
                all_extend = 0;
                k = C_MIDNUMLETQ;
                break;
            default: return 0;
            }
            i += 3;
        } else {
            return 0;
        }
        if (!IS_ALNUM(k)) {
            gap++;
            gap_cls = k;
            all_extend &= k == C_EXTEND;
            continue;
        }
        if (w > start && !joins(gap, gap_cls, all_extend, last, k)) {
            set_token(&out->tok[ntok++], start, w, para, 0);
            start = w;
        }
        t[w++] = b0;
        if (two)
            t[w++] = b1;
        last = k;
        gap = 0;
        all_extend = 1;
    }
    if (w > start)
        set_token(&out->tok[ntok++], start, w, para, 0);
    out->text_len = w;
    out->n = ntok;
    return 1;
}

/* Tokenize one line (already known to be valid UTF-8). */
static int normalize_line(nd__norm *nm, const uint8_t *s, size_t n, uint32_t para,
                          nd__tokens *out)
{
    if (!nm->full_only) {
        int done = fast_line(nm, s, n, para, out);
        if (done != 0)
            return done < 0 ? done : ND_OK;
    }
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
    /* ASCII bytes are valid and never part of a longer sequence, so the
     * text splits into ASCII (skipped a word at a time: most news text is
     * mostly ASCII) and runs of other bytes that start and end on character
     * boundaries when valid; u8_check judges each run, and the first bad
     * byte is the one it would have found in the whole text */
    const uint8_t *p = (const uint8_t *)s;
    size_t i = 0;
    while (i < n) {
        for (uint64_t w; i + 8 <= n; i += 8) {
            memcpy(&w, p + i, 8);
            if (w & 0x8080808080808080ULL)
                break;
        }
        while (i < n && p[i] < 0x80)
            i++;
        if (i == n)
            break;
        size_t j = i + 1;
        while (j < n && p[j] >= 0x80)
            j++;
        const uint8_t *bad = u8_check(p + i, j - i);
        if (bad)
            return (size_t)(bad - p);
        i = j;
    }
    return n;
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
