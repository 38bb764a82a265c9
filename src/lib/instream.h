/*
 * instream.h - bytes from a file descriptor, inflated when they are gzip.
 */
#ifndef ND_INSTREAM_H
#define ND_INSTREAM_H

#include <zlib.h>

#include "internal.h"

typedef struct nd__instream {
    int fd;
    int gz;            /* the input is gzip (magic 1f 8b at the start) */
    int ended;         /* no more bytes will come */
    int corrupt;       /* gzip data error, or the input ended mid-stream */
    int read_errno;    /* a read(2) failure, 0 if none */
    const char *zmsg;  /* zlib's word for the damage, if any */
    z_stream zs;
    unsigned char *in; /* compressed input, or the first bytes of a plain file */
    size_t in_len, in_pos;
    int in_eof;
    int member_done;   /* a gzip member ended: another may follow */
} nd__instream;

/* Start reading fd (not closed by nd__instream_close). */
int nd__instream_open(nd__instream *s, int fd);

/* Up to len bytes into buf. Returns the count, 0 at the end (see ->corrupt
 * and ->read_errno for why it ended early), never a partial loss: every
 * byte decoded before damage is delivered. */
size_t nd__instream_read(nd__instream *s, void *buf, size_t len);

void nd__instream_close(nd__instream *s);

#endif
