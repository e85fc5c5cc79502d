/* url.c: external URLs written in ASCII, as EPUBCheck (and many reading
   systems) parse them: a host with letters outside ASCII in punycode
   (RFC 3492, "xn--" labels), other bytes outside ASCII and characters
   URLs do not allow percent-encoded.  "http://göögle.com/ä" becomes
   "http://xn--ggle-0qaa.com/%C3%A4". */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "epub.h"

enum { S_BASE = 36, S_TMIN = 1, S_TMAX = 26, S_SKEW = 38, S_DAMP = 700 };

static size_t S_adapt(size_t delta, size_t points, int first) {
  delta = first ? delta / S_DAMP : delta / 2;
  delta += delta / points;
  size_t k = 0;
  while (delta > ((S_BASE - S_TMIN) * S_TMAX) / 2) {
    delta /= S_BASE - S_TMIN;
    k += S_BASE;
  }
  return k + (S_BASE - S_TMIN + 1) * delta / (delta + S_SKEW);
}

static char S_digit(size_t d) {
  return (char)(d < 26 ? 'a' + d : '0' + d - 26);
}

/* One label of a host.  Labels are short (63 bytes in DNS): a longer one
   or one that is not UTF-8 is percent-encoded instead. */
static void S_label(recto_buf *out, const char *s, size_t len) {
  uint32_t cps[64];
  size_t n = 0, i = 0, basic = 0;
  while (i < len) {
    uint32_t cp;
    int step = recto_utf8_decode(s + i, len - i, &cp);
    if (step <= 0 || n == 64)
      goto fallback;
    if (cp >= 'A' && cp <= 'Z')
      cp += 'a' - 'A';
    cps[n++] = cp;
    i += (size_t)step;
  }
  for (size_t k = 0; k < n; k++)
    if (cps[k] < 0x80)
      basic++;
  if (basic == n) {
    recto_buf_put(out, s, len);
    return;
  }
  recto_buf_puts(out, "xn--");
  for (size_t k = 0; k < n; k++)
    if (cps[k] < 0x80)
      recto_buf_putc(out, (int)cps[k]);
  if (basic)
    recto_buf_putc(out, '-');
  uint32_t next = 0x80;
  size_t delta = 0, bias = 72, h = basic;
  while (h < n) {
    uint32_t m = UINT32_MAX;
    for (size_t k = 0; k < n; k++)
      if (cps[k] >= next && cps[k] < m)
        m = cps[k];
    delta += (size_t)(m - next) * (h + 1);
    next = m;
    for (size_t k = 0; k < n; k++) {
      if (cps[k] < next)
        delta++;
      if (cps[k] != next)
        continue;
      size_t q = delta;
      for (size_t t, kk = S_BASE;; kk += S_BASE) {
        t = kk <= bias ? S_TMIN : kk >= bias + S_TMAX ? S_TMAX : kk - bias;
        if (q < t)
          break;
        recto_buf_putc(out, S_digit(t + (q - t) % (S_BASE - t)));
        q = (q - t) / (S_BASE - t);
      }
      recto_buf_putc(out, S_digit(q));
      bias = S_adapt(delta, h + 1, h == basic);
      delta = 0;
      h++;
    }
    delta++;
    next++;
  }
  return;
fallback:
  for (i = 0; i < len; i++)
    recto_buf_printf(out, "%%%02X", (unsigned char)s[i]);
}

static void S_escaped(recto_buf *out, const char *s, size_t len) {
  for (size_t i = 0; i < len; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c >= 0x80 || c <= 0x20 || strchr("\"<>\\^`{|}", c))
      recto_buf_printf(out, "%%%02X", c);
    else
      recto_buf_putc(out, c);
  }
}

void epub_put_url(recto_buf *out, const char *url) {
  recto_buf b = RECTO_BUF_INIT;
  const char *colon = strchr(url, ':');
  const char *p = url;
  if (colon && colon[1] == '/' && colon[2] == '/') {
    p = colon + 3;
    size_t auth = strcspn(p, "/?#");
    const char *at = memchr(p, '@', auth);
    const char *host = at ? at + 1 : p;
    size_t hlen = auth - (size_t)(host - p);
    if (*host != '[') { /* an IPv6 literal stays as it is */
      const char *port = memchr(host, ':', hlen);
      if (port)
        hlen = (size_t)(port - host);
    }
    S_escaped(&b, url, (size_t)(host - url));
    const char *end = host + hlen;
    for (const char *label = host; label <= end;) {
      const char *dot = memchr(label, '.', (size_t)(end - label));
      size_t n = dot ? (size_t)(dot - label) : (size_t)(end - label);
      S_label(&b, label, n);
      if (!dot)
        break;
      recto_buf_putc(&b, '.');
      label = dot + 1;
    }
    p = end;
  }
  S_escaped(&b, p, strlen(p));
  recto_buf_put_xml(out, b.data ? b.data : "", b.len);
  recto_buf_free(&b);
}

int epub_url_runs_code(const char *url) {
  const char *colon = strchr(url, ':');
  if (!colon)
    return 0;
  char scheme[12];
  size_t n = 0;
  for (const char *p = url; p < colon; p++) {
    unsigned char c = (unsigned char)*p;
    if (c <= ' ')
      continue;
    if (n + 1 == sizeof scheme)
      return 0;
    scheme[n++] = (char)tolower(c);
  }
  scheme[n] = '\0';
  if (strcmp(scheme, "javascript") == 0 || strcmp(scheme, "vbscript") == 0)
    return 1;
  const char *rest = colon + 1;
  while (*rest && (unsigned char)*rest <= ' ')
    rest++;
  return strcmp(scheme, "data") == 0 && strncasecmp(rest, "image/", 6) != 0;
}
