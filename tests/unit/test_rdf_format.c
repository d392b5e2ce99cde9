// SPDX-License-Identifier: EUPL-1.2
/*
 * Unit tests for the RDF syntax table: canonical names and aliases, media
 * types (with parameters), file extensions (paths and URLs) and content
 * sniffing of each syntax, including the look-alikes (TriG and JSON both
 * opening with '{', N-Triples and RDF/XML both opening with '<').
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "hdcat/rdf.h"

#include <stdio.h>
#include <string.h>

static const hdc_format all_formats[] = {
  HDC_FORMAT_TURTLE, HDC_FORMAT_RDFXML, HDC_FORMAT_NTRIPLES,
  HDC_FORMAT_NQUADS, HDC_FORMAT_TRIG,   HDC_FORMAT_JSONLD,
};
#define N_FORMATS (sizeof all_formats / sizeof all_formats[0])

static void
test_format_name_roundtrips(void **state)
{
  (void)state;
  for (size_t i = 0; i < N_FORMATS; i++) {
    hdc_format f = all_formats[i];
    assert_int_equal(hdc_format_from_name(hdc_format_name(f)), f);
    assert_int_equal(
      hdc_format_from_media_type(hdc_str_from(hdc_format_media_type(f))), f);
    char path[64];
    snprintf(path, sizeof path, "dir.d/file.%s", hdc_format_extension(f));
    assert_int_equal(hdc_format_from_path(path), f);
  }
  assert_string_equal(hdc_format_name(HDC_FORMAT_UNKNOWN), "unknown");
  assert_string_equal(hdc_format_name((hdc_format)99), "unknown");
  assert_string_equal(hdc_format_name(HDC_FORMAT_TURTLE), "turtle");
  assert_string_equal(hdc_format_media_type(HDC_FORMAT_RDFXML),
                      "application/rdf+xml");
  assert_string_equal(hdc_format_extension(HDC_FORMAT_NTRIPLES), "nt");
}

static void
test_format_aliases_known(void **state)
{
  (void)state;
  assert_int_equal(hdc_format_from_name("TTL"), HDC_FORMAT_TURTLE);
  assert_int_equal(hdc_format_from_name("xml"), HDC_FORMAT_RDFXML);
  assert_int_equal(hdc_format_from_name("rdf"), HDC_FORMAT_RDFXML);
  assert_int_equal(hdc_format_from_name("nt"), HDC_FORMAT_NTRIPLES);
  assert_int_equal(hdc_format_from_name("nq"), HDC_FORMAT_NQUADS);
  assert_int_equal(hdc_format_from_name("json-ld"), HDC_FORMAT_JSONLD);
  assert_int_equal(hdc_format_from_name("N-Triples"), HDC_FORMAT_NTRIPLES);
  assert_int_equal(hdc_format_from_name("yaml"), HDC_FORMAT_UNKNOWN);
  assert_int_equal(hdc_format_from_name(""), HDC_FORMAT_UNKNOWN);
  assert_int_equal(hdc_format_from_name(NULL), HDC_FORMAT_UNKNOWN);
}

static void
test_format_media_type_parameters_ignored(void **state)
{
  (void)state;
  assert_int_equal(
    hdc_format_from_media_type(HDC_STR("text/turtle; charset=utf-8")),
    HDC_FORMAT_TURTLE);
  assert_int_equal(hdc_format_from_media_type(HDC_STR(" Application/RDF+XML ")),
                   HDC_FORMAT_RDFXML);
  assert_int_equal(hdc_format_from_media_type(HDC_STR("application/xml")),
                   HDC_FORMAT_RDFXML);
  assert_int_equal(
    hdc_format_from_media_type(HDC_STR("application/ld+json;profile=x")),
    HDC_FORMAT_JSONLD);
  assert_int_equal(hdc_format_from_media_type(HDC_STR("text/plain")),
                   HDC_FORMAT_UNKNOWN);
  assert_int_equal(hdc_format_from_media_type(HDC_STR("")), HDC_FORMAT_UNKNOWN);
  assert_int_equal(hdc_format_from_media_type(HDC_STR_NULL),
                   HDC_FORMAT_UNKNOWN);
  /* The view's length counts, not a NUL. */
  hdc_str part = { "text/turtlexyz", 11 };
  assert_int_equal(hdc_format_from_media_type(part), HDC_FORMAT_TURTLE);
}

static void
test_format_path_extensions(void **state)
{
  (void)state;
  assert_int_equal(hdc_format_from_path("catalog.TTL"), HDC_FORMAT_TURTLE);
  assert_int_equal(hdc_format_from_path("a/b/catalog.rdf"), HDC_FORMAT_RDFXML);
  assert_int_equal(hdc_format_from_path("https://x.org/catalog.jsonld?page=2"),
                   HDC_FORMAT_JSONLD);
  assert_int_equal(hdc_format_from_path("https://x.org/d.nq#frag"),
                   HDC_FORMAT_NQUADS);
  assert_int_equal(hdc_format_from_path("onto.owl"), HDC_FORMAT_RDFXML);
  assert_int_equal(hdc_format_from_path("page.trig"), HDC_FORMAT_TRIG);
  assert_int_equal(hdc_format_from_path("dir.ttl/file"), HDC_FORMAT_UNKNOWN);
  assert_int_equal(hdc_format_from_path(".ttl"), HDC_FORMAT_UNKNOWN);
  assert_int_equal(hdc_format_from_path("noext"), HDC_FORMAT_UNKNOWN);
  assert_int_equal(hdc_format_from_path("file.csv"), HDC_FORMAT_UNKNOWN);
  assert_int_equal(hdc_format_from_path("file."), HDC_FORMAT_UNKNOWN);
  assert_int_equal(hdc_format_from_path(NULL), HDC_FORMAT_UNKNOWN);
}

static hdc_format
sniff(const char *z)
{
  return hdc_format_sniff(z, strlen(z));
}

static void
test_format_sniff_each_syntax(void **state)
{
  (void)state;
  assert_int_equal(sniff("@prefix dcat: <http://www.w3.org/ns/dcat#> .\n"),
                   HDC_FORMAT_TURTLE);
  assert_int_equal(sniff("PREFIX dcat: <http://www.w3.org/ns/dcat#>\n"),
                   HDC_FORMAT_TURTLE);
  assert_int_equal(sniff("# licence header\n# more\n@base <http://x/> .\n"),
                   HDC_FORMAT_TURTLE);
  assert_int_equal(sniff("dcat:x a dcat:Dataset ."), HDC_FORMAT_TURTLE);
  assert_int_equal(sniff("<http://a> a <http://b> ;\n <http://c> 1 ."),
                   HDC_FORMAT_TURTLE);
  assert_int_equal(sniff("[ a <http://b> ] ."), HDC_FORMAT_TURTLE);
  assert_int_equal(sniff("<?xml version=\"1.0\"?>\n<rdf:RDF/>"),
                   HDC_FORMAT_RDFXML);
  assert_int_equal(sniff("\n  <rdf:RDF xmlns:rdf=\"x\">"), HDC_FORMAT_RDFXML);
  assert_int_equal(sniff("<!-- c -->\n<rdf:RDF>"), HDC_FORMAT_RDFXML);
  assert_int_equal(sniff("<RDF>"), HDC_FORMAT_RDFXML);
  assert_int_equal(sniff("<http://a> <http://b> \"c\"@en .\n"),
                   HDC_FORMAT_NTRIPLES);
  assert_int_equal(sniff("_:a <http://b> \"1\"^^<http://t> .\n"),
                   HDC_FORMAT_NTRIPLES);
  assert_int_equal(sniff("<http://a> <http://b> <http://c> <http://g> .\n"),
                   HDC_FORMAT_NQUADS);
  assert_int_equal(sniff("@prefix ex: <http://x/> .\nex:g { ex:a ex:b ex:c }"),
                   HDC_FORMAT_TRIG);
  assert_int_equal(sniff("{ <http://a> <http://b> <http://c> }"),
                   HDC_FORMAT_TRIG);
  assert_int_equal(sniff("<http://g> { <http://a> <http://b> <http://c> }"),
                   HDC_FORMAT_TRIG);
  assert_int_equal(sniff("{\"@context\": {}}"), HDC_FORMAT_JSONLD);
  assert_int_equal(sniff("  [ {\"@id\": \"x\"} ]"), HDC_FORMAT_JSONLD);
  assert_int_equal(sniff("{}"), HDC_FORMAT_JSONLD);
}

static void
test_format_sniff_bom_and_strings(void **state)
{
  (void)state;
  assert_int_equal(sniff("\xEF\xBB\xBF@prefix a: <http://x/> ."),
                   HDC_FORMAT_TURTLE);
  /* Braces inside strings, long strings and comments are not TriG. */
  assert_int_equal(sniff("@prefix a: <http://x/> .\n# {\na:x a:y \"{\" ;\n"
                         " a:z \"\"\"line\n{ more\"\"\" ."),
                   HDC_FORMAT_TURTLE);
  assert_int_equal(sniff("@prefix a: <http://x/{}> .\na:x a:y 'x{' ."),
                   HDC_FORMAT_TURTLE);
}

static void
test_format_sniff_unknown(void **state)
{
  (void)state;
  assert_int_equal(hdc_format_sniff(NULL, 0), HDC_FORMAT_UNKNOWN);
  assert_int_equal(sniff(""), HDC_FORMAT_UNKNOWN);
  assert_int_equal(sniff("   \n\t "), HDC_FORMAT_UNKNOWN);
  assert_int_equal(sniff("hello world"), HDC_FORMAT_UNKNOWN);
  assert_int_equal(sniff("# only a comment\n"), HDC_FORMAT_UNKNOWN);
  /* The length counts: nothing is read past it. */
  assert_int_equal(hdc_format_sniff("{\"a\": 1}", 0), HDC_FORMAT_UNKNOWN);
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_format_name_roundtrips),
    cmocka_unit_test(test_format_aliases_known),
    cmocka_unit_test(test_format_media_type_parameters_ignored),
    cmocka_unit_test(test_format_path_extensions),
    cmocka_unit_test(test_format_sniff_each_syntax),
    cmocka_unit_test(test_format_sniff_bom_and_strings),
    cmocka_unit_test(test_format_sniff_unknown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
