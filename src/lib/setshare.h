/*
 * setshare.h - a table that lets equal shingle sets share one copy.
 *
 * At a million articles about one in six is an exact copy of another once
 * boilerplate is masked, and its set, built from the spill file, would be
 * new memory holding bytes already held. The workers signing articles
 * publish each set they keep here under its hash, and look a new set up
 * before keeping it: an equal one found is shared instead.
 *
 * The table only maps hashes to items (article numbers): it compares no
 * sets itself, so a hash that two different sets share costs one
 * comparison in the caller and nothing else. Lock-free: any number of
 * threads may find and publish at once.
 */
#ifndef ND_SETSHARE_H
#define ND_SETSHARE_H

#include <stdatomic.h>

#include "internal.h"

typedef struct nd__setshare {
    _Atomic uint64_t *slot; /* the hash's top half << 32 | item + 1; 0: empty */
    void *mem;              /* slot, as mapped */
    size_t mask;            /* slots - 1 */
    size_t bytes;           /* of slot (nd__big_alloc) */
    atomic_size_t used;
} nd__setshare;

/* Room for up to n items (twice as many slots, so that probes stay short).
 * @return ND_OK or ND_ENOMEM (t is then empty, and publishes nothing). */
int nd__setshare_init(nd__setshare *t, size_t n);
void nd__setshare_free(nd__setshare *t);

/* Where a look-up for hash h is: pass the same cursor to every call. */
typedef struct nd__setshare_cursor {
    size_t at;
    int started;
} nd__setshare_cursor;

/* The next item published under a hash whose top half equals h's, or
 * UINT32_MAX when there are no more. An item's own data must be written
 * before it is published: what the publisher wrote before
 * nd__setshare_publish is visible to whoever finds its item here. */
uint32_t nd__setshare_next(const nd__setshare *t, uint64_t h, nd__setshare_cursor *cur);

/* Publish item (< UINT32_MAX) under h. Nothing happens once half the
 * slots are taken (at least the n items it was made for), or if it could
 * not be made: finding less only costs memory, never a wrong answer. */
void nd__setshare_publish(nd__setshare *t, uint64_t h, uint32_t item);

#endif
