/*
 * batch.c - articles on their way into the corpus. They wait in batches:
 * texts added one by one (nd_corpus_add, text files), or the lines of a
 * JSON Lines input. A batch is parsed (lines) and tokenized on the worker
 * threads while the caller reads the next one, and what it makes joins the
 * corpus in input order, with its diagnostics, when it is joined: the same
 * articles and the same messages in the same order for every thread count.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonl.h"
#include "parallel.h"

int nd__batch_tokenize(nd_corpus *c, nd__scratch *sc, nd__doc *d, const char *text, size_t len)
{
    /* what stays in memory lives in the kept arena; what is spilled (or
     * moved to c->paras) waits in the batch arena */
    nd__arena *arena = c->batch_keep ? &sc->kept : &sc->batch[c->batch_slot];
    int err = nd__doc_tokenize(&c->shingler, &sc->norm, &sc->toks, &sc->units, arena, d, text,
                               len);
    if (err == ND_ENOMEM)
        return err;
    if (err < 0) { /* kept as an article without words; reported when taken */
        d->para = NULL;
        d->sh = NULL;
        d->n_para = d->n_tok = 0;
        d->n_sh = 0;
        d->tok_err = err;
    }
    return ND_OK;
}

static int texts_range(size_t begin, size_t end, unsigned worker, void *payload)
{
    nd_corpus *c = payload;
    for (size_t i = c->batch_from + begin; i < c->batch_from + end; i++) {
        nd__doc *d = &c->docs[i];
        int err = nd__batch_tokenize(c, &c->scratch[worker], d, d->text, d->text_len);
        if (err < 0)
            return err;
        if (!c->opts.keep_text)
            d->text = NULL; /* in a text arena, reset two batches on */
    }
    return ND_OK;
}

static int lines_range(size_t begin, size_t end, unsigned worker, void *payload)
{
    nd_corpus *c = payload;
    for (size_t i = begin; i < end; i++)
        nd__jline_parse(c, &c->jrun.v[i], &c->scratch[worker]);
    return ND_OK; /* failures stay with their lines, taken in order */
}

/* Hand a batch of lines on (the buffers go with it). */
static void swap_lines(nd__jlines *a, nd__jlines *b)
{
    nd__jlines t = *a;
    *a = *b;
    *b = t;
}

/* Start what waits, lines or texts (never both: a JSON Lines input is
 * taken whole before anything else is added), on the pool's workers, so
 * that the caller goes on reading. */
static void batch_start(nd_corpus *c)
{
    if (c->jq.n) {
        swap_lines(&c->jrun, &c->jq); /* jrun was empty: taken */
        c->batch_lines = 1;
    } else if (c->tokenized < c->n) {
        c->batch_from = c->tokenized;
        c->batch_to = c->n;
        c->tokenized = c->n;
        c->batch_lines = 0;
    } else {
        return;
    }
    c->pending_bytes = 0;
    c->batch_busy = 1;
    /* the whole batch stays in memory or goes to the spill file: decided
     * here, by what the earlier batches kept (memory only; the results are
     * the same either way) */
    c->batch_keep = c->kept_bytes < c->spill_after;
    /* this arena's last batch was taken (spilled) before the one since */
    c->batch_slot ^= 1;
    for (unsigned t = 0; t < c->threads; t++)
        nd__arena_reset(&c->scratch[t].batch[c->batch_slot]);
    /* the next batch fills the other text arena: the batch that used it
     * was joined before this one started */
    c->text_fill ^= 1;
    nd__arena_reset(&c->text_arena[c->text_fill]);
    /* The work touches only the batch's own texts or lines (the caller
     * fills later ones meanwhile, and never moves the articles while a
     * batch runs) and the batch fields of c. Chunks of 8 lines: the next
     * batch waits for this one's last chunk, so a small last chunk leaves
     * a worker idle for less time. The caller takes its part of the chunks
     * when it comes to wait for the batch (batch_wait). */
    if (c->batch_lines)
        nd__pool_start(c->pool, c->threads, c->jrun.n, 8, lines_range, c);
    else
        nd__pool_start(c->pool, c->threads, c->batch_to - c->batch_from, 64, texts_range, c);
}

static int spill_failed(nd_corpus *c)
{
    return nd__fail(&c->err, ND_EIO, "cannot write the temporary file in %s",
                    getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
}

/* A tokenized article joins for good: its raw fingerprints wait in memory
 * (counted when its batch was waited for), or past the budget in the spill
 * file, in article order, until the run (queued: the batch's are written
 * together when it is taken, from its arena); a text that could not be
 * tokenized is reported. */
static int finish_doc(nd_corpus *c, nd__doc *d)
{
    if (!c->take_keep) {
        int err = nd__spill_queue(&c->spill, d->sh, d->n_sh * sizeof *d->sh, &d->spill_off);
        if (err < 0)
            return err == ND_EIO ? spill_failed(c) : nd__fail(&c->err, err, "out of memory");
        d->sh = NULL; /* its arena is reset two batches on */
        if (d->n_para) {
            size_t bytes = d->n_para * sizeof *d->para;
            nd__dpara *p = nd__blocks_alloc(&c->paras, bytes, &d->para_block);
            if (!p)
                return nd__fail(&c->err, ND_ENOMEM, "out of memory");
            memcpy(p, d->para, bytes);
            d->para = p;
        }
    }
    if (d->tok_err) {
        char msg[ND__ERRMSG_SIZE];
        snprintf(msg, sizeof msg, "%s: cannot normalize the text (%s); kept without words",
                 d->id, nd_strerror(d->tok_err));
        nd__corpus_warn(c, d->tok_err, d->origin, d->line, msg);
    }
    return ND_OK;
}

/* Free what a line holds, leaving it empty (a line dropped once may be
 * dropped again: "too many articles" is reported, then the line dropped). */
static void jline_drop(const nd_corpus *c, nd__jline *it)
{
    nd__doc_free(c, &it->doc);
    memset(&it->doc, 0, sizeof it->doc);
    free(it->msg);
    it->msg = NULL;
}

/* Drop the lines of lines from the first one, and empty it. */
static void jlines_drop(const nd_corpus *c, nd__jlines *lines, size_t first)
{
    for (size_t i = first; i < lines->n; i++)
        jline_drop(c, &lines->v[i]);
    lines->n = 0;
}

/* The parsed lines join the corpus in input order. */
static int take_lines(nd_corpus *c)
{
    int err = ND_OK;
    size_t i = 0;
    for (; i < c->jtake.n && err == ND_OK; i++) {
        nd__jline *it = &c->jtake.v[i];
        if (it->err == ND_ENOMEM ||
            (it->err == ND_OK &&
             nd__big_grow((void **)&c->docs, &c->cap, c->n + 1, sizeof *c->docs))) {
            err = nd__fail(&c->err, ND_ENOMEM, "out of memory");
            break;
        }
        if (it->err == ND_OK && c->n >= UINT32_MAX - 1) {
            jline_drop(c, it);
            it->err = ND_ERANGE;
            it->msg = nd__strdup("too many articles");
        }
        if (it->err < 0) {
            err = nd__corpus_bad_record(c, c->jin->stop_on_error, it->err, c->jin->file,
                                        it->lineno, it->msg ? it->msg : nd_strerror(it->err));
            jline_drop(c, it);
            continue;
        }
        nd__doc *d = &c->docs[c->n++];
        *d = it->doc; /* origin and line were set from the record */
        memset(&it->doc, 0, sizeof it->doc); /* the corpus owns it now */
        c->stats.text_bytes += d->text_len;
        if (it->msg) /* a warning: kept, with less */
            nd__corpus_warn(c, ND_EPARSE, d->origin, d->line, it->msg);
        free(it->msg);
        it->msg = NULL;
        if ((err = finish_doc(c, d)) < 0)
            c->broken = err;
        if ((c->n & 4095) == 0)
            nd__corpus_progress(c, "read", c->n, 0);
    }
    jlines_drop(c, &c->jtake, i); /* after a failure: nothing more joins */
    c->tokenized = c->n;
    return err;
}

/* Wait for the batch in flight: it becomes the batch to take. Its
 * fingerprints that stay in memory are counted at once, so that the next
 * batch, started before this one is taken, knows the budget left. */
static int batch_wait(nd_corpus *c)
{
    double s;
    int err = nd__pool_finish(c->pool, &s);
    c->batch_busy = 0;
    c->stats.tokenize_s += s;
    c->stats.peak_tokenize_kb = nd__peak_kb();
    c->take_keep = c->batch_keep;
    c->take_lines = c->batch_lines;
    c->batch_lines = 0;
    uint64_t kept = 0;
    if (c->take_lines) {
        swap_lines(&c->jtake, &c->jrun); /* jtake was empty: taken */
        for (size_t i = 0; i < c->jtake.n; i++)
            kept += c->jtake.v[i].doc.n_sh * sizeof(uint32_t);
    } else {
        c->take_from = c->batch_from;
        c->take_to = c->batch_to;
        for (size_t i = c->take_from; i < c->take_to; i++)
            kept += c->docs[i].n_sh * sizeof(uint32_t);
    }
    if (c->take_keep)
        c->kept_bytes += kept;
    return err;
}

/* Take the batch waited for, in input order; err is what its work gave. */
static int batch_take_docs(nd_corpus *c, int err)
{
    if (c->take_lines) {
        c->take_lines = 0;
        if (err < 0 || c->jdrop) {
            jlines_drop(c, &c->jtake, 0);
            return err < 0 ? nd__fail(&c->err, err, "out of memory") : ND_OK;
        }
        return take_lines(c);
    }
    if (err < 0) {
        c->broken = err; /* its articles are half tokenized */
        return nd__fail(&c->err, err, "out of memory");
    }
    for (size_t i = c->take_from; i < c->take_to; i++)
        if ((err = finish_doc(c, &c->docs[i])) < 0) {
            c->broken = err;
            return err;
        }
    return ND_OK;
}

/* Take the batch waited for (batch_take_docs), then write the
 * fingerprints it queued for the spill file, while its arena still holds
 * them: the queue is empty whenever a batch arena is reset. */
static int batch_take(nd_corpus *c, int err)
{
    err = batch_take_docs(c, err);
    if (nd__spill_flush(&c->spill) < 0) {
        c->broken = ND_EIO; /* the batch's articles lost their fingerprints */
        if (err == ND_OK)
            err = spill_failed(c);
    }
    return err;
}

int nd__batch_join(nd_corpus *c)
{
    if (!c->batch_busy)
        return ND_OK;
    return batch_take(c, batch_wait(c));
}

/* Enough waits: wait for the batch in flight, start the next, and only
 * then take the last one, so that the workers go on while the calling
 * thread writes its fingerprints to the spill file. */
static int batch_next(nd_corpus *c)
{
    if (!c->batch_busy) {
        batch_start(c);
        return ND_OK;
    }
    int err = batch_wait(c);
    if (err == ND_OK)
        batch_start(c);
    return batch_take(c, err);
}

int nd__batch_added(nd_corpus *c)
{
    if (c->pending_bytes < c->batch_bytes && c->n - c->tokenized < c->batch_docs)
        return ND_OK;
    return batch_next(c);
}

int nd__corpus_flush(nd_corpus *c)
{
    int err = nd__batch_join(c);
    if (err == ND_OK) {
        batch_start(c);
        err = nd__batch_join(c);
    }
    return err;
}

int nd__jsonl_begin(nd_corpus *c, const nd__jsonl_input *in)
{
    /* texts added before wait no longer: they go ahead of the lines */
    int err = ND_OK;
    if (c->tokenized < c->n && (err = nd__batch_join(c)) == ND_OK)
        batch_start(c);
    c->jin = in;
    return err;
}

static nd__jline *jline_push(nd_corpus *c, uint64_t lineno)
{
    if (nd__grow((void **)&c->jq.v, &c->jq.cap, c->jq.n + 1, sizeof *c->jq.v))
        return NULL;
    nd__jline *it = &c->jq.v[c->jq.n++];
    memset(it, 0, sizeof *it); /* the doc is filled by the worker */
    it->lineno = lineno;
    return it;
}

static int lines_added(nd_corpus *c)
{
    if (c->pending_bytes < c->batch_bytes && c->jq.n < c->batch_docs)
        return ND_OK;
    return batch_next(c);
}

int nd__jsonl_add(nd_corpus *c, uint64_t lineno, const char *line, size_t len)
{
    /* the line waits in the text arena being filled, as texts do */
    char *copy = nd__arena_strndup(&c->text_arena[c->text_fill], line, len);
    nd__jline *it = copy ? jline_push(c, lineno) : NULL;
    if (!it)
        return nd__fail(&c->err, ND_ENOMEM, "out of memory");
    it->line = copy;
    it->len = len;
    c->pending_bytes += len;
    return lines_added(c);
}

int nd__jsonl_add_bad(nd_corpus *c, uint64_t lineno, int code, const char *msg)
{
    nd__jline *it = jline_push(c, lineno);
    if (!it)
        return nd__fail(&c->err, ND_ENOMEM, "out of memory");
    it->err = code;
    it->msg = nd__strdup(msg); /* NULL: the code's own words will do */
    return lines_added(c);
}

int nd__jsonl_end(nd_corpus *c, int take)
{
    int err;
    if (take) {
        err = nd__corpus_flush(c);
    } else {
        c->jdrop = 1;
        err = nd__batch_join(c);
        c->jdrop = 0;
    }
    jlines_drop(c, &c->jq, 0); /* left waiting after a failure */
    c->jin = NULL;
    return err;
}

void nd__corpus_drop_reading(nd_corpus *c)
{
    /* Everything is joined: the texts and lines waiting for batches, the
     * batches' own fingerprints (spilled since) and the tokenizers' buffers
     * are no longer read. Their pages go back now rather than with the
     * corpus, so that what the run allocates next reuses them: on a
     * virtual machine a page never touched before costs far more than one
     * given back and taken again. */
    nd__arena_free(&c->text_arena[0]);
    nd__arena_free(&c->text_arena[1]);
    for (unsigned t = 0; t < c->threads; t++) {
        nd__scratch *sc = &c->scratch[t];
        nd__arena_free(&sc->batch[0]);
        nd__arena_free(&sc->batch[1]);
        nd__tokens_free(&sc->toks);
        nd__units_free(&sc->units);
    }
    nd__batch_free(c);
}

void nd__batch_free(nd_corpus *c)
{
    if (c->batch_busy)
        nd__pool_finish(c->pool, NULL);
    c->batch_busy = 0;
    nd__jlines *all[3] = {&c->jrun, &c->jtake, &c->jq};
    for (int q = 0; q < 3; q++) {
        jlines_drop(c, all[q], 0);
        free(all[q]->v);
        memset(all[q], 0, sizeof *all[q]);
    }
}
