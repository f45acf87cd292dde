/*
 * tt_out_int.h - internals shared by the tt_out* / tt_ts* files (not a
 * public API; see tt_output.h).
 */
#ifndef TT_OUT_INT_H
#define TT_OUT_INT_H

#include <stddef.h>
#include <stdint.h>

#include "tt_jv.h"
#include "tt_output.h"

/* East-Asian W/F/A ranges (tt_out_eaw.c, generated). */
extern const uint32_t tt_out_eaw_ranges[][2];
extern const size_t tt_out_eaw_count;

/* Python str.upper() of single code points (tt_out_upper.c, generated). */
typedef struct tt_out_upper_entry {
    uint32_t cp;
    const char *upper; /* UTF-8 */
} tt_out_upper_entry;
extern const tt_out_upper_entry tt_out_upper_table[];
extern const size_t tt_out_upper_count;

/* Python str() of a value (None, True, 1, 1.5, text; lists/dicts as
 * Python repr) appended to b. */
int tt_out_pystr(const tt_jv *v, tt_jv_buf *b);

/* awscli text.format_text(v) appended to b. */
int tt_out_text(const tt_jv *v, tt_jv_buf *b);

/* awscli YAMLDumper.dump(v) appended to b (JSON scalars as one-line JSON). */
int tt_out_yaml(const tt_jv *v, tt_jv_buf *b);
/* One "- item" of an indentless block sequence at column `indent` that is
 * the value of a block mapping key (used to stream `Assignments:`). */
int tt_out_yaml_seq_item(const tt_jv *item, int indent, tt_jv_buf *b);

/* awscli TableFormatter(title, v) appended to b; width = terminal width. */
int tt_out_table(const tt_jv *v, const char *title, int color, int width, tt_jv_buf *b);

/* CPython's time.timezone / altzone / daylight (glibc branch of
 * init_timezone(): the January and July offsets of the current year), as
 * dateutil's tzlocal sees them.  Python computes them once per process. */
#define TT_OUT_DST_BITS 7
#define TT_OUT_DST_SLOTS (1 << TT_OUT_DST_BITS)
typedef struct tt_out_tz {
    long timezone, altzone;
    int daylight;
    /* localtime()'s tm_isdst per 15-minute span of time_t (a listing's
     * timestamps fall in few spans; localtime_r() was most of the CPU time
     * in a zone with DST): 0 / 1 for the whole span, 2 when it changes
     * inside (then asked per second).  Exact as long as tm_isdst changes
     * at most once within 15 minutes, true of every tzdata zone. */
    struct tt_out_dst {
        int64_t span; /* time_t / 900, floored */
        int isdst;    /* -1: empty slot */
    } dst[TT_OUT_DST_SLOTS];
    int nocache; /* tests: 1 = ask localtime_r() every time */
} tt_out_tz;

/* Fill z from the current TZ (call tzset() first when TZ changed); empties
 * its tm_isdst cache. */
void tt_out_tz_init(tt_out_tz *z);

/* tt_out_timestamp(raw, len, TT_TS_ISO8601, buf, cap) with the offsets z
 * computed beforehand (no TZ look-up per call; z's cache is updated). */
int tt_out_timestamp_iso(tt_out_tz *z, const char *raw, size_t len, char *buf, size_t cap);

/* json.dump(v, indent=4, ensure_ascii=False) + "\n" appended to b. */
int tt_out_json(const tt_jv *v, tt_jv_buf *b);

#endif /* TT_OUT_INT_H */
