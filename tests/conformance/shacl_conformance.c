// SPDX-License-Identifier: EUPL-1.2
/*
 * The W3C SHACL test suite runner, written on hdcat's own rdf, graph and
 * shacl code. It walks the manifests (mf:include, mf:entries), runs every
 * sht:Validate entry and scores it at two levels:
 *  - partial: the report's sh:conforms equals the expected one;
 *  - full: the report, normalised as the suite describes, is isomorphic to
 *    the expected report (blank-node isomorphism).
 * A test passes when it passes in full. Known failures are listed in an
 * .xfail file (one test per line, relative to the suite root, e.g.
 * "sparql/node/sparql-001"); a listed test that passes is an error too, so
 * the list can only shrink.
 *
 * Usage: shacl_conformance [--xfail FILE] [--verbose] [--only SUBSTRING]
 *                          MANIFEST
 * Exit: 0 all as expected, 1 unexpected results, 2 usage or unreadable
 * suite, 77 suite absent (ctest's skip code).
 */
#include "hdcat/core.h"
#include "hdcat/graph.h"
#include "hdcat/rdf.h"
#include "hdcat/shacl.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define NS_MF "http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#"
#define NS_SHT "http://www.w3.org/ns/shacl-test#"

typedef struct vocab
{
  const hdc_term *rdf_type, *rdf_first, *rdf_rest, *rdf_nil;
  const hdc_term *mf_include, *mf_entries, *mf_action, *mf_result, *mf_status;
  const hdc_term *sht_validate, *sht_data, *sht_shapes, *sht_failure,
    *sht_approved;
  const hdc_term *sh_report, *sh_result_t, *sh_conforms, *sh_result, *sh_focus,
    *sh_path, *sh_severity, *sh_constraint, *sh_component, *sh_shape, *sh_value,
    *sh_message;
} vocab;

typedef struct counts
{
  unsigned run, full, partial, xfail, unexpected;
} counts;

typedef struct runner
{
  char        root_dir[PATH_MAX]; /* directory of the root manifest, with '/' */
  char      **xfail;
  size_t      n_xfail;
  bool       *xfail_seen;
  bool        verbose;
  const char *only;
  counts      core, sparql, other;
} runner;

static bool
init_vocab(hdc_world *w, vocab *v)
{
#define I(field, iri)                                                          \
  v->field = hdc_world_iri(w, HDC_STR(iri));                                   \
  if (!v->field)                                                               \
    return false;
  I(rdf_type, HDC_NS_RDF "type")
  I(rdf_first, HDC_NS_RDF "first")
  I(rdf_rest, HDC_NS_RDF "rest")
  I(rdf_nil, HDC_NS_RDF "nil")
  I(mf_include, NS_MF "include")
  I(mf_entries, NS_MF "entries")
  I(mf_action, NS_MF "action")
  I(mf_result, NS_MF "result")
  I(mf_status, NS_MF "status")
  I(sht_validate, NS_SHT "Validate")
  I(sht_data, NS_SHT "dataGraph")
  I(sht_shapes, NS_SHT "shapesGraph")
  I(sht_failure, NS_SHT "Failure")
  I(sht_approved, NS_SHT "approved")
  I(sh_report, HDC_NS_SH "ValidationReport")
  I(sh_result_t, HDC_NS_SH "ValidationResult")
  I(sh_conforms, HDC_NS_SH "conforms")
  I(sh_result, HDC_NS_SH "result")
  I(sh_focus, HDC_NS_SH "focusNode")
  I(sh_path, HDC_NS_SH "resultPath")
  I(sh_severity, HDC_NS_SH "resultSeverity")
  I(sh_constraint, HDC_NS_SH "sourceConstraint")
  I(sh_component, HDC_NS_SH "sourceConstraintComponent")
  I(sh_shape, HDC_NS_SH "sourceShape")
  I(sh_value, HDC_NS_SH "value")
  I(sh_message, HDC_NS_SH "resultMessage")
#undef I
  return true;
}

/* file:///a/b.ttl -> /a/b.ttl */
static bool
iri_to_path(const hdc_term *iri, char *out, size_t cap)
{
  hdc_str s   = hdc_term_text(iri);
  hdc_str pre = HDC_STR("file://");
  if (!hdc_term_is_iri(iri) || !hdc_str_has_prefix(s, pre))
    return false;
  if (s.len - pre.len + 1 > cap)
    return false;
  memcpy(out, s.ptr + pre.len, s.len - pre.len);
  out[s.len - pre.len] = '\0';
  return true;
}

static hdc_status
parse(const char *path, hdc_graph *g, hdc_error *err)
{
  char           base[PATH_MAX + 8];
  hdc_parse_opts o;
  snprintf(base, sizeof base, "file://%s", path);
  memset(&o, 0, sizeof o);
  o.format   = HDC_FORMAT_TURTLE;
  o.base_iri = base;
  o.source   = path;
  return hdc_rdf_parse_file(path, &o, g, err);
}

/* ------------------------------------------------------------------------ */
/* Report normalisation (see the suite's description)                       */

/* Copy the tree under node (blank nodes cloned at each use). */
static bool
copy_tree(const hdc_graph *src,
          hdc_graph       *dst,
          const hdc_term  *node,
          const hdc_term **copy,
          int              depth)
{
  hdc_iter          it;
  const hdc_triple *t;
  const hdc_term   *n;
  if (!hdc_term_is_blank(node)) {
    *copy = node;
    return true;
  }
  if (depth > 64)
    return false;
  n = hdc_world_blank_fresh(hdc_graph_world(dst));
  if (!n)
    return false;
  hdc_graph_match(src, node, NULL, NULL, &it);
  while ((t = hdc_iter_next(&it))) {
    const hdc_term *o;
    if (!copy_tree(src, dst, t->o, &o, depth + 1))
      return false;
    if (hdc_graph_add(dst, n, t->p, o) > HDC_FAILURE)
      return false;
  }
  *copy = n;
  return true;
}

static bool
kept_predicate(const vocab *v, const hdc_term *p)
{
  return p == v->sh_focus || p == v->sh_severity || p == v->sh_constraint ||
         p == v->sh_component || p == v->sh_shape || p == v->sh_value;
}

/*
 * Add to out the normalised report rooted at report in src. Messages are
 * kept only when `messages` (the expected graph, or NULL to keep all) holds
 * the same literal.
 */
static bool
normalise(const vocab     *v,
          const hdc_graph *src,
          const hdc_term  *report,
          const hdc_graph *messages,
          hdc_graph       *out)
{
  hdc_iter          it;
  const hdc_triple *t;
  hdc_world        *w = hdc_graph_world(out);
  const hdc_term   *r = hdc_world_blank_fresh(w);

  if (!r)
    return false;
  if (hdc_graph_add(out, r, v->rdf_type, v->sh_report) > HDC_FAILURE)
    return false;
  hdc_graph_match(src, report, v->sh_conforms, NULL, &it);
  while ((t = hdc_iter_next(&it)))
    if (hdc_graph_add(out, r, v->sh_conforms, t->o) > HDC_FAILURE)
      return false;
  hdc_graph_match(src, report, v->sh_result, NULL, &it);
  while ((t = hdc_iter_next(&it))) {
    hdc_iter          ri;
    const hdc_triple *rt;
    const hdc_term   *res = hdc_world_blank_fresh(w);
    if (!res)
      return false;
    if (hdc_graph_add(out, r, v->sh_result, res) > HDC_FAILURE)
      return false;
    if (hdc_graph_add(out, res, v->rdf_type, v->sh_result_t) > HDC_FAILURE)
      return false;
    hdc_graph_match(src, t->o, NULL, NULL, &ri);
    while ((rt = hdc_iter_next(&ri))) {
      const hdc_term *o = rt->o;
      if (rt->p == v->sh_path) {
        if (!copy_tree(src, out, rt->o, &o, 0))
          return false;
      } else if (rt->p == v->sh_message) {
        if (messages && !hdc_graph_count(messages, NULL, v->sh_message, rt->o))
          continue;
      } else if (!kept_predicate(v, rt->p)) {
        continue;
      }
      if (hdc_graph_add(out, res, rt->p, o) > HDC_FAILURE)
        return false;
    }
  }
  return true;
}

static bool
conforms_value(const hdc_graph *g,
               const vocab     *v,
               const hdc_term  *report,
               bool            *value)
{
  const hdc_term *c = hdc_graph_object(g, report, v->sh_conforms);
  hdc_str         s;
  if (!hdc_term_is_literal(c))
    return false;
  s      = hdc_term_text(c);
  *value = hdc_str_eq_z(s, "true") || hdc_str_eq_z(s, "1");
  return true;
}

/* ------------------------------------------------------------------------ */
/* Tests                                                                    */

static bool
xfail_listed(runner *rn, const char *name)
{
  for (size_t i = 0; i < rn->n_xfail; i++) {
    if (strcmp(rn->xfail[i], name) == 0) {
      rn->xfail_seen[i] = true;
      return true;
    }
  }
  return false;
}

/* The test's name relative to the suite root: "core/node/class-001". */
static void
test_name(const runner *rn, const hdc_term *test, char *out, size_t cap)
{
  char   path[PATH_MAX];
  size_t n = strlen(rn->root_dir);
  if (iri_to_path(test, path, sizeof path) &&
      strncmp(path, rn->root_dir, n) == 0)
    snprintf(out, cap, "%s", path + n);
  else
    snprintf(out, cap, "%s", hdc_term_text(test).ptr);
}

static counts *
bucket(runner *rn, const char *name)
{
  if (strncmp(name, "core/", 5) == 0)
    return &rn->core;
  if (strncmp(name, "sparql/", 7) == 0)
    return &rn->sparql;
  return &rn->other;
}

/* Load graph for IRI, reusing the manifest's graph when it is that file. */
static hdc_graph *
load_graph(hdc_world      *w,
           const hdc_term *iri,
           const hdc_term *file_iri,
           hdc_graph      *manifest,
           hdc_graph     **owned,
           hdc_error      *err)
{
  char path[PATH_MAX];
  *owned = NULL;
  if (iri == file_iri)
    return manifest;
  if (!iri_to_path(iri, path, sizeof path)) {
    hdc_error_set(err,
                  HDC_ERR_INVALID_ARG,
                  NULL,
                  0,
                  0,
                  "not a file IRI: %s",
                  hdc_term_text(iri).ptr);
    return NULL;
  }
  *owned = hdc_graph_new(w);
  if (!*owned)
    return NULL;
  if (parse(path, *owned, err)) {
    hdc_graph_free(*owned);
    *owned = NULL;
    return NULL;
  }
  return *owned;
}

static void
run_test(runner         *rn,
         const vocab    *v,
         hdc_world      *w,
         hdc_graph      *manifest,
         const hdc_term *file_iri,
         const hdc_term *test)
{
  char              name[PATH_MAX];
  const hdc_term   *action, *result, *data_iri, *shapes_iri;
  hdc_graph        *data_owned = NULL, *shapes_owned = NULL, *data, *shapes;
  hdc_graph        *actual = NULL, *norm_actual = NULL, *norm_expected = NULL;
  hdc_shacl_plan   *plan   = NULL;
  hdc_shacl_report *report = NULL;
  hdc_error         err;
  hdc_status        st;
  bool              partial = false, full = false, listed;
  const char       *why = "";
  char              whybuf[1200];
  counts           *cnt;

  test_name(rn, test, name, sizeof name);
  if (rn->only && !strstr(name, rn->only))
    return;
  if (!hdc_graph_contains(manifest, test, v->rdf_type, v->sht_validate))
    return;
  if (!hdc_graph_contains(manifest, test, v->mf_status, v->sht_approved))
    return;
  hdc_error_clear(&err);
  cnt = bucket(rn, name);
  cnt->run++;

  action   = hdc_graph_object(manifest, test, v->mf_action);
  result   = hdc_graph_object(manifest, test, v->mf_result);
  data_iri = action ? hdc_graph_object(manifest, action, v->sht_data) : NULL;
  shapes_iri =
    action ? hdc_graph_object(manifest, action, v->sht_shapes) : NULL;
  if (!data_iri || !shapes_iri || !result) {
    why = "malformed test entry";
    goto done;
  }
  data = load_graph(w, data_iri, file_iri, manifest, &data_owned, &err);
  if (!data) {
    why = "data graph does not load";
    goto done;
  }
  if (shapes_iri == data_iri) {
    shapes = data;
  } else {
    shapes = load_graph(w, shapes_iri, file_iri, manifest, &shapes_owned, &err);
    if (!shapes) {
      why = "shapes graph does not load";
      goto done;
    }
  }

  st = hdc_shacl_plan_compile(shapes, NULL, &plan, &err);
  if (!st)
    st = hdc_shacl_validate(plan, data, NULL, &report, &err);
  if (result == v->sht_failure) {
    /* A refusal counts, but not the refusal to run SHACL-SPARQL at all. */
    full = partial = st != HDC_OK && st != HDC_ERR_UNSUPPORTED;
    if (!full)
      why = st ? err.message : "no failure signalled";
    goto done;
  }
  if (st) {
    snprintf(whybuf, sizeof whybuf, "%s: %s", hdc_strerror(st), err.message);
    why = whybuf;
    goto done;
  }
  {
    bool expected_conforms;
    if (!conforms_value(manifest, v, result, &expected_conforms)) {
      why = "expected report has no sh:conforms";
      goto done;
    }
    partial = expected_conforms == hdc_shacl_report_conforms(report);
  }
  actual        = hdc_graph_new(w);
  norm_actual   = hdc_graph_new(w);
  norm_expected = hdc_graph_new(w);
  if (!actual || !norm_actual || !norm_expected) {
    why = "out of memory";
    goto done;
  }
  if (hdc_shacl_report_to_graph(report, shapes, actual, &err)) {
    why = "cannot build the report graph";
    goto done;
  }
  {
    const hdc_term   *root = NULL;
    hdc_iter          it;
    const hdc_triple *t;
    hdc_graph_match(actual, NULL, v->rdf_type, v->sh_report, &it);
    if ((t = hdc_iter_next(&it)))
      root = t->s;
    if (!root || !normalise(v, manifest, result, NULL, norm_expected) ||
        !normalise(v, actual, root, norm_expected, norm_actual)) {
      why = "cannot normalise the reports";
      goto done;
    }
  }
  full = partial && hdc_graph_isomorphic(norm_actual, norm_expected);
  if (!full) {
    snprintf(whybuf,
             sizeof whybuf,
             "%s: %zu results, expected report has %zu triples, actual %zu",
             partial ? "report differs" : "sh:conforms differs",
             hdc_shacl_report_count(report),
             hdc_graph_size(norm_expected),
             hdc_graph_size(norm_actual));
    why = whybuf;
    if (rn->verbose) {
      fprintf(stderr, "--- expected (%s)\n", name);
      hdc_rdf_write(norm_expected,
                    HDC_FORMAT_NTRIPLES,
                    &(hdc_write_opts){ .sorted = true },
                    hdc_sink_file,
                    stderr,
                    NULL);
      fprintf(stderr, "--- actual\n");
      hdc_rdf_write(norm_actual,
                    HDC_FORMAT_NTRIPLES,
                    &(hdc_write_opts){ .sorted = true },
                    hdc_sink_file,
                    stderr,
                    NULL);
    }
  }
done:
  listed = xfail_listed(rn, name);
  if (partial)
    cnt->partial++;
  if (full)
    cnt->full++;
  if (full && listed) {
    cnt->unexpected++;
    printf("XPASS %s (remove it from the xfail list)\n", name);
  } else if (!full && listed) {
    cnt->xfail++;
    if (rn->verbose)
      printf("xfail %s: %s\n", name, why);
  } else if (!full) {
    cnt->unexpected++;
    printf("FAIL  %s: %s\n", name, why);
  } else if (rn->verbose) {
    printf("pass  %s\n", name);
  }
  hdc_shacl_report_free(report);
  hdc_shacl_plan_free(plan);
  hdc_graph_free(actual);
  hdc_graph_free(norm_actual);
  hdc_graph_free(norm_expected);
  hdc_graph_free(data_owned);
  hdc_graph_free(shapes_owned);
}

/* Run one manifest file: its entries, then its includes. */
static int
run_manifest(runner *rn, const char *path, int depth)
{
  hdc_world        *w = NULL;
  hdc_graph        *g = NULL;
  vocab             v;
  hdc_error         err;
  char              iri[PATH_MAX + 8];
  const hdc_term   *file_iri, *list;
  hdc_iter          it;
  const hdc_triple *t;
  int               rc         = 0;
  char            **includes   = NULL;
  size_t            n_includes = 0;

  if (depth > 16) {
    fprintf(stderr, "%s: manifests include each other too deeply\n", path);
    return 2;
  }
  hdc_error_clear(&err);
  w = hdc_world_new();
  g = w ? hdc_graph_new(w) : NULL;
  if (!g || !init_vocab(w, &v)) {
    fprintf(stderr, "out of memory\n");
    rc = 2;
    goto done;
  }
  if (parse(path, g, &err)) {
    char msg[2048];
    fprintf(stderr, "%s\n", hdc_error_format(&err, msg, sizeof msg));
    rc = 2;
    goto done;
  }
  snprintf(iri, sizeof iri, "file://%s", path);
  file_iri = hdc_world_iri(w, hdc_str_from(iri));
  if (!file_iri) {
    rc = 2;
    goto done;
  }

  /* Entries: an RDF list of tests. */
  list = hdc_graph_object(g, file_iri, v.mf_entries);
  for (int n = 0; list && list != v.rdf_nil && n < 100000; n++) {
    const hdc_term *test = hdc_graph_object(g, list, v.rdf_first);
    if (test)
      run_test(rn, &v, w, g, file_iri, test);
    list = hdc_graph_object(g, list, v.rdf_rest);
  }
  /* Includes, collected first: the world is freed before recursing so that
   * only one test file's terms are alive at a time. */
  n_includes = hdc_graph_count(g, file_iri, v.mf_include, NULL);
  if (n_includes) {
    size_t k = 0;
    includes = calloc(n_includes, sizeof *includes);
    if (!includes) {
      rc = 2;
      goto done;
    }
    hdc_graph_match(g, file_iri, v.mf_include, NULL, &it);
    while ((t = hdc_iter_next(&it)) && k < n_includes) {
      char sub[PATH_MAX];
      if (!iri_to_path(t->o, sub, sizeof sub))
        continue;
      includes[k++] = strdup(sub);
    }
    n_includes = k;
  }
  hdc_graph_free(g);
  g = NULL;
  hdc_world_free(w);
  w = NULL;
  /* Sort for a stable order of output. */
  for (size_t i = 1; i < n_includes; i++)
    for (size_t j = i; j > 0 && includes[j] && includes[j - 1] &&
                       strcmp(includes[j - 1], includes[j]) > 0;
         j--) {
      char *tmp       = includes[j];
      includes[j]     = includes[j - 1];
      includes[j - 1] = tmp;
    }
  for (size_t i = 0; i < n_includes && rc == 0; i++)
    if (includes[i])
      rc = run_manifest(rn, includes[i], depth + 1);
done:
  for (size_t i = 0; i < n_includes; i++)
    free(includes[i]);
  free(includes);
  hdc_graph_free(g);
  hdc_world_free(w);
  return rc;
}

/* Remove "." and ".." segments from an absolute path, in place, as IRI
 * resolution does: test names are then the same however the suite's path
 * was spelled. */
static void
normalise_path(char *path)
{
  char  *segs[512];
  size_t n = 0;
  char   out[PATH_MAX];
  size_t len  = 0;
  char  *save = NULL;
  for (char *tok = strtok_r(path, "/", &save); tok && n < 512;
       tok       = strtok_r(NULL, "/", &save)) {
    if (strcmp(tok, ".") == 0)
      continue;
    if (strcmp(tok, "..") == 0) {
      if (n)
        n--;
      continue;
    }
    segs[n++] = tok;
  }
  out[0] = '\0';
  for (size_t i = 0; i < n; i++) {
    size_t k = strlen(segs[i]);
    if (len + k + 2 >= sizeof out)
      break;
    out[len++] = '/';
    memcpy(out + len, segs[i], k);
    len += k;
    out[len] = '\0';
  }
  memcpy(path, out, len + 1);
}

static bool
load_xfail(runner *rn, const char *path)
{
  FILE *f = fopen(path, "r");
  char  line[1024];
  if (!f)
    return false;
  while (fgets(line, sizeof line, f)) {
    size_t n = strcspn(line, "\r\n");
    char **arr;
    line[n] = '\0';
    while (n && (line[n - 1] == ' ' || line[n - 1] == '\t'))
      line[--n] = '\0';
    if (!n || line[0] == '#')
      continue;
    arr = realloc(rn->xfail, (rn->n_xfail + 1) * sizeof *arr);
    if (!arr) {
      fclose(f);
      return false;
    }
    rn->xfail                = arr;
    rn->xfail[rn->n_xfail++] = strdup(line);
  }
  fclose(f);
  rn->xfail_seen = calloc(rn->n_xfail + 1, sizeof *rn->xfail_seen);
  return rn->xfail_seen != NULL;
}

static void
print_counts(const char *what, const counts *c)
{
  if (!c->run)
    return;
  printf("%-7s %3u tests: %3u full, %3u partial (sh:conforms), %u expected "
         "failures, %u unexpected\n",
         what,
         c->run,
         c->full,
         c->partial,
         c->xfail,
         c->unexpected);
}

int
main(int argc, char **argv)
{
  runner      rn;
  const char *manifest = NULL, *xfail = NULL;
  char        abs[PATH_MAX];
  int         rc;
  unsigned    unexpected;

  memset(&rn, 0, sizeof rn);
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--xfail") == 0 && i + 1 < argc)
      xfail = argv[++i];
    else if (strcmp(argv[i], "--only") == 0 && i + 1 < argc)
      rn.only = argv[++i];
    else if (strcmp(argv[i], "--verbose") == 0 || strcmp(argv[i], "-v") == 0)
      rn.verbose = true;
    else if (argv[i][0] == '-') {
      fprintf(stderr,
              "usage: %s [--xfail FILE] [--verbose] [--only TEXT] "
              "MANIFEST\n",
              argv[0]);
      return 2;
    } else
      manifest = argv[i];
  }
  if (!manifest) {
    fprintf(stderr, "usage: %s [--xfail FILE] [--verbose] MANIFEST\n", argv[0]);
    return 2;
  }
  {
    FILE *probe = fopen(manifest, "r");
    if (!probe) {
      printf("SHACL test suite not found (%s): skipped\n", manifest);
      return 77;
    }
    fclose(probe);
  }
  /* File IRIs need an absolute path. */
  if (manifest[0] == '/') {
    snprintf(abs, sizeof abs, "%s", manifest);
  } else {
    char cwd[PATH_MAX];
    int  n;
    if (!getcwd(cwd, sizeof cwd))
      return 2;
    n = snprintf(abs, sizeof abs, "%s/%s", cwd, manifest);
    if (n < 0 || (size_t)n >= sizeof abs)
      return 2;
  }
  normalise_path(abs);
  snprintf(rn.root_dir, sizeof rn.root_dir, "%s", abs);
  {
    char *slash = strrchr(rn.root_dir, '/');
    if (slash)
      slash[1] = '\0';
  }
  if (xfail && !load_xfail(&rn, xfail)) {
    fprintf(stderr, "%s: cannot read the xfail list\n", xfail);
    return 2;
  }
  rc = run_manifest(&rn, abs, 0);
  print_counts("core", &rn.core);
  print_counts("sparql", &rn.sparql);
  print_counts("other", &rn.other);
  unexpected = rn.core.unexpected + rn.sparql.unexpected + rn.other.unexpected;
  for (size_t i = 0; i < rn.n_xfail; i++) {
    if (!rn.xfail_seen[i] && !rn.only) {
      printf("STALE %s is in the xfail list but is not a test\n", rn.xfail[i]);
      unexpected++;
    }
    free(rn.xfail[i]);
  }
  free(rn.xfail);
  free(rn.xfail_seen);
  if (rc)
    return rc;
  return unexpected ? 1 : 0;
}
