/*
 * shingle.c - the shingle stage. Each word (or character) is hashed once
 * into a unit; shingles combine k unit hashes, so the cost per token does
 * not grow with k, and masking whole paragraphs later needs no rehashing
 * of text.
 */
#include <stdlib.h>
#include <string.h>

/* XXH3 inlined from the installed header (its documented XXH_INLINE_ALL
 * mode): a word is a few bytes, and a call per word through the shared
 * library cost more than the hash itself. Same function, same values. */
#define XXH_INLINE_ALL
#define XXH_STATIC_LINKING_ONLY /* XXH3_state_t on the stack */
#include <xxhash.h>

#include "shingle.h"

void nd__shingler_init(nd__shingler *sh, nd_shingle_kind kind, unsigned k, uint64_t seed)
{
    sh->kind = kind;
    sh->k = k ? k : 1;
    sh->seed = seed;
}

void nd__units_free(nd__units *u)
{
    free(u->v);
    free(u->para);
    memset(u, 0, sizeof *u);
}

/* A paragraph's hash: nd__fmix64(seed' + n + sum of u[i] * M^(n-1-i)), the
 * polynomial of its units (already random 64-bit values): one multiply-add
 * per unit, over units still in cache, instead of hashing their bytes
 * again. Horner's rule in two interleaved halves (even and odd terms, in
 * steps of M^2), so that two multiplies are in flight at once: the same
 * value mod 2^64, without waiting on one chain of multiplies. */
static uint64_t para_hash(const uint64_t *u, size_t n, uint64_t seed)
{
    const uint64_t m2 = ND__ROLL_M * ND__ROLL_M;
    uint64_t a = 0, b = 0; /* the terms at even and odd distance from the end */
    size_t i = 0;
    if (n & 1) /* the first unit then has even distance n - 1 */
        a = u[i++];
    for (; i < n; i += 2) {
        b = b * m2 + u[i];     /* distance n-1-i: odd */
        a = a * m2 + u[i + 1]; /* distance n-2-i: even */
    }
    return nd__fmix64(a + b * ND__ROLL_M + seed + n);
}

static int push_unit(nd__units *u, uint64_t h)
{
    if (u->n >= UINT32_MAX)
        return ND_ERANGE;
    if (u->n == u->cap && nd__grow((void **)&u->v, &u->cap, u->n + 1, sizeof *u->v))
        return ND_ENOMEM;
    u->v[u->n++] = h;
    return ND_OK;
}

static int token_units(const nd__shingler *sh, const nd__tokens *t, size_t i, nd__units *u)
{
    const char *p = t->text + t->tok[i].off;
    size_t len = t->tok[i].len;
    if (sh->kind == ND_SHINGLE_WORDS) { /* room made by nd__units_build */
        u->v[u->n++] = XXH3_64bits_withSeed(p, len, sh->seed);
        return ND_OK;
    }
    for (size_t j = 0; j < len;) { /* one unit per code point */
        size_t cl = 1;
        while (j + cl < len && ((unsigned char)p[j + cl] & 0xC0) == 0x80)
            cl++;
        int err = push_unit(u, XXH3_64bits_withSeed(p + j, cl, sh->seed));
        if (err < 0)
            return err;
        j += cl;
    }
    return ND_OK;
}

int nd__units_build(const nd__shingler *sh, const nd__tokens *t, nd__units *out)
{
    out->n = 0;
    out->n_para = 0;
    /* room made once: a paragraph per paragraph, and for words a unit per
     * token (characters grow as they go) */
    if (t->n > UINT32_MAX)
        return ND_ERANGE;
    if (nd__grow((void **)&out->para, &out->para_cap, t->n_para ? t->n_para : 1,
                 sizeof *out->para) ||
        (sh->kind == ND_SHINGLE_WORDS &&
         nd__grow((void **)&out->v, &out->cap, t->n ? t->n : 1, sizeof *out->v)))
        return ND_ENOMEM;
    const uint64_t space = XXH3_64bits_withSeed(" ", 1, sh->seed);
    for (size_t p = 0; p < t->n_para; p++) {
        const nd__para *tp = &t->para[p];
        nd__upara *up = &out->para[out->n_para++];
        up->start = (uint32_t)out->n;
        up->n_tok = tp->n_tok;
        up->off = tp->off;
        up->olen = tp->len;
        for (size_t i = tp->first_tok; i < (size_t)tp->first_tok + tp->n_tok; i++) {
            int err;
            if (sh->kind == ND_SHINGLE_CHARS && i > tp->first_tok &&
                !(t->tok[i].spaceless && t->tok[i - 1].spaceless) &&
                (err = push_unit(out, space)) < 0)
                return err;
            if ((err = token_units(sh, t, i, out)) < 0)
                return err;
        }
        up->len = (uint32_t)(out->n - up->start);
        up->hash = para_hash(out->v + up->start, up->len, sh->seed ^ ND__PARA_SEED_MIX);
    }
    return ND_OK;
}

/* A shingle of units u[i..i+k) is nd__fmix64(seed' + sum u[i+j] * M^(k-1-j))
 * mod 2^64: a polynomial in the (already random) unit hashes, rolled in
 * O(1) per shingle, then mixed. Two different windows collide only if a
 * polynomial with random coefficients vanishes at the odd M: about 2^-64. */

size_t nd__shingle_count(const nd__shingler *sh, size_t n)
{
    return n == 0 ? 0 : n < sh->k ? 1 : n - sh->k + 1;
}

size_t nd__shingle_units(const nd__shingler *sh, const uint64_t *units, size_t n, uint32_t *out)
{
    const uint64_t seed = sh->seed ^ ND__SHINGLE_SEED_MIX;
    const size_t k = sh->k;
    if (n == 0)
        return 0;
    size_t w = n < k ? n : k; /* a text shorter than k is one shingle */
    uint64_t s = 0, top = 1;  /* top = M^(w-1) */
    for (size_t i = 0; i < w; i++) {
        s = s * ND__ROLL_M + units[i];
        if (i)
            top *= ND__ROLL_M;
    }
    size_t count = n - w + 1;
    out[0] = (uint32_t)nd__fmix64(s + seed + w);
    for (size_t i = 1; i < count; i++) {
        s = (s - units[i - 1] * top) * ND__ROLL_M + units[i - 1 + w];
        out[i] = (uint32_t)nd__fmix64(s + seed + w);
    }
    return count;
}

int nd__shingle(const nd__shingler *sh, const nd__tokens *t, nd__u32vec *out)
{
    nd__units u = {0};
    out->n = 0;
    int err = nd__units_build(sh, t, &u);
    if (err == ND_OK &&
        nd__grow((void **)&out->v, &out->cap, nd__shingle_count(sh, u.n) + 1, sizeof *out->v))
        err = ND_ENOMEM;
    if (err == ND_OK) {
        out->n = nd__shingle_units(sh, u.v, u.n, out->v);
        nd__u32_sort_unique(out->v, &out->n);
    }
    nd__units_free(&u);
    return err;
}

void nd__units_digest(const uint64_t *units, size_t n, uint64_t seed, uint64_t out[2])
{
    unsigned char buf[8 * 64];
    XXH3_state_t st;
    XXH3_INITSTATE(&st); /* reset reads the seed field: start it defined */
    XXH3_128bits_reset_withSeed(&st, seed);
    for (size_t done = 0; done < n;) {
        size_t m = n - done < 64 ? n - done : 64;
        for (size_t i = 0; i < m; i++)
            nd__store_le64(buf + 8 * i, units[done + i]);
        XXH3_128bits_update(&st, buf, 8 * m);
        done += m;
    }
    XXH128_hash_t h = XXH3_128bits_digest(&st);
    out[0] = h.low64;
    out[1] = h.high64;
}
