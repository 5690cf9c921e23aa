/* Format checks of single strings (validate_format, declared in validate.h).
 *
 * Each check says *why* a value fails in a short static phrase the caller
 * puts first, the value after it: "Server: empty label ('vpn..example.com'
 * is not a host name or IP address)", so that a message cut or wrapped on a
 * narrow screen still starts with the reason. Decisions, for the record:
 * - host: a DNS name (letters, digits, '-', labels of 1-63, 253 in all, one
 *   trailing dot allowed), a single label too (intranet names), or an IPv4 /
 *   IPv6 literal (no brackets, no zone). A name whose last label is all
 *   digits must be a valid IPv4 address ("10.0.0.256" is not a name).
 * - domain: like a host name, plus an optional leading "*." because Apple's
 *   domain lists (DNSDomainMatch, SafariDomains, ...) accept that wildcard.
 *   IP literals are not domains.
 * - rdns: at least two labels of [A-Za-z0-9-] ("com.example.app").
 * - url: http or https (any case), a valid host (IPv6 in brackets), an
 *   optional port 1-65535, then an optional path/query/fragment; no spaces.
 * Non-ASCII names are refused with a hint to use the xn-- form, because
 * profiles carry host names as the device resolves them.
 */
#include "core/validate.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <string.h>
#include <strings.h>

static bool set_why(const char **why, const char *text) {
  if (why)
    *why = text;
  return false;
}

static bool is_ipv4(const char *s) {
  unsigned char buf[sizeof(struct in6_addr)];
  return inet_pton(AF_INET, s, buf) == 1;
}

static bool is_ipv6(const char *s) {
  unsigned char buf[sizeof(struct in6_addr)];
  return strchr(s, ':') && inet_pton(AF_INET6, s, buf) == 1;
}

static bool has_space(const char *s, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (isspace((unsigned char)s[i]))
      return true;
  return false;
}

static bool has_non_ascii(const char *s, size_t n) {
  for (size_t i = 0; i < n; i++)
    if ((unsigned char)s[i] >= 0x80)
      return true;
  return false;
}

/* Fast path for the common, valid case (Safari domain lists can hold 100k
 * names): one pass, letters/digits/'-' in labels of 1-63, no '-' at a label's
 * ends, last label not all digits. Anything it refuses goes through
 * check_dns_name_slow, which says why. */
/* Character classes for the fast path: 0 refused, 1 digit, 2 letter, 3 '-', 4 '.'. */
static const unsigned char *dns_classes(void) {
  static unsigned char t[256];
  static bool ready;
  if (!ready) {
    for (int c = '0'; c <= '9'; c++)
      t[c] = 1;
    for (int c = 'a'; c <= 'z'; c++)
      t[c] = t[c - 'a' + 'A'] = 2;
    t['-'] = 3;
    t['.'] = 4;
    ready = true;
  }
  return t;
}

static bool dns_name_ok_fast(const char *s, size_t n) {
  if (n == 0 || n > 253)
    return false;
  const unsigned char *cls = dns_classes();
  size_t start = 0; /* first byte of the current label */
  bool digits_only = true;
  for (size_t i = 0; i < n; i++) {
    unsigned k = cls[(unsigned char)s[i]];
    if (k == 1)
      continue;
    if (k == 2) {
      digits_only = false;
      continue;
    }
    if (k == 3) {
      if (i == start)
        return false; /* a label starts with '-' */
      digits_only = false;
      continue;
    }
    if (k == 0 || i == start || i - start > 63 || s[i - 1] == '-')
      return false;
    start = i + 1;
    digits_only = true;
  }
  return start < n && n - start <= 63 && s[n - 1] != '-' && !digits_only;
}

static bool check_dns_name_slow(const char *s, size_t n, const char **why);

/* A DNS name of n bytes at s (not NUL-terminated). */
static bool check_dns_name(const char *s, size_t n, const char **why) {
  return dns_name_ok_fast(s, n) || check_dns_name_slow(s, n, why);
}

static bool check_dns_name_slow(const char *s, size_t n, const char **why) {
  if (n == 0)
    return set_why(why, "empty");
  if (has_space(s, n))
    return set_why(why, "contains a space");
  if (has_non_ascii(s, n))
    return set_why(why, "non-ASCII name: use its xn-- form");
  if (n > 1 && s[n - 1] == '.')
    n--; /* an absolute name's trailing dot */
  if (n > 253)
    return set_why(why, "longer than 253 characters");
  size_t start = 0;
  bool last_all_digits = false;
  for (size_t i = 0; i <= n; i++) {
    if (i < n && s[i] != '.') {
      char c = s[i];
      if (!isalnum((unsigned char)c) && c != '-')
        return set_why(why, "only letters, digits, '-' and '.' are allowed");
      continue;
    }
    size_t len = i - start;
    if (len == 0)
      return set_why(why, "empty label (two dots in a row, or a dot at an end)");
    if (len > 63)
      return set_why(why, "a label is longer than 63 characters");
    if (s[start] == '-' || s[i - 1] == '-')
      return set_why(why, "a label starts or ends with '-'");
    last_all_digits = true;
    for (size_t k = start; k < i; k++)
      if (!isdigit((unsigned char)s[k]))
        last_all_digits = false;
    start = i + 1;
  }
  if (last_all_digits)
    return set_why(why, "not a valid IPv4 address");
  return true;
}

static bool check_host(const char *s, const char **why) {
  if (!*s)
    return set_why(why, "empty");
  if (strstr(s, "://"))
    return set_why(why, "give the host name only, without a scheme");
  if (strchr(s, ':')) {
    if (is_ipv6(s))
      return true;
    if (strchr(s, '[') || strchr(s, '%'))
      return set_why(why, "give an IPv6 address without brackets or zone");
    /* One colon after a name is a port: say so rather than "bad character". */
    if (strchr(s, ':') == strrchr(s, ':'))
      return set_why(why, "give the host name only, without a port");
    return set_why(why, "not a valid IPv6 address");
  }
  if (strchr(s, '/'))
    return set_why(why, "give the host name only, without a path");
  if (is_ipv4(s))
    return true;
  return check_dns_name(s, strlen(s), why);
}

/* A vendor's server address: host, host:port, host/path (Cisco's
 * host/tunnel-group), host:port/path, or an http(s):// URL. */
static bool check_url(const char *s, const char **why);
static bool check_port_n(const char *s, size_t n, const char **why);
static bool check_server(const char *s, const char **why) {
  if (strstr(s, "://"))
    return check_url(s, why);
  if (is_ipv6(s))
    return true;
  if (has_space(s, strlen(s)))
    return set_why(why, "contains a space");
  size_t hlen = strcspn(s, "/");
  if (s[hlen] == '/' && !s[hlen + 1])
    return set_why(why, "an empty path after '/'");
  char buf[256];
  if (hlen >= sizeof buf)
    return set_why(why, "the host name is too long");
  memcpy(buf, s, hlen);
  buf[hlen] = 0;
  char *colon = strchr(buf, ':');
  if (colon) {
    if (!check_port_n(colon + 1, strlen(colon + 1), why))
      return false;
    *colon = 0;
  }
  return check_host(buf, why);
}

static bool check_ip(const char *s, const char **why) {
  if (!*s)
    return set_why(why, "empty");
  if (is_ipv4(s) || is_ipv6(s))
    return true;
  return set_why(why, strchr(s, ':') ? "not a valid IPv6 address" : "not a valid IPv4 address");
}

/* Decimal port 1-65535 in s[0..n); leading zeros are refused ("080" is most
 * likely a typo, and some parsers would read it as octal). */
static bool check_port_n(const char *s, size_t n, const char **why) {
  if (n == 0)
    return set_why(why, "empty");
  unsigned long v = 0;
  for (size_t i = 0; i < n; i++) {
    if (!isdigit((unsigned char)s[i]))
      return set_why(why, "not a number");
    if (v <= 65535)
      v = v * 10 + (unsigned long)(s[i] - '0');
  }
  if (n > 1 && s[0] == '0')
    return set_why(why, "no leading zeros");
  if (v < 1 || v > 65535)
    return set_why(why, "must be between 1 and 65535");
  return true;
}

static bool check_url(const char *s, const char **why) {
  size_t skip;
  if (strncasecmp(s, "https://", 8) == 0)
    skip = 8;
  else if (strncasecmp(s, "http://", 7) == 0)
    skip = 7;
  else
    return set_why(why, "must start with http:// or https://");
  if (has_space(s, strlen(s)))
    return set_why(why, "contains a space (write it as %20)");
  const char *auth = s + skip;
  size_t alen = strcspn(auth, "/?#");
  if (alen == 0)
    return set_why(why, "no host after the scheme");
  const char *at = memchr(auth, '@', alen);
  if (at) { /* user info is legal but carries no host */
    alen -= (size_t)(at + 1 - auth);
    auth = at + 1;
    if (alen == 0)
      return set_why(why, "no host after the scheme");
  }
  const char *host = auth, *port = NULL;
  size_t hlen = alen;
  char buf[256];
  if (auth[0] == '[') {
    const char *close = memchr(auth, ']', alen);
    if (!close)
      return set_why(why, "unclosed '[' around an IPv6 address");
    size_t l = (size_t)(close - auth - 1);
    if (l >= sizeof buf)
      return set_why(why, "not a valid IPv6 address");
    memcpy(buf, auth + 1, l);
    buf[l] = 0;
    if (!is_ipv6(buf))
      return set_why(why, "not a valid IPv6 address");
    const char *rest = close + 1;
    size_t rlen = alen - (size_t)(rest - auth);
    if (rlen) {
      if (rest[0] != ':')
        return set_why(why, "unexpected text after the IPv6 address");
      port = rest + 1;
      if (!check_port_n(port, rlen - 1, why))
        return set_why(why, "the port must be a number 1-65535");
    }
    return true;
  }
  const char *colon = memchr(auth, ':', alen);
  if (colon) {
    hlen = (size_t)(colon - auth);
    port = colon + 1;
    if (!check_port_n(port, alen - hlen - 1, why))
      return set_why(why, "the port must be a number 1-65535");
  }
  if (hlen == 0)
    return set_why(why, "no host after the scheme");
  if (hlen >= sizeof buf)
    return set_why(why, "the host is longer than 253 characters");
  memcpy(buf, host, hlen);
  buf[hlen] = 0;
  if (is_ipv4(buf))
    return true;
  const char *inner = NULL;
  if (!check_dns_name(buf, hlen, &inner))
    return set_why(why, "the host is not a valid host name");
  return true;
}

static bool check_rdns(const char *s, const char **why) {
  if (!*s)
    return set_why(why, "empty");
  size_t labels = 0, start = 0, n = strlen(s);
  for (size_t i = 0; i <= n; i++) {
    if (i < n && s[i] != '.') {
      if (!isalnum((unsigned char)s[i]) && s[i] != '-')
        return set_why(why, "only letters, digits, '-' and '.' are allowed");
      continue;
    }
    if (i == start)
      return set_why(why, "empty label (two dots in a row, or a dot at an end)");
    labels++;
    start = i + 1;
  }
  if (labels < 2)
    return set_why(why, "needs at least two labels, like com.example");
  return true;
}

static bool check_domain(const char *s, const char **why) {
  if (!*s)
    return set_why(why, "empty");
  if (strstr(s, "://"))
    return set_why(why, "give the domain only, without a scheme");
  if (s[0] == '*') {
    if (s[1] != '.')
      return set_why(why, "a wildcard must be a whole leading label: *.example.com");
    s += 2;
    if (!*s)
      return set_why(why, "nothing after the wildcard");
  }
  if (strchr(s, '*'))
    return set_why(why, "a wildcard is allowed only as the leading label: *.example.com");
  if (strchr(s, '/') || strchr(s, ':'))
    return set_why(why, "give the domain only, without a path or port");
  return check_dns_name(s, strlen(s), why);
}

static bool check_uuid(const char *s, const char **why) {
  static const unsigned groups[] = {8, 4, 4, 4, 12};
  const char *p = s;
  for (size_t g = 0; g < 5; g++) {
    for (unsigned i = 0; i < groups[g]; i++, p++)
      if (!isxdigit((unsigned char)*p))
        return set_why(why, "expected 8-4-4-4-12 hexadecimal digits");
    if (g < 4 && *p++ != '-')
      return set_why(why, "expected 8-4-4-4-12 hexadecimal digits");
  }
  if (*p)
    return set_why(why, "expected 8-4-4-4-12 hexadecimal digits");
  return true;
}

static bool check_ssid(const char *s, const char **why) {
  size_t n = strlen(s);
  if (n == 0)
    return set_why(why, "empty");
  if (n > 32)
    return set_why(why, "longer than 32 bytes");
  return true;
}

bool validate_format(field_format fmt, const char *s, const char **why) {
  if (why)
    *why = NULL;
  if (!s)
    return set_why(why, "empty");
  switch (fmt) {
  case FMT_NONE: return true;
  case FMT_HOST: return check_host(s, why);
  case FMT_IP: return check_ip(s, why);
  case FMT_PORT: return check_port_n(s, strlen(s), why);
  case FMT_URL: return check_url(s, why);
  case FMT_SERVER: return check_server(s, why);
  case FMT_RDNS: return check_rdns(s, why);
  case FMT_DOMAIN: return check_domain(s, why);
  case FMT_UUID: return check_uuid(s, why);
  case FMT_SSID: return check_ssid(s, why);
  case FMT__COUNT: break;
  }
  return true;
}
