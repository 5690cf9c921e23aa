/* Substitution variables: the catalogue, ${name} scanning, substitution and
 * translation from other MDMs' spellings. See vars.h. */
#include "core/vars.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/util.h"

/* The variables an administrator can use, as the MDM expands them. Order is
 * the picker's order: user variables, then device variables, each sorted. */
static const var_info catalog[] = {
    {"department", "department (from Entra ID)", "user"},
    {"edipi", "Electronic Data Interchange Personal Identifier", "user"},
    {"managedAppleId", "the user's Managed Apple ID", "user"},
    {"sAMAccountName", "sAMAccountName (Active Directory)", "user"},
    {"userCN", "common name from the distinguished name (LDAP)", "user"},
    {"userDisplayName", "display name", "user"},
    {"userDN", "distinguished name (LDAP)", "user"},
    {"userEmailAddress", "email address", "user"},
    {"userEmailAddressDomain", "the part of the email address after '@'", "user"},
    {"userEmailAddressLocalPart", "the part of the email address before '@'", "user"},
    {"userFirstName", "first name", "user"},
    {"userLastName", "last name", "user"},
    {"userLocale", "locale", "user"},
    {"userOU", "organizational unit from the distinguished name (LDAP)", "user"},
    {"userREALM", "Kerberos realm (Active Directory)", "user"},
    {"userUID", "login ID, in email-address form", "user"},
    {"userUIDDomain", "the part of the login ID after '@'", "user"},
    {"userUIDLocalPart", "the part of the login ID before '@'", "user"},
    {"userUPN", "userPrincipalName (Active Directory)", "user"},
    {"clientLastCheckin", "last check-in of the client or MDM, the later", "device"},
    {"deviceAltSN", "alternative serial number", "device"},
    {"deviceClientDeviceIdentifier", "identifier used by the client app", "device"},
    {"deviceGUID", "globally unique device identifier", "device"},
    {"deviceIccIdentifier", "ICCID", "device"},
    {"deviceIMEI", "IMEI", "device"},
    {"deviceIMEI2", "second IMEI", "device"},
    {"deviceIMSI", "IMSI", "device"},
    {"deviceLastCheckin", "last check-in of the device", "device"},
    {"deviceMdmChannelId", "internal device identifier", "device"},
    {"deviceMdmDeviceIdentifier", "identifier used for MDM", "device"},
    {"deviceMEIdentifier", "MEID", "device"},
    {"deviceModel", "model", "device"},
    {"deviceName", "device name", "device"},
    {"devicePhoneNumber", "phone number", "device"},
    {"devicePK", "cluster-unique device identifier", "device"},
    {"deviceSN", "serial number", "device"},
    {"deviceUDID", "UDID", "device"},
    {"deviceWifiMacAddress", "Wi-Fi MAC address", "device"},
};

#define N_CATALOG (sizeof catalog / sizeof catalog[0])

const var_info *vars_catalog(size_t *n) {
  if (n)
    *n = N_CATALOG;
  return catalog;
}

const var_info *vars_find(const char *name) {
  if (!name)
    return NULL;
  /* Names are case-sensitive, as the MDM expands them. */
  for (size_t i = 0; i < N_CATALOG; i++)
    if (strcmp(catalog[i].name, name) == 0)
      return &catalog[i];
  return NULL;
}

static bool name_char(char c) {
  return isalnum((unsigned char)c) || c == '_' || c == '.' || c == '-';
}

/* Length of the ${name} reference starting at s (s[0] == '$'), or 0 when
 * what starts there is plain text ("$" alone, "${", "${}", "${a b}"). */
static size_t ref_len(const char *s, size_t *name_len) {
  if (s[0] != '$' || s[1] != '{')
    return 0;
  size_t i = 2;
  while (name_char(s[i]))
    i++;
  if (i == 2 || s[i] != '}')
    return 0;
  *name_len = i - 2;
  return i + 1;
}

void vars_each_ref(const char *s, void (*fn)(void *ud, size_t off, size_t len, const char *name),
                   void *ud) {
  if (!s)
    return;
  const char *first = strchr(s, '$'); /* most values hold no variable at all */
  if (!first)
    return;
  for (const char *p = first; p;) {
    size_t nl, len = ref_len(p, &nl);
    if (!len) {
      p = strchr(p + 1, '$');
      continue;
    }
    char *name = xstrndup(p + 2, nl);
    fn(ud, (size_t)(p - s), len, name);
    free(name);
    p = strchr(p + len, '$');
  }
}

bool vars_has_ref(const char *s) {
  if (!s)
    return false;
  for (const char *p = strchr(s, '$'); p; p = strchr(p + 1, '$')) {
    size_t nl;
    if (ref_len(p, &nl))
      return true;
  }
  return false;
}

char *vars_substitute(const char *s, const var_binding *b, size_t n, size_t *unresolved) {
  strbuf out = STRBUF_INIT;
  size_t missing = 0;
  for (size_t i = 0; s && s[i];) {
    size_t nl, len = s[i] == '$' ? ref_len(s + i, &nl) : 0;
    if (!len) {
      strbuf_putc(&out, s[i++]);
      continue;
    }
    const char *value = NULL;
    /* The last binding of a name wins, so a later --var overrides an earlier one. */
    for (size_t k = n; k-- > 0;) {
      if (b[k].name && strlen(b[k].name) == nl && memcmp(b[k].name, s + i + 2, nl) == 0) {
        value = b[k].value ? b[k].value : "";
        break;
      }
    }
    if (value) {
      strbuf_puts(&out, value);
    } else {
      strbuf_putn(&out, s + i, len);
      missing++;
    }
    i += len;
  }
  if (unresolved)
    *unresolved = missing;
  return strbuf_take(&out);
}

/* Other MDMs' spellings with the same meaning as one of ours. Only exact
 * equivalents are listed: e.g. Intune's {{userid}} is an object id, not the
 * login, Workspace ONE's {EmailUserName} is a separate mail account name, and
 * MobileIron's $PASSWORD$ / $NULL$ have no counterpart, so none of those
 * translate. Intune's tokens are case-insensitive; the others are not. */
static const struct {
  vars_dialect dialect;
  const char *foreign;
  const char *ours;
  bool nocase;
} translations[] = {
    /* login ID */
    {DIALECT_CORE, "$USERID$", "${userUID}", false},
    {DIALECT_JAMF, "$USERNAME", "${userUID}", false},
    {DIALECT_INTUNE, "{{username}}", "${userUID}", true},
    {DIALECT_WS1, "{EnrollmentUser}", "${userUID}", false},
    /* email address */
    {DIALECT_CORE, "$EMAIL$", "${userEmailAddress}", false},
    {DIALECT_JAMF, "$EMAIL", "${userEmailAddress}", false},
    {DIALECT_INTUNE, "{{mail}}", "${userEmailAddress}", true},
    {DIALECT_WS1, "{EmailAddress}", "${userEmailAddress}", false},
    /* userPrincipalName */
    {DIALECT_INTUNE, "{{userprincipalname}}", "${userUPN}", true},
    /* Active Directory account name */
    {DIALECT_CORE, "$SAM_ACCOUNT_NAME$", "${sAMAccountName}", false},
    /* department */
    {DIALECT_JAMF, "$DEPARTMENTNAME", "${department}", false},
    /* serial number */
    {DIALECT_JAMF, "$SERIALNUMBER", "${deviceSN}", false},
    {DIALECT_INTUNE, "{{serialnumber}}", "${deviceSN}", true},
    {DIALECT_WS1, "{DeviceSerialNumber}", "${deviceSN}", false},
    /* UDID */
    {DIALECT_JAMF, "$UDID", "${deviceUDID}", false},
    {DIALECT_WS1, "{DeviceUid}", "${deviceUDID}", false},
    /* device name */
    {DIALECT_JAMF, "$DEVICENAME", "${deviceName}", false},
};

#define N_TRANSLATIONS (sizeof translations / sizeof translations[0])

const char *vars_translate(const char *foreign) {
  if (!foreign)
    return NULL;
  for (size_t i = 0; i < N_TRANSLATIONS; i++) {
    bool eq = translations[i].nocase ? strcasecmp(translations[i].foreign, foreign) == 0
                                     : strcmp(translations[i].foreign, foreign) == 0;
    if (eq)
      return translations[i].ours;
  }
  return NULL;
}

/* The longest foreign token at s, so "$EMAIL$" is not read as "$EMAIL" + "$".
 * Jamf's $NAME tokens end at the first character that cannot be part of the
 * name, so "$USERNAMES" is not "$USERNAME" followed by "S". */
static const char *translate_at(const char *s, vars_dialect only, size_t *len) {
  const char *best = NULL;
  size_t best_len = 0;
  for (size_t i = 0; i < N_TRANSLATIONS; i++) {
    if (only != DIALECT__COUNT && translations[i].dialect != only)
      continue;
    const char *f = translations[i].foreign;
    size_t fl = strlen(f);
    if (fl <= best_len)
      continue;
    bool eq = translations[i].nocase ? strncasecmp(f, s, fl) == 0 : strncmp(f, s, fl) == 0;
    if (!eq)
      continue;
    bool open_ended = f[0] == '$' && f[fl - 1] != '$';
    if (open_ended && (isalnum((unsigned char)s[fl]) || s[fl] == '_' || s[fl] == '$'))
      continue;
    best = translations[i].ours;
    best_len = fl;
  }
  *len = best_len;
  return best;
}

char *vars_translate_text(const char *s, size_t *n_translated) {
  return vars_from_dialect(s, DIALECT__COUNT, n_translated);
}

char *vars_from_dialect(const char *s, vars_dialect only, size_t *n_translated) {
  strbuf out = STRBUF_INIT;
  size_t count = 0;
  for (size_t i = 0; s && s[i];) {
    size_t len = 0;
    const char *ours = (s[i] == '$' || s[i] == '{') ? translate_at(s + i, only, &len) : NULL;
    if (ours) {
      strbuf_puts(&out, ours);
      count++;
      i += len;
    } else {
      strbuf_putc(&out, s[i++]);
    }
  }
  if (n_translated)
    *n_translated = count;
  return strbuf_take(&out);
}

/* Levenshtein distance, ignoring case (userUid vs userUID is a slip of the
 * shift key, not a different name). Names are short; two rows suffice. */
static size_t edit_distance(const char *a, const char *b) {
  size_t la = strlen(a), lb = strlen(b);
  size_t *prev = xcalloc(lb + 1, sizeof *prev), *cur = xcalloc(lb + 1, sizeof *cur);
  for (size_t j = 0; j <= lb; j++)
    prev[j] = j;
  for (size_t i = 1; i <= la; i++) {
    cur[0] = i;
    for (size_t j = 1; j <= lb; j++) {
      size_t cost = tolower((unsigned char)a[i - 1]) != tolower((unsigned char)b[j - 1]);
      size_t best = prev[j - 1] + cost;
      if (prev[j] + 1 < best)
        best = prev[j] + 1;
      if (cur[j - 1] + 1 < best)
        best = cur[j - 1] + 1;
      cur[j] = best;
    }
    size_t *t = prev;
    prev = cur;
    cur = t;
  }
  size_t d = prev[lb];
  free(prev);
  free(cur);
  return d;
}

const char *vars_suggest(const char *name) {
  if (!name || !*name)
    return NULL;
  const char *best = NULL;
  size_t best_d = (size_t)-1;
  for (size_t i = 0; i < N_CATALOG; i++) {
    size_t d = edit_distance(name, catalog[i].name);
    if (d < best_d) {
      best_d = d;
      best = catalog[i].name;
    }
  }
  /* Close enough to be a typo: a couple of edits, more for long names. */
  size_t len = strlen(name), limit = len / 3 > 2 ? len / 3 : 2;
  if (best_d > limit || best_d >= len)
    return NULL;
  return best;
}

/* ---- dialects ---------------------------------------------------------------- */

static const char *const dialect_names[DIALECT__COUNT] = {"ivanti", "core", "jamf", "intune",
                                                          "ws1"};

const char *vars_dialect_name(vars_dialect d) {
  return (unsigned)d < DIALECT__COUNT ? dialect_names[d] : "?";
}

bool vars_dialect_from_name(const char *name, vars_dialect *out) {
  for (int i = 0; name && i < DIALECT__COUNT; i++)
    if (strcmp(name, dialect_names[i]) == 0) {
      *out = (vars_dialect)i;
      return true;
    }
  return false;
}

const char *vars_in_dialect(const char *name, vars_dialect d) {
  if (!name)
    return NULL;
  if (d == DIALECT_IVANTI)
    return vars_find(name) ? name : NULL;
  for (size_t i = 0; i < N_TRANSLATIONS; i++) {
    const char *o = translations[i].ours; /* "${name}" */
    size_t n = strlen(o) - 3;
    if (translations[i].dialect == d && strlen(name) == n && !strncmp(o + 2, name, n))
      return translations[i].foreign; /* the first listed is the dialect's spelling */
  }
  return NULL;
}

typedef struct to_dialect {
  const char *s;
  vars_dialect d;
  strbuf out;
  size_t done;
  char *missing;
} to_dialect;

static void to_dialect_fn(void *ud, size_t off, size_t len, const char *name) {
  to_dialect *t = ud;
  strbuf_putn(&t->out, t->s + t->done, off - t->done);
  t->done = off + len;
  const char *spelled = vars_in_dialect(name, t->d);
  if (spelled && t->d != DIALECT_IVANTI) {
    strbuf_puts(&t->out, spelled);
    return;
  }
  strbuf_putn(&t->out, t->s + off, len); /* as written */
  if (!spelled && !t->missing)
    t->missing = xstrdup(name);
}

char *vars_to_dialect(const char *s, vars_dialect d, char **missing) {
  to_dialect t = {s ? s : "", d, STRBUF_INIT, 0, NULL};
  vars_each_ref(t.s, to_dialect_fn, &t);
  strbuf_puts(&t.out, t.s + t.done);
  if (missing)
    *missing = t.missing;
  else
    free(t.missing);
  if (t.missing && missing) {
    strbuf_free(&t.out);
    return NULL;
  }
  return strbuf_take(&t.out);
}
