/*
 * shingle.h - tokens to units (one 64-bit hash per word, or per character)
 * and units to 32-bit shingle fingerprints.
 */
#ifndef ND_SHINGLE_H
#define ND_SHINGLE_H

#include "normalize.h"

/* A paragraph in unit terms: units [start, start+len), n_tok tokens, and
 * where it stands in the original text (for reports and explanations). */
typedef struct nd__upara {
    uint32_t start, len, n_tok;
    uint32_t off, olen;  /* bytes of the original text */
    uint64_t hash;       /* of its units: equal paragraphs, equal hashes */
} nd__upara;

/* The multiplier of the rolling polynomials (odd, so that no power of it
 * is 0 mod 2^64), and the seeds of the derived hashes: distinct so that a
 * 1-unit shingle never equals its unit, nor a paragraph hash a shingle.
 * A paragraph of units u[0..n) hashes to
 *   nd__fmix64(sum u[i] * ROLL_M^(n-1-i) + (seed ^ PARA_SEED_MIX) + n). */
#define ND__ROLL_M 0x9E3779B97F4A7C15ULL
#define ND__SHINGLE_SEED_MIX 0x9E3779B97F4A7C15ULL
#define ND__PARA_SEED_MIX 0xC2B2AE3D27D4EB4FULL

typedef struct nd__units {
    uint64_t *v;
    size_t n, cap;
    nd__upara *para;
    size_t n_para, para_cap;
} nd__units;

typedef struct nd__shingler {
    nd_shingle_kind kind;
    unsigned k;
    uint64_t seed;
} nd__shingler;

void nd__shingler_init(nd__shingler *sh, nd_shingle_kind kind, unsigned k, uint64_t seed);

/* Units of t into out (reset first). Words: XXH3-64(token, seed) per token.
 * Chars: XXH3-64 of each code point's UTF-8 bytes, with a space unit
 * between two words (none between two characters of a spaceless script);
 * a paragraph's units are its own, without the space that precedes it.
 * @return ND_OK, ND_ENOMEM, ND_ERANGE. */
int nd__units_build(const nd__shingler *sh, const nd__tokens *t, nd__units *out);
void nd__units_free(nd__units *u);

/* How many shingles n units give: n - k + 1, one when 0 < n < k, none for
 * none. */
size_t nd__shingle_count(const nd__shingler *sh, size_t n);

/* The fingerprints of the shingles of n units into out (room for
 * nd__shingle_count of them), in text order: a rolling polynomial over
 * each k consecutive unit hashes, mixed (shingle.c), of which a
 * fingerprint is the low 32 bits. Returns how many were written. */
size_t nd__shingle_units(const nd__shingler *sh, const uint64_t *units, size_t n, uint32_t *out);

/* Units and fingerprints of t in one go: out reset, sorted and unique. */
int nd__shingle(const nd__shingler *sh, const nd__tokens *t, nd__u32vec *out);

/* 128-bit digest of a unit sequence: equal digests mean equal texts after
 * normalization (collisions about 2^-64 per pair). */
void nd__units_digest(const uint64_t *units, size_t n, uint64_t seed, uint64_t out[2]);

#endif
