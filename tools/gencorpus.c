/*
 * gencorpus.c - write a synthetic news corpus in JSON Lines, with planted
 * near-duplicates and the ground truth, for benchmarks and quality
 * measurements (bench/run.sh, docs/benchmarks.md).
 *
 * Every word is invented: a vocabulary of pseudo-words built from syllables,
 * a short list of common function words, invented names, places, sites and
 * figures. The output depends only on the options (--seed above all), never
 * on the machine or the time of day.
 *
 * A story is an original article; later articles are variants of a recent
 * story: copies on another site, new headlines, light and heavy edits,
 * trimmed endings, local intros, a shared lead paragraph, corrected figures.
 * "Same topic" articles reuse a story's names and figures in all-new
 * sentences and are a group of their own. Each site wraps its articles in
 * the same boilerplate: menu, ticker, comments counter, newsletter plug,
 * recent posts and a month-by-month archive.
 *
 * Memory is bounded whatever --articles is: a story is regenerated from its
 * number when a variant needs it, and only the last RING stories are kept.
 * Standalone: C11, libc and libm only.
 */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define N_SITES 50
#define RING 4096    /* recent stories a variant can derive from */
#define VOCAB 24000  /* pseudo-words */
#define ZIPF_BITS 20 /* resolution of the word-frequency table */
#define DEFAULT_AVG_WORDS 520
#define START_TIME 1546300800 /* 2019-01-01T00:00:00Z */

/* ------------------------------------------------------------------------ */
/* Random numbers: xoshiro256** seeded through splitmix64, one independent
 * stream per purpose (vocabulary, each site, each story, each article), so
 * that regenerating a story needs only its number.                        */

typedef struct rng {
    uint64_t s[4];
} rng;

static uint64_t splitmix(uint64_t *x)
{
    uint64_t z = (*x += 0x9E3779B97F4A7C15u);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
    return z ^ (z >> 31);
}

enum { STREAM_VOCAB = 1, STREAM_SITE, STREAM_STORY, STREAM_ARTICLE, STREAM_MAIN };

static void rng_seed(rng *r, uint64_t seed, uint64_t stream, uint64_t index)
{
    uint64_t x = seed ^ (stream << 56) ^ (index * 0xD1B54A32D192ED03u);
    for (int i = 0; i < 4; i++)
        r->s[i] = splitmix(&x);
}

static uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

static uint64_t rng_next(rng *r)
{
    uint64_t *s = r->s;
    uint64_t out = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return out;
}

/* Uniform in [0, n) by a multiply-shift; the bias is below 2^-32. */
static uint32_t rng_below(rng *r, uint32_t n)
{
    return (uint32_t)(((rng_next(r) >> 32) * n) >> 32);
}

static uint32_t rng_range(rng *r, uint32_t lo, uint32_t hi)
{
    return lo + rng_below(r, hi - lo + 1);
}

static double rng_unit(rng *r)
{
    return (double)(rng_next(r) >> 11) * (1.0 / 9007199254740992.0);
}

static int rng_chance(rng *r, double p)
{
    return rng_unit(r) < p;
}

/* ------------------------------------------------------------------------ */
/* Output: one big buffer per file, flushed with fwrite. A buffer without a
 * file grows instead and serves to build strings.                          */

typedef struct outbuf {
    FILE *f;
    const char *name;
    char *buf;
    size_t len, cap;
    int failed;
} outbuf;

static void die(int code, const char *what)
{
    fprintf(stderr, "gencorpus: %s\n", what);
    exit(code);
}

static void ob_init(outbuf *o, FILE *f, const char *name, size_t cap)
{
    o->f = f;
    o->name = name;
    o->len = 0;
    o->cap = cap;
    o->failed = 0;
    if (!(o->buf = malloc(cap)))
        die(3, "out of memory");
}

static void ob_flush(outbuf *o)
{
    if (o->f && o->len && !o->failed && fwrite(o->buf, 1, o->len, o->f) != o->len)
        o->failed = 1;
    if (o->f)
        o->len = 0;
}

static void ob_room(outbuf *o, size_t n)
{
    if (o->cap - o->len >= n)
        return;
    if (o->f) {
        ob_flush(o);
        if (o->cap >= n)
            return;
    }
    size_t cap = o->cap * 2 > o->len + n ? o->cap * 2 : o->len + n;
    char *b = realloc(o->buf, cap);
    if (!b)
        die(3, "out of memory");
    o->buf = b;
    o->cap = cap;
}

static void ob_put(outbuf *o, const char *s, size_t n)
{
    if (o->cap - o->len < n)
        ob_room(o, n);
    memcpy(o->buf + o->len, s, n);
    o->len += n;
}

static void ob_ch(outbuf *o, char c)
{
    if (o->len == o->cap)
        ob_room(o, 1);
    o->buf[o->len++] = c;
}

static void ob_str(outbuf *o, const char *s)
{
    ob_put(o, s, strlen(s));
}

static void ob_u64(outbuf *o, uint64_t v, int width)
{
    char d[24];
    int n = 0;
    do {
        d[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    while (n < width && n < (int)sizeof d)
        d[n++] = '0';
    while (n)
        ob_ch(o, d[--n]);
}

/* The JSON escape of a paragraph break inside "text". */
#define PARA_BREAK "\\n\\n"
#define LINE_BREAK "\\n"

/* ------------------------------------------------------------------------ */
/* Words                                                                    */

/* Syllable parts. A few vowels carry accents so that the corpus has some
 * multi-byte UTF-8; they never start a word, so capitals stay ASCII. */
static const char *const onsets[] = {"b", "br", "c",  "ch", "d",  "dr", "f",  "fl", "g",  "gr",
                                     "h", "j",  "k",  "kl", "l",  "m",  "n",  "p",  "pl", "pr",
                                     "r", "s",  "sh", "sk", "st", "t",  "th", "tr", "v",  "w",
                                     "z", "",   "",   "",   "m",  "l",  "r",  "n",  "s",  "t"};
static const char *const nuclei[] = {"a", "e", "i",  "o",  "u",  "a",  "e", "i",  "o",
                                     "a", "e", "ai", "ea", "ou", "ie", "y", "oa", "au"};
static const char *const accented[] = {"\xc3\xa9", "\xc3\xb8", "\xc3\xbc", "\xc3\xa5", "\xc3\xa1"};
static const char *const codas[] = {"",  "",  "",   "",   "",   "n",  "r",  "s", "l",
                                    "m", "t", "nd", "st", "rk", "ng", "ck", "x", "ld"};

#define COUNT(a) (sizeof(a) / sizeof *(a))

/* Append one syllable to w (at most 8 bytes). */
static size_t syllable(rng *r, char *w, int first)
{
    size_t n = 0;
    const char *parts[3];
    parts[0] = onsets[rng_below(r, COUNT(onsets))];
    if (!first && rng_chance(r, 0.03))
        parts[1] = accented[rng_below(r, COUNT(accented))];
    else
        parts[1] = nuclei[rng_below(r, COUNT(nuclei))];
    parts[2] = codas[rng_below(r, COUNT(codas))];
    for (int i = 0; i < 3; i++) {
        size_t l = strlen(parts[i]);
        memcpy(w + n, parts[i], l);
        n += l;
    }
    return n;
}

/* A pseudo-word of lo..hi syllables into w (room for 8 * hi + 1 bytes). */
static size_t pseudo_word(rng *r, char *w, uint32_t lo, uint32_t hi)
{
    uint32_t k = rng_range(r, lo, hi);
    size_t n = 0;
    for (uint32_t i = 0; i < k; i++)
        n += syllable(r, w + n, i == 0);
    w[n] = '\0';
    return n;
}

static void capitalize(char *w)
{
    if (w[0] >= 'a' && w[0] <= 'z')
        w[0] = (char)(w[0] - 'a' + 'A');
}

/* Common English function words, repeated roughly by how often they come. */
static const char *const function_words[] = {
    "the",     "the",    "the",   "the",     "the",    "of",      "of",    "of",    "and",
    "and",     "and",    "to",    "to",      "to",     "a",       "a",     "a",     "in",
    "in",      "in",     "is",    "that",    "that",   "for",     "for",   "on",    "on",
    "was",     "with",   "as",    "by",      "at",     "from",    "has",   "it",    "said",
    "said",    "but",    "not",   "are",     "this",   "be",      "after", "over",  "its",
    "their",   "will",   "more",  "had",     "were",   "which",   "would", "who",   "been",
    "an",      "they",   "about", "into",    "than",   "also",    "could", "when",  "there",
    "up",      "out",    "some",  "new",     "last",   "first",   "year",  "two",   "week",
    "people",  "before", "while", "other",   "many",   "under",   "most",  "since", "told",
    "because", "still",  "what",  "against", "during", "between", "only",  "three", "where",
    "may",     "he",     "she",   "we"};

typedef struct lexicon {
    char *chars;
    uint32_t off[VOCAB];
    uint8_t len[VOCAB];
    uint16_t *zipf; /* 1 << ZIPF_BITS entries: a uniform index -> a word */
    uint8_t fw_len[COUNT(function_words)];
} lexicon;

typedef struct word_sort {
    char w[40];
    uint8_t len;
    uint32_t order;
} word_sort;

static int cmp_word_len(const void *pa, const void *pb)
{
    const word_sort *a = pa, *b = pb;
    if (a->len != b->len)
        return a->len < b->len ? -1 : 1;
    return (a->order > b->order) - (a->order < b->order);
}

/* The vocabulary, shortest words first, with a Zipf-Mandelbrot frequency
 * (rank r has weight 1/(r + 2.7)), so frequent words are short as in real
 * text and the same content words recur across unrelated articles. */
static void lexicon_init(lexicon *lx, uint64_t seed)
{
    rng r;
    rng_seed(&r, seed, STREAM_VOCAB, 0);
    word_sort *ws = malloc(VOCAB * sizeof *ws);
    lx->chars = malloc((size_t)VOCAB * 40);
    lx->zipf = malloc(((size_t)1 << ZIPF_BITS) * sizeof *lx->zipf);
    if (!ws || !lx->chars || !lx->zipf)
        die(3, "out of memory");
    for (uint32_t i = 0; i < VOCAB; i++) {
        uint32_t u = rng_below(&r, 100);
        uint32_t syl = u < 22 ? 1 : u < 66 ? 2 : u < 90 ? 3 : 4;
        /* one- and two-letter words would be the most frequent of all and
         * read like noise: leave the short words to the function words */
        do
            ws[i].len = (uint8_t)pseudo_word(&r, ws[i].w, syl, syl);
        while (ws[i].len < 3);
        ws[i].order = i;
    }
    qsort(ws, VOCAB, sizeof *ws, cmp_word_len);
    size_t at = 0;
    for (uint32_t i = 0; i < VOCAB; i++) {
        lx->off[i] = (uint32_t)at;
        lx->len[i] = ws[i].len;
        memcpy(lx->chars + at, ws[i].w, ws[i].len);
        at += ws[i].len;
    }
    free(ws);
    double total = 0;
    for (uint32_t i = 0; i < VOCAB; i++)
        total += 1.0 / (i + 2.7);
    const uint32_t slots = 1u << ZIPF_BITS;
    double cum = 1.0 / 2.7 / total;
    uint32_t w = 0;
    for (uint32_t k = 0; k < slots; k++) {
        double q = (k + 0.5) / slots;
        while (cum < q && w + 1 < VOCAB) {
            w++;
            cum += 1.0 / (w + 2.7) / total;
        }
        lx->zipf[k] = (uint16_t)w;
    }
    for (size_t i = 0; i < COUNT(function_words); i++)
        lx->fw_len[i] = (uint8_t)strlen(function_words[i]);
}

/* ------------------------------------------------------------------------ */
/* Stories: facts and tokens                                                */

enum { NUM_COUNT, NUM_PERCENT, NUM_MONEY, NUM_YEAR, NUM_SMALL, NUM_KINDS };

#define MAX_PERSONS 4
#define MAX_PLACES 2
#define MAX_NUMS 5

typedef struct facts {
    char person[MAX_PERSONS][40];
    uint8_t person_len[MAX_PERSONS], surname_at[MAX_PERSONS];
    char place[MAX_PLACES][32];
    uint8_t place_len[MAX_PLACES];
    char org[48];
    uint8_t org_len;
    uint32_t num[MAX_NUMS];
    uint8_t num_kind[MAX_NUMS];
    char num_text[MAX_NUMS][24];
    uint8_t num_len[MAX_NUMS];
    uint8_t n_person, n_place, n_num;
} facts;

static const char *const org_nouns[] = {"Council",    "Authority",   "Institute", "Union",
                                        "Board",      "Agency",      "Trust",     "Company",
                                        "Society",    "Commission",  "Ministry",  "Bank",
                                        "Foundation", "Cooperative", "Assembly"};

static void number_text(facts *f, int i)
{
    uint32_t v = f->num[i];
    char *s = f->num_text[i];
    switch (f->num_kind[i]) {
    case NUM_PERCENT: snprintf(s, sizeof f->num_text[i], "%u percent", (unsigned)v); break;
    case NUM_MONEY:
        snprintf(s, sizeof f->num_text[i], "%u.%u million", (unsigned)(v / 10), (unsigned)(v % 10));
        break;
    default: snprintf(s, sizeof f->num_text[i], "%u", (unsigned)v); break;
    }
    f->num_len[i] = (uint8_t)strlen(s);
}

static uint32_t number_value(rng *r, int kind)
{
    switch (kind) {
    case NUM_COUNT: return rng_range(r, 20, 9000);
    case NUM_PERCENT: return rng_range(r, 2, 95);
    case NUM_MONEY: return rng_range(r, 12, 9000); /* tenths of a million */
    case NUM_YEAR: return rng_range(r, 1995, 2035);
    default: return rng_range(r, 2, 40);
    }
}

static void gen_facts(rng *r, facts *f)
{
    char w[64];
    f->n_person = (uint8_t)rng_range(r, 2, MAX_PERSONS);
    for (int i = 0; i < f->n_person; i++) {
        size_t a = pseudo_word(r, w, 2, 2);
        capitalize(w);
        memcpy(f->person[i], w, a);
        f->person[i][a] = ' ';
        size_t b = pseudo_word(r, w, 2, 3);
        capitalize(w);
        memcpy(f->person[i] + a + 1, w, b);
        f->person_len[i] = (uint8_t)(a + 1 + b);
        f->surname_at[i] = (uint8_t)(a + 1);
    }
    f->n_place = (uint8_t)rng_range(r, 1, MAX_PLACES);
    for (int i = 0; i < f->n_place; i++) {
        size_t a = pseudo_word(r, w, 2, 3);
        capitalize(w);
        memcpy(f->place[i], w, a);
        f->place_len[i] = (uint8_t)a;
    }
    size_t a = pseudo_word(r, w, 2, 3);
    capitalize(w);
    const char *noun = org_nouns[rng_below(r, COUNT(org_nouns))];
    int n = snprintf(f->org, sizeof f->org, "%s %s", w, noun);
    f->org_len = (uint8_t)(n > 0 && (size_t)n < sizeof f->org ? n : (int)a);
    f->n_num = (uint8_t)rng_range(r, 3, MAX_NUMS);
    for (int i = 0; i < f->n_num; i++) {
        int kind = (int)rng_below(r, NUM_KINDS);
        f->num_kind[i] = (uint8_t)kind;
        f->num[i] = number_value(r, kind);
        number_text(f, i);
    }
}

/* A corrected figure: close to the old one, never equal. */
static void correct_number(rng *r, facts *f, int i)
{
    uint32_t v = f->num[i], step;
    switch (f->num_kind[i]) {
    case NUM_COUNT: step = 1 + rng_below(r, v / 10 + 1); break;
    case NUM_PERCENT: step = rng_range(r, 1, 5); break;
    case NUM_MONEY: step = rng_range(r, 1, 20); break;
    case NUM_YEAR: step = 1; break;
    default: step = rng_range(r, 1, 3); break;
    }
    f->num[i] = rng_chance(r, 0.5) && v > step + 1 ? v - step : v + step;
    number_text(f, i);
}

/* A token is a word of the vocabulary, a function word or a fact. */
enum { T_WORD, T_FUNC, T_PERSON, T_SURNAME, T_PLACE, T_ORG, T_NUM };
enum { F_CAP = 1, F_COMMA = 2, F_STOP = 4, F_PARA = 8 };

typedef struct tok {
    uint16_t id;
    uint8_t kind, flags;
} tok;

typedef struct tokbuf {
    tok *t;
    size_t n, cap;
} tokbuf;

static void tb_init(tokbuf *b, size_t cap)
{
    b->n = 0;
    b->cap = cap;
    if (!(b->t = malloc(cap * sizeof *b->t)))
        die(3, "out of memory");
}

/* Generators stop well before cap (see room_for_paragraph); this only
 * guards the edits, which can add a few words. */
static void tb_push(tokbuf *b, tok t)
{
    if (b->n < b->cap)
        b->t[b->n++] = t;
}

typedef struct gen {
    lexicon lx;
    uint64_t seed;
    uint32_t avg_words;
    int boilerplate;
} gen;

static tok random_word(const gen *g, rng *r)
{
    tok t = {0, T_WORD, 0};
    uint64_t x = rng_next(r);
    if ((x >> 60) < 7) { /* 7 in 16: a function word */
        t.kind = T_FUNC;
        t.id = (uint16_t)(((x & 0xFFFFFFFF) * COUNT(function_words)) >> 32);
    } else {
        t.id = g->lx.zipf[x & ((1u << ZIPF_BITS) - 1)];
    }
    return t;
}

static tok fact_token(rng *r, const facts *f)
{
    tok t = {0, T_PERSON, 0};
    uint32_t u = rng_below(r, 20);
    if (u < 5) {
        t.id = (uint16_t)rng_below(r, f->n_person);
    } else if (u < 10) {
        t.kind = T_SURNAME;
        t.id = (uint16_t)rng_below(r, f->n_person);
    } else if (u < 14) {
        t.kind = T_PLACE;
        t.id = (uint16_t)rng_below(r, f->n_place);
    } else if (u < 16) {
        t.kind = T_ORG;
    } else {
        t.kind = T_NUM;
        t.id = (uint16_t)rng_below(r, f->n_num);
    }
    return t;
}

static void gen_sentence(const gen *g, rng *r, const facts *f, tokbuf *b)
{
    uint32_t len = rng_range(r, 7, 24);
    for (uint32_t i = 0; i < len; i++) {
        tok t = rng_chance(r, 0.07) ? fact_token(r, f) : random_word(g, r);
        if (i == 0)
            t.flags |= F_CAP;
        else if (i + 2 < len && rng_chance(r, 0.06))
            t.flags |= F_COMMA;
        if (i + 1 == len)
            t.flags |= F_STOP;
        tb_push(b, t);
    }
}

#define MAX_PARAGRAPH 130 /* 5 sentences of at most 24 words, and edits */

static int room_for_paragraph(const tokbuf *b)
{
    return b->n + MAX_PARAGRAPH < b->cap;
}

static void gen_paragraph(const gen *g, rng *r, const facts *f, tokbuf *b)
{
    uint32_t k = rng_range(r, 2, 5);
    for (uint32_t i = 0; i < k; i++)
        gen_sentence(g, r, f, b);
    if (b->n)
        b->t[b->n - 1].flags |= F_PARA;
}

static void gen_body(const gen *g, rng *r, const facts *f, size_t target, tokbuf *b)
{
    size_t start = b->n;
    do
        gen_paragraph(g, r, f, b);
    while (b->n - start < target && room_for_paragraph(b));
}

static void gen_title(const gen *g, rng *r, const facts *f, tokbuf *b)
{
    b->n = 0;
    uint32_t len = rng_range(r, 6, 11), fact_at = rng_below(r, 3);
    for (uint32_t i = 0; i < len; i++) {
        tok t = i == fact_at || rng_chance(r, 0.08) ? fact_token(r, f) : random_word(g, r);
        if (t.kind == T_FUNC && rng_chance(r, 0.6)) /* headlines are terse */
            t = random_word(g, r);
        if (i == 0)
            t.flags |= F_CAP;
        tb_push(b, t);
    }
}

/* Story size varies around --avg-words: 0.6x to 1.4x. */
static size_t story_target(const gen *g, rng *r)
{
    return (size_t)(g->avg_words * (0.6 + 0.8 * rng_unit(r)));
}

/* Regenerate story number s: facts, title, body. */
static void make_story(const gen *g, uint64_t s, facts *f, tokbuf *title, tokbuf *body)
{
    rng r;
    rng_seed(&r, g->seed, STREAM_STORY, s);
    gen_facts(&r, f);
    gen_title(g, &r, f, title);
    body->n = 0;
    gen_body(g, &r, f, story_target(g, &r), body);
}

static const char *tok_text(const gen *g, const facts *f, tok t, size_t *len)
{
    switch (t.kind) {
    case T_WORD: *len = g->lx.len[t.id]; return g->lx.chars + g->lx.off[t.id];
    case T_FUNC: *len = g->lx.fw_len[t.id]; return function_words[t.id];
    case T_PERSON: *len = f->person_len[t.id]; return f->person[t.id];
    case T_SURNAME:
        *len = (size_t)(f->person_len[t.id] - f->surname_at[t.id]);
        return f->person[t.id] + f->surname_at[t.id];
    case T_PLACE: *len = f->place_len[t.id]; return f->place[t.id];
    case T_ORG: *len = f->org_len; return f->org;
    default: *len = f->num_len[t.id]; return f->num_text[t.id];
    }
}

/* Write tokens as text: words joined by spaces, paragraphs by an escaped
 * blank line. Nothing we generate needs other JSON escapes. */
static void render(outbuf *o, const gen *g, const facts *f, const tok *t, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (i) {
            if (t[i - 1].flags & F_PARA)
                ob_put(o, PARA_BREAK, sizeof PARA_BREAK - 1);
            else
                ob_ch(o, ' ');
        }
        size_t len;
        const char *s = tok_text(g, f, t[i], &len);
        if ((t[i].flags & F_CAP) && s[0] >= 'a' && s[0] <= 'z') {
            ob_ch(o, (char)(s[0] - 'a' + 'A'));
            ob_put(o, s + 1, len - 1);
        } else {
            ob_put(o, s, len);
        }
        if (t[i].flags & F_COMMA)
            ob_ch(o, ',');
        if (t[i].flags & F_STOP)
            ob_ch(o, '.');
    }
}

/* ------------------------------------------------------------------------ */
/* Variants                                                                 */

/* Change about a share p of the words: mostly substitutions, some deletions
 * and insertions. Names and figures stay, as editors keep them. */
static void edit_tokens(const gen *g, rng *r, const tokbuf *src, double p, tokbuf *dst)
{
    dst->n = 0;
    for (size_t i = 0; i < src->n; i++) {
        tok t = src->t[i];
        if (t.kind > T_FUNC || !rng_chance(r, p)) {
            tb_push(dst, t);
            continue;
        }
        double u = rng_unit(r);
        if (u < 0.2 && !(t.flags & (F_CAP | F_STOP | F_PARA)))
            continue; /* deleted */
        if (u < 0.8) {
            tok w = random_word(g, r);
            w.flags = t.flags;
            tb_push(dst, w);
        } else {
            tb_push(dst, random_word(g, r)); /* inserted before */
            tb_push(dst, t);
        }
    }
}

typedef enum kind {
    K_ORIGINAL,
    K_REPUBLISH,
    K_HEADLINE,
    K_LIGHT,
    K_HEAVY,
    K_TRIMMED,
    K_INTRO,
    K_LEAD,
    K_NUMBERS,
    K_SAME_TOPIC,
    K_COUNT
} kind;

static const char *const kind_names[K_COUNT] = {
    "original", "republish",   "new_headline", "light_edit",        "heavy_edit",
    "trimmed",  "local_intro", "shared_lead",  "corrected_numbers", "same_topic"};

/* Share of the articles of each kind, in percent (sums to 100). */
static const unsigned kind_share[K_COUNT] = {40, 9, 7, 10, 8, 7, 6, 4, 5, 4};

/* ------------------------------------------------------------------------ */
/* Sites and their boilerplate                                              */

typedef struct site {
    char domain[64];
    outbuf header, footer; /* already JSON-escaped */
} site;

static const char *const site_words[] = {
    "Post",   "Herald",   "Courier", "Gazette", "Tribune", "Chronicle", "Journal",  "Observer",
    "Ledger", "Bulletin", "Times",   "Daily",   "Record",  "Dispatch",  "Sentinel", "Express"};
static const char *const sections[] = {
    "World",   "Region", "Politics", "Business", "Money", "Sport",      "Culture", "Opinion",
    "Science", "Health", "Weather",  "Travel",   "Food",  "Obituaries", "Letters", "Puzzles"};
static const char *const months[] = {"January",   "February", "March",    "April",
                                     "May",       "June",     "July",     "August",
                                     "September", "October",  "November", "December"};

/* A headline-like line about invented people and places. */
static void headline_line(const gen *g, rng *r, outbuf *o)
{
    facts f;
    tokbuf t;
    tok buf[16];
    t.t = buf;
    t.n = 0;
    t.cap = 16;
    gen_facts(r, &f);
    gen_title(g, r, &f, &t);
    render(o, g, &f, t.t, t.n);
}

static void site_init(const gen *g, site *s, uint32_t index)
{
    rng r;
    rng_seed(&r, g->seed, STREAM_SITE, index);
    char w[64];
    pseudo_word(&r, w, 2, 3);
    const char *word = site_words[rng_below(&r, COUNT(site_words))];
    char name[128];
    snprintf(name, sizeof name, "%c%s %s", w[0] >= 'a' && w[0] <= 'z' ? w[0] - 'a' + 'A' : w[0],
             w + 1, word);
    /* the domain: ASCII letters of the name; .example is reserved for
     * documentation, so no real site is ever named */
    size_t d = 0;
    for (const char *p = name; *p && d + 10 < sizeof s->domain; p++) {
        if (*p == ' ' && rng_chance(&r, 0.5))
            s->domain[d++] = '-';
        else if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z'))
            s->domain[d++] = (char)(*p | 0x20);
    }
    memcpy(s->domain + d, ".example", sizeof ".example");

    outbuf *h = &s->header, *ft = &s->footer;
    ob_init(h, NULL, NULL, 1024);
    ob_init(ft, NULL, NULL, 2048);

    /* menu */
    ob_str(h, "Home");
    uint32_t first = rng_below(&r, COUNT(sections)), n_sec = rng_range(&r, 5, 8);
    for (uint32_t i = 0; i < n_sec; i++) {
        ob_str(h, " | ");
        ob_str(h, sections[(first + i * 3) % COUNT(sections)]);
    }
    ob_str(h, " | Subscribe");
    /* ticker */
    ob_str(h, PARA_BREAK);
    ob_str(h, rng_chance(&r, 0.5) ? "Latest news" : "Breaking");
    for (uint32_t i = 0, n = rng_range(&r, 4, 6); i < n; i++) {
        ob_str(h, LINE_BREAK);
        headline_line(g, &r, h);
    }

    /* comments counter and newsletter */
    ob_str(ft, "Comments (");
    ob_u64(ft, rng_range(&r, 0, 240), 0);
    ob_str(ft, ")" PARA_BREAK);
    switch (rng_below(&r, 3)) {
    case 0:
        ob_str(ft, "Sign up for the ");
        ob_str(ft, name);
        ob_str(ft, " newsletter and get our top stories every morning.");
        break;
    case 1:
        ob_str(ft, "Get the ");
        ob_str(ft, name);
        ob_str(ft, " in your inbox: the headlines of the day, free, every weekday.");
        break;
    default:
        ob_str(ft, "Never miss a story. Subscribe to the ");
        ob_str(ft, name);
        ob_str(ft, " briefing, delivered at seven.");
        break;
    }
    /* recent posts */
    ob_str(ft, PARA_BREAK "Recent posts");
    for (uint32_t i = 0, n = rng_range(&r, 5, 8); i < n; i++) {
        ob_str(ft, LINE_BREAK);
        headline_line(g, &r, ft);
    }
    /* archive, newest month first */
    ob_str(ft, PARA_BREAK "Archives");
    uint32_t month = rng_below(&r, 12), year = rng_range(&r, 2022, 2024);
    for (uint32_t i = 0, n = rng_range(&r, 20, 40); i < n; i++) {
        ob_str(ft, LINE_BREAK);
        ob_str(ft, months[month]);
        ob_ch(ft, ' ');
        ob_u64(ft, year, 0);
        ob_str(ft, " (");
        ob_u64(ft, rng_range(&r, 3, 160), 0);
        ob_ch(ft, ')');
        if (month == 0) {
            month = 11;
            year--;
        } else {
            month--;
        }
    }
}

/* ------------------------------------------------------------------------ */
/* Dates                                                                    */

static int is_leap(int64_t y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

typedef struct civil {
    int64_t year;
    int month, day, hour, min, sec; /* month and day 1-based */
} civil;

/* Seconds since 1970 (not before) to a UTC calendar date. */
static civil to_civil(int64_t t)
{
    static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    civil c;
    int64_t days = t / 86400, secs = t % 86400;
    c.hour = (int)(secs / 3600);
    c.min = (int)(secs / 60 % 60);
    c.sec = (int)(secs % 60);
    c.year = 1970;
    for (;;) {
        int64_t len = is_leap(c.year) ? 366 : 365;
        if (days < len)
            break;
        days -= len;
        c.year++;
    }
    c.month = 0;
    for (;;) {
        int64_t len = mdays[c.month] + (c.month == 1 && is_leap(c.year));
        if (days < len)
            break;
        days -= len;
        c.month++;
    }
    c.month++;
    c.day = (int)days + 1;
    return c;
}

/* ------------------------------------------------------------------------ */
/* The corpus                                                               */

typedef struct story {
    uint64_t number; /* also its truth group */
    int64_t time;
    uint32_t site;
} story;

typedef struct options {
    uint64_t articles, seed;
    uint32_t avg_words;
    int boilerplate;
    const char *out, *truth;
} options;

typedef struct article {
    uint64_t number;
    kind k;
    uint64_t group, topic_of;
    int64_t time;
    uint32_t site;
    const facts *f;
    const tokbuf *title, *body;
} article;

static void write_article(const gen *g, const site *sites, const article *a, outbuf *o,
                          outbuf *slug)
{
    civil c = to_civil(a->time);
    const site *s = &sites[a->site];
    ob_str(o, "{\"id\":\"a");
    ob_u64(o, a->number, 8);
    ob_str(o, "\",\"title\":\"");
    render(o, g, a->f, a->title->t, a->title->n);
    ob_str(o, "\",\"published\":\"");
    ob_u64(o, (uint64_t)c.year, 4);
    ob_ch(o, '-');
    ob_u64(o, (uint64_t)c.month, 2);
    ob_ch(o, '-');
    ob_u64(o, (uint64_t)c.day, 2);
    ob_ch(o, 'T');
    ob_u64(o, (uint64_t)c.hour, 2);
    ob_ch(o, ':');
    ob_u64(o, (uint64_t)c.min, 2);
    ob_ch(o, ':');
    ob_u64(o, (uint64_t)c.sec, 2);
    ob_str(o, "Z\",\"source\":\"");
    ob_str(o, s->domain);
    ob_str(o, "\",\"url\":\"https://");
    ob_str(o, s->domain);
    ob_ch(o, '/');
    ob_u64(o, (uint64_t)c.year, 4);
    ob_ch(o, '/');
    ob_u64(o, (uint64_t)c.month, 2);
    ob_ch(o, '/');
    /* the slug: the title in lower-case ASCII, words joined by '-' */
    slug->len = 0;
    render(slug, g, a->f, a->title->t, a->title->n);
    size_t kept = 0;
    for (size_t i = 0; i < slug->len && kept < 72; i++) {
        char ch = slug->buf[i];
        if (ch >= 'A' && ch <= 'Z')
            ch = (char)(ch | 0x20);
        else if (ch == ' ')
            ch = '-';
        else if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9')))
            continue; /* punctuation and accented letters */
        ob_ch(o, ch);
        kept++;
    }
    ob_ch(o, '-');
    ob_u64(o, a->number, 0);
    ob_str(o, "\",\"text\":\"");
    if (g->boilerplate) {
        ob_put(o, s->header.buf, s->header.len);
        ob_str(o, PARA_BREAK);
    }
    render(o, g, a->f, a->body->t, a->body->n);
    if (g->boilerplate) {
        ob_str(o, PARA_BREAK);
        ob_put(o, s->footer.buf, s->footer.len);
    }
    ob_str(o, "\"}\n");
}

static void write_truth(const article *a, outbuf *o)
{
    ob_str(o, "{\"id\":\"a");
    ob_u64(o, a->number, 8);
    ob_str(o, "\",\"group\":");
    ob_u64(o, a->group, 0);
    ob_str(o, ",\"kind\":\"");
    ob_str(o, kind_names[a->k]);
    if (a->k == K_SAME_TOPIC) {
        /* the story it imitates, to measure false merges */
        ob_str(o, "\",\"topic_of\":");
        ob_u64(o, a->topic_of, 0);
        ob_str(o, "}\n");
    } else {
        ob_str(o, "\"}\n");
    }
}

static uint32_t other_site(rng *r, uint32_t from)
{
    return (from + 1 + rng_below(r, N_SITES - 1)) % N_SITES;
}

static void generate(const options *opt, FILE *out, FILE *truth)
{
    gen *g = malloc(sizeof *g);
    site *sites = malloc(N_SITES * sizeof *sites);
    story *ring = malloc(RING * sizeof *ring);
    if (!g || !sites || !ring)
        die(3, "out of memory");
    g->seed = opt->seed;
    g->avg_words = opt->avg_words;
    g->boilerplate = opt->boilerplate;
    lexicon_init(&g->lx, opt->seed);
    for (uint32_t i = 0; i < N_SITES; i++)
        site_init(g, &sites[i], i);

    outbuf o, t, slug;
    ob_init(&o, out, opt->out, (size_t)4 << 20);
    ob_init(&t, truth, opt->truth, (size_t)1 << 18);
    ob_init(&slug, NULL, NULL, 1024);
    size_t cap = (size_t)opt->avg_words * 3 + 8 * MAX_PARAGRAPH + 64;
    tokbuf title, body, title2, body2;
    tb_init(&title, 32);
    tb_init(&title2, 32);
    tb_init(&body, cap);
    tb_init(&body2, cap);
    facts f, f2;

    rng mr;
    rng_seed(&mr, opt->seed, STREAM_MAIN, 0);
    /* stories are numbered in order of creation (same_topic write-ups
     * included: they are groups too); only originals enter the ring */
    uint64_t n_stories = 0, n_orig = 0, in_ring = 0;
    int64_t clock = START_TIME;
    unsigned cum[K_COUNT];
    for (int k = 0, sum = 0; k < K_COUNT; k++)
        cum[k] = (unsigned)(sum += (int)kind_share[k]);

    for (uint64_t num = 1; num <= opt->articles; num++) {
        /* one article every 3 minutes on average */
        clock += (int64_t)(-log(1.0 - rng_unit(&mr)) * 180.0) + 1;
        unsigned u = rng_below(&mr, 100);
        kind k = K_ORIGINAL;
        while (u >= cum[k])
            k++;
        if (in_ring == 0)
            k = K_ORIGINAL;
        rng ar;
        rng_seed(&ar, opt->seed, STREAM_ARTICLE, num);
        article a = {num, k, 0, 0, clock, 0, &f, &title, &body};

        if (k == K_ORIGINAL) {
            story *s = &ring[n_orig++ % RING];
            s->number = n_stories++;
            s->time = clock;
            s->site = rng_below(&ar, N_SITES);
            in_ring += in_ring < RING;
            make_story(g, s->number, &f, &title, &body);
            a.group = s->number;
            a.site = s->site;
        } else {
            /* recent stories are the likeliest to be picked up again */
            double v = rng_unit(&mr);
            uint64_t back = (uint64_t)(v * v * (double)in_ring);
            const story *base = &ring[(n_orig - 1 - back) % RING];
            make_story(g, base->number, &f, &title, &body);
            double lo = log(600.0), hi = log(3 * 86400.0);
            a.time = base->time + (int64_t)exp(lo + (hi - lo) * rng_unit(&ar));
            a.group = base->number;
            a.site = other_site(&ar, base->site);
            switch (k) {
            case K_REPUBLISH: break;
            case K_HEADLINE:
                if (rng_chance(&ar, 0.5))
                    a.site = base->site;
                gen_title(g, &ar, &f, &title2);
                a.title = &title2;
                break;
            case K_LIGHT:
            case K_HEAVY: {
                double p = k == K_LIGHT ? 0.01 + 0.02 * rng_unit(&ar) : 0.08 + 0.07 * rng_unit(&ar);
                if (k == K_LIGHT && rng_chance(&ar, 0.3))
                    a.site = base->site;
                edit_tokens(g, &ar, &body, p, &body2);
                a.body = &body2;
                if (rng_chance(&ar, k == K_LIGHT ? 0.2 : 0.6)) {
                    gen_title(g, &ar, &f, &title2);
                    a.title = &title2;
                }
                break;
            }
            case K_TRIMMED: {
                size_t paras = 0, keep, i;
                for (i = 0; i < body.n; i++)
                    paras += (body.t[i].flags & F_PARA) != 0;
                keep = (size_t)((double)paras * (0.4 + 0.4 * rng_unit(&ar)) + 0.5);
                keep = keep ? keep : 1;
                for (i = 0; i < body.n && keep; i++)
                    keep -= (body.t[i].flags & F_PARA) != 0;
                body.n = i;
                break;
            }
            case K_INTRO: {
                body2.n = 0;
                for (uint32_t i = 0, n = rng_range(&ar, 1, 2); i < n; i++)
                    gen_paragraph(g, &ar, &f, &body2);
                for (size_t i = 0; i < body.n; i++)
                    tb_push(&body2, body.t[i]);
                a.body = &body2;
                break;
            }
            case K_LEAD: {
                size_t i = 0;
                while (i < body.n && !(body.t[i].flags & F_PARA))
                    i++;
                body2.n = 0;
                for (size_t j = 0; j <= i && j < body.n; j++)
                    tb_push(&body2, body.t[j]);
                gen_body(g, &ar, &f, body.n > body2.n ? body.n - body2.n : 1, &body2);
                a.body = &body2;
                gen_title(g, &ar, &f, &title2);
                a.title = &title2;
                break;
            }
            case K_NUMBERS: {
                if (rng_chance(&ar, 0.7))
                    a.site = base->site;
                f2 = f;
                for (uint32_t i = 0, n = rng_range(&ar, 1, 2); i < n; i++)
                    correct_number(&ar, &f2, (int)rng_below(&ar, f2.n_num));
                a.f = &f2;
                break;
            }
            case K_SAME_TOPIC:
                /* a new write-up: its own group, the story's names and
                 * figures, none of its sentences */
                a.topic_of = base->number;
                a.group = n_stories++;
                a.site = rng_below(&ar, N_SITES);
                a.time = clock;
                gen_title(g, &ar, &f, &title2);
                a.title = &title2;
                body2.n = 0;
                gen_body(g, &ar, &f, story_target(g, &ar), &body2);
                a.body = &body2;
                break;
            case K_ORIGINAL:
            case K_COUNT: break;
            }
        }
        write_article(g, sites, &a, &o, &slug);
        if (truth)
            write_truth(&a, &t);
        if (o.failed || t.failed)
            break;
    }
    ob_flush(&o);
    ob_flush(&t);
    if (o.failed || (out && fflush(out) != 0))
        die(3, "cannot write the corpus");
    if (t.failed || (truth && fflush(truth) != 0))
        die(3, "cannot write the truth");
    free(o.buf);
    free(t.buf);
    free(slug.buf);
    free(title.t);
    free(title2.t);
    free(body.t);
    free(body2.t);
    for (uint32_t i = 0; i < N_SITES; i++) {
        free(sites[i].header.buf);
        free(sites[i].footer.buf);
    }
    free(g->lx.chars);
    free(g->lx.zipf);
    free(g);
    free(sites);
    free(ring);
}

/* ------------------------------------------------------------------------ */
/* Command line                                                             */

static void usage(FILE *f)
{
    fprintf(f,
            "usage: gencorpus [--articles N] [--seed S] [--out FILE] [--truth FILE]\n"
            "                 [--avg-words W] [--no-boilerplate]\n"
            "\n"
            "Write a synthetic news corpus in JSON Lines, one article per line:\n"
            "{\"id\",\"title\",\"published\",\"source\",\"url\",\"text\"}. All text is invented.\n"
            "About 40%% of the articles are original stories; the others are variants of\n"
            "a recent story (republished, new headline, light or heavy edits, trimmed,\n"
            "local intro, shared lead paragraph, corrected figures) or a new write-up of\n"
            "the same topic, which is a group of its own. The same options always give\n"
            "the same bytes.\n"
            "\n"
            "  --articles N      articles to write (default 1000)\n"
            "  --seed S          random seed (default 1)\n"
            "  --out FILE        the corpus (default: standard output)\n"
            "  --truth FILE      the ground truth: {\"id\",\"group\",\"kind\"} per article\n"
            "                    (same_topic articles also give \"topic_of\", the group\n"
            "                    they imitate)\n"
            "  --avg-words W     average words of an original story (default %u: about\n"
            "                    4.6 KB per record with the boilerplate)\n"
            "  --no-boilerplate  no site menu, ticker, footer or archive around the text\n"
            "  -h, --help        this help\n",
            DEFAULT_AVG_WORDS);
}

static int parse_u64(const char *opt, const char *s, uint64_t lo, uint64_t hi, uint64_t *out)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || end == s || *end || *s == '-' || v < lo || v > hi) {
        fprintf(stderr, "gencorpus: %s: expected a whole number from %llu to %llu, not '%s'\n", opt,
                (unsigned long long)lo, (unsigned long long)hi, s);
        return -1;
    }
    *out = (uint64_t)v;
    return 0;
}

int main(int argc, char **argv)
{
    options opt = {1000, 1, DEFAULT_AVG_WORDS, 1, NULL, NULL};
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *val = NULL;
        char name[32];
        const char *eq = strchr(a, '=');
        size_t nlen = eq ? (size_t)(eq - a) : strlen(a);
        if (nlen >= sizeof name) {
            fprintf(stderr, "gencorpus: unknown option '%s' (try --help)\n", a);
            return 2;
        }
        memcpy(name, a, nlen);
        name[nlen] = '\0';
        int takes_value = !strcmp(name, "--articles") || !strcmp(name, "--seed") ||
                          !strcmp(name, "--out") || !strcmp(name, "--truth") ||
                          !strcmp(name, "--avg-words");
        if (takes_value) {
            if (eq)
                val = eq + 1;
            else if (i + 1 < argc)
                val = argv[++i];
            else {
                fprintf(stderr, "gencorpus: %s needs a value\n", name);
                return 2;
            }
        } else if (eq) {
            fprintf(stderr, "gencorpus: %s takes no value\n", name);
            return 2;
        }
        uint64_t v;
        if (!strcmp(name, "-h") || !strcmp(name, "--help")) {
            usage(stdout);
            return 0;
        } else if (!strcmp(name, "--no-boilerplate")) {
            opt.boilerplate = 0;
        } else if (!strcmp(name, "--articles")) {
            if (parse_u64(name, val, 0, 99999999999ull, &opt.articles) < 0)
                return 2;
        } else if (!strcmp(name, "--seed")) {
            if (parse_u64(name, val, 0, UINT64_MAX, &opt.seed) < 0)
                return 2;
        } else if (!strcmp(name, "--avg-words")) {
            if (parse_u64(name, val, 20, 200000, &v) < 0)
                return 2;
            opt.avg_words = (uint32_t)v;
        } else if (!strcmp(name, "--out")) {
            opt.out = val;
        } else if (!strcmp(name, "--truth")) {
            opt.truth = val;
        } else {
            fprintf(stderr, "gencorpus: unknown option '%s' (try --help)\n", a);
            return 2;
        }
    }
    FILE *out = stdout, *truth = NULL;
    if (opt.out && strcmp(opt.out, "-") != 0 && !(out = fopen(opt.out, "wb"))) {
        fprintf(stderr, "gencorpus: %s: %s\n", opt.out, strerror(errno));
        return 3;
    }
    if (opt.truth && !(truth = fopen(opt.truth, "wb"))) {
        fprintf(stderr, "gencorpus: %s: %s\n", opt.truth, strerror(errno));
        return 3;
    }
    generate(&opt, out, truth);
    if (out != stdout && fclose(out) != 0)
        die(3, "cannot write the corpus");
    if (truth && fclose(truth) != 0)
        die(3, "cannot write the truth");
    return 0;
}
