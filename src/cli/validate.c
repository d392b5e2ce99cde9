// SPDX-License-Identifier: EUPL-1.2
/*
 * `hdcat validate`: check RDF descriptions against SHACL shapes.
 *
 * Without --shapes, each dataset is checked against the HealthDCAT-AP
 * profile set that matches its dct:accessRights (or the profile named by
 * --profile), using the shapes and vocabularies shipped in schemas/. With
 * --shapes, exactly the given shapes are used (a generic SHACL validator);
 * --vocab files are merged into the data for the checks but only the
 * submitted data is reported on.
 *
 * Inputs (and shapes and vocabularies) may be http(s) URLs, fetched with
 * the bounds of the harvester; a URL that cannot be fetched is unusable
 * input, like a missing file.
 *
 * Exit codes: 0 no violation (warnings and information do not fail),
 * 1 at least one violation, 2 usage error or unusable input or shapes,
 * 3 internal or I/O failure.
 */
#include "cli.h"
#include "hdcat/graph.h"
#include "hdcat/harvest.h"
#include "hdcat/rdf.h"
#include "hdcat/shacl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char validate_usage[] =
  "Usage: hdcat validate [--profile P] [--shapes F]... [--vocab F]...\n"
  "                      [--format text|json|turtle|ntriples] [--lang fr|en]\n"
  "                      [--base IRI] [--input-format F] [--schemas DIR]\n"
  "                      [--max-results N] INPUT...\n"
  "\n"
  "Check the RDF documents INPUT (files, - for standard input, or http or\n"
  "https URLs) and print a validation report on standard output. The input\n"
  "syntax comes from --input-format, else the media type the server sends,\n"
  "else the file extension, else the content; a fetched document's base\n"
  "IRI is its URL after redirects unless --base is given.\n"
  "\n"
  "  --profile P     healthdcat-ap (default: HealthDCAT-AP Release 8, the set\n"
  "                  of each dataset's dct:accessRights, with codelists),\n"
  "                  healthdcat-ap-core (without codelist checks) or "
  "dcat-ap-3\n"
  "  --shapes F      use exactly these SHACL shapes instead of a profile\n"
  "  --vocab F       vocabularies merged into the data for the checks\n"
  "  --format F      text (default), json, turtle or ntriples\n"
  "                  (turtle and ntriples print a sh:ValidationReport graph)\n"
  "  --lang L        language of the text report: fr or en (default from\n"
  "                  LANG)\n"
  "  --schemas DIR   where the shipped shapes are (default: HDCAT_SCHEMAS,\n"
  "                  else the schemas/ folder of the installation)\n"
  "  --max-results N stop after N results\n"
  "\n"
  "Exit codes: 0 no violation (warnings do not fail), 1 violations,\n"
  "2 usage error or unusable input or shapes (also a URL that cannot be\n"
  "fetched: unreachable, HTTP error, timeout, too large, too many\n"
  "redirects, not RDF), 3 internal failure.\n";

#define MAX_FILES 256

typedef struct args
{
  const char *profile, *format, *lang, *base, *in_fmt, *schemas;
  const char *shapes[MAX_FILES], *vocab[MAX_FILES], *inputs[MAX_FILES];
  size_t      n_shapes, n_vocab, n_inputs, max_results;
} args;

static const char *
option_value(int argc, char **argv, int *i, const char *name, bool *missing)
{
  size_t n = strlen(name);
  if (strncmp(argv[*i], name, n) != 0)
    return NULL;
  if (argv[*i][n] == '=')
    return argv[*i] + n + 1;
  if (argv[*i][n] != '\0')
    return NULL;
  if (*i + 1 >= argc) {
    *missing = true;
    return NULL;
  }
  return argv[++*i];
}

static bool
push(const char **list, size_t *n, const char *v)
{
  if (*n >= MAX_FILES) {
    fprintf(
      stderr, "hdcat: validate: at most %d files per option\n", MAX_FILES);
    return false;
  }
  list[(*n)++] = v;
  return true;
}

/* 0: parsed; else the exit code. */
static int
parse_args(int argc, char **argv, args *a)
{
  memset(a, 0, sizeof *a);
  a->format = "text";
  for (int i = 1; i < argc; ++i) {
    bool        missing = false;
    const char *v;
    if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
      fputs(validate_usage, stdout);
      return -1;
    } else if ((v = option_value(argc, argv, &i, "--profile", &missing))) {
      a->profile = v;
    } else if ((v = option_value(argc, argv, &i, "--shapes", &missing))) {
      if (!push(a->shapes, &a->n_shapes, v))
        return HDC_EXIT_USAGE;
    } else if ((v = option_value(argc, argv, &i, "--vocab", &missing))) {
      if (!push(a->vocab, &a->n_vocab, v))
        return HDC_EXIT_USAGE;
    } else if ((v = option_value(argc, argv, &i, "--format", &missing))) {
      a->format = v;
    } else if ((v = option_value(argc, argv, &i, "--lang", &missing))) {
      a->lang = v;
    } else if ((v = option_value(argc, argv, &i, "--base", &missing))) {
      a->base = v;
    } else if ((v = option_value(argc, argv, &i, "--input-format", &missing))) {
      a->in_fmt = v;
    } else if ((v = option_value(argc, argv, &i, "--schemas", &missing))) {
      a->schemas = v;
    } else if ((v = option_value(argc, argv, &i, "--max-results", &missing))) {
      char              *end = NULL;
      unsigned long long n   = strtoull(v, &end, 10);
      if (!*v || *end || v[0] == '-') {
        fprintf(stderr,
                "hdcat: validate: --max-results needs a number, not '%s'\n",
                v);
        return HDC_EXIT_USAGE;
      }
      a->max_results = (size_t)n;
    } else if (missing) {
      fprintf(stderr,
              "hdcat: validate: option '%s' needs a value\n%s",
              argv[i],
              validate_usage);
      return HDC_EXIT_USAGE;
    } else if (argv[i][0] == '-' && argv[i][1] != '\0') {
      fprintf(stderr,
              "hdcat: validate: unknown option '%s'\n%s",
              argv[i],
              validate_usage);
      return HDC_EXIT_USAGE;
    } else {
      if (!push(a->inputs, &a->n_inputs, argv[i]))
        return HDC_EXIT_USAGE;
    }
  }
  if (!a->n_inputs) {
    fprintf(stderr, "hdcat: validate: no INPUT given\n%s", validate_usage);
    return HDC_EXIT_USAGE;
  }
  if (strcmp(a->format, "text") && strcmp(a->format, "json") &&
      strcmp(a->format, "turtle") && strcmp(a->format, "ntriples")) {
    fprintf(stderr,
            "hdcat: validate: unknown format '%s' (text, json, turtle "
            "or ntriples)\n",
            a->format);
    return HDC_EXIT_USAGE;
  }
  if (a->profile && a->n_shapes) {
    fputs("hdcat: validate: --profile and --shapes exclude each other\n",
          stderr);
    return HDC_EXIT_USAGE;
  }
  return 0;
}

/* Parse each file into g; the first error is printed. */
static int
load_files(const char *const *files,
           size_t             n,
           const args        *a,
           const hdc_limits  *limits,
           hdc_graph         *g)
{
  for (size_t i = 0; i < n; i++) {
    hdc_parse_opts o;
    hdc_error      err;
    hdc_status     st;
    hdc_error_clear(&err);
    memset(&o, 0, sizeof o);
    o.base_iri = a->base;
    o.source   = files[i];
    o.limits   = limits;
    if (a->in_fmt) {
      o.format = hdc_format_from_name(a->in_fmt);
      if (o.format == HDC_FORMAT_UNKNOWN) {
        fprintf(
          stderr, "hdcat: validate: unknown input format '%s'\n", a->in_fmt);
        return HDC_EXIT_USAGE;
      }
    }
    if (hdc_harvest_is_url(files[i])) {
      st = hdc_harvest_fetch_rdf(NULL, files[i], NULL, &o, g, NULL, &err);
      if (st) {
        hdc_error_set(&err, st, files[i], 0, 0, "cannot fetch this URL");
        hdc_cli_print_error(&err);
        /* Unreachable or refused by the server: the user fixes the URL. */
        return st == HDC_ERR_HTTP ? HDC_EXIT_USAGE : hdc_cli_exit_code(st);
      }
      continue;
    }
    st = hdc_rdf_parse_file(files[i], &o, g, &err);
    if (st) {
      hdc_error_set(&err, st, files[i], 0, 0, "cannot read this file");
      hdc_cli_print_error(&err);
      return hdc_cli_exit_code(st);
    }
  }
  return 0;
}

typedef struct subject_filter
{
  const hdc_graph *graph;
  size_t           n_data; /* triples [0, n_data) are the submitted data */
  hdc_graph       *subjects;
  const hdc_term  *mark;
} subject_filter;

static bool
is_data_subject(void *ctx, const hdc_term *t)
{
  subject_filter *f = ctx;
  return hdc_graph_contains(f->subjects, t, f->mark, f->mark);
}

static hdc_status
write_report(const args             *a,
             const hdc_shacl_report *r,
             const hdc_graph        *data,
             const hdc_graph        *shapes,
             hdc_world              *w,
             hdc_error              *err)
{
  hdc_status st;
  if (!strcmp(a->format, "json")) {
    st = hdc_shacl_report_write_json(r, shapes, hdc_sink_file, stdout, err);
  } else if (!strcmp(a->format, "text")) {
    const char *lang = a->lang;
    if (!lang) {
      const char *env = getenv("LANG");
      lang            = env && !strncmp(env, "fr", 2) ? "fr" : "en";
    }
    st = hdc_shacl_report_write_text(
      r, data, shapes, lang, hdc_sink_file, stdout, err);
  } else {
    hdc_graph     *g  = hdc_graph_new(w);
    hdc_write_opts wo = { .sorted = true, .base_iri = NULL };
    if (!g)
      return HDC_ERR_NOMEM;
    st = hdc_shacl_report_to_graph(r, shapes, g, err);
    if (!st)
      st = hdc_rdf_write(g,
                         !strcmp(a->format, "turtle") ? HDC_FORMAT_TURTLE
                                                      : HDC_FORMAT_NTRIPLES,
                         &wo,
                         hdc_sink_file,
                         stdout,
                         err);
    hdc_graph_free(g);
  }
  if (!st && fflush(stdout) != 0)
    st = hdc_error_set(
      err, HDC_ERR_IO, "standard output", 0, 0, "cannot write the report");
  return st;
}

int
hdc_cli_validate(int argc, char **argv)
{
  args               a;
  int                rc;
  hdc_world         *w    = NULL;
  hdc_graph         *data = NULL, *shapes = NULL, *subjects = NULL;
  hdc_shacl_plan    *plan    = NULL;
  hdc_shacl_profile *profile = NULL;
  hdc_shacl_report  *report  = NULL;
  hdc_error          err;
  hdc_limits         limits;
  hdc_status         st;
  const hdc_graph   *report_shapes = NULL;

  rc = parse_args(argc, argv, &a);
  if (rc)
    return rc < 0 ? HDC_EXIT_OK : rc;
  rc = HDC_EXIT_INTERNAL;
  hdc_error_clear(&err);
  hdc_limits_init(&limits);
  if (hdc_limits_from_env(&limits, &err) != HDC_OK) {
    hdc_cli_print_error(&err);
    return HDC_EXIT_USAGE;
  }
  w    = hdc_world_new();
  data = w ? hdc_graph_new(w) : NULL;
  if (!data)
    goto nomem;
  if ((rc = load_files(a.inputs, a.n_inputs, &a, &limits, data)))
    goto done;

  if (a.n_shapes) {
    hdc_shacl_validate_opts vo;
    subject_filter          f;
    size_t                  n_data = hdc_graph_size(data);
    shapes                         = hdc_graph_new(w);
    if (!shapes)
      goto nomem;
    if ((rc = load_files(a.shapes, a.n_shapes, &a, &limits, shapes)))
      goto done;
    st = hdc_shacl_plan_compile(shapes, NULL, &plan, &err);
    if (st) {
      /* Name the shapes file(s): the engine only knows the graph. */
      if (!err.source[0]) {
        size_t n = 0;
        for (size_t i = 0; i < a.n_shapes && n + 2 < sizeof err.source; i++) {
          int k = snprintf(err.source + n,
                           sizeof err.source - n,
                           "%s%s",
                           i ? ", " : "",
                           a.shapes[i]);
          if (k < 0)
            break;
          n += (size_t)k;
        }
      }
      hdc_cli_print_error(&err);
      rc = hdc_cli_exit_code(st);
      goto done;
    }
    memset(&vo, 0, sizeof vo);
    vo.max_results = a.max_results;
    if (a.n_vocab) {
      /* Remember the submitted subjects before the vocabularies join. */
      const hdc_triple *t = hdc_graph_triples(data);
      subjects            = hdc_graph_new(w);
      if (!subjects)
        goto nomem;
      f.mark = hdc_world_iri(w, HDC_STR("urn:hdcat:submitted"));
      if (!f.mark)
        goto nomem;
      for (size_t i = 0; i < n_data; i++)
        if (hdc_graph_add(subjects, t[i].s, f.mark, f.mark) > HDC_FAILURE)
          goto nomem;
      f.graph    = data;
      f.n_data   = n_data;
      f.subjects = subjects;
      if ((rc = load_files(a.vocab, a.n_vocab, &a, &limits, data)))
        goto done;
      vo.focus_filter = is_data_subject;
      vo.focus_ctx    = &f;
    }
    st = hdc_shacl_validate(plan, data, &vo, &report, &err);
    if (st) {
      hdc_cli_print_error(&err);
      rc = hdc_cli_exit_code(st);
      goto done;
    }
    if (a.n_vocab)
      hdc_graph_truncate(data, n_data);
    report_shapes = shapes;
  } else {
    hdc_shacl_profile_kind kind = HDC_SHACL_PROFILE_HEALTHDCAT_AP;
    char                   dir[4096];
    if (a.profile && hdc_shacl_profile_from_name(a.profile, &kind, &err)) {
      hdc_cli_print_error(&err);
      rc = HDC_EXIT_USAGE;
      goto done;
    }
    if (!hdc_cli_schemas_dir(a.schemas, dir, sizeof dir)) {
      fputs("hdcat: validate: cannot find the shipped schemas; pass "
            "--schemas DIR or set HDCAT_SCHEMAS\n",
            stderr);
      rc = HDC_EXIT_USAGE;
      goto done;
    }
    if (a.n_vocab) {
      /* Extra vocabularies join the profile's own. */
      fputs("hdcat: validate: --vocab is used with --shapes; the profiles "
            "bring their own vocabularies\n",
            stderr);
      rc = HDC_EXIT_USAGE;
      goto done;
    }
    st = hdc_shacl_profile_load(w, dir, kind, &profile, &err);
    if (st) {
      hdc_cli_print_error(&err);
      rc = hdc_cli_exit_code(st) == HDC_EXIT_USAGE ? HDC_EXIT_INTERNAL
                                                   : hdc_cli_exit_code(st);
      goto done;
    }
    st = hdc_shacl_profile_validate(profile, data, &report, &err);
    if (st) {
      hdc_cli_print_error(&err);
      rc = hdc_cli_exit_code(st);
      goto done;
    }
    report_shapes = hdc_shacl_profile_shapes(profile, NULL);
  }

  hdc_shacl_report_sort(report);
  st = write_report(&a, report, data, report_shapes, w, &err);
  if (st) {
    hdc_cli_print_error(&err);
    rc = HDC_EXIT_INTERNAL;
    goto done;
  }
  rc = hdc_shacl_report_count_level(report, HDC_SHACL_VIOLATION) ? HDC_EXIT_FAIL
                                                                 : HDC_EXIT_OK;
  goto done;
nomem:
  fputs("hdcat: validate: out of memory\n", stderr);
  rc = HDC_EXIT_INTERNAL;
done:
  hdc_shacl_report_free(report);
  hdc_shacl_plan_free(plan);
  hdc_shacl_profile_free(profile);
  hdc_graph_free(subjects);
  hdc_graph_free(shapes);
  hdc_graph_free(data);
  hdc_world_free(w);
  return rc;
}
