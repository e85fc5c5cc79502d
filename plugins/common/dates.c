/* dates.c: ISO text and calendar conversion (see dates.h).  The Solar
   Hijri leap rule is the 33-year arithmetic cycle, exact for the years
   any source of ours will carry (about 1200-1500 SH); Hijri dates use
   the tabular (civil) Islamic calendar, which can differ by a day from
   a sighted month. */
#include <string.h>

#include "dates.h"

void xw_iso_ymd(recto_buf *out, int y, int m, int d) {
  if (y < 0)
    recto_buf_printf(out, "-%04d", -y);
  else
    recto_buf_printf(out, "%04d", y);
  if (m >= 1 && m <= 12) {
    recto_buf_printf(out, "-%02d", m);
    if (d >= 1 && d <= 31)
      recto_buf_printf(out, "-%02d", d);
  }
}

void xw_date_iso(recto_buf *out, const recto_date *d, int end) {
  int k = end ? 1 : 0;
  if (d->year[k])
    xw_iso_ymd(out, d->year[k], d->month[k], d->day[k]);
}

long xw_jdn_from_gregorian(int y, int m, int d) {
  long a = (14 - m) / 12;
  long yy = y + 4800 - a;
  long mm = m + 12 * a - 3;
  return d + (153 * mm + 2) / 5 + 365 * yy + yy / 4 - yy / 100 + yy / 400 -
         32045;
}

void xw_gregorian_from_jdn(long jdn, int *y, int *m, int *d) {
  long a = jdn + 32044;
  long b = (4 * a + 3) / 146097;
  long c = a - 146097 * b / 4;
  long e = (4 * c + 3) / 1461;
  long f = c - 1461 * e / 4;
  long g = (5 * f + 2) / 153;
  *d = (int)(f - (153 * g + 2) / 5 + 1);
  *m = (int)(g + 3 - 12 * (g / 10));
  *y = (int)(100 * b + e - 4800 + g / 10);
}

static int S_sh_leap(long y) {
  long r = (25 * y + 11) % 33;
  if (r < 0)
    r += 33;
  return r < 8;
}

/* 1 Farvardin 1 SH. */
#define SH_EPOCH 1948320L

long xw_jdn_from_solar_hijri(int y, int m, int d) {
  /* Whole cycles first, so that the loop stays short for any year. */
  long years = y - 1, days = 0;
  long cycles = years / 33;
  days += cycles * (33 * 365 + 8);
  for (long k = cycles * 33 + 1; k <= years; k++)
    days += S_sh_leap(k) ? 366 : 365;
  if (m < 1)
    m = 1;
  days += m <= 7 ? 31 * (m - 1) : 186 + 30 * (m - 7);
  return SH_EPOCH + days + (d >= 1 ? d - 1 : 0);
}

/* 1 Muharram 1 AH (civil epoch, 16 July 622 Julian). */
#define HIJRI_EPOCH 1948440L

long xw_jdn_from_hijri(int y, int m, int d) {
  if (m < 1)
    m = 1;
  return HIJRI_EPOCH - 1 + (long)(y - 1) * 354 + (3 + 11L * y) / 30 +
         29L * (m - 1) + m / 2 + (d >= 1 ? d : 1);
}

static long S_to_jdn(recto_calendar cal, int y, int m, int d) {
  switch (cal) {
  case RECTO_CALENDAR_SOLAR_HIJRI:
    return xw_jdn_from_solar_hijri(y, m, d);
  case RECTO_CALENDAR_HIJRI:
    return xw_jdn_from_hijri(y, m, d);
  default:
    return xw_jdn_from_gregorian(y, m, d);
  }
}

int xw_date_gregorian(const recto_date *date, int end, xw_greg_range *out) {
  int k = end ? 1 : 0;
  int y = date->year[k], m = date->month[k], d = date->day[k];
  *out = (xw_greg_range){0, 0, 0, 0, 0, 0};
  if (!y)
    return 0;
  if (date->calendar == RECTO_CALENDAR_GREGORIAN) {
    out->from_year = out->to_year = y;
    out->from_month = out->to_month = m;
    out->from_day = out->to_day = d;
    return 1;
  }
  /* First and last day of the period the partial date names: the next
     period's first day minus one. */
  long first, next;
  if (m >= 1 && m <= 12 && d >= 1) {
    first = S_to_jdn(date->calendar, y, m, d);
    next = first + 1;
  } else if (m >= 1 && m <= 12) {
    first = S_to_jdn(date->calendar, y, m, 1);
    next = m == 12 ? S_to_jdn(date->calendar, y + 1, 1, 1)
                   : S_to_jdn(date->calendar, y, m + 1, 1);
  } else {
    first = S_to_jdn(date->calendar, y, 1, 1);
    next = S_to_jdn(date->calendar, y + 1, 1, 1);
  }
  xw_gregorian_from_jdn(first, &out->from_year, &out->from_month,
                        &out->from_day);
  xw_gregorian_from_jdn(next - 1, &out->to_year, &out->to_month,
                        &out->to_day);
  return 1;
}

void xw_date_text(recto_buf *out, const recto_date *d) {
  if (d->literal && *d->literal) {
    recto_buf_put_xml(out, d->literal, strlen(d->literal));
    return;
  }
  xw_date_iso(out, d, 0);
  if (d->year[1]) {
    recto_buf_putc(out, '/');
    xw_date_iso(out, d, 1);
  }
}
