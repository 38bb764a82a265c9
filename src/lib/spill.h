/*
 * spill.h - an append-only scratch file for what a corpus need not hold in
 * memory between reading and the run (the articles' raw fingerprints).
 */
#ifndef ND_SPILL_H
#define ND_SPILL_H

#include <sys/uio.h>

#include "internal.h"

typedef struct nd__spill {
    int fd;            /* an unlinked temporary file; -1 until first use */
    uint64_t end;      /* bytes written or queued */
    uint64_t written;  /* bytes written: the queued ones start here */
    struct iovec *q;   /* queued pieces, in file order */
    size_t n_q, cap_q;
    int failed;        /* a flush failed: every later call fails too */
} nd__spill;

/* Queue len bytes to be appended; *off_out gets where they will start.
 * The bytes are not copied: they must stay as they are until
 * nd__spill_flush. The file is made on the first call. Not thread-safe.
 * @return ND_OK, ND_EIO (no temporary file), ND_ENOMEM. */
int nd__spill_queue(nd__spill *s, const void *buf, size_t len, uint64_t *off_out);

/* Write what is queued, many pieces a call (a call per piece cost more
 * than the copy into the page cache at a million articles).
 * @return ND_OK, or ND_EIO (disk full) now or at an earlier flush: the
 * queue is dropped either way, and after a failure the file is unusable
 * (queue and flush keep failing). */
int nd__spill_flush(nd__spill *s);

/* Read len bytes written at off (flushed). Thread-safe (pread).
 * @return ND_OK or ND_EIO. */
int nd__spill_read(const nd__spill *s, uint64_t off, void *buf, size_t len);

/* Close the file and drop the queue. */
void nd__spill_close(nd__spill *s);

#endif
