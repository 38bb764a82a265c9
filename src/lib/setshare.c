/*
 * setshare.c - hashes of published sets to their items, by linear probing
 * over 64-bit slots taken with a compare-and-swap.
 */
#include "setshare.h"

#include "arena.h"

int nd__setshare_init(nd__setshare *t, size_t n)
{
    size_t slots = 16;
    while (slots < 2 * n)
        slots *= 2;
    t->bytes = slots * sizeof *t->slot;
    t->mem = nd__big_alloc(t->bytes); /* zeroed: every slot empty */
    t->slot = t->mem;
    t->mask = t->slot ? slots - 1 : 0;
    atomic_init(&t->used, 0);
    return t->slot ? ND_OK : ND_ENOMEM;
}

void nd__setshare_free(nd__setshare *t)
{
    nd__big_free(t->mem, t->bytes);
    t->mem = NULL;
    t->slot = NULL;
    t->bytes = 0;
}

uint32_t nd__setshare_next(const nd__setshare *t, uint64_t h, nd__setshare_cursor *cur)
{
    if (!t->slot)
        return UINT32_MAX;
    size_t at = cur->started ? (cur->at + 1) & t->mask : (size_t)h & t->mask;
    cur->started = 1;
    for (;; at = (at + 1) & t->mask) {
        /* acquire: the item's data, written before its publication */
        const uint64_t s = atomic_load_explicit(&t->slot[at], memory_order_acquire);
        if (s == 0) {
            cur->at = at;
            return UINT32_MAX;
        }
        if (s >> 32 == h >> 32) {
            cur->at = at;
            return (uint32_t)s - 1;
        }
    }
}

void nd__setshare_publish(nd__setshare *t, uint64_t h, uint32_t item)
{
    if (!t->slot || item == UINT32_MAX)
        return;
    /* at most half the slots: an empty slot always ends a probe */
    if (atomic_fetch_add_explicit(&t->used, 1, memory_order_relaxed) >= (t->mask + 1) / 2)
        return;
    const uint64_t s = (h >> 32) << 32 | ((uint64_t)item + 1);
    for (size_t at = (size_t)h & t->mask;; at = (at + 1) & t->mask) {
        uint64_t empty = 0;
        if (atomic_compare_exchange_strong_explicit(&t->slot[at], &empty, s, memory_order_release,
                                                    memory_order_relaxed))
            return;
    }
}
