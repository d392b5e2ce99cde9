// SPDX-License-Identifier: EUPL-1.2
/*
 * Unit tests for the JSON-LD writer (hdc_jsonld_write): the output is
 * valid JSON of the documented shape, uses only the prefixes it needs,
 * escapes every string, is deterministic when sorted, streams in chunks,
 * and reads back (with hdc_jsonld_parse) into an isomorphic graph; sink
 * errors, bad text and allocation failures are reported.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "test_jsonld_util.h"

#include <jansson.h>

/* A graph exercising every kind of term the writer handles. */
static const char* const rich_graph =
  "ex:ds a dcat:Dataset\n"
  "ex:ds a ex:Other\n"
  "ex:ds dct:title \"Donn\xc3\xa9"
  "es de sant\xc3\xa9\"@fr\n"
  "ex:ds dct:title \"Health data\"@en\n"
  "ex:ds dct:description \"Line one\\nline \\\"two\\\"\\tand a \\\\\"\n"
  "ex:ds dct:issued \"2021-01-02\"^^xsd:date\n"
  "ex:ds dcat:keyword \"sant\xc3\xa9\"\n"
  "ex:ds dcat:keyword \"explicit string\"^^xsd:string\n"
  "ex:ds ex:count \"0042\"^^xsd:integer\n"
  "ex:ds ex:json \"{\\\"a\\\":1}\"^^rdf:JSON\n"
  "ex:ds dcat:distribution _:d1\n"
  "_:d1 a dcat:Distribution\n"
  "_:d1 dcat:mediaType "
  "<https://www.iana.org/assignments/media-types/text/csv>\n"
  "ex:ds ex:list _:l1\n"
  "_:l1 rdf:first \"x\"\n"
  "_:l1 rdf:rest _:l2\n"
  "_:l2 rdf:first _:d1\n"
  "_:l2 rdf:rest rdf:nil\n"
  "ex:ds rdf:type _:classnode\n"
  "ex:ds rdf:type \"not a class\"\n"
  "_:classnode ex:label \"anonymous class\"\n";

static hdc_status
write_buf(const hdc_graph* g,
          bool             sorted,
          const char*      base,
          hdc_buf*         out,
          hdc_error*       err)
{
  hdc_write_opts opts = { sorted, base };
  hdc_buf_init(out);
  hdc_error_clear(err);
  return hdc_jsonld_write(g, &opts, hdc_sink_buf, out, err);
}

/* Write g, read the text back into the same world, compare. */
static bool
round_trips(const hdc_graph* g)
{
  hdc_buf    out;
  hdc_error  err;
  bool       ok   = false;
  hdc_graph* back = hdc_graph_new(hdc_graph_world(g));
  if (write_buf(g, true, NULL, &out, &err) != HDC_OK) {
    fprintf(stderr, "write failed: %s\n", err.message);
    goto done;
  }
  hdc_str text = hdc_buf_view(&out);
  hdc_error_clear(&err);
  if (hdc_jsonld_parse(
        text.ptr, text.len, TJ_BASE, "round-trip", "rt_", NULL, back, &err) !=
      HDC_OK) {
    fprintf(stderr,
            "read back failed: %s\n%.*s\n",
            err.message,
            (int)text.len,
            text.ptr);
    goto done;
  }
  ok = hdc_graph_isomorphic(g, back);
  if (!ok) {
    fprintf(stderr, "%.*s\n", (int)text.len, text.ptr);
    tj_print_graph(stderr, "written", g);
    tj_print_graph(stderr, "read back", back);
  }
done:
  hdc_graph_free(back);
  hdc_buf_clear(&out);
  return ok;
}

static json_t*
load_json(const hdc_buf* out)
{
  json_error_t e;
  hdc_str      text = hdc_buf_view(out);
  json_t*      j    = json_loadb(text.ptr, text.len, 0, &e);
  if (!j)
    fprintf(stderr,
            "invalid JSON at %d:%d: %s\n%.*s\n",
            e.line,
            e.column,
            e.text,
            (int)text.len,
            text.ptr);
  return j;
}

static void
test_write_empty_graph_is_valid_jsonld(void** state)
{
  (void)state;
  hdc_world* w = hdc_world_new();
  hdc_graph* g = hdc_graph_new(w);
  hdc_buf    out;
  hdc_error  err;
  assert_int_equal(write_buf(g, true, NULL, &out, &err), HDC_OK);
  json_t* j = load_json(&out);
  assert_non_null(j);
  assert_true(json_is_object(json_object_get(j, "@context")));
  assert_int_equal(json_object_size(json_object_get(j, "@context")), 0);
  assert_true(json_is_array(json_object_get(j, "@graph")));
  assert_int_equal(json_array_size(json_object_get(j, "@graph")), 0);
  json_decref(j);
  assert_true(round_trips(g));
  hdc_buf_clear(&out);
  hdc_graph_free(g);
  hdc_world_free(w);
}

static void
test_write_round_trip_is_isomorphic(void** state)
{
  (void)state;
  hdc_world* w = hdc_world_new();
  hdc_graph* g = tj_graph(w, rich_graph);
  assert_non_null(g);
  assert_int_equal(hdc_graph_size(g), 21);
  assert_true(round_trips(g));
  hdc_graph_free(g);
  hdc_world_free(w);
}

static void
test_write_shape_one_node_per_subject(void** state)
{
  (void)state;
  hdc_world* w = hdc_world_new();
  hdc_graph* g = tj_graph(w, rich_graph);
  hdc_buf    out;
  hdc_error  err;
  assert_int_equal(write_buf(g, true, NULL, &out, &err), HDC_OK);
  json_t* j = load_json(&out);
  assert_non_null(j);
  json_t* nodes = json_object_get(j, "@graph");
  /* ex:ds, _:d1, _:l1, _:l2, _:classnode */
  assert_int_equal(json_array_size(nodes), 5);
  json_t* ds = NULL;
  for (size_t i = 0; i < json_array_size(nodes); i++) {
    json_t*     n  = json_array_get(nodes, i);
    const char* id = json_string_value(json_object_get(n, "@id"));
    assert_non_null(id);
    if (strcmp(id, TJ_EX "ds") == 0)
      ds = n;
    else
      assert_memory_equal(id, "_:", 2);
  }
  assert_non_null(ds);
  /* rdf:type IRIs are @type, compacted where the prefix is known */
  json_t* types = json_object_get(ds, "@type");
  assert_true(json_is_array(types));
  assert_int_equal(json_array_size(types), 2);
  /* in term order: "http://example.org/..." sorts before the DCAT IRI */
  assert_string_equal(json_string_value(json_array_get(types, 0)),
                      TJ_EX "Other");
  assert_string_equal(json_string_value(json_array_get(types, 1)),
                      "dcat:Dataset");
  assert_non_null(json_object_get(ds, "dcat:keyword"));
  assert_int_equal(json_array_size(json_object_get(ds, "dcat:keyword")), 2);
  /* xsd:string literals are plain values */
  json_t* kw = json_array_get(json_object_get(ds, "dcat:keyword"), 0);
  assert_int_equal(json_object_size(kw), 1);
  assert_true(json_is_string(json_object_get(kw, "@value")));
  /* typed literals keep their lexical form as a string */
  json_t* count = json_array_get(json_object_get(ds, TJ_EX "count"), 0);
  assert_string_equal(json_string_value(json_object_get(count, "@value")),
                      "0042");
  assert_non_null(json_object_get(count, "@type"));
  json_decref(j);
  hdc_buf_clear(&out);
  hdc_graph_free(g);
  hdc_world_free(w);
}

static void
test_write_context_has_only_used_prefixes(void** state)
{
  (void)state;
  hdc_world* w = hdc_world_new();
  hdc_graph* g = tj_graph(w,
                          "ex:a a dcat:Dataset\n"
                          "ex:a dcat:keyword \"k\"\n"
                          "ex:a ex:p ex:b\n");
  hdc_buf    out;
  hdc_error  err;
  assert_int_equal(write_buf(g, false, NULL, &out, &err), HDC_OK);
  json_t* j = load_json(&out);
  assert_non_null(j);
  json_t* ctx = json_object_get(j, "@context");
  assert_string_equal(json_string_value(json_object_get(ctx, "dcat")),
                      HDC_NS_DCAT);
  /* any other prefix in the context must abbreviate something used */
  const char* key;
  json_t*     val;
  json_object_foreach(ctx, key, val)
  {
    const char* ns = json_string_value(val);
    assert_non_null(ns);
    assert_true(strcmp(ns, HDC_NS_DCAT) == 0 ||
                strncmp(TJ_EX, ns, strlen(ns)) == 0);
  }
  json_decref(j);
  hdc_buf_clear(&out);
  hdc_graph_free(g);
  hdc_world_free(w);
}

static void
test_write_base_iri_goes_into_context(void** state)
{
  (void)state;
  hdc_world* w = hdc_world_new();
  hdc_graph* g = tj_graph(w, "ex:a ex:p \"v\"\n");
  hdc_buf    out;
  hdc_error  err;
  assert_int_equal(write_buf(g, true, "http://example.org/", &out, &err),
                   HDC_OK);
  json_t* j = load_json(&out);
  assert_non_null(j);
  assert_string_equal(
    json_string_value(json_object_get(json_object_get(j, "@context"), "@base")),
    "http://example.org/");
  json_decref(j);
  hdc_buf_clear(&out);
  hdc_graph_free(g);
  hdc_world_free(w);
}

static void
test_write_sorted_output_is_deterministic(void** state)
{
  (void)state;
  hdc_world* w = hdc_world_new();
  hdc_graph* a = tj_graph(w,
                          "ex:z ex:p \"1\"\n"
                          "ex:a ex:q ex:z\n"
                          "ex:a ex:p \"2\"\n"
                          "ex:m a dcat:Dataset\n"
                          "ex:a ex:p \"1\"\n");
  hdc_graph* b = tj_graph(w,
                          "ex:a ex:p \"1\"\n"
                          "ex:m a dcat:Dataset\n"
                          "ex:a ex:p \"2\"\n"
                          "ex:a ex:q ex:z\n"
                          "ex:z ex:p \"1\"\n");
  hdc_buf    oa, ob;
  hdc_error  err;
  assert_int_equal(write_buf(a, true, NULL, &oa, &err), HDC_OK);
  assert_int_equal(write_buf(b, true, NULL, &ob, &err), HDC_OK);
  assert_int_equal(oa.len, ob.len);
  assert_memory_equal(oa.ptr, ob.ptr, oa.len);
  /* subjects in term order */
  /* subjects are the "@id" that opens a node object */
#define SUBJECT(x) "{\n      \"@id\": \"" TJ_EX x "\""
  const char* pa = strstr(oa.ptr, SUBJECT("a"));
  const char* pm = strstr(oa.ptr, SUBJECT("m"));
  const char* pz = strstr(oa.ptr, SUBJECT("z"));
#undef SUBJECT
  assert_non_null(pa);
  assert_non_null(pm);
  assert_non_null(pz);
  assert_true(pa < pm && pm < pz);
  hdc_buf_clear(&oa);
  hdc_buf_clear(&ob);
  hdc_graph_free(a);
  hdc_graph_free(b);
  hdc_world_free(w);
}

static void
test_write_escapes_every_string(void** state)
{
  (void)state;
  hdc_world*        w       = hdc_world_new();
  hdc_graph*        g       = hdc_graph_new(w);
  const hdc_term*   s       = hdc_world_iri(w, HDC_STR("http://example.org/s"));
  const hdc_term*   p       = hdc_world_iri(w, HDC_STR("http://example.org/p"));
  static const char nasty[] = "q\" b\\ n\n r\r t\t bs\b ff\f c1\x01 c1f\x1f "
                              "del\x7f slash/ \xc3\xa9 \xf0\x9f\x98\x80";
  const hdc_term*   o       = hdc_world_literal(
    w, (hdc_str){ nasty, sizeof nasty - 1 }, NULL, HDC_STR_NULL);
  /* a blank label and an IRI with characters JSON must escape */
  const hdc_term* b = hdc_world_blank(w, HDC_STR("odd\"label\\"));
  assert_int_equal(hdc_graph_add(g, s, p, o), HDC_OK);
  assert_int_equal(hdc_graph_add(g, s, p, b), HDC_OK);
  assert_int_equal(hdc_graph_add(g, b, p, s), HDC_OK);
  hdc_buf   out;
  hdc_error err;
  assert_int_equal(write_buf(g, true, NULL, &out, &err), HDC_OK);
  json_t* j = load_json(&out);
  assert_non_null(j);
  json_decref(j);
  /* no raw control character made it into the output */
  for (size_t i = 0; i < out.len; i++)
    assert_true((unsigned char)out.ptr[i] >= 0x20 || out.ptr[i] == '\n');
  assert_true(round_trips(g));
  hdc_buf_clear(&out);
  hdc_graph_free(g);
  hdc_world_free(w);
}

static void
test_write_iri_with_prefix_like_scheme_round_trips(void** state)
{
  (void)state;
  /* "dcat:foo" is an IRI of scheme "dcat": with a "dcat" prefix in the
   * context it would read back as the DCAT namespace. */
  hdc_world* w = hdc_world_new();
  hdc_graph* g = tj_graph(w,
                          "ex:a a dcat:Dataset\n"
                          "ex:a <dcat:foo> <dcat:bar>\n"
                          "ex:a dcat:keyword \"x\"^^<dcat:dt>\n");
  hdc_buf    out;
  hdc_error  err;
  assert_int_equal(write_buf(g, true, NULL, &out, &err), HDC_OK);
  json_t* j = load_json(&out);
  assert_non_null(j);
  assert_null(json_object_get(json_object_get(j, "@context"), "dcat"));
  json_decref(j);
  assert_true(round_trips(g));
  hdc_buf_clear(&out);
  hdc_graph_free(g);
  hdc_world_free(w);
}

static hdc_status
failing_sink(void* ctx, const char* ptr, size_t len)
{
  (void)ptr;
  (void)len;
  int* calls = ctx;
  (*calls)++;
  return HDC_ERR_IO;
}

static void
test_write_sink_error_stops_the_writer(void** state)
{
  (void)state;
  hdc_world* w = hdc_world_new();
  hdc_graph* g = tj_graph(w, rich_graph);
  hdc_error  err;
  int        calls = 0;
  hdc_error_clear(&err);
  assert_int_equal(hdc_jsonld_write(g, NULL, failing_sink, &calls, &err),
                   HDC_ERR_IO);
  assert_int_equal(calls, 1);
  assert_int_equal(err.status, HDC_ERR_IO);
  assert_non_null(strstr(err.message, "JSON-LD"));
  hdc_graph_free(g);
  hdc_world_free(w);
}

static void
test_write_invalid_utf8_is_refused(void** state)
{
  (void)state;
  hdc_world*      w = hdc_world_new();
  hdc_graph*      g = hdc_graph_new(w);
  const hdc_term* s = hdc_world_iri(w, HDC_STR("http://example.org/s"));
  const hdc_term* o =
    hdc_world_literal(w, HDC_STR("bad \xff byte"), NULL, HDC_STR_NULL);
  assert_int_equal(hdc_graph_add(g, s, s, o), HDC_OK);
  hdc_buf   out;
  hdc_error err;
  assert_int_equal(write_buf(g, true, NULL, &out, &err), HDC_ERR_ENCODING);
  assert_int_equal(err.status, HDC_ERR_ENCODING);
  hdc_buf_clear(&out);
  hdc_graph_free(g);
  hdc_world_free(w);
}

static void
test_write_invalid_arguments_refused(void** state)
{
  (void)state;
  hdc_error err;
  hdc_buf   out = HDC_BUF_INIT;
  hdc_error_clear(&err);
  assert_int_equal(hdc_jsonld_write(NULL, NULL, hdc_sink_buf, &out, &err),
                   HDC_ERR_INVALID_ARG);
  hdc_world* w = hdc_world_new();
  hdc_graph* g = hdc_graph_new(w);
  assert_int_equal(hdc_jsonld_write(g, NULL, NULL, NULL, NULL),
                   HDC_ERR_INVALID_ARG);
  hdc_graph_free(g);
  hdc_world_free(w);
}

typedef struct chunks
{
  hdc_buf all;
  int     calls;
} chunks;

static hdc_status
chunk_sink(void* ctx, const char* ptr, size_t len)
{
  chunks* c = ctx;
  c->calls++;
  return hdc_buf_append(&c->all, ptr, len);
}

static void
test_write_large_graph_streams_in_chunks(void** state)
{
  (void)state;
  hdc_world*      w = hdc_world_new();
  hdc_graph*      g = hdc_graph_new(w);
  const hdc_term* p = hdc_world_iri(w, HDC_STR(HDC_NS_DCAT "keyword"));
  const hdc_term* t = hdc_world_iri(w, HDC_STR(HDC_NS_RDF "type"));
  const hdc_term* c = hdc_world_iri(w, HDC_STR(HDC_NS_DCAT "Dataset"));
  for (int i = 0; i < 5000; i++) {
    char iri[64], lit[64];
    int  n = snprintf(iri, sizeof iri, "http://example.org/ds/%d", i);
    int  m = snprintf(lit, sizeof lit, "keyword number %d", i);
    const hdc_term* s = hdc_world_iri(w, (hdc_str){ iri, (size_t)n });
    assert_int_equal(hdc_graph_add(g, s, t, c), HDC_OK);
    assert_int_equal(
      hdc_graph_add(
        g,
        s,
        p,
        hdc_world_literal(w, (hdc_str){ lit, (size_t)m }, NULL, HDC_STR_NULL)),
      HDC_OK);
  }
  chunks    ch = { HDC_BUF_INIT, 0 };
  hdc_error err;
  hdc_error_clear(&err);
  assert_int_equal(hdc_jsonld_write(g, NULL, chunk_sink, &ch, &err), HDC_OK);
  assert_true(ch.calls > 3);
  hdc_graph* back = hdc_graph_new(w);
  assert_int_equal(
    hdc_jsonld_parse(
      ch.all.ptr, ch.all.len, TJ_BASE, "big", "b_", NULL, back, &err),
    HDC_OK);
  assert_int_equal(hdc_graph_size(back), 10000);
  assert_true(hdc_graph_isomorphic(g, back));
  hdc_graph_free(back);
  hdc_buf_clear(&ch.all);
  hdc_graph_free(g);
  hdc_world_free(w);
}

static void
test_write_allocation_failures_return_nomem(void** state)
{
  (void)state;
  hdc_world* w = hdc_world_new();
  hdc_graph* g = tj_graph(w, rich_graph);
  assert_non_null(g);
  /* Index the graph first: its lazy indexes are not the writer's. */
  assert_int_equal(hdc_graph_index(g), HDC_OK);
  bool succeeded = false;
  for (long n = 0; n < 10000 && !succeeded; n++) {
    hdc_buf   out = HDC_BUF_INIT;
    hdc_error err;
    hdc_error_clear(&err);
    hdc_alloc_fail_after(n);
    hdc_status st = hdc_jsonld_write(g, NULL, hdc_sink_buf, &out, &err);
    hdc_alloc_fail_after(-1);
    if (st == HDC_OK)
      succeeded = true;
    else
      assert_int_equal(st, HDC_ERR_NOMEM);
    hdc_buf_clear(&out);
  }
  assert_true(succeeded);
  hdc_graph_free(g);
  hdc_world_free(w);
}

static void
test_write_real_udata_pages_round_trip(void** state)
{
  (void)state;
  static const char* const names[] = {
    "fr-udata-hydra-paged-collection-1.jsonld",
    "fr-udata-hydra-paged-collection-2.jsonld",
  };
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
    char path[1024];
    snprintf(
      path, sizeof path, "%s/fixtures/real/%s", HDC_SHARED_DIR, names[i]);
    size_t len  = 0;
    char*  data = tj_slurp(path, &len);
    if (!data)
      skip();
    hdc_world* w = hdc_world_new();
    hdc_graph* g = hdc_graph_new(w);
    hdc_error  err;
    hdc_error_clear(&err);
    assert_int_equal(
      hdc_jsonld_parse(data, len, TJ_BASE, names[i], "r_", NULL, g, &err),
      HDC_OK);
    assert_true(hdc_graph_size(g) > 0);
    assert_true(round_trips(g));
    hdc_graph_free(g);
    hdc_world_free(w);
    free(data);
  }
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_write_empty_graph_is_valid_jsonld),
    cmocka_unit_test(test_write_round_trip_is_isomorphic),
    cmocka_unit_test(test_write_shape_one_node_per_subject),
    cmocka_unit_test(test_write_context_has_only_used_prefixes),
    cmocka_unit_test(test_write_base_iri_goes_into_context),
    cmocka_unit_test(test_write_sorted_output_is_deterministic),
    cmocka_unit_test(test_write_escapes_every_string),
    cmocka_unit_test(test_write_iri_with_prefix_like_scheme_round_trips),
    cmocka_unit_test(test_write_sink_error_stops_the_writer),
    cmocka_unit_test(test_write_invalid_utf8_is_refused),
    cmocka_unit_test(test_write_invalid_arguments_refused),
    cmocka_unit_test(test_write_large_graph_streams_in_chunks),
    cmocka_unit_test(test_write_allocation_failures_return_nomem),
    cmocka_unit_test(test_write_real_udata_pages_round_trip),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
