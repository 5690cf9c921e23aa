/* Variables: catalogue, ${name} scanning, substitution, translation, suggestions. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "core/vars.h"
#include "testutil.h"

static void test_catalog_has_every_documented_variable(void **state) {
  (void)state;
  /* Every variable of the reference table, with its group. */
  static const char *user[] = {"department",
                               "edipi",
                               "managedAppleId",
                               "sAMAccountName",
                               "userCN",
                               "userDisplayName",
                               "userDN",
                               "userEmailAddress",
                               "userEmailAddressDomain",
                               "userEmailAddressLocalPart",
                               "userFirstName",
                               "userLastName",
                               "userLocale",
                               "userOU",
                               "userREALM",
                               "userUID",
                               "userUIDDomain",
                               "userUIDLocalPart",
                               "userUPN"};
  static const char *device[] = {"clientLastCheckin",
                                 "deviceAltSN",
                                 "deviceClientDeviceIdentifier",
                                 "deviceGUID",
                                 "deviceIccIdentifier",
                                 "deviceIMEI",
                                 "deviceIMEI2",
                                 "deviceIMSI",
                                 "deviceLastCheckin",
                                 "deviceMdmChannelId",
                                 "deviceMdmDeviceIdentifier",
                                 "deviceMEIdentifier",
                                 "deviceModel",
                                 "deviceName",
                                 "devicePhoneNumber",
                                 "devicePK",
                                 "deviceSN",
                                 "deviceUDID",
                                 "deviceWifiMacAddress"};
  size_t n = 0;
  const var_info *cat = vars_catalog(&n);
  assert_non_null(cat);
  assert_int_equal(n, sizeof user / sizeof *user + sizeof device / sizeof *device);
  for (size_t i = 0; i < sizeof user / sizeof *user; i++) {
    const var_info *v = vars_find(user[i]);
    assert_non_null(v);
    assert_string_equal(v->name, user[i]);
    assert_string_equal(v->group, "user");
    assert_true(strlen(v->meaning) > 0);
  }
  for (size_t i = 0; i < sizeof device / sizeof *device; i++) {
    const var_info *v = vars_find(device[i]);
    assert_non_null(v);
    assert_string_equal(v->group, "device");
    assert_true(strlen(v->meaning) > 0);
  }
  assert_string_equal(vars_find("userUID")->meaning, "login ID, in email-address form");
  assert_string_equal(vars_find("deviceIccIdentifier")->meaning, "ICCID");
  /* Case matters, as in the MDM. */
  assert_null(vars_find("useruid"));
  assert_null(vars_find("nosuch"));
  assert_null(vars_find(""));
  assert_null(vars_find(NULL));
}

typedef struct {
  char buf[512];
} refs;

static void collect(void *ud, size_t off, size_t len, const char *name) {
  refs *r = ud;
  size_t used = strlen(r->buf);
  snprintf(r->buf + used, sizeof r->buf - used, "%zu+%zu:%s;", off, len, name);
}

static const char *scan(refs *r, const char *s) {
  r->buf[0] = 0;
  vars_each_ref(s, collect, r);
  return r->buf;
}

static void test_each_ref(void **state) {
  (void)state;
  refs r;
  assert_string_equal(scan(&r, "${userUID}"), "0+10:userUID;");
  assert_string_equal(scan(&r, "${userUIDLocalPart}@corp"), "0+19:userUIDLocalPart;");
  assert_string_equal(scan(&r, "a${x}b${y.z-1_2}"), "1+4:x;6+10:y.z-1_2;");
  /* Plain text: a lone '$', an unterminated '${', an empty name, bad characters. */
  assert_string_equal(scan(&r, "cost $5"), "");
  assert_string_equal(scan(&r, "$"), "");
  assert_string_equal(scan(&r, "${userUID"), "");
  assert_string_equal(scan(&r, "${}"), "");
  assert_string_equal(scan(&r, "${a b}"), "");
  assert_string_equal(scan(&r, "$userUID"), "");
  assert_string_equal(scan(&r, "$${a}"), "1+4:a;");
  assert_string_equal(scan(&r, "${${a}}"), "2+4:a;");
  assert_string_equal(scan(&r, ""), "");
  assert_string_equal(scan(&r, NULL), "");

  assert_true(vars_has_ref("x${a}"));
  assert_true(vars_has_ref("$ ${a}"));
  assert_false(vars_has_ref("x$a"));
  assert_false(vars_has_ref("${"));
  assert_false(vars_has_ref("${a"));
  assert_false(vars_has_ref(""));
  assert_false(vars_has_ref(NULL));
}

static void test_substitute(void **state) {
  (void)state;
  var_binding b[] = {{"userUID", "alice@example.com"}, {"port", "8080"}, {"empty", ""}};
  size_t un = 99;
  char *s = vars_substitute("${userUID}", b, 3, &un);
  assert_string_equal(s, "alice@example.com");
  assert_int_equal(un, 0);
  free(s);

  s = vars_substitute("user ${userUID} on ${port}; ${nope} ${empty}|$ ${", b, 3, &un);
  assert_string_equal(s, "user alice@example.com on 8080; ${nope} |$ ${");
  assert_int_equal(un, 1);
  free(s);

  /* A later binding of the same name wins (the last --var given). */
  var_binding twice[] = {{"a", "1"}, {"a", "2"}};
  s = vars_substitute("${a}${a}", twice, 2, NULL);
  assert_string_equal(s, "22");
  free(s);

  /* A value that looks like a reference is not substituted again. */
  var_binding loop[] = {{"a", "${b}"}, {"b", "x"}};
  s = vars_substitute("${a}", loop, 2, &un);
  assert_string_equal(s, "${b}");
  assert_int_equal(un, 0);
  free(s);

  s = vars_substitute("", NULL, 0, &un);
  assert_string_equal(s, "");
  assert_int_equal(un, 0);
  free(s);

  /* Prefix names do not match longer ones. */
  var_binding pre[] = {{"user", "X"}};
  s = vars_substitute("${userUID}", pre, 1, &un);
  assert_string_equal(s, "${userUID}");
  assert_int_equal(un, 1);
  free(s);
}

static void test_translate(void **state) {
  (void)state;
  /* The equivalence table. */
  const char *login[] = {"$USERID$", "$USERNAME", "{{username}}", "{EnrollmentUser}"};
  for (size_t i = 0; i < 4; i++)
    assert_string_equal(vars_translate(login[i]), "${userUID}");
  const char *mail[] = {"$EMAIL$", "$EMAIL", "{{mail}}", "{EmailAddress}"};
  for (size_t i = 0; i < 4; i++)
    assert_string_equal(vars_translate(mail[i]), "${userEmailAddress}");
  const char *sn[] = {"$SERIALNUMBER", "{{serialnumber}}", "{DeviceSerialNumber}"};
  for (size_t i = 0; i < 3; i++)
    assert_string_equal(vars_translate(sn[i]), "${deviceSN}");
  assert_string_equal(vars_translate("$UDID"), "${deviceUDID}");
  assert_string_equal(vars_translate("{DeviceUid}"), "${deviceUDID}");
  assert_string_equal(vars_translate("{{userprincipalname}}"), "${userUPN}");
  assert_string_equal(vars_translate("{{UserPrincipalName}}"), "${userUPN}");
  assert_string_equal(vars_translate("$SAM_ACCOUNT_NAME$"), "${sAMAccountName}");
  assert_string_equal(vars_translate("$DEVICENAME"), "${deviceName}");
  /* Every translation names a variable of the catalogue. */
  const char *all[] = {
      "$USERID$",           "$EMAIL$",         "$SERIALNUMBER", "$UDID", "{{userprincipalname}}",
      "$SAM_ACCOUNT_NAME$", "$DEPARTMENTNAME", "$DEVICENAME"};
  for (size_t i = 0; i < sizeof all / sizeof *all; i++) {
    const char *t = vars_translate(all[i]);
    assert_non_null(t);
    char *name = xstrndup(t + 2, strlen(t) - 3);
    assert_non_null(vars_find(name));
    free(name);
  }
  /* No equivalent meaning: not translated. */
  assert_null(vars_translate("$PASSWORD$"));
  assert_null(vars_translate("$NULL$"));
  assert_null(vars_translate("{{userid}}"));
  assert_null(vars_translate("{{deviceid}}"));
  assert_null(vars_translate("{EmailUserName}"));
  assert_null(vars_translate("{{partialupn}}"));
  /* Jamf is case-sensitive. */
  assert_null(vars_translate("$username"));
  assert_null(vars_translate("${userUID}"));
  assert_null(vars_translate(""));
  assert_null(vars_translate(NULL));
}

static void test_translate_text(void **state) {
  (void)state;
  size_t n = 0;
  char *s = vars_translate_text("$USERNAME@corp, $EMAIL$ and {{mail}}; $PASSWORD$", &n);
  assert_string_equal(s,
                      "${userUID}@corp, ${userEmailAddress} and ${userEmailAddress}; $PASSWORD$");
  assert_int_equal(n, 3);
  free(s);
  /* $EMAIL$ is MobileIron's token, not Jamf's $EMAIL followed by '$'. */
  s = vars_translate_text("$EMAIL$$EMAIL", &n);
  assert_string_equal(s, "${userEmailAddress}${userEmailAddress}");
  assert_int_equal(n, 2);
  free(s);
  /* A longer Jamf-style name is another token. */
  s = vars_translate_text("$USERNAMES $UDID_X {DeviceUid}", &n);
  assert_string_equal(s, "$USERNAMES $UDID_X ${deviceUDID}");
  assert_int_equal(n, 1);
  free(s);
  s = vars_translate_text("${userUID} stays", &n);
  assert_string_equal(s, "${userUID} stays");
  assert_int_equal(n, 0);
  free(s);
}

static void test_suggest(void **state) {
  (void)state;
  assert_string_equal(vars_suggest("userUid"), "userUID");
  assert_string_equal(vars_suggest("usrUID"), "userUID");
  assert_string_equal(vars_suggest("userEmailAdress"), "userEmailAddress");
  assert_string_equal(vars_suggest("devceName"), "deviceName");
  assert_null(vars_suggest("costCenter"));
  assert_null(vars_suggest("x"));
  assert_null(vars_suggest(""));
  assert_null(vars_suggest(NULL));
}

/* Dialects, both ways: every spelling an MDM has for one of ours. */
static void test_dialects(void **state) {
  (void)state;
  static const struct {
    vars_dialect d;
    const char *ours, *theirs;
  } rows[] = {
      {DIALECT_CORE, "${userUID}@corp", "$USERID$@corp"},
      {DIALECT_JAMF, "${userUID}@corp", "$USERNAME@corp"},
      {DIALECT_INTUNE, "${userUID}@corp", "{{username}}@corp"},
      {DIALECT_WS1, "${userUID}@corp", "{EnrollmentUser}@corp"},
      {DIALECT_CORE, "${userEmailAddress}", "$EMAIL$"},
      {DIALECT_JAMF, "${userEmailAddress}", "$EMAIL"},
      {DIALECT_INTUNE, "${userEmailAddress}", "{{mail}}"},
      {DIALECT_WS1, "${userEmailAddress}", "{EmailAddress}"},
      {DIALECT_INTUNE, "u=${userUPN} s=${deviceSN}", "u={{userprincipalname}} s={{serialnumber}}"},
      {DIALECT_JAMF, "${deviceSN}-${deviceUDID}-${deviceName}", "$SERIALNUMBER-$UDID-$DEVICENAME"},
      {DIALECT_WS1, "${deviceSN}/${deviceUDID}", "{DeviceSerialNumber}/{DeviceUid}"},
      {DIALECT_CORE, "${sAMAccountName}", "$SAM_ACCOUNT_NAME$"},
      {DIALECT_JAMF, "${department}", "$DEPARTMENTNAME"},
      {DIALECT_IVANTI, "${userUID} and ${deviceIMEI}", "${userUID} and ${deviceIMEI}"},
      {DIALECT_CORE, "no variables", "no variables"},
  };
  for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
    char *missing = NULL;
    char *to = vars_to_dialect(rows[i].ours, rows[i].d, &missing);
    if (!to || strcmp(to, rows[i].theirs))
      fail_msg("%s to %s: '%s', expected '%s' (missing %s)", rows[i].ours,
               vars_dialect_name(rows[i].d), to ? to : "(null)", rows[i].theirs,
               missing ? missing : "-");
    size_t n = 0;
    char *back = vars_from_dialect(rows[i].theirs, rows[i].d, &n);
    assert_string_equal(back, rows[i].ours);
    free(to);
    free(back);
  }
  /* a variable with no equivalent stops the translation and is named */
  char *missing = NULL;
  assert_null(vars_to_dialect("${userUID}/${deviceIMEI}", DIALECT_JAMF, &missing));
  assert_string_equal(missing, "deviceIMEI");
  free(missing);
  char *kept = vars_to_dialect("${deviceIMEI}", DIALECT_JAMF, NULL);
  assert_string_equal(kept, "${deviceIMEI}");
  free(kept);
  /* only the chosen dialect's tokens are read back */
  char *one = vars_from_dialect("$USERID$ $USERNAME", DIALECT_CORE, NULL);
  assert_string_equal(one, "${userUID} $USERNAME");
  free(one);
  vars_dialect d;
  for (int k = 0; k < DIALECT__COUNT; k++) {
    assert_true(vars_dialect_from_name(vars_dialect_name((vars_dialect)k), &d));
    assert_int_equal(d, k);
  }
  assert_false(vars_dialect_from_name("mobileiron", &d));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_catalog_has_every_documented_variable),
      cmocka_unit_test(test_each_ref),
      cmocka_unit_test(test_substitute),
      cmocka_unit_test(test_translate),
      cmocka_unit_test(test_dialects),
      cmocka_unit_test(test_translate_text),
      cmocka_unit_test(test_suggest),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
