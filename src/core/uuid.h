/* UUIDs for profiles: random (v4) ones made once by `new`, never changed. */
#ifndef APPVPN_CORE_UUID_H
#define APPVPN_CORE_UUID_H
#include <stdbool.h>

#define UUID_STR_LEN 37 /* 36 characters + NUL */

/* A random version-4 UUID in upper case ("6F1E…"), from /dev/urandom.
 * Returns false when no randomness could be read. */
bool uuid_make_v4(char out[UUID_STR_LEN]);

#endif
