/*
 * instream.c - gzip read with zlib's inflate() rather than gzread(): on
 * damage, gzread() drops what the failing call had already decoded (up to a
 * whole buffer of good records), while inflate() hands over every byte it
 * produced, so a truncated feed loses only what is really gone.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "instream.h"

#define IN_CHUNK ((size_t)1 << 17)

/* Refill the compressed input; sets in_eof at the end of the file. */
static void fill_in(nd__instream *s)
{
    if (s->in_pos < s->in_len || s->in_eof)
        return;
    for (;;) {
        ssize_t got = read(s->fd, s->in, IN_CHUNK);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0)
            s->read_errno = errno;
        if (got <= 0) {
            s->in_eof = 1;
            s->in_len = s->in_pos = 0;
            return;
        }
        s->in_len = (size_t)got;
        s->in_pos = 0;
        return;
    }
}

int nd__instream_open(nd__instream *s, int fd)
{
    memset(s, 0, sizeof *s);
    s->fd = fd;
    if (!(s->in = malloc(IN_CHUNK)))
        return ND_ENOMEM;
    /* look at the first two bytes (a short read may give only one) */
    while (s->in_len < 2 && !s->in_eof) {
        ssize_t got = read(fd, s->in + s->in_len, IN_CHUNK - s->in_len);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0)
            s->read_errno = errno;
        if (got <= 0)
            s->in_eof = 1;
        else
            s->in_len += (size_t)got;
    }
    if (s->in_len >= 2 && s->in[0] == 0x1F && s->in[1] == 0x8B) {
        s->gz = 1;
        if (inflateInit2(&s->zs, 15 + 16) != Z_OK) {
            free(s->in);
            s->in = NULL;
            return ND_ENOMEM;
        }
    }
    return ND_OK;
}

static size_t read_plain(nd__instream *s, unsigned char *buf, size_t len)
{
    fill_in(s);
    if (s->in_pos >= s->in_len) {
        s->ended = 1;
        return 0;
    }
    size_t n = s->in_len - s->in_pos < len ? s->in_len - s->in_pos : len;
    memcpy(buf, s->in + s->in_pos, n);
    s->in_pos += n;
    return n;
}

static size_t read_gz(nd__instream *s, unsigned char *buf, size_t len)
{
    size_t out = 0;
    while (out < len && !s->ended) {
        fill_in(s);
        if (s->member_done) {
            /* another member may follow (concatenated gzip); else the end */
            if (s->in_pos >= s->in_len) {
                s->ended = 1;
                break;
            }
            inflateReset(&s->zs);
            s->member_done = 0;
        }
        if (s->in_pos >= s->in_len) { /* the file ended inside a member */
            s->corrupt = 1;
            s->zmsg = "unexpected end of file";
            s->ended = 1;
            break;
        }
        s->zs.next_in = s->in + s->in_pos;
        s->zs.avail_in = (uInt)(s->in_len - s->in_pos);
        size_t room = len - out > UINT32_MAX ? UINT32_MAX : len - out;
        s->zs.next_out = buf + out;
        s->zs.avail_out = (uInt)room;
        int rc = inflate(&s->zs, Z_NO_FLUSH);
        out += room - s->zs.avail_out;
        s->in_pos = s->in_len - s->zs.avail_in;
        if (rc == Z_STREAM_END) {
            s->member_done = 1;
        } else if (rc != Z_OK && rc != Z_BUF_ERROR) {
            s->corrupt = 1;
            s->zmsg = s->zs.msg ? s->zs.msg : "data error";
            s->ended = 1;
        }
    }
    return out;
}

size_t nd__instream_read(nd__instream *s, void *buf, size_t len)
{
    if (s->ended || len == 0)
        return 0;
    return s->gz ? read_gz(s, buf, len) : read_plain(s, buf, len);
}

void nd__instream_close(nd__instream *s)
{
    if (s->gz)
        inflateEnd(&s->zs);
    free(s->in);
    s->in = NULL;
}
