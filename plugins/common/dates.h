/*
 * dates.h: bibliography dates as ISO 8601 text for XML attributes
 * (TEI @when, DocBook pubdate), with Solar Hijri and Hijri dates
 * converted to the Gregorian calendar that those attributes assume.
 */
#ifndef RECTO_COMMON_DATES_H
#define RECTO_COMMON_DATES_H

#include "recto/recto.h"

/** A Gregorian day range: the exact day when the date is complete, the
    whole month or year otherwise.  Fields are 0 when unknown. */
typedef struct xw_greg_range {
  int from_year, from_month, from_day;
  int to_year, to_month, to_day;
} xw_greg_range;

/** "YYYY", "YYYY-MM" or "YYYY-MM-DD" of the start (end = 0) or end
    (end = 1) of d, in d's own calendar; nothing when its year is 0. */
void xw_date_iso(recto_buf *out, const recto_date *d, int end);
/** A date's text: its literal, else ISO in its own calendar ("2021",
    "1400-01/1400-06" for a range), escaped. */
void xw_date_text(recto_buf *out, const recto_date *d);
/** The Gregorian days covered by the start (end = 0) or end (end = 1)
    of d; returns 0 when d has no year there.  For Gregorian dates this
    is the date itself (to_* = from_*, partial fields 0). */
int xw_date_gregorian(const recto_date *d, int end, xw_greg_range *out);
/** Append "YYYY[-MM[-DD]]" for y/m/d (m, d may be 0). */
void xw_iso_ymd(recto_buf *out, int y, int m, int d);

/** Julian day numbers of calendar dates (exposed for tests). */
long xw_jdn_from_gregorian(int y, int m, int d);
void xw_gregorian_from_jdn(long jdn, int *y, int *m, int *d);
long xw_jdn_from_solar_hijri(int y, int m, int d);
long xw_jdn_from_hijri(int y, int m, int d);

#endif
