// SPDX-License-Identifier: EUPL-1.2
/*
 * hdc-rdfcheck: a small test tool that answers questions about RDF files
 * with hdcat's own rdf and graph code, for the system tests (corpus
 * comparison against rapper, round trips through every writer).
 *
 *   hdc-rdfcheck iso A B [--format-a F] [--format-b F]
 *                        [--base IRI] [--base-a IRI] [--base-b IRI]
 *       exit 0 if A and B are isomorphic graphs, 1 if not (a few triples
 *       that differ are printed), 2 on any error (unreadable, unparseable).
 *   hdc-rdfcheck count FILE [--format F] [--base IRI]
 *       print the number of distinct triples; exit 0, or 2 on error.
 *
 * Both files are parsed into one world, so ground triples compare by
 * pointer; blank nodes are scoped per document, which is what isomorphism
 * needs. Limits come from HDCAT_LIMIT_* like the CLI's.
 */
#include "hdcat/core.h"
#include "hdcat/graph.h"
#include "hdcat/rdf.h"

#include <stdio.h>
#include <string.h>

enum
{
  EXIT_SAME      = 0,
  EXIT_DIFFERENT = 1,
  EXIT_ERROR     = 2
};

/* How many differing triples are shown per side: enough to see the pattern
 * of a failure without flooding a test log. */
enum
{
  MAX_SHOWN = 8
};

typedef struct input
{
  const char *path;
  const char *format; /* NULL: from the extension, else sniffed */
  const char *base;
} input;

static void
usage(void)
{
  fputs("usage: hdc-rdfcheck iso A B [--format-a F] [--format-b F] "
        "[--base IRI] [--base-a IRI] [--base-b IRI]\n"
        "       hdc-rdfcheck count FILE [--format F] [--base IRI]\n",
        stderr);
}

static void
print_error(const hdc_error *err)
{
  char line[2048];
  fprintf(
    stderr, "hdc-rdfcheck: %s\n", hdc_error_format(err, line, sizeof line));
}

/* Parse one input into g. Returns HDC_OK or prints the error. */
static hdc_status
load(const input *in, const hdc_limits *limits, hdc_graph *g)
{
  hdc_error      err;
  hdc_parse_opts opts = { HDC_FORMAT_UNKNOWN, in->base, in->path, limits };
  hdc_status     st   = HDC_OK;

  hdc_error_clear(&err);
  if (in->format) {
    opts.format = hdc_format_from_name(in->format);
    if (opts.format == HDC_FORMAT_UNKNOWN) {
      fprintf(stderr, "hdc-rdfcheck: unknown format '%s'\n", in->format);
      st = HDC_ERR_INVALID_ARG;
      goto done;
    }
  }
  st = hdc_rdf_parse_file(in->path, &opts, g, &err);
  if (st != HDC_OK) {
    print_error(&err);
  }
done:
  return st;
}

static bool
triple_is_ground(const hdc_triple *t)
{
  return !hdc_term_is_blank(t->s) && !hdc_term_is_blank(t->o);
}

static void
print_triple(const char *mark, const hdc_triple *t)
{
  hdc_buf b = HDC_BUF_INIT;

  hdc_buf_puts(&b, mark);
  hdc_rdf_write_term_nt(t->s, &b);
  hdc_buf_putc(&b, ' ');
  hdc_rdf_write_term_nt(t->p, &b);
  hdc_buf_putc(&b, ' ');
  hdc_rdf_write_term_nt(t->o, &b);
  hdc_buf_puts(&b, " .\n");
  if (hdc_buf_status(&b) == HDC_OK) {
    fwrite(b.ptr, 1, b.len, stdout);
  }
  hdc_buf_clear(&b);
}

/*
 * Show the ground triples (no blank node) of `from` missing in `to`; blank
 * nodes have document-scoped labels, so only ground triples can be looked
 * up directly. Returns how many such triples exist.
 */
static size_t
show_missing(const char *mark, const hdc_graph *from, const hdc_graph *to)
{
  const hdc_triple *t     = hdc_graph_triples(from);
  size_t            n     = hdc_graph_size(from);
  size_t            found = 0;

  for (size_t i = 0; i < n; ++i) {
    if (!triple_is_ground(&t[i]) ||
        hdc_graph_contains(to, t[i].s, t[i].p, t[i].o)) {
      continue;
    }
    if (found < MAX_SHOWN) {
      print_triple(mark, &t[i]);
    }
    ++found;
  }
  return found;
}

static size_t
count_blank_triples(const hdc_graph *g)
{
  const hdc_triple *t = hdc_graph_triples(g);
  size_t            n = hdc_graph_size(g);
  size_t            k = 0;

  for (size_t i = 0; i < n; ++i) {
    k += !triple_is_ground(&t[i]);
  }
  return k;
}

static void
explain_difference(const input     *a,
                   const input     *b,
                   const hdc_graph *ga,
                   const hdc_graph *gb)
{
  printf("not isomorphic: %s has %zu triples (%zu with blank nodes), "
         "%s has %zu (%zu with blank nodes)\n",
         a->path,
         hdc_graph_size(ga),
         count_blank_triples(ga),
         b->path,
         hdc_graph_size(gb),
         count_blank_triples(gb));
  size_t only_a = show_missing("- ", ga, gb);
  size_t only_b = show_missing("+ ", gb, ga);
  printf(
    "ground triples only in A (-): %zu, only in B (+): %zu\n", only_a, only_b);
  if (only_a == 0 && only_b == 0) {
    puts("every ground triple matches: the difference is in the triples "
         "that involve blank nodes");
  }
}

/* Option value after argv[*i], or NULL (and a message) if missing. */
static const char *
option_value(int argc, char **argv, int *i)
{
  if (*i + 1 >= argc) {
    fprintf(stderr, "hdc-rdfcheck: %s needs a value\n", argv[*i]);
    return NULL;
  }
  *i += 1;
  return argv[*i];
}

static int
cmd_iso(int argc, char **argv, const hdc_limits *limits)
{
  input       in[2]   = { { NULL, NULL, NULL }, { NULL, NULL, NULL } };
  const char *base    = NULL;
  int         n_files = 0;
  int         rc      = EXIT_ERROR;
  hdc_world  *w       = NULL;
  hdc_graph  *ga      = NULL;
  hdc_graph  *gb      = NULL;

  for (int i = 0; i < argc; ++i) {
    const char **slot = NULL;
    if (strcmp(argv[i], "--format-a") == 0) {
      slot = &in[0].format;
    } else if (strcmp(argv[i], "--format-b") == 0) {
      slot = &in[1].format;
    } else if (strcmp(argv[i], "--base") == 0) {
      slot = &base;
    } else if (strcmp(argv[i], "--base-a") == 0) {
      slot = &in[0].base;
    } else if (strcmp(argv[i], "--base-b") == 0) {
      slot = &in[1].base;
    } else if (argv[i][0] == '-' && argv[i][1] == '-') {
      fprintf(stderr, "hdc-rdfcheck: unknown option '%s'\n", argv[i]);
      usage();
      goto done;
    } else if (n_files < 2) {
      in[n_files++].path = argv[i];
      continue;
    } else {
      usage();
      goto done;
    }
    if (!(*slot = option_value(argc, argv, &i))) {
      goto done;
    }
  }
  if (n_files != 2) {
    usage();
    goto done;
  }
  for (int k = 0; k < 2; ++k) {
    if (!in[k].base) {
      in[k].base = base;
    }
  }

  w  = hdc_world_new();
  ga = w ? hdc_graph_new(w) : NULL;
  gb = w ? hdc_graph_new(w) : NULL;
  if (!ga || !gb) {
    fputs("hdc-rdfcheck: out of memory\n", stderr);
    goto done;
  }
  if (load(&in[0], limits, ga) != HDC_OK ||
      load(&in[1], limits, gb) != HDC_OK) {
    goto done;
  }
  if (hdc_graph_isomorphic(ga, gb)) {
    printf("isomorphic: %zu triples\n", hdc_graph_size(ga));
    rc = EXIT_SAME;
  } else {
    explain_difference(&in[0], &in[1], ga, gb);
    rc = EXIT_DIFFERENT;
  }
done:
  hdc_graph_free(ga);
  hdc_graph_free(gb);
  hdc_world_free(w);
  return rc;
}

static int
cmd_count(int argc, char **argv, const hdc_limits *limits)
{
  input      in = { NULL, NULL, NULL };
  int        rc = EXIT_ERROR;
  hdc_world *w  = NULL;
  hdc_graph *g  = NULL;

  for (int i = 0; i < argc; ++i) {
    const char **slot = NULL;
    if (strcmp(argv[i], "--format") == 0) {
      slot = &in.format;
    } else if (strcmp(argv[i], "--base") == 0) {
      slot = &in.base;
    } else if ((argv[i][0] == '-' && argv[i][1] == '-') || in.path) {
      usage();
      goto done;
    } else {
      in.path = argv[i];
      continue;
    }
    if (!(*slot = option_value(argc, argv, &i))) {
      goto done;
    }
  }
  if (!in.path) {
    usage();
    goto done;
  }
  w = hdc_world_new();
  g = w ? hdc_graph_new(w) : NULL;
  if (!g) {
    fputs("hdc-rdfcheck: out of memory\n", stderr);
    goto done;
  }
  if (load(&in, limits, g) != HDC_OK) {
    goto done;
  }
  printf("%zu\n", hdc_graph_size(g));
  rc = EXIT_SAME;
done:
  hdc_graph_free(g);
  hdc_world_free(w);
  return rc;
}

int
main(int argc, char **argv)
{
  hdc_limits limits;
  hdc_error  err;
  int        rc = EXIT_ERROR;

  hdc_limits_init(&limits);
  hdc_error_clear(&err);
  if (hdc_limits_from_env(&limits, &err) != HDC_OK) {
    print_error(&err);
    goto done;
  }
  if (argc < 2) {
    usage();
  } else if (strcmp(argv[1], "iso") == 0) {
    rc = cmd_iso(argc - 2, argv + 2, &limits);
  } else if (strcmp(argv[1], "count") == 0) {
    rc = cmd_count(argc - 2, argv + 2, &limits);
  } else {
    fprintf(stderr, "hdc-rdfcheck: unknown command '%s'\n", argv[1]);
    usage();
  }
done:
  return rc;
}
