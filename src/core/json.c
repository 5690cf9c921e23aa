#include "core/json.h"

#include <string.h>

#include "core/text.h"

void json_init(json_writer *w, FILE *out) {
  memset(w, 0, sizeof *w);
  w->out = out;
}

static void indent(json_writer *w) {
  fputc('\n', w->out);
  for (int i = 0; i < w->depth; i++)
    fputs("  ", w->out);
}

/* Before any value: the comma and line break it needs. False (and failed)
 * when a value is not allowed here. */
static bool before_value(json_writer *w) {
  if (w->failed)
    return false;
  if (w->depth == 0) {
    if (w->done)
      w->failed = true; /* a second top-level value */
    return !w->failed;
  }
  if (w->open[w->depth - 1] == '{') {
    if (!w->key_done) {
      w->failed = true; /* a value without its key */
      return false;
    }
    w->key_done = false;
    return true;
  }
  if (!w->empty[w->depth - 1])
    fputc(',', w->out);
  w->empty[w->depth - 1] = false;
  indent(w);
  return true;
}

static void after_value(json_writer *w) {
  if (w->depth == 0)
    w->done = true;
}

static void begin(json_writer *w, char c) {
  if (!before_value(w))
    return;
  if (w->depth == JSON_MAX_DEPTH) {
    w->failed = true;
    return;
  }
  fputc(c, w->out);
  w->open[w->depth] = c;
  w->empty[w->depth] = true;
  w->depth++;
}

static void end(json_writer *w, char c) {
  if (w->failed)
    return;
  if (w->depth == 0 || w->open[w->depth - 1] != c || w->key_done) {
    w->failed = true;
    return;
  }
  w->depth--;
  if (!w->empty[w->depth])
    indent(w);
  fputc(c == '{' ? '}' : ']', w->out);
  after_value(w);
}

void json_object_begin(json_writer *w) {
  begin(w, '{');
}

void json_object_end(json_writer *w) {
  end(w, '{');
}

void json_array_begin(json_writer *w) {
  begin(w, '[');
}

void json_array_end(json_writer *w) {
  end(w, '[');
}

static void put_u(FILE *out, unsigned cp) {
  fprintf(out, "\\u%04x", cp);
}

static void put_escaped(FILE *out, const char *s, size_t n) {
  const unsigned char *p = (const unsigned char *)s;
  fputc('"', out);
  size_t i = 0;
  while (i < n) {
    unsigned c = p[i];
    if (c < 0x80) {
      switch (c) {
      case '"': fputs("\\\"", out); break;
      case '\\': fputs("\\\\", out); break;
      case '\b': fputs("\\b", out); break;
      case '\f': fputs("\\f", out); break;
      case '\n': fputs("\\n", out); break;
      case '\r': fputs("\\r", out); break;
      case '\t': fputs("\\t", out); break;
      default:
        if (c < 0x20 || c == 0x7f)
          put_u(out, c);
        else
          fputc((int)c, out);
      }
      i++;
      continue;
    }
    unsigned cp;
    size_t len = text_utf8_next(p + i, n - i, &cp);
    if (!len) {
      /* not UTF-8: one replacement character per byte */
      fputs("\\ufffd", out);
      i++;
      continue;
    }
    if ((cp >= 0x80 && cp <= 0x9f) || cp == 0x2028 || cp == 0x2029 || cp == 0xfffe || cp == 0xffff)
      put_u(out, cp);
    else
      fwrite(p + i, 1, len, out);
    i += len;
  }
  fputc('"', out);
}

void json_key(json_writer *w, const char *key) {
  if (w->failed)
    return;
  if (w->depth == 0 || w->open[w->depth - 1] != '{' || w->key_done || !key) {
    w->failed = true;
    return;
  }
  if (!w->empty[w->depth - 1])
    fputc(',', w->out);
  w->empty[w->depth - 1] = false;
  indent(w);
  put_escaped(w->out, key, strlen(key));
  fputs(": ", w->out);
  w->key_done = true;
}

void json_string_n(json_writer *w, const char *s, size_t n) {
  if (!before_value(w))
    return;
  put_escaped(w->out, s, n);
  after_value(w);
}

void json_string(json_writer *w, const char *s) {
  if (!s)
    json_null(w);
  else
    json_string_n(w, s, strlen(s));
}

void json_int(json_writer *w, long long v) {
  if (!before_value(w))
    return;
  fprintf(w->out, "%lld", v);
  after_value(w);
}

void json_bool(json_writer *w, bool b) {
  if (!before_value(w))
    return;
  fputs(b ? "true" : "false", w->out);
  after_value(w);
}

void json_null(json_writer *w) {
  if (!before_value(w))
    return;
  fputs("null", w->out);
  after_value(w);
}

void json_member_string(json_writer *w, const char *key, const char *s) {
  json_key(w, key);
  json_string(w, s);
}

void json_member_int(json_writer *w, const char *key, long long v) {
  json_key(w, key);
  json_int(w, v);
}

void json_member_bool(json_writer *w, const char *key, bool b) {
  json_key(w, key);
  json_bool(w, b);
}

bool json_finish(json_writer *w) {
  if (!w->failed && w->done)
    fputc('\n', w->out);
  bool ok = !w->failed && w->done;
  if (fflush(w->out) != 0 || ferror(w->out))
    ok = false;
  return ok;
}
