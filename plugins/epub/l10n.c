/* l10n.c: the few words the writer adds to a book itself (navigation
   titles, generated headings), in the book's language when known. */
#include <string.h>
#include <strings.h>

#include "epub.h"

typedef struct S_words {
  const char *lang; /* primary subtag */
  const char *w[11]; /* in the order of epub_word */
} S_words;

static const S_words S_table[] = {
    {"en",
     {"Contents", "Notes", "References", "Pages", "Landmarks", "Start",
      "Back to the text", "Untitled", "Abstract", "Section", "Cover"}},
    {"fa",
     {"فهرست مطالب", "یادداشت‌ها", "منابع", "صفحه‌ها", "راهنما",
      "آغاز", "بازگشت به متن", "بی‌عنوان", "چکیده", "بخش", "جلد"}},
    {"ar",
     {"المحتويات", "الحواشي", "المراجع", "الصفحات", "معالم الكتاب",
      "البداية", "العودة إلى النص", "بلا عنوان", "الملخص", "قسم", "الغلاف"}},
    {"ru",
     {"Содержание", "Примечания", "Литература", "Страницы", "Ориентиры",
      "Начало", "Назад к тексту", "Без названия", "Аннотация", "Раздел", "Обложка"}},
};

const char *epub_word_for(const char *lang, epub_word word) {
  if (lang) {
    size_t n = strcspn(lang, "-_");
    for (size_t k = 0; k < sizeof S_table / sizeof *S_table; k++)
      if (strlen(S_table[k].lang) == n &&
          strncasecmp(S_table[k].lang, lang, n) == 0)
        return S_table[k].w[word];
  }
  return S_table[0].w[word];
}
