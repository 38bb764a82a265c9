/*
 * shingle.h - tokens to the sorted set of 64-bit shingle hashes (XXH3).
 */
#ifndef ND_SHINGLE_H
#define ND_SHINGLE_H

#include "normalize.h"

typedef struct nd__shingler {
    nd_shingle_kind kind;
    unsigned k;
    uint64_t seed;
    nd__u64vec scratch; /* token hashes or code point offsets */
    char *joined;       /* chars mode: the tokens joined back into text */
    size_t joined_cap;
} nd__shingler;

void nd__shingler_init(nd__shingler *sh, nd_shingle_kind kind, unsigned k, uint64_t seed);
void nd__shingler_free(nd__shingler *sh);

/* The shingle set of t into out (reset first): sorted, unique.
 * Words: each token is hashed once, XXH3-64(token, seed); a shingle is
 * XXH3-64 over the k token hashes as little-endian bytes. Chars: XXH3-64 of
 * the UTF-8 bytes of each k code points of the tokens joined by one space
 * (no space between two characters of a spaceless script).
 * A text shorter than k gives one shingle of all of it; no tokens, none.
 * @return ND_OK or ND_ENOMEM. */
int nd__shingle(nd__shingler *sh, const nd__tokens *t, nd__u64vec *out);

/* 128-bit digest of the whole token sequence: equal digests mean the two
 * texts are equal after normalization (collisions: about 2^-64 per pair). */
void nd__tokens_digest(const nd__tokens *t, uint64_t seed, uint64_t out[2]);

#endif
