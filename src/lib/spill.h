/*
 * spill.h - an append-only scratch file for what a corpus need not hold in
 * memory between reading and the run (the articles' raw fingerprints).
 */
#ifndef ND_SPILL_H
#define ND_SPILL_H

#include "internal.h"

typedef struct nd__spill {
    int fd;        /* an unlinked temporary file; -1 until first use */
    uint64_t end;  /* bytes written */
} nd__spill;

/* Append len bytes; *off_out gets where they start. Not thread-safe.
 * @return ND_OK, ND_EIO (no temporary file, disk full). */
int nd__spill_append(nd__spill *s, const void *buf, size_t len, uint64_t *off_out);

/* Read len bytes written at off. Thread-safe (pread).
 * @return ND_OK or ND_EIO. */
int nd__spill_read(const nd__spill *s, uint64_t off, void *buf, size_t len);

void nd__spill_close(nd__spill *s);

#endif
