/*
 * jsonl.h - JSON Lines records: the worker-side parse of one line
 * (jsonl.c), and the reading of scalar values shared with eval.c.
 */
#ifndef ND_JSONL_H
#define ND_JSONL_H

#include <cjson/cJSON.h>

#include "corpus.h"

/* A string value as it is, a number as the reader writes numeric ids
 * ({"id": 17} and {"id": "17"} name the same article), NULL for any other
 * type. buf (64 bytes are enough) holds the written number. */
const char *nd__json_scalar(const cJSON *v, char *buf, size_t size);

/* Parse one line into it->doc and tokenize it, or set it->err and msg; on
 * a worker thread, with its scratch. */
void nd__jline_parse(nd_corpus *c, nd__jline *it, nd__scratch *sc);

#endif
