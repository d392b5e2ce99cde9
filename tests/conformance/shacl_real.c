// SPDX-License-Identifier: EUPL-1.2
/*
 * hdcat against an independent SHACL engine on real catalogue files.
 *
 * real-expected/<fixture>.tsv holds what Apache Jena's SHACL engine reports
 * for each real file of the shared fixtures, validated with the shipped
 * vocabularies against the HealthDCAT-AP Release 8 PUBLIC shape set
 * (recorded by jena_compare.py, which documents the line format). This
 * program validates the same files with the same shapes through hdcat's
 * engine and checks that both list the same results, focus node by focus
 * node and constraint by constraint (a multiset comparison of the lines).
 *
 * Usage: shacl_real SCHEMAS_DIR FIXTURES_DIR EXPECTED_DIR [NAME...]
 * Exit: 0 all agree, 1 some differ, 2 usage or setup error, 77 fixtures
 * absent (skipped).
 */
#include "hdcat/core.h"
#include "hdcat/graph.h"
#include "hdcat/rdf.h"
#include "hdcat/shacl.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void
put_canon(hdc_buf *b, const hdc_term *t)
{
  hdc_str s;
  if (!t) {
    hdc_buf_putc(b, '-');
    return;
  }
  s = hdc_term_text(t);
  if (hdc_term_is_blank(t)) {
    hdc_buf_puts(b, "_:");
  } else if (hdc_term_is_iri(t)) {
    hdc_buf_putc(b, '<');
    hdc_buf_put_str(b, s);
    hdc_buf_putc(b, '>');
  } else {
    const hdc_term *dt = hdc_term_datatype(t);
    hdc_buf_putc(b, '"');
    for (size_t i = 0; i < s.len; i++) {
      switch (s.ptr[i]) {
        case '\\': hdc_buf_puts(b, "\\\\"); break;
        case '"': hdc_buf_puts(b, "\\\""); break;
        case '\n': hdc_buf_puts(b, "\\n"); break;
        case '\r': hdc_buf_puts(b, "\\r"); break;
        case '\t': hdc_buf_puts(b, "\\t"); break;
        default: hdc_buf_putc(b, s.ptr[i]);
      }
    }
    hdc_buf_putc(b, '"');
    if (hdc_term_lang(t).len) {
      hdc_buf_putc(b, '@');
      hdc_buf_put_str(b, hdc_term_lang(t));
    } else if (dt && !hdc_str_eq_z(hdc_term_text(dt), HDC_NS_XSD "string")) {
      hdc_buf_puts(b, "^^<");
      hdc_buf_put_str(b, hdc_term_text(dt));
      hdc_buf_putc(b, '>');
    }
  }
}

static int
cmp_str(const void *a, const void *b)
{
  return strcmp(*(char *const *)a, *(char *const *)b);
}

typedef struct lines
{
  char **v;
  size_t n, cap;
} lines;

static bool
lines_push(lines *l, const char *s, size_t len)
{
  if (l->n == l->cap) {
    size_t n = l->cap ? l->cap * 2 : 64;
    char **v = realloc(l->v, n * sizeof *v);
    if (!v)
      return false;
    l->v   = v;
    l->cap = n;
  }
  l->v[l->n] = malloc(len + 1);
  if (!l->v[l->n])
    return false;
  memcpy(l->v[l->n], s, len);
  l->v[l->n][len] = '\0';
  l->n++;
  return true;
}

static void
lines_free(lines *l)
{
  for (size_t i = 0; i < l->n; i++)
    free(l->v[i]);
  free(l->v);
  memset(l, 0, sizeof *l);
}

static bool
read_lines(const char *path, lines *out)
{
  FILE   *f    = fopen(path, "r");
  char   *line = NULL;
  size_t  cap  = 0;
  ssize_t n;
  if (!f)
    return false;
  while ((n = getline(&line, &cap, f)) > 0) {
    while (n && (line[n - 1] == '\n' || line[n - 1] == '\r'))
      n--;
    if (n && !lines_push(out, line, (size_t)n))
      break;
  }
  free(line);
  fclose(f);
  return true;
}

typedef struct subjects
{
  hdc_graph      *g;
  const hdc_term *mark;
} subjects;

static bool
is_subject(void *ctx, const hdc_term *t)
{
  subjects *s = ctx;
  return hdc_graph_contains(s->g, t, s->mark, s->mark);
}

/* 0 agree, 1 differ, 2 could not run. */
static int
check_file(const hdc_shacl_profile *profile,
           hdc_world               *w,
           const char              *fixtures,
           const char              *expected_dir,
           const char              *name)
{
  char                    path[4096], exp_path[4096];
  hdc_graph              *data = hdc_graph_new(w);
  hdc_shacl_report       *r    = NULL;
  hdc_shacl_validate_opts vo;
  hdc_parse_opts          po;
  subjects                subj = { NULL, NULL };
  hdc_error               err;
  lines                   got = { 0 }, want = { 0 };
  hdc_buf                 b  = HDC_BUF_INIT;
  int                     rc = 2;
  size_t                  n0, i, j, missing = 0, extra = 0;

  hdc_error_clear(&err);
  snprintf(path, sizeof path, "%s/%s", fixtures, name);
  snprintf(exp_path, sizeof exp_path, "%s/%s.tsv", expected_dir, name);
  if (!data || !read_lines(exp_path, &want))
    goto done;
  memset(&po, 0, sizeof po);
  /* The base jena_compare.py gave rapper. */
  po.base_iri = "http://hdcat.invalid/doc/";
  if (hdc_rdf_parse_file(path, &po, data, &err)) {
    printf("skip  %s: hdcat does not parse it (%s)\n", name, err.message);
    rc = 0;
    goto done;
  }
  n0        = hdc_graph_size(data);
  subj.g    = hdc_graph_new(w);
  subj.mark = hdc_world_iri(w, HDC_STR("urn:hdcat:test:subject"));
  if (!subj.g || !subj.mark)
    goto done;
  for (i = 0; i < n0; i++)
    hdc_graph_add(subj.g, hdc_graph_triples(data)[i].s, subj.mark, subj.mark);
  if (hdc_graph_add_graph(data, hdc_shacl_profile_vocabularies(profile)) >
      HDC_FAILURE)
    goto done;
  memset(&vo, 0, sizeof vo);
  vo.focus_filter = is_subject;
  vo.focus_ctx    = &subj;
  if (hdc_shacl_validate(
        hdc_shacl_profile_plan(profile, "PUBLIC"), data, &vo, &r, &err)) {
    printf("FAIL  %s: %s\n", name, err.message);
    rc = 1;
    goto done;
  }
  for (i = 0; i < hdc_shacl_report_count(r); i++) {
    const hdc_shacl_result *res = hdc_shacl_report_get(r, i);
    hdc_buf_reset(&b);
    put_canon(&b, res->focus);
    hdc_buf_putc(&b, '\t');
    put_canon(&b, res->path);
    hdc_buf_putc(&b, '\t');
    put_canon(&b, res->value);
    hdc_buf_putc(&b, '\t');
    put_canon(&b, res->shape);
    hdc_buf_printf(&b, "\tsh:%s\t", hdc_shacl_component_name(res->component));
    put_canon(&b, res->severity);
    if (hdc_buf_status(&b) || !lines_push(&got, b.ptr, b.len))
      goto done;
  }
  if (got.n > 1)
    qsort(got.v, got.n, sizeof *got.v, cmp_str);
  if (want.n > 1)
    qsort(want.v, want.n, sizeof *want.v, cmp_str);
  /* Merge the two sorted lists, reporting each side's extra lines. */
  for (i = 0, j = 0; i < got.n || j < want.n;) {
    int c = i == got.n ? 1 : j == want.n ? -1 : strcmp(got.v[i], want.v[j]);
    if (c == 0) {
      i++;
      j++;
      continue;
    }
    if (c < 0) {
      if (extra++ < 5)
        printf("  only hdcat: %s\n", got.v[i]);
      i++;
    } else {
      if (missing++ < 5)
        printf("  only jena:  %s\n", want.v[j]);
      j++;
    }
  }
  if (missing || extra) {
    printf("FAIL  %s: %zu results, independent engine %zu (%zu only hdcat, "
           "%zu only jena)\n",
           name,
           got.n,
           want.n,
           extra,
           missing);
    rc = 1;
  } else {
    printf("agree %s: %zu results\n", name, got.n);
    rc = 0;
  }
done:
  if (rc == 2)
    printf("FAIL  %s: could not run\n", name);
  hdc_buf_clear(&b);
  lines_free(&got);
  lines_free(&want);
  hdc_shacl_report_free(r);
  hdc_graph_free(subj.g);
  hdc_graph_free(data);
  return rc;
}

int
main(int argc, char **argv)
{
  hdc_world         *w       = NULL;
  hdc_shacl_profile *profile = NULL;
  hdc_error          err;
  DIR               *dir;
  struct dirent     *e;
  int                worst = 0;
  lines              names = { 0 };

  if (argc < 4) {
    fprintf(stderr,
            "usage: %s SCHEMAS_DIR FIXTURES_DIR EXPECTED_DIR [NAME...]\n",
            argv[0]);
    return 2;
  }
  dir = opendir(argv[2]);
  if (!dir) {
    printf("real fixtures not found (%s): skipped\n", argv[2]);
    return 77;
  }
  closedir(dir);
  if (argc > 4) {
    for (int i = 4; i < argc; i++)
      lines_push(&names, argv[i], strlen(argv[i]));
  } else {
    dir = opendir(argv[3]);
    if (!dir)
      return 2;
    while ((e = readdir(dir))) {
      size_t n = strlen(e->d_name);
      if (n > 4 && strcmp(e->d_name + n - 4, ".tsv") == 0)
        lines_push(&names, e->d_name, n - 4);
    }
    closedir(dir);
    if (names.n > 1)
      qsort(names.v, names.n, sizeof *names.v, cmp_str);
  }
  hdc_error_clear(&err);
  w = hdc_world_new();
  if (!w || hdc_shacl_profile_load(
              w, argv[1], HDC_SHACL_PROFILE_HEALTHDCAT_AP, &profile, &err)) {
    fprintf(stderr, "cannot load the profile: %s\n", err.message);
    lines_free(&names);
    hdc_world_free(w);
    return 2;
  }
  for (size_t i = 0; i < names.n; i++) {
    int rc = check_file(profile, w, argv[2], argv[3], names.v[i]);
    if (rc > worst)
      worst = rc;
  }
  printf("%zu files compared\n", names.n);
  lines_free(&names);
  hdc_shacl_profile_free(profile);
  hdc_world_free(w);
  return worst;
}
