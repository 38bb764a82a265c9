/*
 * spill.c - the scratch file behind the corpus. Raw fingerprints are
 * about a byte per byte of text: at a million articles they are gigabytes
 * that are written once and read back once, in order, by the run, so the
 * page cache serves them better than the heap would.
 */
#define _DEFAULT_SOURCE /* pwritev */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>
#include <unistd.h>

#include "spill.h"

/* Pieces per pwritev: IOV_MAX is only defined for X/Open, UIO_MAXIOV
 * (1024 on Linux) for the default features this file asks for. */
#if defined(UIO_MAXIOV)
#define SPILL_IOV UIO_MAXIOV
#elif defined(IOV_MAX)
#define SPILL_IOV IOV_MAX
#else
#define SPILL_IOV 16 /* the least POSIX allows */
#endif

static int spill_open(nd__spill *s)
{
    const char *dir = getenv("TMPDIR");
    char path[4096];
    snprintf(path, sizeof path, "%s/neardup-spill-XXXXXX", dir && *dir ? dir : "/tmp");
    int fd = mkstemp(path);
    if (fd < 0)
        return ND_EIO;
    unlink(path); /* gone from the folder; freed when closed, even on a crash */
    s->fd = fd;
    s->end = s->written = 0;
    return ND_OK;
}

int nd__spill_queue(nd__spill *s, const void *buf, size_t len, uint64_t *off_out)
{
    if (s->failed || (s->fd < 0 && spill_open(s) < 0))
        return ND_EIO;
    *off_out = s->end;
    if (len == 0)
        return ND_OK;
    if (s->n_q == s->cap_q && nd__grow((void **)&s->q, &s->cap_q, s->n_q + 1, sizeof *s->q))
        return ND_ENOMEM;
    s->q[s->n_q].iov_base = (void *)(uintptr_t)buf; /* only read: pwritev's type */
    s->q[s->n_q].iov_len = len;
    s->n_q++;
    s->end += len;
    return ND_OK;
}

int nd__spill_flush(nd__spill *s)
{
    int err = ND_OK;
    size_t i = 0;
    while (i < s->n_q) {
        size_t n = s->n_q - i < SPILL_IOV ? s->n_q - i : SPILL_IOV;
        ssize_t w = pwritev(s->fd, s->q + i, (int)n, (off_t)s->written);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            err = ND_EIO;
            break;
        }
        s->written += (uint64_t)w;
        /* past the pieces written whole; a piece written in part is
         * shortened to the rest of it */
        for (size_t done = (size_t)w; done > 0;) {
            if (done >= s->q[i].iov_len) {
                done -= s->q[i++].iov_len;
            } else {
                s->q[i].iov_base = (char *)s->q[i].iov_base + done;
                s->q[i].iov_len -= done;
                done = 0;
            }
        }
    }
    s->n_q = 0;
    if (err < 0) /* the file no longer matches the offsets handed out */
        s->failed = 1;
    return s->failed ? ND_EIO : ND_OK;
}

int nd__spill_read(const nd__spill *s, uint64_t off, void *buf, size_t len)
{
    char *p = buf;
    size_t done = 0;
    while (done < len) {
        ssize_t r = pread(s->fd, p + done, len - done, (off_t)(off + done));
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            return ND_EIO;
        done += (size_t)r;
    }
    return ND_OK;
}

void nd__spill_close(nd__spill *s)
{
    if (s->fd >= 0)
        close(s->fd);
    s->fd = -1;
    free(s->q);
    s->q = NULL;
    s->n_q = s->cap_q = 0;
}
