/* The floor for export speed: raw libyaml parse + libplist build + XML write,
 * with no descriptors, no validation, no model. Converts any YAML mapping to a
 * plist dictionary of the same shape (scalars as strings).
 *
 * usage: raw_floor IN.yaml OUT.plist [binary]
 */
#include <plist/plist.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

static plist_t build(yaml_parser_t *p, yaml_event_t *first);

static plist_t build_seq(yaml_parser_t *p) {
  plist_t arr = plist_new_array();
  for (;;) {
    yaml_event_t ev;
    if (!yaml_parser_parse(p, &ev))
      exit(1);
    if (ev.type == YAML_SEQUENCE_END_EVENT) {
      yaml_event_delete(&ev);
      return arr;
    }
    plist_array_append_item(arr, build(p, &ev));
  }
}

static plist_t build_map(yaml_parser_t *p) {
  plist_t dict = plist_new_dict();
  for (;;) {
    yaml_event_t key;
    if (!yaml_parser_parse(p, &key))
      exit(1);
    if (key.type == YAML_MAPPING_END_EVENT) {
      yaml_event_delete(&key);
      return dict;
    }
    char *k = strdup((char *)key.data.scalar.value);
    yaml_event_delete(&key);
    yaml_event_t ev;
    if (!yaml_parser_parse(p, &ev))
      exit(1);
    plist_dict_set_item(dict, k, build(p, &ev));
    free(k);
  }
}

static plist_t build(yaml_parser_t *p, yaml_event_t *ev) {
  plist_t out;
  if (ev->type == YAML_SCALAR_EVENT)
    out = plist_new_string((char *)ev->data.scalar.value);
  else if (ev->type == YAML_SEQUENCE_START_EVENT)
    out = build_seq(p);
  else if (ev->type == YAML_MAPPING_START_EVENT)
    out = build_map(p);
  else
    exit(1);
  yaml_event_delete(ev);
  return out;
}

int main(int argc, char **argv) {
  if (argc != 3 && !(argc == 4 && !strcmp(argv[3], "binary"))) {
    fputs("usage: raw_floor IN.yaml OUT.plist [binary]\n", stderr);
    return 2;
  }
  FILE *in = fopen(argv[1], "rb");
  if (!in)
    return 3;
  yaml_parser_t p;
  yaml_parser_initialize(&p);
  yaml_parser_set_input_file(&p, in);
  plist_t root = NULL;
  for (;;) {
    yaml_event_t ev;
    if (!yaml_parser_parse(&p, &ev))
      return 1;
    if (ev.type == YAML_STREAM_END_EVENT) {
      yaml_event_delete(&ev);
      break;
    }
    if (ev.type == YAML_MAPPING_START_EVENT && !root) {
      yaml_event_delete(&ev);
      root = build_map(&p);
      continue;
    }
    yaml_event_delete(&ev);
  }
  yaml_parser_delete(&p);
  fclose(in);
  char *xml = NULL;
  uint32_t len = 0;
  /* a third argument "binary": libplist's own binary writer, for comparison */
  if (argc > 3 && !strcmp(argv[3], "binary"))
    plist_to_bin(root, &xml, &len);
  else
    plist_to_xml(root, &xml, &len);
  FILE *out = fopen(argv[2], "wb");
  if (!out || fwrite(xml, 1, len, out) != len)
    return 3;
  fclose(out);
  free(xml);
  plist_free(root);
  return 0;
}
