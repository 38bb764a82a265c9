/*
 * shingle.c - the shingle stage: tokens in, sorted unique 64-bit hashes out.
 * Hashing each word once and combining the word hashes (rather than hashing
 * every k-gram's bytes) keeps the cost per token constant whatever k is.
 */
#include <stdlib.h>
#include <string.h>

#define XXH_STATIC_LINKING_ONLY /* XXH3_state_t on the stack */
#include <xxhash.h>

#include "shingle.h"

void nd__shingler_init(nd__shingler *sh, nd_shingle_kind kind, unsigned k, uint64_t seed)
{
    memset(sh, 0, sizeof *sh);
    sh->kind = kind;
    sh->k = k ? k : 1;
    sh->seed = seed;
}

void nd__shingler_free(nd__shingler *sh)
{
    nd__u64vec_free(&sh->scratch);
    free(sh->joined);
    sh->joined = NULL;
}

/* Combine n word hashes into one shingle hash. */
static uint64_t combine(const uint64_t *h, size_t n, uint64_t seed)
{
    unsigned char buf[8 * 64];
    XXH3_state_t st;
    if (n <= 64) {
        for (size_t i = 0; i < n; i++)
            nd__store_le64(buf + 8 * i, h[i]);
        return XXH3_64bits_withSeed(buf, 8 * n, seed);
    }
    /* k > 64 is allowed but rare: stream it. */
    XXH3_64bits_reset_withSeed(&st, seed);
    for (size_t i = 0; i < n; i++) {
        nd__store_le64(buf, h[i]);
        XXH3_64bits_update(&st, buf, 8);
    }
    return XXH3_64bits_digest(&st);
}

static int shingle_words(nd__shingler *sh, const nd__tokens *t, nd__u64vec *out)
{
    nd__u64vec *wh = &sh->scratch;
    wh->n = 0;
    for (size_t i = 0; i < t->n; i++)
        if (nd__u64vec_push(wh, XXH3_64bits_withSeed(t->text + t->tok[i].off, t->tok[i].len,
                                                     sh->seed)))
            return ND_ENOMEM;
    /* A distinct seed for the combining step keeps a 1-word shingle from
     * equalling its word hash. */
    uint64_t cseed = sh->seed ^ 0x9E3779B97F4A7C15ULL;
    if (t->n < sh->k)
        return nd__u64vec_push(out, combine(wh->v, t->n, cseed));
    for (size_t i = 0; i + sh->k <= t->n; i++)
        if (nd__u64vec_push(out, combine(wh->v + i, sh->k, cseed)))
            return ND_ENOMEM;
    return ND_OK;
}

/* Join the tokens as text: one space between words, none between two
 * characters of a spaceless script. Returns the length or SIZE_MAX. */
static size_t join_tokens(nd__shingler *sh, const nd__tokens *t)
{
    size_t need = t->text_len + t->n + 1;
    if (nd__grow((void **)&sh->joined, &sh->joined_cap, need, 1))
        return SIZE_MAX;
    size_t w = 0;
    for (size_t i = 0; i < t->n; i++) {
        if (i && !(t->tok[i].spaceless && t->tok[i - 1].spaceless))
            sh->joined[w++] = ' ';
        memcpy(sh->joined + w, t->text + t->tok[i].off, t->tok[i].len);
        w += t->tok[i].len;
    }
    return w;
}

static int shingle_chars(nd__shingler *sh, const nd__tokens *t, nd__u64vec *out)
{
    size_t len = join_tokens(sh, t);
    if (len == SIZE_MAX)
        return ND_ENOMEM;
    nd__u64vec *starts = &sh->scratch; /* byte offset of each code point */
    starts->n = 0;
    for (size_t i = 0; i < len; i++)
        if (((unsigned char)sh->joined[i] & 0xC0) != 0x80 && nd__u64vec_push(starts, i))
            return ND_ENOMEM;
    if (nd__u64vec_push(starts, len)) /* sentinel: end of the last code point */
        return ND_ENOMEM;
    size_t ncp = starts->n - 1;
    if (ncp < sh->k)
        return nd__u64vec_push(out, XXH3_64bits_withSeed(sh->joined, len, sh->seed));
    for (size_t i = 0; i + sh->k <= ncp; i++) {
        size_t a = (size_t)starts->v[i], b = (size_t)starts->v[i + sh->k];
        if (nd__u64vec_push(out, XXH3_64bits_withSeed(sh->joined + a, b - a, sh->seed)))
            return ND_ENOMEM;
    }
    return ND_OK;
}

int nd__shingle(nd__shingler *sh, const nd__tokens *t, nd__u64vec *out)
{
    out->n = 0;
    if (t->n == 0)
        return ND_OK;
    int err = sh->kind == ND_SHINGLE_CHARS ? shingle_chars(sh, t, out) : shingle_words(sh, t, out);
    if (err < 0)
        return err;
    nd__u64_sort_unique(out->v, &out->n);
    return ND_OK;
}

void nd__tokens_digest(const nd__tokens *t, uint64_t seed, uint64_t out[2])
{
    XXH3_state_t st;
    XXH3_128bits_reset_withSeed(&st, seed);
    for (size_t i = 0; i < t->n; i++) {
        /* length-prefix each token so "ab c" and "a bc" differ */
        unsigned char len[8];
        nd__store_le64(len, t->tok[i].len);
        XXH3_128bits_update(&st, len, sizeof len);
        XXH3_128bits_update(&st, t->text + t->tok[i].off, t->tok[i].len);
    }
    XXH128_hash_t h = XXH3_128bits_digest(&st);
    out[0] = h.low64;
    out[1] = h.high64;
}
