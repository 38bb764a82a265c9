/*
 * spill.c - the scratch file behind the corpus. Raw fingerprints are
 * about a byte per byte of text: at a million articles they are gigabytes
 * that are written once and read back once, in order, by the run, so the
 * page cache serves them better than the heap would.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "spill.h"

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
    s->end = 0;
    return ND_OK;
}

int nd__spill_append(nd__spill *s, const void *buf, size_t len, uint64_t *off_out)
{
    if (s->fd < 0 && spill_open(s) < 0)
        return ND_EIO;
    *off_out = s->end;
    const char *p = buf;
    size_t done = 0;
    while (done < len) {
        ssize_t w = pwrite(s->fd, p + done, len - done, (off_t)(s->end + done));
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return ND_EIO;
        done += (size_t)w;
    }
    s->end += len;
    return ND_OK;
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
}
