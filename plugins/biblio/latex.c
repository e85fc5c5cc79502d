/* latex.c: the LaTeX that BibTeX fields carry, to plain UTF-8.  Covers
   what bibliographies actually use (accents, a few letters and symbols,
   dashes, quotes, escaped specials); unknown commands drop out and keep
   their argument's text. */
#include <string.h>

#include "biblio.h"

/* Accent command + ASCII base letter -> precomposed character (the
   canonical compositions of Unicode for these pairs). */
static const struct {
  char accent, base;
  uint16_t cp;
} S_compose[] = {
    {'\'', 'a', 0x00E1}, {'\'', 'c', 0x0107}, {'\'', 'e', 0x00E9},
    {'\'', 'g', 0x01F5}, {'\'', 'i', 0x00ED}, {'\'', 'k', 0x1E31},
    {'\'', 'l', 0x013A}, {'\'', 'm', 0x1E3F}, {'\'', 'n', 0x0144},
    {'\'', 'o', 0x00F3}, {'\'', 'p', 0x1E55}, {'\'', 'r', 0x0155},
    {'\'', 's', 0x015B}, {'\'', 'u', 0x00FA}, {'\'', 'w', 0x1E83},
    {'\'', 'y', 0x00FD}, {'\'', 'z', 0x017A}, {'\'', 'A', 0x00C1},
    {'\'', 'C', 0x0106}, {'\'', 'E', 0x00C9}, {'\'', 'G', 0x01F4},
    {'\'', 'I', 0x00CD}, {'\'', 'K', 0x1E30}, {'\'', 'L', 0x0139},
    {'\'', 'M', 0x1E3E}, {'\'', 'N', 0x0143}, {'\'', 'O', 0x00D3},
    {'\'', 'P', 0x1E54}, {'\'', 'R', 0x0154}, {'\'', 'S', 0x015A},
    {'\'', 'U', 0x00DA}, {'\'', 'W', 0x1E82}, {'\'', 'Y', 0x00DD},
    {'\'', 'Z', 0x0179}, {'`', 'a', 0x00E0}, {'`', 'e', 0x00E8},
    {'`', 'i', 0x00EC}, {'`', 'n', 0x01F9}, {'`', 'o', 0x00F2},
    {'`', 'u', 0x00F9}, {'`', 'w', 0x1E81}, {'`', 'y', 0x1EF3},
    {'`', 'A', 0x00C0}, {'`', 'E', 0x00C8}, {'`', 'I', 0x00CC},
    {'`', 'N', 0x01F8}, {'`', 'O', 0x00D2}, {'`', 'U', 0x00D9},
    {'`', 'W', 0x1E80}, {'`', 'Y', 0x1EF2}, {'^', 'a', 0x00E2},
    {'^', 'c', 0x0109}, {'^', 'e', 0x00EA}, {'^', 'g', 0x011D},
    {'^', 'h', 0x0125}, {'^', 'i', 0x00EE}, {'^', 'j', 0x0135},
    {'^', 'o', 0x00F4}, {'^', 's', 0x015D}, {'^', 'u', 0x00FB},
    {'^', 'w', 0x0175}, {'^', 'y', 0x0177}, {'^', 'z', 0x1E91},
    {'^', 'A', 0x00C2}, {'^', 'C', 0x0108}, {'^', 'E', 0x00CA},
    {'^', 'G', 0x011C}, {'^', 'H', 0x0124}, {'^', 'I', 0x00CE},
    {'^', 'J', 0x0134}, {'^', 'O', 0x00D4}, {'^', 'S', 0x015C},
    {'^', 'U', 0x00DB}, {'^', 'W', 0x0174}, {'^', 'Y', 0x0176},
    {'^', 'Z', 0x1E90}, {'"', 'a', 0x00E4}, {'"', 'e', 0x00EB},
    {'"', 'h', 0x1E27}, {'"', 'i', 0x00EF}, {'"', 'o', 0x00F6},
    {'"', 't', 0x1E97}, {'"', 'u', 0x00FC}, {'"', 'w', 0x1E85},
    {'"', 'x', 0x1E8D}, {'"', 'y', 0x00FF}, {'"', 'A', 0x00C4},
    {'"', 'E', 0x00CB}, {'"', 'H', 0x1E26}, {'"', 'I', 0x00CF},
    {'"', 'O', 0x00D6}, {'"', 'U', 0x00DC}, {'"', 'W', 0x1E84},
    {'"', 'X', 0x1E8C}, {'"', 'Y', 0x0178}, {'~', 'a', 0x00E3},
    {'~', 'e', 0x1EBD}, {'~', 'i', 0x0129}, {'~', 'n', 0x00F1},
    {'~', 'o', 0x00F5}, {'~', 'u', 0x0169}, {'~', 'v', 0x1E7D},
    {'~', 'y', 0x1EF9}, {'~', 'A', 0x00C3}, {'~', 'E', 0x1EBC},
    {'~', 'I', 0x0128}, {'~', 'N', 0x00D1}, {'~', 'O', 0x00D5},
    {'~', 'U', 0x0168}, {'~', 'V', 0x1E7C}, {'~', 'Y', 0x1EF8},
    {'=', 'a', 0x0101}, {'=', 'e', 0x0113}, {'=', 'g', 0x1E21},
    {'=', 'i', 0x012B}, {'=', 'o', 0x014D}, {'=', 'u', 0x016B},
    {'=', 'y', 0x0233}, {'=', 'A', 0x0100}, {'=', 'E', 0x0112},
    {'=', 'G', 0x1E20}, {'=', 'I', 0x012A}, {'=', 'O', 0x014C},
    {'=', 'U', 0x016A}, {'=', 'Y', 0x0232}, {'.', 'a', 0x0227},
    {'.', 'b', 0x1E03}, {'.', 'c', 0x010B}, {'.', 'd', 0x1E0B},
    {'.', 'e', 0x0117}, {'.', 'f', 0x1E1F}, {'.', 'g', 0x0121},
    {'.', 'h', 0x1E23}, {'.', 'm', 0x1E41}, {'.', 'n', 0x1E45},
    {'.', 'o', 0x022F}, {'.', 'p', 0x1E57}, {'.', 'r', 0x1E59},
    {'.', 's', 0x1E61}, {'.', 't', 0x1E6B}, {'.', 'w', 0x1E87},
    {'.', 'x', 0x1E8B}, {'.', 'y', 0x1E8F}, {'.', 'z', 0x017C},
    {'.', 'A', 0x0226}, {'.', 'B', 0x1E02}, {'.', 'C', 0x010A},
    {'.', 'D', 0x1E0A}, {'.', 'E', 0x0116}, {'.', 'F', 0x1E1E},
    {'.', 'G', 0x0120}, {'.', 'H', 0x1E22}, {'.', 'I', 0x0130},
    {'.', 'M', 0x1E40}, {'.', 'N', 0x1E44}, {'.', 'O', 0x022E},
    {'.', 'P', 0x1E56}, {'.', 'R', 0x1E58}, {'.', 'S', 0x1E60},
    {'.', 'T', 0x1E6A}, {'.', 'W', 0x1E86}, {'.', 'X', 0x1E8A},
    {'.', 'Y', 0x1E8E}, {'.', 'Z', 0x017B}, {'u', 'a', 0x0103},
    {'u', 'e', 0x0115}, {'u', 'g', 0x011F}, {'u', 'i', 0x012D},
    {'u', 'o', 0x014F}, {'u', 'u', 0x016D}, {'u', 'A', 0x0102},
    {'u', 'E', 0x0114}, {'u', 'G', 0x011E}, {'u', 'I', 0x012C},
    {'u', 'O', 0x014E}, {'u', 'U', 0x016C}, {'v', 'a', 0x01CE},
    {'v', 'c', 0x010D}, {'v', 'd', 0x010F}, {'v', 'e', 0x011B},
    {'v', 'g', 0x01E7}, {'v', 'h', 0x021F}, {'v', 'i', 0x01D0},
    {'v', 'j', 0x01F0}, {'v', 'k', 0x01E9}, {'v', 'l', 0x013E},
    {'v', 'n', 0x0148}, {'v', 'o', 0x01D2}, {'v', 'r', 0x0159},
    {'v', 's', 0x0161}, {'v', 't', 0x0165}, {'v', 'u', 0x01D4},
    {'v', 'z', 0x017E}, {'v', 'A', 0x01CD}, {'v', 'C', 0x010C},
    {'v', 'D', 0x010E}, {'v', 'E', 0x011A}, {'v', 'G', 0x01E6},
    {'v', 'H', 0x021E}, {'v', 'I', 0x01CF}, {'v', 'K', 0x01E8},
    {'v', 'L', 0x013D}, {'v', 'N', 0x0147}, {'v', 'O', 0x01D1},
    {'v', 'R', 0x0158}, {'v', 'S', 0x0160}, {'v', 'T', 0x0164},
    {'v', 'U', 0x01D3}, {'v', 'Z', 0x017D}, {'H', 'o', 0x0151},
    {'H', 'u', 0x0171}, {'H', 'O', 0x0150}, {'H', 'U', 0x0170},
    {'c', 'c', 0x00E7}, {'c', 'd', 0x1E11}, {'c', 'e', 0x0229},
    {'c', 'g', 0x0123}, {'c', 'h', 0x1E29}, {'c', 'k', 0x0137},
    {'c', 'l', 0x013C}, {'c', 'n', 0x0146}, {'c', 'r', 0x0157},
    {'c', 's', 0x015F}, {'c', 't', 0x0163}, {'c', 'C', 0x00C7},
    {'c', 'D', 0x1E10}, {'c', 'E', 0x0228}, {'c', 'G', 0x0122},
    {'c', 'H', 0x1E28}, {'c', 'K', 0x0136}, {'c', 'L', 0x013B},
    {'c', 'N', 0x0145}, {'c', 'R', 0x0156}, {'c', 'S', 0x015E},
    {'c', 'T', 0x0162}, {'k', 'a', 0x0105}, {'k', 'e', 0x0119},
    {'k', 'i', 0x012F}, {'k', 'o', 0x01EB}, {'k', 'u', 0x0173},
    {'k', 'A', 0x0104}, {'k', 'E', 0x0118}, {'k', 'I', 0x012E},
    {'k', 'O', 0x01EA}, {'k', 'U', 0x0172}, {'r', 'a', 0x00E5},
    {'r', 'u', 0x016F}, {'r', 'w', 0x1E98}, {'r', 'y', 0x1E99},
    {'r', 'A', 0x00C5}, {'r', 'U', 0x016E}, {'d', 'a', 0x1EA1},
    {'d', 'b', 0x1E05}, {'d', 'd', 0x1E0D}, {'d', 'e', 0x1EB9},
    {'d', 'h', 0x1E25}, {'d', 'i', 0x1ECB}, {'d', 'k', 0x1E33},
    {'d', 'l', 0x1E37}, {'d', 'm', 0x1E43}, {'d', 'n', 0x1E47},
    {'d', 'o', 0x1ECD}, {'d', 'r', 0x1E5B}, {'d', 's', 0x1E63},
    {'d', 't', 0x1E6D}, {'d', 'u', 0x1EE5}, {'d', 'v', 0x1E7F},
    {'d', 'w', 0x1E89}, {'d', 'y', 0x1EF5}, {'d', 'z', 0x1E93},
    {'d', 'A', 0x1EA0}, {'d', 'B', 0x1E04}, {'d', 'D', 0x1E0C},
    {'d', 'E', 0x1EB8}, {'d', 'H', 0x1E24}, {'d', 'I', 0x1ECA},
    {'d', 'K', 0x1E32}, {'d', 'L', 0x1E36}, {'d', 'M', 0x1E42},
    {'d', 'N', 0x1E46}, {'d', 'O', 0x1ECC}, {'d', 'R', 0x1E5A},
    {'d', 'S', 0x1E62}, {'d', 'T', 0x1E6C}, {'d', 'U', 0x1EE4},
    {'d', 'V', 0x1E7E}, {'d', 'W', 0x1E88}, {'d', 'Y', 0x1EF4},
    {'d', 'Z', 0x1E92}, {'b', 'b', 0x1E07}, {'b', 'd', 0x1E0F},
    {'b', 'h', 0x1E96}, {'b', 'k', 0x1E35}, {'b', 'l', 0x1E3B},
    {'b', 'n', 0x1E49}, {'b', 'r', 0x1E5F}, {'b', 't', 0x1E6F},
    {'b', 'z', 0x1E95}, {'b', 'B', 0x1E06}, {'b', 'D', 0x1E0E},
    {'b', 'K', 0x1E34}, {'b', 'L', 0x1E3A}, {'b', 'N', 0x1E48},
    {'b', 'R', 0x1E5E}, {'b', 'T', 0x1E6E}, {'b', 'Z', 0x1E94},
};

/* Accent command -> combining mark, for bases without a precomposed
   character. */
static const struct {
  char accent;
  uint16_t mark;
} S_marks[] = {
    {'\'', 0x301}, {'`', 0x300}, {'^', 0x302}, {'"', 0x308}, {'~', 0x303},
    {'=', 0x304},  {'.', 0x307}, {'u', 0x306}, {'v', 0x30C}, {'H', 0x30B},
    {'c', 0x327},  {'k', 0x328}, {'r', 0x30A}, {'d', 0x323}, {'b', 0x331},
};

/* Control words that stand for a character or a short text. */
static const struct {
  const char *name;
  const char *text;
} S_symbols[] = {
    {"ss", "ß"}, {"SS", "SS"}, {"o", "ø"}, {"O", "Ø"}, {"ae", "æ"},
    {"AE", "Æ"}, {"oe", "œ"}, {"OE", "Œ"}, {"aa", "å"}, {"AA", "Å"},
    {"l", "ł"}, {"L", "Ł"}, {"i", "ı"}, {"j", "ȷ"}, {"dh", "ð"},
    {"DH", "Ð"}, {"th", "þ"}, {"TH", "Þ"}, {"ng", "ŋ"}, {"NG", "Ŋ"},
    {"textendash", "–"}, {"textemdash", "—"}, {"ldots", "…"},
    {"dots", "…"}, {"textellipsis", "…"}, {"S", "§"}, {"P", "¶"},
    {"copyright", "©"}, {"textcopyright", "©"}, {"pounds", "£"},
    {"textregistered", "®"}, {"texttrademark", "™"},
    {"textquoteleft", "‘"}, {"textquoteright", "’"},
    {"textquotedblleft", "“"}, {"textquotedblright", "”"},
    {"guillemotleft", "«"}, {"guillemotright", "»"}, {"textdegree", "°"},
    {"textasciitilde", "~"}, {"textbackslash", "\\"},
    {"textunderscore", "_"}, {"textbar", "|"}, {"LaTeX", "LaTeX"},
    {"TeX", "TeX"}, {"BibTeX", "BibTeX"}, {"slash", "/"},
    {"hyphen", "-"}, {"hyp", "-"},
    {"space", " "}, {"quad", " "}, {"qquad", " "}, {"newline", " "},
    {"par", " "},
};

static int S_is_alpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static void S_put_cp(recto_buf *out, uint32_t cp) {
  char tmp[4];
  recto_buf_put(out, tmp, (size_t)recto_utf8_encode(cp, tmp));
}

static void S_accent(recto_buf *out, char accent, char base) {
  for (size_t k = 0; k < sizeof S_compose / sizeof S_compose[0]; k++)
    if (S_compose[k].accent == accent && S_compose[k].base == base) {
      S_put_cp(out, S_compose[k].cp);
      return;
    }
  recto_buf_putc(out, base);
  for (size_t k = 0; k < sizeof S_marks / sizeof S_marks[0]; k++)
    if (S_marks[k].accent == accent)
      S_put_cp(out, S_marks[k].mark);
}

static size_t S_skip_spaces(const char *s, size_t len, size_t j) {
  while (j < len && (s[j] == ' ' || s[j] == '\t' || s[j] == '\n' ||
                     s[j] == '\r'))
    j++;
  return j;
}

/* The base letter of an accent at s[j]: "e", "{e}", "{\i}", " e".
   Returns the index after it, or 0 when there is none. */
static size_t S_accent_base(const char *s, size_t len, size_t j, char *base) {
  j = S_skip_spaces(s, len, j);
  int braced = j < len && s[j] == '{';
  if (braced)
    j = S_skip_spaces(s, len, j + 1);
  if (j + 1 < len && s[j] == '\\' && (s[j + 1] == 'i' || s[j + 1] == 'j') &&
      (j + 2 >= len || !S_is_alpha(s[j + 2]))) {
    *base = s[j + 1]; /* dotless i/j under an accent: the plain letter */
    j += 2;
  } else if (j < len && S_is_alpha(s[j])) {
    *base = s[j++];
  } else {
    return 0;
  }
  if (braced) {
    j = S_skip_spaces(s, len, j);
    if (j < len && s[j] == '}')
      j++;
  }
  return j;
}

/* A command at s[i] == '\\'; returns the index after it. */
static size_t S_command(recto_buf *out, const char *s, size_t len, size_t i,
                        size_t *quote_end) {
  if (i + 1 >= len)
    return len;
  char n = s[i + 1];
  char base;
  size_t j;
  if (strchr("'`^\"~=.", n)) {
    if ((j = S_accent_base(s, len, i + 2, &base)) != 0) {
      S_accent(out, n, base);
      return j;
    }
    return i + 2;
  }
  if (!S_is_alpha(n)) {
    switch (n) {
    case '\\':
    case ' ':
    case ',':
    case ';':
      recto_buf_putc(out, ' ');
      break;
    case '-':
    case '/':
    case '@':
      break; /* hyphenation hints and spacing fixes: nothing */
    default:
      recto_buf_putc(out, n); /* \& \% \$ \# \_ \{ \} */
    }
    return i + 2;
  }
  j = i + 1;
  while (j < len && S_is_alpha(s[j]))
    j++;
  size_t nlen = j - (i + 1);
  const char *name = s + i + 1;
  if (nlen == 1 && strchr("cvuHkrdb", name[0])) {
    size_t k = S_accent_base(s, len, j, &base);
    if (k) {
      S_accent(out, name[0], base);
      return k;
    }
  }
  for (size_t k = 0; k < sizeof S_symbols / sizeof S_symbols[0]; k++)
    if (strlen(S_symbols[k].name) == nlen &&
        memcmp(S_symbols[k].name, name, nlen) == 0) {
      recto_buf_puts(out, S_symbols[k].text);
      break;
    }
  /* biblatex's quotation commands: their argument between quotation
     marks (the closing one where its group ends: *quote_end) */
  if ((nlen == 10 && !memcmp(name, "mkbibquote", 10)) ||
      (nlen == 7 && !memcmp(name, "enquote", 7))) {
    size_t open = S_skip_spaces(s, len, j), close = open, depth = 0;
    for (; open < len && s[open] == '{' && close < len; close++) {
      if (s[close] == '{')
        depth++;
      else if (s[close] == '}' && --depth == 0)
        break;
    }
    if (open < len && s[open] == '{' && close < len) {
      recto_buf_puts(out, "“");
      *quote_end = close;
      return open + 1;
    }
  }
  /* TeX eats the spaces after a control word; other commands (\emph,
     \textit, \url...) vanish and leave their argument. */
  return S_skip_spaces(s, len, j);
}

/* Quotations open at once, at most: deeper ones keep their text only. */
#define S_QUOTES 16

const char *bib_latex(recto_doc *doc, const char *s, size_t len) {
  recto_buf out = RECTO_BUF_INIT;
  int space = 0;
  size_t i = 0;
  size_t quotes[S_QUOTES], nquotes = 0;
  while (i < len) {
    char c = s[i];
    if (nquotes && i == quotes[nquotes - 1]) {
      recto_buf_puts(&out, "”");
      nquotes--;
      i++;
      continue;
    }
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      space = 1;
      i++;
      continue;
    }
    if (c == '{' || c == '}' || c == '$') {
      i++; /* grouping and math shifts carry no text */
      continue;
    }
    if (space && out.len)
      recto_buf_putc(&out, ' ');
    space = 0;
    switch (c) {
    case '\\': {
      size_t end = 0;
      i = S_command(&out, s, len, i, nquotes < S_QUOTES ? &end : NULL);
      if (end)
        quotes[nquotes++] = end;
      continue;
    }
    case '~':
      recto_buf_puts(&out, "\xC2\xA0");
      break;
    case '-': {
      size_t run = 1;
      while (i + run < len && s[i + run] == '-')
        run++;
      recto_buf_puts(&out, run == 2 ? "–" : run == 3 ? "—" : "");
      if (run != 2 && run != 3)
        recto_buf_put(&out, s + i, run);
      i += run;
      continue;
    }
    case '`':
    case '\'':
      if (i + 1 < len && s[i + 1] == c) {
        recto_buf_puts(&out, c == '`' ? "“" : "”");
        i += 2;
        continue;
      }
      if (c == '`') {
        recto_buf_puts(&out, "‘");
        break;
      }
      recto_buf_putc(&out, c);
      break;
    default:
      recto_buf_putc(&out, c);
    }
    i++;
  }
  const char *r = recto_strndup(doc, out.data ? out.data : "", out.len);
  recto_buf_free(&out);
  return r;
}
