#include "core/uuid.h"

#include <stdio.h>

bool uuid_make_v4(char out[UUID_STR_LEN]) {
  unsigned char b[16];
  FILE *f = fopen("/dev/urandom", "rb");
  if (!f)
    return false;
  size_t n = fread(b, 1, sizeof b, f);
  fclose(f);
  if (n != sizeof b)
    return false;
  b[6] = (unsigned char)((b[6] & 0x0F) | 0x40); /* version 4 */
  b[8] = (unsigned char)((b[8] & 0x3F) | 0x80); /* RFC 4122 variant */
  snprintf(out, UUID_STR_LEN,
           "%02X%02X%02X%02X-%02X%02X-%02X%02X-%02X%02X-%02X%02X%02X%02X%02X%02X", b[0], b[1], b[2],
           b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]);
  return true;
}
