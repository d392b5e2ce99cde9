// SPDX-License-Identifier: EUPL-1.2
/*
 * Unit tests for the JSON-LD reader (hdc_jsonld_parse): each feature of
 * the JSON-LD 1.1 subset it implements, checked against the graph the
 * spec says it denotes; IRI resolution against RFC 3986's own examples;
 * refused remote contexts; limits and error positions; allocation
 * failures; and the real catalogue files of the shared corpus.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "test_jsonld_util.h"

#include <jansson.h>

/* ------------------------------------------------------------------------ */
/* Forms and keywords                                                       */

static void
test_expanded_form_reads_triples(void** state)
{
  (void)state;
  assert_true(tj_reads_as(
    "[{\"@id\": \"http://example.org/a\","
    "  \"@type\": [\"http://www.w3.org/ns/dcat#Dataset\"],"
    "  \"http://purl.org/dc/terms/title\": [{\"@value\": \"Titre\", "
    "\"@language\": \"fr\"}],"
    "  \"http://purl.org/dc/terms/issued\": [{\"@value\": \"2020-01-01\","
    "     \"@type\": \"http://www.w3.org/2001/XMLSchema#date\"}],"
    "  \"http://www.w3.org/ns/dcat#distribution\": [{\"@id\": \"_:d1\"}]},"
    " {\"@id\": \"_:d1\", \"http://purl.org/dc/terms/format\": "
    "[{\"@value\": \"CSV\"}]}]",
    NULL,
    "ex:a a dcat:Dataset\n"
    "ex:a dct:title \"Titre\"@fr\n"
    "ex:a dct:issued \"2020-01-01\"^^xsd:date\n"
    "ex:a dcat:distribution _:d\n"
    "_:d dct:format \"CSV\"\n"));
}

static void
test_compacted_context_expands_terms(void** state)
{
  (void)state;
  assert_true(tj_reads_as(
    "{\"@context\": {"
    "   \"dcat\": \"http://www.w3.org/ns/dcat#\","
    "   \"dct\": \"http://purl.org/dc/terms/\","
    "   \"title\": {\"@id\": \"dct:title\", \"@language\": \"en\"},"
    "   \"issued\": {\"@id\": \"dct:issued\","
    "                \"@type\": \"http://www.w3.org/2001/XMLSchema#date\"},"
    "   \"theme\": {\"@id\": \"dcat:theme\", \"@type\": \"@id\"},"
    "   \"kind\": {\"@id\": \"dct:type\", \"@type\": \"@vocab\"},"
    "   \"@vocab\": \"http://example.org/vocab#\","
    "   \"@language\": \"FR\","
    "   \"@base\": \"http://example.org/\"},"
    " \"@id\": \"ds/1\", \"@type\": \"dcat:Dataset\","
    " \"title\": \"Health data\", \"issued\": \"2021-02-03\","
    " \"theme\": \"themes/health\", \"kind\": \"Open\","
    " \"dct:description\": \"Une description\","
    " \"keyword\": [\"a\", \"b\"], \"count\": 3}",
    NULL,
    "ex:ds/1 a dcat:Dataset\n"
    "ex:ds/1 dct:title \"Health data\"@en\n"
    "ex:ds/1 dct:issued \"2021-02-03\"^^xsd:date\n"
    "ex:ds/1 dcat:theme ex:themes/health\n"
    "ex:ds/1 dct:type <http://example.org/vocab#Open>\n"
    "ex:ds/1 dct:description \"Une description\"@fr\n"
    "ex:ds/1 <http://example.org/vocab#keyword> \"a\"@fr\n"
    "ex:ds/1 <http://example.org/vocab#keyword> \"b\"@fr\n"
    "ex:ds/1 <http://example.org/vocab#count> \"3\"^^xsd:integer\n"));
}

static void
test_keyword_aliases_act_as_keywords(void** state)
{
  (void)state;
  assert_true(
    tj_reads_as("{\"@context\": {\"id\": \"@id\", \"type\": \"@type\","
                "   \"ex\": \"http://example.org/\", \"name\": \"ex:name\","
                "   \"val\": \"@value\", \"lang\": \"@language\"},"
                " \"id\": \"ex:x\", \"type\": \"ex:Thing\", \"name\": \"X\","
                " \"ex:label\": {\"val\": \"Etiquette\", \"lang\": \"fr\"}}",
                NULL,
                "ex:x a ex:Thing\n"
                "ex:x ex:name \"X\"\n"
                "ex:x ex:label \"Etiquette\"@fr\n"));
}

static void
test_graph_keyword_named_graphs_merged(void** state)
{
  (void)state;
  assert_true(
    tj_reads_as("{\"@context\": {\"ex\": \"http://example.org/\"},"
                " \"@graph\": ["
                "   {\"@id\": \"ex:a\", \"ex:p\": \"1\"},"
                "   {\"@id\": \"ex:g\", \"ex:q\": \"meta\","
                "    \"@graph\": [{\"@id\": \"ex:b\", \"ex:p\": \"2\"}]},"
                "   \"free-floating\", {\"@value\": \"also dropped\"}"
                " ]}",
                NULL,
                "ex:a ex:p \"1\"\n"
                "ex:b ex:p \"2\"\n"
                "ex:g ex:q \"meta\"\n"));
}

static void
test_top_level_array_each_with_context(void** state)
{
  (void)state;
  assert_true(tj_reads_as("[{\"@context\": {\"p\": \"http://example.org/p1\"},"
                          "  \"@id\": \"http://example.org/a\", \"p\": \"x\"},"
                          " {\"@context\": {\"p\": \"http://example.org/p2\"},"
                          "  \"@id\": \"http://example.org/a\", \"p\": \"y\"}]",
                          NULL,
                          "ex:a ex:p1 \"x\"\n"
                          "ex:a ex:p2 \"y\"\n"));
}

static void
test_lists_become_collections(void** state)
{
  (void)state;
  assert_true(tj_reads_as(
    "{\"@context\": {\"ex\": \"http://example.org/\","
    "   \"items\": {\"@id\": \"ex:items\", \"@container\": \"@list\"},"
    "   \"matrix\": {\"@id\": \"ex:matrix\", \"@container\": \"@list\"}},"
    " \"@id\": \"ex:s\","
    " \"items\": [\"a\", \"b\"],"
    " \"ex:empty\": {\"@list\": []},"
    " \"ex:explicit\": {\"@list\": [{\"@id\": \"ex:n\"}]},"
    " \"matrix\": [[\"x\"], \"y\"]}",
    NULL,
    "ex:s ex:items _:l1\n"
    "_:l1 rdf:first \"a\"\n"
    "_:l1 rdf:rest _:l2\n"
    "_:l2 rdf:first \"b\"\n"
    "_:l2 rdf:rest rdf:nil\n"
    "ex:s ex:empty rdf:nil\n"
    "ex:s ex:explicit _:e1\n"
    "_:e1 rdf:first ex:n\n"
    "_:e1 rdf:rest rdf:nil\n"
    "ex:s ex:matrix _:m1\n"
    "_:m1 rdf:first _:n1\n"
    "_:n1 rdf:first \"x\"\n"
    "_:n1 rdf:rest rdf:nil\n"
    "_:m1 rdf:rest _:m2\n"
    "_:m2 rdf:first \"y\"\n"
    "_:m2 rdf:rest rdf:nil\n"));
}

static void
test_list_container_null_gives_no_triple(void** state)
{
  (void)state;
  assert_true(tj_reads_as(
    "{\"@context\": {\"items\": {\"@id\": \"http://example.org/items\","
    "   \"@container\": \"@list\"}},"
    " \"@id\": \"http://example.org/s\", \"items\": null,"
    " \"http://example.org/p\": \"x\"}",
    NULL,
    "ex:s ex:p \"x\"\n"));
}

static void
test_sets_are_flattened(void** state)
{
  (void)state;
  assert_true(tj_reads_as(
    "{\"@context\": {\"ex\": \"http://example.org/\","
    "   \"tags\": {\"@id\": \"ex:tags\", \"@container\": \"@set\"}},"
    " \"@id\": \"ex:s\", \"ex:kw\": {\"@set\": [\"a\", \"b\"]},"
    " \"tags\": \"c\"}",
    NULL,
    "ex:s ex:kw \"a\"\n"
    "ex:s ex:kw \"b\"\n"
    "ex:s ex:tags \"c\"\n"));
}

static void
test_reverse_keyword_and_reverse_terms(void** state)
{
  (void)state;
  assert_true(
    tj_reads_as("{\"@context\": {\"ex\": \"http://example.org/\","
                "   \"partOf\": {\"@reverse\": \"ex:hasPart\"}},"
                " \"@id\": \"ex:child\", \"partOf\": {\"@id\": \"ex:parent\"},"
                " \"@reverse\": {\"ex:knows\": [{\"@id\": \"ex:friend\"},"
                "   {\"@id\": \"ex:other\", \"ex:name\": \"O\"}],"
                "   \"partOf\": {\"@id\": \"ex:whole\"}}}",
                NULL,
                "ex:parent ex:hasPart ex:child\n"
                "ex:friend ex:knows ex:child\n"
                "ex:other ex:knows ex:child\n"
                "ex:other ex:name \"O\"\n"
                "ex:child ex:hasPart ex:whole\n"));
}

static void
test_nested_nodes_become_blank_nodes(void** state)
{
  (void)state;
  assert_true(tj_reads_as(
    "{\"@context\": {\"ex\": \"http://example.org/\"},"
    " \"@id\": \"ex:ds\","
    " \"ex:publisher\": {\"ex:name\": \"Org\","
    "                    \"ex:contact\": {\"@id\": \"_:c\"}},"
    " \"ex:contactPoint\": {\"@id\": \"_:c\", \"ex:email\": \"a@b\"},"
    " \"ex:empty\": {}}",
    NULL,
    "ex:ds ex:publisher _:p\n"
    "_:p ex:name \"Org\"\n"
    "_:p ex:contact _:c\n"
    "ex:ds ex:contactPoint _:c\n"
    "_:c ex:email \"a@b\"\n"
    "ex:ds ex:empty _:e\n"));
}

static void
test_blank_labels_get_prefix_and_stay_distinct(void** state)
{
  (void)state;
  hdc_world* w = hdc_world_new();
  hdc_graph* g = hdc_graph_new(w);
  hdc_error  err;
  assert_int_equal(
    tj_parse(
      "[{\"@id\": \"_:a\", \"http://example.org/p\": {\"@id\": \"_:a b\"}},"
      " {\"@id\": \"_:a b\", \"http://example.org/p\": {\"@id\": \"_:a c\"}},"
      " {\"http://example.org/p\": \"anonymous\"}]",
      g,
      &err),
    HDC_OK);
  assert_int_equal(hdc_graph_size(g), 3);
  const hdc_triple* t = hdc_graph_triples(g);
  for (size_t i = 0; i < hdc_graph_size(g); i++) {
    assert_true(hdc_term_is_blank(t[i].s));
    assert_memory_equal(hdc_term_text(t[i].s).ptr, "t_", 2);
  }
  /* "_:a" keeps its text; "_:a b" is one node, "_:a c" another */
  assert_non_null(hdc_world_find_iri(w, HDC_STR("http://example.org/p")));
  assert_true(hdc_str_eq_z(hdc_term_text(t[0].s), "t_a"));
  assert_ptr_equal(t[0].o, t[1].s);
  assert_ptr_not_equal(t[1].s, t[1].o);
  hdc_graph_free(g);
  hdc_world_free(w);
}

static void
test_native_values_get_xsd_types(void** state)
{
  (void)state;
  assert_true(tj_reads_as(
    "{\"@context\": {\"ex\": \"http://example.org/\","
    "   \"dbl\": {\"@id\": \"ex:dbl\","
    "             \"@type\": \"http://www.w3.org/2001/XMLSchema#double\"}},"
    " \"@id\": \"ex:s\", \"ex:i\": 42, \"ex:neg\": -7, \"ex:f\": 1.5,"
    " \"ex:whole\": 2.0, \"ex:big\": 1e21, \"ex:t\": true, \"ex:fa\": false,"
    " \"dbl\": 5, \"ex:small\": 0.001, \"ex:zero\": -0.0,"
    " \"ex:dec\": {\"@value\": 3,"
    "    \"@type\": \"http://www.w3.org/2001/XMLSchema#decimal\"}}",
    NULL,
    "ex:s ex:i \"42\"^^xsd:integer\n"
    "ex:s ex:neg \"-7\"^^xsd:integer\n"
    "ex:s ex:f \"1.5E0\"^^xsd:double\n"
    "ex:s ex:whole \"2\"^^xsd:integer\n"
    "ex:s ex:big \"1.0E21\"^^xsd:double\n"
    "ex:s ex:t \"true\"^^xsd:boolean\n"
    "ex:s ex:fa \"false\"^^xsd:boolean\n"
    "ex:s ex:dbl \"5.0E0\"^^xsd:double\n"
    "ex:s ex:small \"1.0E-3\"^^xsd:double\n"
    "ex:s ex:zero \"0\"^^xsd:integer\n"
    "ex:s ex:dec \"3\"^^xsd:decimal\n"));
}

static void
test_integer_beyond_int64_read_as_double(void** state)
{
  (void)state;
  assert_true(
    tj_reads_as("{\"@id\": \"http://example.org/s\","
                " \"http://example.org/n\": 123456789012345678901234}",
                NULL,
                "ex:s ex:n \"1.234567890123457E23\"^^xsd:double\n"));
}

static void
test_json_literals_are_canonical(void** state)
{
  (void)state;
  assert_true(tj_reads_as(
    "{\"@context\": {\"data\": {\"@id\": \"http://example.org/data\","
    "   \"@type\": \"@json\"}},"
    " \"@id\": \"http://example.org/s\","
    " \"data\": {\"b\": [1, 2], \"a\": true},"
    " \"http://example.org/v\": {\"@value\": [null], \"@type\": \"@json\"}}",
    NULL,
    "ex:s ex:data \"{\\\"a\\\":true,\\\"b\\\":[1,2]}\"^^rdf:JSON\n"
    "ex:s ex:v \"[null]\"^^rdf:JSON\n"));
}

/* ------------------------------------------------------------------------ */
/* Contexts                                                                 */

static void
test_context_array_null_resets_terms(void** state)
{
  (void)state;
  assert_true(tj_reads_as(
    "{\"@context\": [{\"p\": \"http://example.org/p\","
    "                 \"r\": \"http://example.org/r1\"},"
    "                {\"r\": \"http://example.org/r2\"},"
    "                null, {\"q\": \"http://example.org/q\"}],"
    " \"@id\": \"http://example.org/s\", \"p\": \"dropped\", \"q\": \"kept\","
    " \"r\": \"dropped too\"}",
    NULL,
    "ex:s ex:q \"kept\"\n"));
  assert_true(
    tj_reads_as("{\"@context\": [{\"r\": \"http://example.org/r1\"},"
                "                {\"r\": \"http://example.org/r2\"}],"
                " \"@id\": \"http://example.org/s\", \"r\": \"later wins\"}",
                NULL,
                "ex:s ex:r2 \"later wins\"\n"));
}

static void
test_nested_context_overrides_outer(void** state)
{
  (void)state;
  assert_true(
    tj_reads_as("{\"@context\": {\"name\": \"http://example.org/outer\"},"
                " \"@id\": \"http://example.org/s\", \"name\": \"a\","
                " \"http://example.org/child\": {"
                "    \"@context\": {\"name\": \"http://example.org/inner\"},"
                "    \"name\": \"b\"}}",
                NULL,
                "ex:s ex:outer \"a\"\n"
                "ex:s ex:child _:c\n"
                "_:c ex:inner \"b\"\n"));
}

static void
test_terms_null_and_undefined_are_dropped(void** state)
{
  (void)state;
  assert_true(tj_reads_as(
    "{\"@context\": {\"@vocab\": \"http://example.org/v#\","
    "                \"hidden\": null},"
    " \"@id\": \"http://example.org/s\", \"hidden\": \"x\", \"shown\": \"y\","
    " \"@unknownkeyword\": \"z\"}",
    NULL,
    "ex:s <http://example.org/v#shown> \"y\"\n"));
  assert_true(
    tj_reads_as("{\"@id\": \"http://example.org/s\", \"notaterm\": \"x\","
                " \"http://example.org/p\": \"y\", \"_:blankprop\": \"z\"}",
                NULL,
                "ex:s ex:p \"y\"\n"));
}

static void
test_prefix_needs_gen_delim_or_prefix_flag(void** state)
{
  (void)state;
  /* "ex" ends with a gen-delim: a prefix. "nd" does not: "nd:x" stays an
   * IRI with scheme "nd", unless @prefix says otherwise. */
  assert_true(tj_reads_as(
    "{\"@context\": {\"ex\": \"http://example.org/\","
    "   \"nd\": \"http://example.org/nd\","
    "   \"pf\": {\"@id\": \"http://example.org/pf\", \"@prefix\": true}},"
    " \"@id\": \"ex:s\", \"ex:a\": \"1\", \"nd:b\": \"2\", \"pf:c\": \"3\"}",
    NULL,
    "ex:s ex:a \"1\"\n"
    "ex:s <nd:b> \"2\"\n"
    "ex:s <http://example.org/pfc> \"3\"\n"));
}

static void
test_compact_iri_terms_and_dependencies(void** state)
{
  (void)state;
  /* Terms may use prefixes defined after them in the same context. */
  assert_true(
    tj_reads_as("{\"@context\": {\"title\": \"dct:title\","
                "   \"dct:creator\": {\"@type\": \"@id\"},"
                "   \"dct\": \"http://purl.org/dc/terms/\"},"
                " \"@id\": \"http://example.org/s\", \"title\": \"T\","
                " \"dct:creator\": \"http://example.org/me\"}",
                NULL,
                "ex:s dct:title \"T\"\n"
                "ex:s dct:creator ex:me\n"));
}

static void
test_base_and_vocab_resolution(void** state)
{
  (void)state;
  assert_true(tj_reads_as(
    "{\"@context\": {\"@base\": \"http://example.org/dir/\"},"
    " \"@id\": \"../x\", \"http://example.org/p\": {\"@id\": \"y#z\"}}",
    NULL,
    "ex:x ex:p ex:dir/y#z\n"));
  /* a relative @base resolves against the document base */
  assert_true(
    tj_reads_as("{\"@context\": {\"@base\": \"sub/\"},"
                " \"@id\": \"item\", \"http://example.org/p\": \"v\"}",
                "http://example.org/a/b",
                "ex:a/sub/item ex:p \"v\"\n"));
  /* "@vocab": "#" is relative to the base (JSON-LD 1.1) */
  assert_true(
    tj_reads_as("{\"@context\": {\"@base\": \"http://example.org/doc\","
                "   \"@vocab\": \"#\"},"
                " \"@id\": \"\", \"term\": \"v\"}",
                NULL,
                "ex:doc ex:doc#term \"v\"\n"));
  /* without a base, relative IRIs cannot be made absolute: dropped */
  assert_true(tj_reads_as("{\"@context\": {\"@base\": null},"
                          " \"@id\": \"rel\", \"http://example.org/p\": \"v\"}",
                          NULL,
                          ""));
}

static void
test_default_base_is_used(void** state)
{
  (void)state;
  assert_true(
    tj_reads_as("{\"@id\": \"doc#it\", \"http://example.org/p\": \"v\"}",
                NULL,
                "<urn:hdcat:doc/doc#it> ex:p \"v\"\n"));
}

/* RFC 3986 §5.4: every normal and abnormal example. */
static void
test_relative_iris_resolve_per_rfc3986(void** state)
{
  (void)state;
  static const char* const cases[][2] = {
    { "g:h", "g:h" },
    { "g", "http://a/b/c/g" },
    { "./g", "http://a/b/c/g" },
    { "g/", "http://a/b/c/g/" },
    { "/g", "http://a/g" },
    { "//g", "http://g" },
    { "?y", "http://a/b/c/d;p?y" },
    { "g?y", "http://a/b/c/g?y" },
    { "#s", "http://a/b/c/d;p?q#s" },
    { "g#s", "http://a/b/c/g#s" },
    { "g?y#s", "http://a/b/c/g?y#s" },
    { ";x", "http://a/b/c/;x" },
    { "g;x", "http://a/b/c/g;x" },
    { "g;x?y#s", "http://a/b/c/g;x?y#s" },
    { "", "http://a/b/c/d;p?q" },
    { ".", "http://a/b/c/" },
    { "./", "http://a/b/c/" },
    { "..", "http://a/b/" },
    { "../", "http://a/b/" },
    { "../g", "http://a/b/g" },
    { "../..", "http://a/" },
    { "../../", "http://a/" },
    { "../../g", "http://a/g" },
    { "../../../g", "http://a/g" },
    { "../../../../g", "http://a/g" },
    { "/./g", "http://a/g" },
    { "/../g", "http://a/g" },
    { "g.", "http://a/b/c/g." },
    { ".g", "http://a/b/c/.g" },
    { "g..", "http://a/b/c/g.." },
    { "..g", "http://a/b/c/..g" },
    { "./../g", "http://a/b/g" },
    { "./g/.", "http://a/b/c/g/" },
    { "g/./h", "http://a/b/c/g/h" },
    { "g/../h", "http://a/b/c/h" },
    { "g;x=1/./y", "http://a/b/c/g;x=1/y" },
    { "g;x=1/../y", "http://a/b/c/y" },
    { "g?y/./x", "http://a/b/c/g?y/./x" },
    { "g?y/../x", "http://a/b/c/g?y/../x" },
    { "g#s/./x", "http://a/b/c/g#s/./x" },
    { "g#s/../x", "http://a/b/c/g#s/../x" },
    { "http:g", "http:g" },
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    char json[256];
    snprintf(json,
             sizeof json,
             "{\"@id\": \"http://s.example/\", \"http://p.example/\": "
             "{\"@id\": \"%s\"}}",
             cases[i][0]);
    hdc_world* w = hdc_world_new();
    hdc_graph* g = hdc_graph_new(w);
    hdc_error  err;
    assert_int_equal(tj_parse_full(json, "http://a/b/c/d;p?q", NULL, g, &err),
                     HDC_OK);
    assert_int_equal(hdc_graph_size(g), 1);
    hdc_str got = hdc_term_text(hdc_graph_triples(g)[0].o);
    if (!hdc_str_eq_z(got, cases[i][1]))
      fprintf(stderr,
              "\"%s\": got \"%.*s\", want \"%s\"\n",
              cases[i][0],
              (int)got.len,
              got.ptr,
              cases[i][1]);
    assert_true(hdc_str_eq_z(got, cases[i][1]));
    hdc_graph_free(g);
    hdc_world_free(w);
  }
}

static void
test_scoped_contexts_apply_where_the_spec_says(void** state)
{
  (void)state;
  assert_true(tj_reads_as(
    "{\"@context\": {\"ex\": \"http://example.org/\","
    "   \"publisher\": {\"@id\": \"ex:publisher\","
    "      \"@context\": {\"name\": \"http://xmlns.com/foaf/0.1/name\"}},"
    "   \"Dataset\": {\"@id\": \"ex:Dataset\","
    "      \"@context\": {\"title\": \"http://purl.org/dc/terms/title\"}}},"
    " \"@id\": \"ex:ds\", \"@type\": \"Dataset\", \"title\": \"T\","
    " \"publisher\": {\"name\": \"Org\", \"title\": \"not propagated\"},"
    " \"ex:sub\": {\"title\": \"not propagated either\"}}",
    NULL,
    "ex:ds a ex:Dataset\n"
    "ex:ds dct:title \"T\"\n"
    "ex:ds ex:publisher _:p\n"
    "_:p foaf:name \"Org\"\n"
    "ex:ds ex:sub _:q\n"));
}

static void
test_scoped_context_used_many_times(void** state)
{
  (void)state;
  /* A property-scoped context is processed once, however often used. */
  char*  doc = NULL;
  size_t cap = 0;
  FILE*  f   = open_memstream(&doc, &cap);
  assert_non_null(f);
  fputs("{\"@context\": {\"item\": {\"@id\": \"http://example.org/item\","
        " \"@context\": {\"v\": \"http://example.org/v\"}}},"
        " \"@id\": \"http://example.org/s\", \"item\": [",
        f);
  for (int i = 0; i < 2000; i++)
    fprintf(f,
            "%s{\"@id\": \"http://example.org/i%d\", \"v\": %d}",
            i ? "," : "",
            i,
            i);
  fputs("]}", f);
  fclose(f);
  hdc_world* w = hdc_world_new();
  hdc_graph* g = hdc_graph_new(w);
  hdc_error  err;
  assert_int_equal(tj_parse(doc, g, &err), HDC_OK);
  assert_int_equal(hdc_graph_size(g), 4000);
  hdc_graph_free(g);
  hdc_world_free(w);
  free(doc);
}

static void
test_nest_and_included(void** state)
{
  (void)state;
  assert_true(tj_reads_as(
    "{\"@context\": {\"ex\": \"http://example.org/\","
    "   \"labels\": \"@nest\", \"main\": \"ex:main\"},"
    " \"@id\": \"ex:s\", \"labels\": {\"main\": \"M\", \"ex:other\": \"O\","
    "   \"@nest\": {\"ex:deep\": \"D\"}},"
    " \"@included\": [{\"@id\": \"ex:i\", \"ex:q\": \"w\"}]}",
    NULL,
    "ex:s ex:main \"M\"\n"
    "ex:s ex:other \"O\"\n"
    "ex:s ex:deep \"D\"\n"
    "ex:i ex:q \"w\"\n"));
}

static void
test_language_maps(void** state)
{
  (void)state;
  assert_true(tj_reads_as(
    "{\"@context\": {\"ex\": \"http://example.org/\","
    "   \"label\": {\"@id\": \"ex:label\", \"@container\": \"@language\"}},"
    " \"@id\": \"ex:s\", \"label\": {\"en\": \"Hello\","
    "   \"FR\": [\"Bonjour\", \"Salut\"], \"@none\": \"Hi\", \"de\": null}}",
    NULL,
    "ex:s ex:label \"Hello\"@en\n"
    "ex:s ex:label \"Bonjour\"@fr\n"
    "ex:s ex:label \"Salut\"@fr\n"
    "ex:s ex:label \"Hi\"\n"));
}

static void
test_index_id_and_type_maps(void** state)
{
  (void)state;
  assert_true(tj_reads_as(
    "{\"@context\": {\"ex\": \"http://example.org/\","
    "   \"byIdx\": {\"@id\": \"ex:item\", \"@container\": \"@index\"},"
    "   \"byId\": {\"@id\": \"ex:member\", \"@container\": \"@id\"},"
    "   \"byType\": {\"@id\": \"ex:typed\", \"@container\": \"@type\"},"
    "   \"byProp\": {\"@id\": \"ex:cat\", \"@container\": \"@index\","
    "                \"@index\": \"ex:category\"}},"
    " \"@id\": \"ex:s\","
    " \"byIdx\": {\"one\": \"v1\", \"two\": {\"@id\": \"ex:n2\"}},"
    " \"byId\": {\"ex:m1\": {\"ex:name\": \"M1\"}},"
    " \"byType\": {\"ex:T1\": \"ex:t1node\", \"ex:T2\": {\"@id\": "
    "\"ex:t2node\"}},"
    " \"byProp\": {\"health\": {\"@id\": \"ex:c1\"}}}",
    NULL,
    "ex:s ex:item \"v1\"\n"
    "ex:s ex:item ex:n2\n"
    "ex:s ex:member ex:m1\n"
    "ex:m1 ex:name \"M1\"\n"
    "ex:s ex:typed ex:t1node\n"
    "ex:t1node a ex:T1\n"
    "ex:s ex:typed ex:t2node\n"
    "ex:t2node a ex:T2\n"
    "ex:s ex:cat ex:c1\n"
    "ex:c1 ex:category \"health\"\n"));
}

static void
test_graph_container_links_graph_name(void** state)
{
  (void)state;
  assert_true(tj_reads_as(
    "{\"@context\": {\"ex\": \"http://example.org/\","
    "   \"claim\": {\"@id\": \"ex:claim\", \"@container\": \"@graph\"}},"
    " \"@id\": \"ex:s\", \"claim\": {\"@id\": \"ex:c\", \"ex:p\": \"v\"}}",
    NULL,
    "ex:s ex:claim _:g\n"
    "ex:c ex:p \"v\"\n"));
}

static void
test_ill_formed_values_are_dropped(void** state)
{
  (void)state;
  assert_true(tj_reads_as(
    "{\"@id\": \"http://example.org/s\","
    " \"http://example.org/p\": {\"@value\": \"x\", \"@language\": "
    "\"not a tag\"},"
    " \"http://example.org/q\": {\"@id\": \"http://example.org/has space\"},"
    " \"http://example.org/r\": \"kept\","
    " \"http://example.org/t\": {\"@value\": \"x\", \"@type\": "
    "\"http://example.org/bad type\"},"
    " \"http://example.org/u\": {\"@language\": \"en\"},"
    " \"http://example.org/v\": {\"@value\": null}}",
    NULL,
    "ex:s ex:r \"kept\"\n"));
}

/* ------------------------------------------------------------------------ */
/* Remote contexts                                                          */

static void
test_remote_context_is_refused_with_its_url(void** state)
{
  (void)state;
  static const char* const docs[] = {
    "{\"@context\": \"https://example.org/ctx.jsonld\", \"@id\": \"x\"}",
    "{\"@context\": [{\"ex\": \"http://example.org/\"},\n"
    "  \"https://example.org/ctx.jsonld\"], \"@id\": \"x\"}",
    "{\"@context\": {\"@import\": \"https://example.org/ctx.jsonld\"}}",
    "[{\"@id\": \"http://e/a\"}, {\"http://e/p\": {\"@context\": "
    "\"https://example.org/ctx.jsonld\"}}]",
  };
  for (size_t i = 0; i < sizeof docs / sizeof docs[0]; i++) {
    hdc_error err;
    assert_int_equal(tj_fails(docs[i], NULL, &err), HDC_ERR_UNSUPPORTED);
    assert_non_null(strstr(err.message, "https://example.org/ctx.jsonld"));
    assert_non_null(strstr(err.message, "not fetched"));
    assert_string_equal(err.source, "test.jsonld");
    assert_true(err.line >= 1);
  }
}

/* ------------------------------------------------------------------------ */
/* Errors                                                                   */

static void
test_json_syntax_error_has_line_and_column(void** state)
{
  (void)state;
  hdc_error err;
  assert_int_equal(tj_fails("{\"@id\": \"x\",\n  \"p\": }", NULL, &err),
                   HDC_ERR_SYNTAX);
  assert_int_equal(err.line, 2);
  assert_true(err.column > 0);
  assert_string_equal(err.source, "test.jsonld");
  assert_non_null(strstr(err.message, "invalid JSON"));

  assert_int_equal(tj_fails("", NULL, &err), HDC_ERR_SYNTAX);
  assert_int_equal(tj_fails("42", NULL, &err), HDC_ERR_SYNTAX);
  assert_int_equal(tj_fails("{\"a\": \"\\u0000\"}", NULL, &err),
                   HDC_ERR_SYNTAX);
}

static void
test_invalid_jsonld_errors_have_position(void** state)
{
  (void)state;
  static const struct
  {
    const char*   doc;
    unsigned long line;
    const char*   words;
  } cases[] = {
    { "{\"@id\": 5}", 1, "invalid @id value" },
    { "{\"@context\": {\"ex\": \"http://example.org/\"},\n"
      " \"@id\": \"ex:s\",\n \"@type\": 7}",
      3,
      "invalid type value" },
    { "{\"@context\": {\"id\": \"@id\"},\n \"@id\": \"http://a/\",\n"
      " \"id\": \"http://b/\"}",
      3,
      "colliding keywords" },
    { "{\"@context\": {\"a\": \"b:x\",\n \"b\": \"c:y\",\n"
      " \"c\": \"b:z\"}}",
      2,
      "cyclic IRI mapping" },
    { "[{},\n {\"http://example.org/p\": {\"@value\": {\"x\": 1}}}]",
      2,
      "invalid value object value" },
    { "{\"@context\": {\"x\": {\"@id\": \"http://e/x\",\n"
      " \"@container\": \"@foo\"}}}",
      1,
      "invalid container mapping" },
    { "{\"@context\": {\"r\": {\"@reverse\": \"http://e/p\"}},\n"
      " \"@id\": \"http://e/s\",\n \"r\": \"literal\"}",
      3,
      "invalid reverse property value" },
    { "{\"@context\": {\"name\": {\"@type\": \"@id\"}}}",
      1,
      "invalid IRI mapping" },
    { "{\"@context\": 5}", 1, "invalid local context" },
    { "{\"@context\": {\"@version\": 1.0}}", 1, "invalid @version" },
    { "{\"@context\": {\"@base\": 3}}", 1, "invalid base IRI" },
    { "{\"@context\": {\"@vocab\": 3}}", 1, "invalid vocab mapping" },
    { "{\"@context\": {\"@language\": 3}}", 1, "invalid default language" },
    { "{\"@context\": {\"@type\": \"http://e/t\"}}",
      1,
      "keyword redefinition" },
    { "{\"@context\": {\"@id\": \"http://e/t\"}}", 1, "keyword redefinition" },
    { "{\"@context\": {\"x\": 5}}", 1, "invalid term definition" },
    { "{\"@context\": {\"x\": {\"@id\": \"http://e/x\", \"@foo\": 1}}}",
      1,
      "invalid term definition" },
    { "{\"@id\": \"http://e/s\", \"http://e/p\": {\"@value\": \"x\",\n"
      " \"@type\": \"http://e/t\", \"@language\": \"en\"}}",
      1,
      "invalid value object" },
    { "{\"@id\": \"http://e/s\", \"http://e/p\": {\"@value\": 5, "
      "\"@language\": \"en\"}}",
      1,
      "invalid language-tagged value" },
    { "{\"@id\": \"http://e/s\", \"http://e/p\": {\"@list\": [],\n"
      " \"http://e/x\": 1}}",
      1,
      "invalid set or list object" },
    { "{\"@id\": \"http://e/s\", \"@reverse\": 5}", 1, "invalid @reverse" },
    { "{\"@id\": \"http://e/s\", \"http://e/p\": {\"@included\": \n"
      " [{\"@value\": \"x\"}]}}",
      2,
      "invalid @included value" },
    { "{\"@id\": \"http://e/s\", \"@reverse\": {\"@id\": \"http://x/\"}}",
      1,
      "invalid reverse property map" },
    { "{\"@id\": \"http://e/s\", \"@nest\": {\"@value\": 1}}",
      1,
      "invalid @nest value" },
    { "{\"@context\": {\"l\": {\"@id\": \"http://e/l\", "
      "\"@container\": \"@language\"}},\n \"l\": {\"en\": 5}}",
      2,
      "invalid language map value" },
    { "{\"@id\": \"http://e/s\", \"http://e/p\": {\"@value\": \"x\", "
      "\"@type\": 5}}",
      1,
      "invalid typed value" },
    { "{\"@id\": \"http://e/s\", \"http://e/p\": {\"@value\": \"x\", "
      "\"@type\": \"_:b\"}}",
      1,
      "invalid typed value" },
    { "{\"@id\": \"http://e/s\", \"@index\": 5}", 1, "invalid @index value" },
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    hdc_error  err;
    hdc_status st = tj_fails(cases[i].doc, NULL, &err);
    if (st != HDC_ERR_SYNTAX || err.line != cases[i].line ||
        !strstr(err.message, cases[i].words))
      fprintf(stderr,
              "case %zu: status %d line %lu: %s\n",
              i,
              st,
              err.line,
              err.message);
    assert_int_equal(st, HDC_ERR_SYNTAX);
    assert_int_equal(err.line, cases[i].line);
    assert_non_null(strstr(err.message, cases[i].words));
    assert_true(err.column >= 1);
  }
}

static void
test_invalid_arguments_refused(void** state)
{
  (void)state;
  hdc_error  err;
  hdc_limits l;
  hdc_limits_init(&l);
  hdc_error_clear(&err);
  assert_int_equal(hdc_jsonld_parse("{}", 2, TJ_BASE, "x", "p", &l, NULL, &err),
                   HDC_ERR_INVALID_ARG);
  hdc_world* w = hdc_world_new();
  hdc_graph* g = hdc_graph_new(w);
  assert_int_equal(hdc_jsonld_parse(NULL, 5, TJ_BASE, "x", "p", &l, g, NULL),
                   HDC_ERR_INVALID_ARG);
  assert_int_equal(hdc_jsonld_parse("{}", 2, NULL, "x", "p", &l, g, NULL),
                   HDC_ERR_INVALID_ARG);
  /* NULL error record and NULL limits are fine */
  assert_int_equal(
    hdc_jsonld_parse("{}", 2, TJ_BASE, NULL, NULL, NULL, g, NULL), HDC_OK);
  assert_int_equal(
    hdc_jsonld_parse("{\"@id\": 1}", 10, TJ_BASE, NULL, NULL, NULL, g, NULL),
    HDC_ERR_SYNTAX);
  hdc_graph_free(g);
  hdc_world_free(w);
}

/* ------------------------------------------------------------------------ */
/* Limits                                                                   */

static void
test_limits_refuse_with_position(void** state)
{
  (void)state;
  hdc_limits l;
  hdc_error  err;

  hdc_limits_init(&l);
  assert_int_equal(hdc_limits_set(&l, "triples", 2, NULL), HDC_OK);
  assert_int_equal(
    tj_fails("{\"@id\": \"http://e/s\", \"http://e/a\": 1, \"http://e/b\": 2,\n"
             " \"http://e/c\": 3}",
             &l,
             &err),
    HDC_ERR_LIMIT);
  assert_non_null(strstr(err.message, "triples"));
  assert_int_equal(err.line, 2);

  hdc_limits_init(&l);
  assert_int_equal(hdc_limits_set(&l, "literal_bytes", 5, NULL), HDC_OK);
  assert_int_equal(tj_fails("{\"@id\": \"http://e/s\",\n"
                            "  \"http://e/a\": \"short\",\n"
                            "  \"http://e/b\": \"far too long\"}",
                            &l,
                            &err),
                   HDC_ERR_LIMIT);
  assert_non_null(strstr(err.message, "literal_bytes"));
  assert_int_equal(err.line, 3);
  assert_int_equal(err.column, 17);

  hdc_limits_init(&l);
  assert_int_equal(hdc_limits_set(&l, "iri_bytes", 20, NULL), HDC_OK);
  assert_int_equal(tj_fails("{\"@id\": \"http://e/s\",\n"
                            " \"http://e/p\": {\"@id\": "
                            "\"http://example.org/a/long/iri\"}}",
                            &l,
                            &err),
                   HDC_ERR_LIMIT);
  assert_non_null(strstr(err.message, "iri_bytes"));
  assert_int_equal(err.line, 2);
  /* predicates count too */
  assert_int_equal(tj_fails("{\"@id\": \"http://e/s\",\n"
                            " \"http://example.org/a/long/iri\": 1}",
                            &l,
                            &err),
                   HDC_ERR_LIMIT);
  assert_int_equal(err.line, 2);

  hdc_limits_init(&l);
  assert_int_equal(hdc_limits_set(&l, "nesting_depth", 3, NULL), HDC_OK);
  assert_int_equal(tj_fails("[[[1]]]", &l, &err), HDC_OK);
  assert_int_equal(tj_fails("[\n [\n  [\n   [\"[[[[\"]]]]", &l, &err),
                   HDC_ERR_LIMIT);
  assert_int_equal(err.line, 4);
  assert_int_equal(err.column, 4);
  assert_non_null(strstr(err.message, "nesting_depth"));
}

static void
test_term_definition_chain_is_bounded(void** state)
{
  (void)state;
  /* t0 -> t1 -> ... each defined by the next: recursion bounded by the
   * nesting limit, never by the stack. */
  hdc_limits l;
  hdc_error  err;
  char*      doc = NULL;
  size_t     cap = 0;
  FILE*      f   = open_memstream(&doc, &cap);
  assert_non_null(f);
  fputs("{\"@context\": {", f);
  for (int i = 0; i < 100; i++)
    fprintf(f, "\"t%d\": \"t%d:x\", ", i, i + 1);
  fputs("\"t100\": \"http://example.org/\"}, \"t0\": 1}", f);
  fclose(f);
  hdc_limits_init(&l);
  assert_int_equal(hdc_limits_set(&l, "nesting_depth", 50, NULL), HDC_OK);
  assert_int_equal(tj_fails(doc, &l, &err), HDC_ERR_LIMIT);
  /* with room enough, the chain resolves: t0 is an IRI with a
   * non-gen-delim ending, not a prefix, so "t0:x" is kept as is */
  hdc_limits_set(&l, "nesting_depth", 256, NULL);
  assert_int_equal(tj_fails(doc, &l, &err), HDC_OK);
  free(doc);
}

static void
test_deep_nesting_within_limit_works(void** state)
{
  (void)state;
  const int  depth = 1000;
  hdc_limits l;
  hdc_error  err;
  char*      doc = NULL;
  size_t     cap = 0;
  FILE*      f   = open_memstream(&doc, &cap);
  assert_non_null(f);
  for (int i = 0; i < depth; i++)
    fputs("{\"http://example.org/p\": ", f);
  fputs("\"leaf\"", f);
  for (int i = 0; i < depth; i++)
    fputc('}', f);
  fclose(f);
  hdc_limits_init(&l);
  assert_int_equal(hdc_limits_set(&l, "nesting_depth", 2000, NULL), HDC_OK);
  hdc_world* w = hdc_world_new();
  hdc_graph* g = hdc_graph_new(w);
  assert_int_equal(tj_parse_full(doc, NULL, &l, g, &err), HDC_OK);
  assert_int_equal(hdc_graph_size(g), (size_t)depth);
  hdc_graph_clear(g);
  /* the default limit refuses it */
  assert_int_equal(tj_parse_full(doc, NULL, NULL, g, &err), HDC_ERR_LIMIT);
  assert_int_equal(err.line, 1);
  hdc_graph_free(g);
  hdc_world_free(w);
  free(doc);
}

static void
test_nesting_beyond_json_parser_refused(void** state)
{
  (void)state;
  /* deeper than jansson itself goes: refused as a limit, with a place */
  const int  depth = 100000;
  hdc_error  err;
  hdc_limits l;
  char*      doc = malloc((size_t)depth * 2 + 16);
  assert_non_null(doc);
  memset(doc, '[', (size_t)depth);
  memset(doc + depth, ']', (size_t)depth);
  doc[2 * depth] = '\0';
  assert_int_equal(tj_fails(doc, NULL, &err), HDC_ERR_LIMIT);
  assert_non_null(strstr(err.message, "nesting_depth"));
  assert_int_equal(err.line, 1);
  assert_true(err.column > 1);
  hdc_limits_init(&l);
  assert_int_equal(hdc_limits_set(&l, "nesting_depth", 100000, NULL), HDC_OK);
  assert_int_equal(tj_fails(doc, &l, &err), HDC_ERR_LIMIT);
  assert_non_null(strstr(err.message, "nesting_depth"));
  free(doc);
}

/* ------------------------------------------------------------------------ */
/* Allocation failures                                                      */

static void
test_allocation_failures_return_nomem(void** state)
{
  (void)state;
  const char* doc =
    "{\"@context\": {\"ex\": \"http://example.org/\","
    "   \"items\": {\"@id\": \"ex:items\", \"@container\": \"@list\"},"
    "   \"pub\": {\"@id\": \"ex:pub\", \"@context\": {\"n\": \"ex:name\"}},"
    "   \"@vocab\": \"http://example.org/v#\", \"@base\": \"http://b/\"},"
    " \"@id\": \"x/y\", \"@type\": [\"ex:T\", \"ex:U\"],"
    " \"items\": [1, 2.5, true, \"s\"], \"pub\": {\"n\": \"N\"},"
    " \"_:odd label\": 1, \"plain\": {\"@id\": \"_:odd label\"},"
    " \"@reverse\": {\"ex:r\": {\"@id\": \"../z\"}}}";
  /* jansson keeps the system allocator here: every hdcat allocation is
   * made to fail in turn (jansson's own are the next test's). */
  bool succeeded = false;
  for (long n = 0; n < 100000 && !succeeded; n++) {
    hdc_world* w = hdc_world_new();
    hdc_graph* g = hdc_graph_new(w);
    assert_non_null(g);
    hdc_error err;
    hdc_error_clear(&err);
    hdc_alloc_fail_after(n);
    hdc_status st =
      hdc_jsonld_parse(doc, strlen(doc), TJ_BASE, "oom", "t_", NULL, g, &err);
    unsigned long injected = hdc_alloc_injected_failures();
    hdc_alloc_fail_after(-1);
    if (st == HDC_OK) {
      succeeded = true;
      assert_int_equal(injected, 0);
      assert_int_equal(hdc_graph_size(g), 15);
    } else {
      assert_int_equal(st, HDC_ERR_NOMEM);
      assert_int_equal(err.status, HDC_ERR_NOMEM);
    }
    hdc_graph_free(g);
    hdc_world_free(w);
  }
  assert_true(succeeded);
}

static void
test_jansson_allocation_failures_are_contained(void** state)
{
  (void)state;
  const char* doc =
    "{\"@context\": {\"ex\": \"http://example.org/\"},"
    " \"@id\": \"ex:s\", \"ex:p\": [1, \"two\", {\"ex:q\": 3}]}";
  /* jansson cannot always tell an allocation failure from bad input, so
   * either error is acceptable; a crash, a leak or a success with
   * missing triples is not. */
  json_set_alloc_funcs(hdc_malloc, hdc_free);
  bool succeeded = false;
  for (long n = 0; n < 10000 && !succeeded; n++) {
    hdc_world* w = hdc_world_new();
    hdc_graph* g = hdc_graph_new(w);
    assert_non_null(g);
    hdc_error err;
    hdc_error_clear(&err);
    hdc_alloc_fail_after(n);
    hdc_status st =
      hdc_jsonld_parse(doc, strlen(doc), TJ_BASE, "oom", "t_", NULL, g, &err);
    hdc_alloc_fail_after(-1);
    if (st == HDC_OK) {
      succeeded = true;
      assert_int_equal(hdc_graph_size(g), 4);
    } else {
      assert_true(st == HDC_ERR_NOMEM || st == HDC_ERR_SYNTAX);
      assert_int_equal(err.status, st);
    }
    hdc_graph_free(g);
    hdc_world_free(w);
  }
  json_set_alloc_funcs(malloc, free);
  assert_true(succeeded);
}

/* ------------------------------------------------------------------------ */
/* Real catalogue files                                                     */

static size_t
count_real(const char* name, hdc_status* st, hdc_error* err)
{
  char path[1024];
  snprintf(path, sizeof path, "%s/fixtures/real/%s", HDC_SHARED_DIR, name);
  size_t len  = 0;
  char*  data = tj_slurp(path, &len);
  if (!data)
    return (size_t)-1;
  hdc_world* w = hdc_world_new();
  hdc_graph* g = hdc_graph_new(w);
  hdc_limits l;
  hdc_limits_init(&l);
  hdc_error_clear(err);
  *st      = hdc_jsonld_parse(data, len, TJ_BASE, name, "r_", &l, g, err);
  size_t n = hdc_graph_size(g);
  hdc_graph_free(g);
  hdc_world_free(w);
  free(data);
  return n;
}

static void
test_real_udata_hydra_pages_parse(void** state)
{
  (void)state;
  hdc_status st;
  hdc_error  err;
  size_t n = count_real("fr-udata-hydra-paged-collection-1.jsonld", &st, &err);
  if (n == (size_t)-1)
    skip();
  assert_int_equal(st, HDC_OK);
  assert_int_equal(n, 79); /* rdflib's count */
  n = count_real("fr-udata-hydra-paged-collection-2.jsonld", &st, &err);
  assert_int_equal(st, HDC_OK);
  assert_int_equal(n, 41);
}

static void
test_real_evian_remote_context_refused(void** state)
{
  (void)state;
  hdc_status st;
  hdc_error  err;
  size_t     n = count_real("fr-evian-catalog.jsonld", &st, &err);
  if (n == (size_t)-1)
    skip();
  assert_int_equal(st, HDC_ERR_UNSUPPORTED);
  assert_non_null(
    strstr(err.message,
           "https://project-open-data.cio.gov/v1.1/schema/catalog.jsonld"));
  assert_non_null(strstr(err.message, "inline the context"));
  assert_string_equal(err.source, "fr-evian-catalog.jsonld");
  assert_int_equal(err.line, 2);
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_expanded_form_reads_triples),
    cmocka_unit_test(test_compacted_context_expands_terms),
    cmocka_unit_test(test_keyword_aliases_act_as_keywords),
    cmocka_unit_test(test_graph_keyword_named_graphs_merged),
    cmocka_unit_test(test_top_level_array_each_with_context),
    cmocka_unit_test(test_lists_become_collections),
    cmocka_unit_test(test_list_container_null_gives_no_triple),
    cmocka_unit_test(test_sets_are_flattened),
    cmocka_unit_test(test_reverse_keyword_and_reverse_terms),
    cmocka_unit_test(test_nested_nodes_become_blank_nodes),
    cmocka_unit_test(test_blank_labels_get_prefix_and_stay_distinct),
    cmocka_unit_test(test_native_values_get_xsd_types),
    cmocka_unit_test(test_integer_beyond_int64_read_as_double),
    cmocka_unit_test(test_json_literals_are_canonical),
    cmocka_unit_test(test_context_array_null_resets_terms),
    cmocka_unit_test(test_nested_context_overrides_outer),
    cmocka_unit_test(test_terms_null_and_undefined_are_dropped),
    cmocka_unit_test(test_prefix_needs_gen_delim_or_prefix_flag),
    cmocka_unit_test(test_compact_iri_terms_and_dependencies),
    cmocka_unit_test(test_base_and_vocab_resolution),
    cmocka_unit_test(test_default_base_is_used),
    cmocka_unit_test(test_relative_iris_resolve_per_rfc3986),
    cmocka_unit_test(test_scoped_contexts_apply_where_the_spec_says),
    cmocka_unit_test(test_scoped_context_used_many_times),
    cmocka_unit_test(test_nest_and_included),
    cmocka_unit_test(test_language_maps),
    cmocka_unit_test(test_index_id_and_type_maps),
    cmocka_unit_test(test_graph_container_links_graph_name),
    cmocka_unit_test(test_ill_formed_values_are_dropped),
    cmocka_unit_test(test_remote_context_is_refused_with_its_url),
    cmocka_unit_test(test_json_syntax_error_has_line_and_column),
    cmocka_unit_test(test_invalid_jsonld_errors_have_position),
    cmocka_unit_test(test_invalid_arguments_refused),
    cmocka_unit_test(test_limits_refuse_with_position),
    cmocka_unit_test(test_term_definition_chain_is_bounded),
    cmocka_unit_test(test_deep_nesting_within_limit_works),
    cmocka_unit_test(test_nesting_beyond_json_parser_refused),
    cmocka_unit_test(test_allocation_failures_return_nomem),
    cmocka_unit_test(test_jansson_allocation_failures_are_contained),
    cmocka_unit_test(test_real_udata_hydra_pages_parse),
    cmocka_unit_test(test_real_evian_remote_context_refused),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
