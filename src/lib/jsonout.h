/*
 * jsonout.h - the small cJSON helpers every writer shares.
 */
#ifndef ND_JSONOUT_H
#define ND_JSONOUT_H

#include <cjson/cJSON.h>

#include "internal.h"

/* Print obj unformatted as one line into the sink, then free it.
 * @return ND_OK, ND_ENOMEM, or ND_EIO when the sink fails. */
int nd__emit_json(cJSON *obj, nd_write_fn fn, void *payload);

/* Add a member; ND_ENOMEM on failure (obj is left to the caller to free). */
int nd__add_str(cJSON *obj, const char *k, const char *v);
int nd__add_num(cJSON *obj, const char *k, double v);

/* Four decimals: enough to read, and no float noise in golden files. */
double nd__round4(double x);

/* Room for any number cJSON prints. */
#define ND__NUMBUF 64

/* x as cJSON prints a number, into buf: the bytes of
 * cJSON_PrintUnformatted(cJSON_CreateNumber(x)). Whole numbers from 0 to
 * below 10^15 and nd__round4's values in (0, 1) are written here;
 * anything else is printed by cJSON itself. cJSON's own way costs a
 * sprintf and a sscanf per number, the larger part of writing a line.
 * @return buf, or NULL when cJSON had no memory. */
const char *nd__format_number(double x, char buf[ND__NUMBUF]);

const char *nd__role_name(nd_role r);

#endif
