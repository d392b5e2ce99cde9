// SPDX-License-Identifier: EUPL-1.2
/*
 * JSON-LD through the rdf module's public entry points: hdc_rdf_parse()
 * and hdc_rdf_parse_file() dispatching to the JSON-LD reader (byte-order
 * mark, rollback on error, blank nodes scoped per document), and
 * hdc_rdf_write() dispatching to the JSON-LD writer. Real catalogue files
 * read by raptor (Turtle, RDF/XML) are written as JSON-LD and read back:
 * the two readers must agree on every triple.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "test_jsonld_util.h"

static hdc_status
parse_jsonld(const char* doc, size_t len, hdc_graph* g, hdc_error* err)
{
  hdc_parse_opts opts = { HDC_FORMAT_JSONLD, NULL, "doc.jsonld", NULL };
  hdc_error_clear(err);
  return hdc_rdf_parse(doc, len, &opts, g, err);
}

static void
test_rdf_parse_dispatches_jsonld_with_bom(void** state)
{
  (void)state;
  static const char doc[] = "\xef\xbb\xbf{\"@id\": \"http://example.org/s\","
                            " \"http://example.org/p\": \"v\"}";
  hdc_world*        w     = hdc_world_new();
  hdc_graph*        g     = hdc_graph_new(w);
  hdc_error         err;
  assert_int_equal(parse_jsonld(doc, sizeof doc - 1, g, &err), HDC_OK);
  assert_true(tj_same(g, "ex:s ex:p \"v\"\n"));
  hdc_graph_free(g);
  hdc_world_free(w);
}

static void
test_rdf_parse_jsonld_error_leaves_graph_unchanged(void** state)
{
  (void)state;
  static const char good[] = "{\"@id\": \"http://example.org/s\","
                             " \"http://example.org/p\": \"v\"}";
  /* triples are added before the error is found */
  static const char bad[] = "[{\"@id\": \"http://example.org/t\","
                            "  \"http://example.org/p\": \"w\"},\n"
                            " {\"@id\": 42}]";
  hdc_world*        w     = hdc_world_new();
  hdc_graph*        g     = hdc_graph_new(w);
  hdc_error         err;
  assert_int_equal(parse_jsonld(good, sizeof good - 1, g, &err), HDC_OK);
  assert_int_equal(parse_jsonld(bad, sizeof bad - 1, g, &err), HDC_ERR_SYNTAX);
  assert_int_equal(err.line, 2);
  assert_string_equal(err.source, "doc.jsonld");
  assert_true(tj_same(g, "ex:s ex:p \"v\"\n"));
  hdc_graph_free(g);
  hdc_world_free(w);
}

static void
test_rdf_parse_jsonld_blank_nodes_scoped_per_document(void** state)
{
  (void)state;
  static const char doc[] =
    "{\"@id\": \"_:a\", \"http://example.org/p\": \"v\"}";
  hdc_world* w = hdc_world_new();
  hdc_graph* g = hdc_graph_new(w);
  hdc_error  err;
  assert_int_equal(parse_jsonld(doc, sizeof doc - 1, g, &err), HDC_OK);
  assert_int_equal(parse_jsonld(doc, sizeof doc - 1, g, &err), HDC_OK);
  assert_int_equal(hdc_graph_size(g), 2);
  const hdc_triple* t = hdc_graph_triples(g);
  assert_ptr_not_equal(t[0].s, t[1].s);
  hdc_graph_free(g);
  hdc_world_free(w);
}

static void
test_rdf_parse_jsonld_remote_context_unsupported(void** state)
{
  (void)state;
  static const char doc[] = "{\"@context\": \"https://schema.org/\"}";
  hdc_world*        w     = hdc_world_new();
  hdc_graph*        g     = hdc_graph_new(w);
  hdc_error         err;
  assert_int_equal(parse_jsonld(doc, sizeof doc - 1, g, &err),
                   HDC_ERR_UNSUPPORTED);
  assert_non_null(strstr(err.message, "https://schema.org/"));
  assert_int_equal(hdc_graph_size(g), 0);
  hdc_graph_free(g);
  hdc_world_free(w);
}

static void
test_rdf_parse_file_reads_real_jsonld(void** state)
{
  (void)state;
  char path[1024];
  snprintf(path,
           sizeof path,
           "%s/fixtures/real/%s",
           HDC_SHARED_DIR,
           "fr-udata-hydra-paged-collection-1.jsonld");
  FILE* f = fopen(path, "rb");
  if (!f)
    skip();
  fclose(f);
  hdc_world* w = hdc_world_new();
  hdc_graph* g = hdc_graph_new(w);
  hdc_error  err;
  hdc_error_clear(&err);
  /* the format comes from the extension */
  assert_int_equal(hdc_rdf_parse_file(path, NULL, g, &err), HDC_OK);
  assert_int_equal(hdc_graph_size(g), 79);
  hdc_graph_free(g);
  hdc_world_free(w);
}

/* Parse a real file with raptor, write it with hdc_rdf_write as JSON-LD,
 * read that back with the JSON-LD reader: same graph. */
static void
cross_check(const char* name)
{
  char path[1024];
  snprintf(path, sizeof path, "%s/fixtures/real/%s", HDC_SHARED_DIR, name);
  FILE* f = fopen(path, "rb");
  if (!f)
    skip();
  fclose(f);
  hdc_world* w    = hdc_world_new();
  hdc_graph* g    = hdc_graph_new(w);
  hdc_graph* back = hdc_graph_new(w);
  hdc_error  err;
  hdc_buf    out = HDC_BUF_INIT;
  hdc_error_clear(&err);
  assert_int_equal(hdc_rdf_parse_file(path, NULL, g, &err), HDC_OK);
  assert_true(hdc_graph_size(g) > 0);
  hdc_write_opts wo = { true, NULL };
  assert_int_equal(
    hdc_rdf_write(g, HDC_FORMAT_JSONLD, &wo, hdc_sink_buf, &out, &err), HDC_OK);
  assert_int_equal(parse_jsonld(out.ptr, out.len, back, &err), HDC_OK);
  bool iso = hdc_graph_isomorphic(g, back);
  if (!iso) {
    fprintf(stderr,
            "%s: %zu triples written, %zu read back\n",
            name,
            hdc_graph_size(g),
            hdc_graph_size(back));
  }
  assert_true(iso);
  hdc_buf_clear(&out);
  hdc_graph_free(back);
  hdc_graph_free(g);
  hdc_world_free(w);
}

static void
test_real_turtle_through_jsonld_is_isomorphic(void** state)
{
  (void)state;
  cross_check("es-dcat-ap-es-example-catalog-nsip.ttl");
  cross_check("eu-healthdcat-ap-example-ckanext.ttl");
  cross_check("fr-opendatasoft-public-catalog-2015.ttl");
  cross_check("nl-healthri-fdp-dataset-cbioportal.ttl");
}

static void
test_real_rdfxml_through_jsonld_is_isomorphic(void** state)
{
  (void)state;
  cross_check("dk-inspire-addresses-geodcat-ap.rdf");
  cross_check("ch-opendata-swiss-1901.rdf");
  cross_check("fr-udata-series.rdf");
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_rdf_parse_dispatches_jsonld_with_bom),
    cmocka_unit_test(test_rdf_parse_jsonld_error_leaves_graph_unchanged),
    cmocka_unit_test(test_rdf_parse_jsonld_blank_nodes_scoped_per_document),
    cmocka_unit_test(test_rdf_parse_jsonld_remote_context_unsupported),
    cmocka_unit_test(test_rdf_parse_file_reads_real_jsonld),
    cmocka_unit_test(test_real_turtle_through_jsonld_is_isomorphic),
    cmocka_unit_test(test_real_rdfxml_through_jsonld_is_isomorphic),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
