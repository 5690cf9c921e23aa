/* Hang-up recovery (FILE.save), the signal flag, the idle marker for terminal
 * tests, and the copy a directory-list clone makes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <regex.h>
#include <signal.h>
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
#include "ui/dirlist.h"
#include "ui/recover.h"

static int setup(void **state) {
  diag_list d = DIAG_LIST_INIT;
  *state = desc_load_default(&d);
  diag_list_free(&d);
  return *state ? 0 : -1;
}

static int teardown(void **state) {
  desc_set_free(*state);
  tu_cleanup();
  return 0;
}

static config *load(const desc_set *set, const char *path) {
  diag_list d = DIAG_LIST_INIT;
  config *c = config_load(set, path, &d);
  if (!c)
    diag_list_print(&d, stderr);
  assert_non_null(c);
  diag_list_free(&d);
  return c;
}

/* A copy of examples/ikev2.yaml in a fresh directory; returns its path. */
static const char *example_copy(void) {
  char *text = tu_read(tu_path("examples/ikev2.yaml"), NULL);
  assert_non_null(text);
  const char *p = tu_write(tu_tmpdir(), "c.yaml", text);
  free(text);
  return p;
}

static const char *str_at(const config *c, const char *path) {
  const val *v = val_get_path(c->root, path);
  return v && v->kind == VAL_STR ? v->u.str : NULL;
}

static void test_path(void **state) {
  (void)state;
  char *p = recover_path("dir/sales.yaml");
  assert_string_equal(p, "dir/sales.yaml.save");
  free(p);
}

/* The .save holds exactly what a save would write, mode 0600 whatever the
 * file's own mode; FILE itself is not touched. */
static void test_write_exact_and_private(void **state) {
  const desc_set *set = *state;
  const char *f = example_copy();
  char *orig = tu_read(f, NULL);
  config *c = load(set, f);
  assert_false(recover_exists(f));
  val_set_path(c->root, "name", val_new_str("Changed in memory"));
  diag_list d = DIAG_LIST_INIT;
  assert_true(recover_write(c, &d));
  assert_int_equal(d.n, 0);
  assert_true(recover_exists(f));
  char *sp = recover_path(f);
  struct stat st;
  assert_int_equal(stat(sp, &st), 0);
  assert_int_equal(st.st_mode & 0777, 0600);
  size_t len;
  char *want = config_to_yaml(c, &len);
  char *got = tu_read(sp, NULL);
  assert_string_equal(got, want);
  assert_non_null(strstr(got, "name: Changed in memory\n"));
  char *now = tu_read(f, NULL);
  assert_string_equal(now, orig);
  /* a second hang-up replaces the older .save */
  val_set_path(c->root, "name", val_new_str("Second"));
  assert_true(recover_write(c, &d));
  free(got);
  got = tu_read(sp, NULL);
  assert_non_null(strstr(got, "name: Second\n"));
  free(got);
  free(now);
  free(want);
  free(sp);
  free(orig);
  config_free(c);
  diag_list_free(&d);
}

static void test_write_without_path(void **state) {
  config *c = config_new(*state, NULL);
  diag_list d = DIAG_LIST_INIT;
  assert_false(recover_write(c, &d));
  assert_int_equal(diag_count(&d, DIAG_ERROR), 1);
  assert_non_null(strstr(d.items[0].msg, "no file name"));
  config_free(c);
  diag_list_free(&d);
}

static void test_write_failure_reported(void **state) {
  config *c = load(*state, example_copy());
  free(c->path);
  c->path = xasprintf("%s/no/such/dir/c.yaml", tu_tmpdir());
  diag_list d = DIAG_LIST_INIT;
  assert_false(recover_write(c, &d));
  assert_true(diag_count(&d, DIAG_ERROR) >= 1);
  config_free(c);
  diag_list_free(&d);
}

/* Recovering gives the .save's content under FILE's name (a save goes to FILE). */
static void test_load(void **state) {
  const desc_set *set = *state;
  const char *f = example_copy();
  config *c = load(set, f);
  val_set_path(c->root, "server", val_new_str("changed.example.com"));
  diag_list d = DIAG_LIST_INIT;
  assert_true(recover_write(c, &d));
  config_free(c);
  config *r = recover_load(set, f, &d);
  assert_non_null(r);
  assert_string_equal(r->path, f);
  assert_string_equal(str_at(r, "server"), "changed.example.com");
  assert_string_equal(r->type->id, "ikev2");
  config_free(r);
  diag_list_free(&d);
}

static void test_load_unusable(void **state) {
  const char *dir = tu_tmpdir();
  const char *f = tu_write(dir, "x.yaml", "format: 1\ntype: ikev2\n");
  tu_write(dir, "x.yaml.save", "format: 1\ntype: [broken\n");
  diag_list d = DIAG_LIST_INIT;
  assert_null(recover_load(*state, f, &d));
  assert_true(diag_count(&d, DIAG_ERROR) >= 1);
  assert_non_null(strstr(d.items[0].file, "x.yaml.save"));
  diag_list_free(&d);
}

static void test_discard(void **state) {
  (void)state;
  const char *dir = tu_tmpdir();
  const char *f = tu_write(dir, "y.yaml", "format: 1\n");
  tu_write(dir, "y.yaml.save", "format: 1\n");
  diag_list d = DIAG_LIST_INIT;
  assert_true(recover_exists(f));
  assert_true(recover_discard(f, &d));
  assert_false(recover_exists(f));
  assert_true(access(f, F_OK) == 0);   /* FILE stays */
  assert_true(recover_discard(f, &d)); /* nothing to delete is fine */
  assert_int_equal(d.n, 0);
  /* a directory in the way: not a recovery file, and it cannot be unlinked */
  char *sp = recover_path(f);
  assert_int_equal(mkdir(sp, 0700), 0);
  assert_false(recover_exists(f));
  assert_false(recover_discard(f, &d));
  assert_int_equal(diag_count(&d, DIAG_ERROR), 1);
  assert_non_null(strstr(d.items[0].file, "y.yaml.save"));
  rmdir(sp);
  free(sp);
  diag_list_free(&d);
}

/* In a child: the handler only records the signal, and a blocked read
 * returns (EINTR) instead of restarting, so the key loop can notice. */
static void test_signal_interrupts_read(void **state) {
  (void)state;
  for (int k = 0; k < 2; k++) {
    int sig = k ? SIGTERM : SIGHUP;
    int fds[2];
    assert_int_equal(pipe(fds), 0);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
      recover_install_signals();
      recover_install_signals(); /* idempotent */
      if (recover_signal() != 0)
        _exit(10);
      char c;
      ssize_t r = read(fds[0], &c, 1); /* nobody writes: only the signal ends it */
      if (r != -1 || errno != EINTR)
        _exit(11);
      _exit(recover_signal() == sig ? 0 : 12);
    }
    usleep(200 * 1000);
    kill(pid, sig);
    int st = 0;
    assert_int_equal(waitpid(pid, &st, 0), pid);
    assert_true(WIFEXITED(st));
    assert_int_equal(WEXITSTATUS(st), 0);
    close(fds[0]);
    close(fds[1]);
  }
}

/* The marker is written only with APPVPN_TEST_IDLE, once per wait. */
static void test_idle_mark(void **state) {
  (void)state;
  for (int on = 0; on < 2; on++) {
    int fds[2];
    assert_int_equal(pipe(fds), 0);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
      if (on)
        setenv("APPVPN_TEST_IDLE", "1", 1);
      else
        unsetenv("APPVPN_TEST_IDLE");
      dup2(fds[1], STDOUT_FILENO);
      recover_idle_mark();
      recover_idle_mark();  /* a time-out wake-up: no second marker */
      recover_idle_rearm(); /* a key came */
      recover_idle_mark();
      _exit(0);
    }
    close(fds[1]);
    char buf[256];
    size_t n = 0;
    ssize_t r;
    while ((r = read(fds[0], buf + n, sizeof buf - 1 - n)) > 0)
      n += (size_t)r;
    buf[n] = 0;
    close(fds[0]);
    int st;
    waitpid(pid, &st, 0);
    assert_string_equal(buf, on ? "\033]777;appvpn-idle\007\033]777;appvpn-idle\007" : "");
  }
}

static bool is_v4(const char *s) {
  regex_t re;
  assert_int_equal(regcomp(&re,
                           "^[0-9A-F]{8}-[0-9A-F]{4}-4[0-9A-F]{3}-[89AB][0-9A-F]{3}-[0-9A-F]{12}$",
                           REG_EXTENDED | REG_NOSUB),
                   0);
  bool ok = s && regexec(&re, s, 0, NULL, 0) == 0;
  regfree(&re);
  return ok;
}

/* A clone must not share a UUID with the original (VPNUUID binds the apps). */
static void test_clone_fresh_identity(void **state) {
  const desc_set *set = *state;
  config *a = load(set, tu_path("examples/ikev2.yaml"));
  config *b = load(set, tu_path("examples/ikev2.yaml"));
  assert_true(dirlist_make_clone(b));
  static const char *const keys[] = {"uuid.profile", "uuid.payload", "uuid.vpn", "uuid.credential"};
  for (size_t i = 0; i < 4; i++) {
    assert_true(is_v4(str_at(b, keys[i])));
    assert_string_not_equal(str_at(a, keys[i]), str_at(b, keys[i]));
    for (size_t j = 0; j < i; j++)
      assert_string_not_equal(str_at(b, keys[i]), str_at(b, keys[j]));
  }
  assert_string_equal(str_at(b, "name"), "Watch IKEv2 (copy)");
  assert_string_equal(str_at(b, "identifier"), "com.example.vpn.watch.copy");
  /* everything else is the same */
  assert_string_equal(str_at(b, "server"), str_at(a, "server"));
  assert_true(val_equal(val_get_path(a->root, "apps"), val_get_path(b->root, "apps")));
  /* the copy is still a valid configuration of the same type */
  diag_list d = DIAG_LIST_INIT;
  size_t len;
  char *text = config_to_yaml(b, &len);
  config *c = config_load_text(set, text, len, "copy.yaml", &d);
  assert_non_null(c);
  assert_int_equal(diag_count(&d, DIAG_ERROR), 0);
  config_free(c);
  free(text);
  diag_list_free(&d);
  config_free(a);
  config_free(b);
}

static void test_clone_without_name_or_identifier(void **state) {
  config *c = config_new(*state, desc_set_find(*state, "ikev2"));
  assert_true(dirlist_make_clone(c));
  assert_string_equal(str_at(c, "name"), "configuration (copy)");
  /* an empty identifier follows the name, as everywhere (model_set) */
  assert_string_equal(str_at(c, "identifier"), "com.example.vpn.configuration-copy");
  assert_true(is_v4(str_at(c, "uuid.vpn")));
  config_free(c);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_path),
      cmocka_unit_test(test_write_exact_and_private),
      cmocka_unit_test(test_write_without_path),
      cmocka_unit_test(test_write_failure_reported),
      cmocka_unit_test(test_load),
      cmocka_unit_test(test_load_unusable),
      cmocka_unit_test(test_discard),
      cmocka_unit_test(test_signal_interrupts_read),
      cmocka_unit_test(test_idle_mark),
      cmocka_unit_test(test_clone_fresh_identity),
      cmocka_unit_test(test_clone_without_name_or_identifier),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
