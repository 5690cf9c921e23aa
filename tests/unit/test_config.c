/* Configuration files: load errors, the exact text a save writes, round
 * trips, file modes, and failed saves that leave the original untouched. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/model.h"
#include "core/util.h"
#include "io/config_io.h"
#include "io/desc_load.h"
#include "testutil.h"

static desc_set *test_set(void) {
  return tu_small_set();
}

static config *load_text(const desc_set *set, const char *text) {
  diag_list d = DIAG_LIST_INIT;
  config *c = config_load_text(set, text, strlen(text), "t.yaml", &d);
  if (!c)
    diag_list_print(&d, stderr);
  assert_non_null(c);
  diag_list_free(&d);
  return c;
}

static char *to_yaml(const config *c) {
  size_t len;
  char *s = config_to_yaml(c, &len);
  assert_int_equal(strlen(s), len);
  return s;
}

static bool has_msg(const diag_list *d, const char *needle) {
  for (size_t i = 0; i < d->n; i++)
    if (strstr(d->items[i].msg, needle))
      return true;
  return false;
}

static void test_load_io_errors(void **state) {
  desc_set *set = *state;
  diag_list d = DIAG_LIST_INIT;
  const char *dir = tu_tmpdir();
  char *missing = xasprintf("%s/nope.yaml", dir);
  assert_null(config_load(set, missing, &d));
  assert_true(has_msg(&d, "No such file or directory"));
  assert_true(has_msg(&d, missing));
  diag_list_clear(&d);
  assert_null(config_load(set, dir, &d));
  assert_true(has_msg(&d, "is a directory"));
  diag_list_clear(&d);
  /* Parse errors carry the file name given. */
  const char *bad = tu_write(dir, "bad.yaml", "format: 1\ntype: [\n");
  assert_null(config_load(set, bad, &d));
  assert_int_equal(d.n, 1);
  assert_string_equal(d.items[0].file, bad);
  assert_int_equal(d.items[0].line, 3);
  diag_list_free(&d);
  free(missing);
}

static const char messy[] =
    "type: alpha\n"
    "future: {b: 2, a: yes}\n"
    "custom:\n"
    "  k1: 'yes'\n"
    "  k2: 'a: b'\n"
    "  k3: ' padded'\n"
    "  k4: \"line\\nbreak\\ttab \\\"q\\\" \\\\\"\n"
    "  k5: '14.0'\n"
    "  k6: 10.0.0.53\n"
    "  k7: '#hash'\n"
    "  k8: ''\n"
    "  k9: café ${userUID}\n"
    "  k10: '2024-01-31'\n"
    "  k11: '0x1F'\n"
    "  k12: 'a #b'\n"
    "name: Sales\n"
    "format: 1\n"
    "server: 8080\n"
    "proxy: {port: 8080, setup: manual, server: p.example.com, password: pw}\n"
    "on_demand:\n"
    "  rules:\n"
    "    - {action: connect, weight: 3, match: {ssid: []}}\n"
    "    - action: evaluate-connection\n"
    "      connection:\n"
    "        - domains: [a.example.com]\n"
    "    -\n"
    "domains: {safari: []}\n"
    "enabled: false\n";

static const char messy_saved[] = "format: 1\n"
                                  "name: Sales\n"
                                  "type: alpha\n"
                                  "server: \"8080\"\n"
                                  "enabled: false\n"
                                  "proxy:\n"
                                  "  setup: manual\n"
                                  "  server: p.example.com\n"
                                  "  port: 8080\n"
                                  "  password: pw\n"
                                  "on_demand:\n"
                                  "  rules:\n"
                                  "    - action: connect\n"
                                  "      weight: 3\n"
                                  "    - action: evaluate-connection\n"
                                  "      connection:\n"
                                  "        - domains:\n"
                                  "            - a.example.com\n"
                                  "    - {}\n"
                                  "custom:\n"
                                  "  k1: \"yes\"\n"
                                  "  k2: \"a: b\"\n"
                                  "  k3: \" padded\"\n"
                                  "  k4: \"line\\nbreak\\ttab \\\"q\\\" \\\\\"\n"
                                  "  k5: \"14.0\"\n"
                                  "  k6: 10.0.0.53\n"
                                  "  k7: \"#hash\"\n"
                                  "  k8: \"\"\n"
                                  "  k9: café ${userUID}\n"
                                  "  k10: \"2024-01-31\"\n"
                                  "  k11: \"0x1F\"\n"
                                  "  k12: \"a #b\"\n"
                                  "future:\n"
                                  "  b: 2\n"
                                  "  a: yes\n";

/* Unusual but clean text reads back as it was; text that is not clean
 * (controls, U+FFFE/U+FFFF) is refused by the model, and the writer still
 * escapes it when it finds it in a tree (no raw control byte in the file). */
static void test_unusual_text_reads_back(void **state) {
  desc_set *set = *state;
  config *c = load_text(set, "format: 1\ntype: alpha\nname: x\n");
  diag_list d = DIAG_LIST_INIT;
  const char *odd = "a\xef\xbf\xbd b\\x01 \"q\" "
                    "c\xe2\x80\xa8"
                    "d: #e";
  assert_true(model_set(c, "server", val_new_str(odd), &d));
  char *y = to_yaml(c);
  config *c2 = load_text(set, y);
  assert_string_equal(val_get_path(c2->root, "server")->u.str, odd);
  assert_non_null(strstr(y, "\\u2028"));
  free(y);
  config_free(c2);
  assert_false(model_set(c, "server", val_new_str("a\xef\xbf\xbf b\x01"), &d));
  assert_int_equal(d.n, 1);
  val_set_path(c->root, "server", val_new_str("a\xef\xbf\xbf b\x01"));
  y = to_yaml(c);
  assert_non_null(strstr(y, "server: \"a\\uFFFF b\\x01\"\n"));
  free(y);
  config_free(c);
  diag_list_free(&d);
}

/* A value ending in a truncated UTF-8 sequence (the model refuses it, the
 * writer must not trust that): quoted, the stray bytes written as U+FFFD,
 * nothing read past the string (this read past it under ASan). */
static void test_writer_truncated_utf8_tail(void **state) {
  desc_set *set = *state;
  config *c = load_text(set, "format: 1\ntype: alpha\nname: x\n");
  const char *tails[] = {"#abc\xe2\x82", "- \xe2", "a: \xf0\x9f\x94", "abc\xe2\x82", "\xc3"};
  for (size_t i = 0; i < sizeof tails / sizeof *tails; i++) {
    val_set_path(c->root, "server", val_new_str(tails[i]));
    char *y = to_yaml(c);
    assert_non_null(strstr(y, "\\uFFFD\"\n"));
    config *c2 = load_text(set, y);
    assert_non_null(c2);
    config_free(c2);
    free(y);
  }
  config_free(c);
}

static void test_save_text_is_exact(void **state) {
  desc_set *set = *state;
  config *c = load_text(set, messy);
  char *y = to_yaml(c);
  assert_string_equal(y, messy_saved);
  /* Reading it back gives the same values, and saving again the same bytes. */
  config *c2 = load_text(set, y);
  assert_true(val_equal(val_map_get(c->root, "custom"), val_map_get(c2->root, "custom")));
  const val *future = val_map_get(c2->root, "future");
  assert_true(val_map_get(future, "a")->plain); /* unknown: kept as written */
  char *y2 = to_yaml(c2);
  assert_string_equal(y, y2);
  free(y), free(y2);
  config_free(c), config_free(c2);
}

static void test_hidden_and_other_type_values_not_saved(void **state) {
  desc_set *set = *state;
  config *c = load_text(set, "format: 1\n"
                             "type: alpha\n"
                             "realm: Staff\n"
                             "proxy:\n"
                             "  setup: none\n"
                             "  server: p.example.com\n"
                             "  port: 3128\n");
  char *y = to_yaml(c);
  assert_string_equal(y, "format: 1\ntype: alpha\nproxy:\n  setup: none\n");
  free(y);
  /* Still in memory for the session: switching back restores them. */
  diag_list d = DIAG_LIST_INIT;
  assert_true(model_set(c, "proxy.setup", val_new_str("manual"), &d));
  y = to_yaml(c);
  assert_string_equal(y, "format: 1\ntype: alpha\nproxy:\n  setup: manual\n"
                         "  server: p.example.com\n  port: 3128\n");
  free(y);
  /* The other type's value comes back with its type. */
  config_set_type(c, desc_set_find(set, "beta"));
  y = to_yaml(c);
  assert_string_equal(y, "format: 1\ntype: beta\nrealm: Staff\n");
  free(y);
  config_free(c);
  diag_list_free(&d);
}

static void test_examples_round_trip(void **state) {
  (void)state;
  diag_list d = DIAG_LIST_INIT;
  desc_set *set = desc_load_embedded(&d);
  if (!set)
    diag_list_print(&d, stderr);
  assert_non_null(set);
  DIR *dir = opendir(tu_path("examples"));
  assert_non_null(dir);
  size_t n = 0;
  struct dirent *e;
  while ((e = readdir(dir))) {
    size_t len = strlen(e->d_name);
    if (len < 6 || strcmp(e->d_name + len - 5, ".yaml"))
      continue;
    char *rel = xasprintf("examples/%s", e->d_name);
    config *c = config_load(set, tu_path(rel), &d);
    if (!c || diag_count(&d, DIAG_WARNING))
      diag_list_print(&d, stderr);
    assert_non_null(c);
    assert_int_equal(diag_count(&d, DIAG_WARNING), 0);
    size_t ylen;
    char *y = config_to_yaml(c, &ylen);
    config *c2 = config_load_text(set, y, ylen, rel, &d);
    assert_non_null(c2);
    /* Nothing lost: every value of the example is in what was saved. */
    if (!val_equal(c->root, c2->root))
      fail_msg("%s: saving lost or changed a value:\n%s", rel, y);
    char *y2 = config_to_yaml(c2, NULL);
    assert_string_equal(y, y2);
    free(y), free(y2), free(rel);
    config_free(c), config_free(c2);
    n++;
  }
  closedir(dir);
  assert_true(n >= 10);
  desc_set_free(set);
  diag_list_free(&d);
}

static mode_t file_mode(const char *path) {
  struct stat st;
  assert_int_equal(stat(path, &st), 0);
  return st.st_mode & 07777;
}

static void test_save_modes(void **state) {
  desc_set *set = *state;
  diag_list d = DIAG_LIST_INIT;
  const char *dir = tu_tmpdir();
  char *path = xasprintf("%s/vpn.yaml", dir);
  config *c = load_text(set, "format: 1\ntype: alpha\nname: x\n");
  assert_true(config_save(c, path, &d));
  assert_int_equal(file_mode(path), 0644);
  assert_true(model_set(c, "proxy.setup", val_new_str("manual"), &d));
  assert_true(model_set(c, "proxy.password", val_new_str("secret"), &d));
  assert_true(config_save(c, path, &d));
  assert_int_equal(file_mode(path), 0600);
  char *text = tu_read(path, NULL);
  assert_non_null(strstr(text, "  password: secret\n")); /* in clear: the file is 0600 */
  free(text);
  /* A stricter mode chosen by the owner is kept. */
  assert_true(model_set(c, "proxy.password", val_new_null(), &d));
  assert_int_equal(chmod(path, 0640), 0);
  assert_true(config_save(c, path, &d));
  assert_int_equal(file_mode(path), 0640);
  /* No temp files left behind. */
  DIR *dd = opendir(dir);
  struct dirent *e;
  size_t entries = 0;
  while ((e = readdir(dd)))
    entries += e->d_name[0] != '.';
  closedir(dd);
  assert_int_equal(entries, 1);
  assert_int_equal(d.n, 0);
  config_free(c);
  free(path);
  diag_list_free(&d);
}

/* Tries to save over path from a process that cannot write to its directory
 * (root ignores directory permissions, so drop to nobody first). */
static bool save_unprivileged(const config *c, const char *path, char *why, size_t why_len) {
  int fds[2];
  assert_int_equal(pipe(fds), 0);
  pid_t pid = fork();
  assert_true(pid >= 0);
  if (pid == 0) {
    close(fds[0]);
    if (geteuid() == 0 && (setgid(65534) != 0 || setuid(65534) != 0))
      _exit(3);
    diag_list d = DIAG_LIST_INIT;
    bool ok = config_save(c, path, &d);
    if (d.n && write(fds[1], d.items[0].msg, strlen(d.items[0].msg)) < 0)
      _exit(4);
    _exit(ok ? 0 : 1);
  }
  close(fds[1]);
  ssize_t n = read(fds[0], why, why_len - 1);
  why[n > 0 ? n : 0] = 0;
  close(fds[0]);
  int status;
  waitpid(pid, &status, 0);
  assert_true(WIFEXITED(status));
  assert_true(WEXITSTATUS(status) <= 1);
  return WEXITSTATUS(status) == 0;
}

static void test_failed_save_leaves_original(void **state) {
  desc_set *set = *state;
  const char *dir = tu_tmpdir();
  const char *original = "format: 1\ntype: alpha\nname: original   # hand-written\n";
  const char *path = tu_write(dir, "vpn.yaml", original);
  char *keep = xstrdup(path);
  config *c = load_text(set, "format: 1\ntype: alpha\nname: replacement\n");

  assert_int_equal(chmod(dir, 0555), 0);
  char why[512];
  assert_false(save_unprivileged(c, keep, why, sizeof why));
  assert_non_null(strstr(why, "cannot write"));
  assert_non_null(strstr(why, "Permission denied"));
  assert_int_equal(chmod(dir, 0755), 0);
  char *now = tu_read(keep, NULL);
  assert_string_equal(now, original);
  free(now);

  /* A directory where the file should be: rename fails, nothing is left. */
  char *sub = xasprintf("%s/sub", dir);
  assert_int_equal(mkdir(sub, 0755), 0);
  diag_list d = DIAG_LIST_INIT;
  assert_false(config_save(c, sub, &d));
  assert_true(has_msg(&d, "cannot write"));
  struct stat st;
  assert_int_equal(stat(sub, &st), 0);
  assert_true(S_ISDIR(st.st_mode));
  DIR *dd = opendir(dir);
  struct dirent *e;
  size_t entries = 0;
  while ((e = readdir(dd)))
    entries += strcmp(e->d_name, ".") && strcmp(e->d_name, "..");
  closedir(dd);
  assert_int_equal(entries, 2); /* vpn.yaml and sub: no temp file */
  diag_list_free(&d);
  free(sub);
  free(keep);
  config_free(c);
}

static void test_save_through_symlink(void **state) {
  desc_set *set = *state;
  const char *dir = tu_tmpdir();
  char *real = xstrdup(tu_write(dir, "real.yaml", "format: 1\ntype: beta\n"));
  char *link = xasprintf("%s/link.yaml", dir);
  assert_int_equal(symlink("real.yaml", link), 0);
  config *c = load_text(set, "format: 1\ntype: beta\nrealm: R\n");
  diag_list d = DIAG_LIST_INIT;
  assert_true(config_save(c, link, &d));
  struct stat st;
  assert_int_equal(lstat(link, &st), 0);
  assert_true(S_ISLNK(st.st_mode)); /* the link is kept, its target rewritten */
  char *text = tu_read(real, NULL);
  assert_string_equal(text, "format: 1\ntype: beta\nrealm: R\n");
  free(text);
  free(real);
  free(link);
  config_free(c);
  diag_list_free(&d);
}

static void test_file_read_limits(void **state) {
  (void)state;
  const char *dir = tu_tmpdir();
  const char *p = tu_write(dir, "f.yaml", "0123456789");
  char *keep = xstrdup(p);
  diag_list d = DIAG_LIST_INIT;
  size_t len;
  char *s = file_read_all(keep, 10, &len, &d);
  assert_non_null(s);
  assert_int_equal(len, 10);
  assert_string_equal(s, "0123456789");
  free(s);
  assert_null(file_read_all(keep, 9, &len, &d));
  assert_true(has_msg(&d, "too large"));
  diag_list_free(&d);
  free(keep);
}

static void test_save_without_path(void **state) {
  desc_set *set = *state;
  config *c = config_new(set, desc_set_find(set, "beta"));
  diag_list d = DIAG_LIST_INIT;
  assert_false(config_save(c, NULL, &d));
  assert_true(has_msg(&d, "no file name"));
  char *y = to_yaml(c);
  assert_string_equal(y, "format: 1\ntype: beta\n");
  free(y);
  config_free(c);
  diag_list_free(&d);
}

static int setup(void **state) {
  *state = test_set();
  return 0;
}

static int teardown(void **state) {
  desc_set_free(*state);
  tu_cleanup();
  return 0;
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_load_io_errors),
      cmocka_unit_test(test_save_text_is_exact),
      cmocka_unit_test(test_unusual_text_reads_back),
      cmocka_unit_test(test_writer_truncated_utf8_tail),
      cmocka_unit_test(test_hidden_and_other_type_values_not_saved),
      cmocka_unit_test(test_examples_round_trip),
      cmocka_unit_test(test_save_modes),
      cmocka_unit_test(test_failed_save_leaves_original),
      cmocka_unit_test(test_save_through_symlink),
      cmocka_unit_test(test_file_read_limits),
      cmocka_unit_test(test_save_without_path),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
