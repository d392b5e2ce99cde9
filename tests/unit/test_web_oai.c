// SPDX-License-Identifier: EUPL-1.2
/*
 * Tests of OAI-PMH (/oai) through hdc_web_inject() over a catalogue of 150
 * generated records and one that does not conform: every verb, both
 * metadata formats, resumption tokens walked to the end, from/until, the
 * protocol's error codes; every answer well-formed XML. And
 * hdc_web_export(): one document holding exactly the conforming records,
 * in each syntax.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "web/web_internal.h"

#include "hdcat/rdf.h"
#include "hdcat/shacl.h"

#include <libxml/parser.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct fixture
{
  char     dir[256];
  char     db[300];
  hdc_web *web;
} fixture;

static void
import_file(const char *db, const char *path, const char *source, bool validate)
{
  hdc_store *s = NULL;
  hdc_error  err;
  hdc_error_clear(&err);
  assert_int_equal(hdc_store_open(db, NULL, &s, &err), HDC_OK);
  hdc_shacl_profile *prof = NULL;
  hdc_world         *w    = hdc_world_new();
  if (validate)
    assert_int_equal(
      hdc_shacl_profile_load(w,
                             HDC_FIXTURES "/../schemas",
                             HDC_SHACL_PROFILE_HEALTHDCAT_AP_CORE,
                             &prof,
                             &err),
      HDC_OK);
  hdc_store_run_opts ro      = { .profile = prof };
  const char *const  paths[] = { path };
  assert_int_equal(
    hdc_store_import_files(s, w, source, paths, 1, &ro, NULL, &err), HDC_OK);
  hdc_shacl_profile_free(prof);
  hdc_world_free(w);
  hdc_store_close(s);
}

static int
setup(void **state)
{
  fixture *f = calloc(1, sizeof *f);
  assert_non_null(f);
  const char *tmp = getenv("TMPDIR");
  snprintf(
    f->dir, sizeof f->dir, "%s/hdc-web-oai-XXXXXX", tmp && *tmp ? tmp : ".");
  assert_non_null(mkdtemp(f->dir));
  snprintf(f->db, sizeof f->db, "%s/cat.db", f->dir);
  char path[400];
  snprintf(path, sizeof path, "%s/gen.ttl", f->dir);
  FILE *o = fopen(path, "w");
  assert_non_null(o);
  fputs("@prefix dcat: <http://www.w3.org/ns/dcat#> .\n"
        "@prefix dct: <http://purl.org/dc/terms/> .\n",
        o);
  for (int i = 0; i < 150; ++i)
    fprintf(o,
            "<https://example.org/ds/%03d> a dcat:Dataset ;\n"
            "  dct:title \"Registre <%d> & co\"@fr ;\n"
            "  dct:description \"Lot %d\" ;\n"
            "  dcat:distribution [ a dcat:Distribution ; dct:title "
            "\"fichier\" ] .\n",
            i,
            i,
            i);
  fclose(o);
  import_file(f->db, path, "gen", false);
  unlink(path);
  /* One record that does not conform (no title, no access rights...). */
  snprintf(path, sizeof path, "%s/bad.ttl", f->dir);
  o = fopen(path, "w");
  assert_non_null(o);
  fputs("<https://example.org/bad> a <http://www.w3.org/ns/dcat#Dataset> .\n",
        o);
  fclose(o);
  import_file(f->db, path, "bad", true);
  unlink(path);
  hdc_web_config cfg = { .db_path  = f->db,
                         .base_url = "https://cat.example.org" };
  hdc_error      err;
  hdc_error_clear(&err);
  assert_int_equal(hdc_web_new(&cfg, &f->web, &err), HDC_OK);
  *state = f;
  return 0;
}

static int
teardown(void **state)
{
  fixture *f = *state;
  hdc_web_free(f->web);
  char        path[400];
  const char *files[] = { "cat.db", "cat.db-wal", "cat.db-shm" };
  for (size_t i = 0; i < 3; ++i) {
    snprintf(path, sizeof path, "%s/%s", f->dir, files[i]);
    unlink(path);
  }
  rmdir(f->dir);
  free(f);
  return 0;
}

/* GET /oai?@p query; checks 200 and well-formed XML. */
static void
oai(fixture *f, const char *query, hdc_web_test_response *out)
{
  char target[1024];
  snprintf(target, sizeof target, "/oai?%s", query);
  hdc_web_test_request req = { .method = "GET", .target = target };
  hdc_error            err;
  hdc_error_clear(&err);
  assert_int_equal(hdc_web_inject(f->web, &req, out, &err), HDC_OK);
  assert_int_equal(out->status, 200);
  xmlDocPtr doc =
    xmlReadMemory(out->body.ptr,
                  (int)out->body.len,
                  "oai.xml",
                  NULL,
                  XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  if (!doc)
    fail_msg("not well-formed: %.400s", out->body.ptr);
  xmlFreeDoc(doc);
}

static size_t
count(const char *hay, const char *needle)
{
  size_t n = 0;
  for (const char *p = hay; (p = strstr(p, needle)); ++p)
    ++n;
  return n;
}

static void
test_oai_identify_and_formats(void **state)
{
  fixture              *f = *state;
  hdc_web_test_response r;
  oai(f, "verb=Identify", &r);
  assert_non_null(strstr(r.body.ptr,
                         "<baseURL>https://cat.example.org/oai"
                         "</baseURL>"));
  assert_non_null(strstr(r.body.ptr, "<protocolVersion>2.0<"));
  assert_non_null(
    strstr(r.body.ptr, "<deletedRecord>persistent</deletedRecord>"));
  assert_non_null(strstr(r.body.ptr,
                         "<repositoryIdentifier>cat.example.org"
                         "</repositoryIdentifier>"));
  hdc_web_test_response_clear(&r);
  oai(f, "verb=ListMetadataFormats", &r);
  assert_non_null(strstr(r.body.ptr, "<metadataPrefix>dcat_ap<"));
  assert_non_null(strstr(r.body.ptr, "<metadataPrefix>oai_dc<"));
  hdc_web_test_response_clear(&r);
  oai(f, "verb=ListMetadataFormats&identifier=oai:cat.example.org:1", &r);
  assert_non_null(strstr(r.body.ptr, "<metadataPrefix>oai_dc<"));
  hdc_web_test_response_clear(&r);
  oai(f, "verb=ListMetadataFormats&identifier=oai:cat.example.org:151", &r);
  assert_non_null(strstr(r.body.ptr, "code=\"idDoesNotExist\""));
  hdc_web_test_response_clear(&r);
}

static void
test_oai_lists_walked_with_tokens(void **state)
{
  fixture              *f       = *state;
  const char           *verbs[] = { "ListIdentifiers", "ListRecords" };
  const char           *pfx[]   = { "oai_dc", "dcat_ap" };
  hdc_web_test_response r;
  for (int v = 0; v < 2; ++v) {
    char   q[512];
    size_t total = 0, parts = 0, deleted = 0;
    snprintf(q, sizeof q, "verb=%s&metadataPrefix=%s", verbs[v], pfx[v]);
    for (;;) {
      oai(f, q, &r);
      ++parts;
      total += count(r.body.ptr, "<header>");
      deleted += count(r.body.ptr, "<header status=\"deleted\">");
      assert_null(strstr(r.body.ptr, "<error"));
      /* Markup in literals stays text. */
      assert_null(strstr(r.body.ptr, "<0>"));
      const char *t = strstr(r.body.ptr, "<resumptionToken");
      if (!t) {
        hdc_web_test_response_clear(&r);
        break;
      }
      assert_non_null(strstr(t, "completeListSize=\"151\""));
      const char *gt = strchr(t, '>');
      if (gt[-1] == '/') {
        hdc_web_test_response_clear(&r);
        break; /* the empty token that ends the list */
      }
      const char *end = strstr(gt, "</resumptionToken>");
      snprintf(q,
               sizeof q,
               "verb=%s&resumptionToken=%.*s",
               verbs[v],
               (int)(end - gt - 1),
               gt + 1);
      hdc_web_test_response_clear(&r);
    }
    /* 150 conforming records; the one that does not conform is listed as
     * deleted (a harvester that took it earlier must drop it). */
    assert_int_equal(total, 150);
    assert_int_equal(deleted, 1);
    assert_int_equal(parts, 2);
  }
  /* ListRecords in dcat_ap carries RDF/XML of the record. */
  oai(f, "verb=ListRecords&metadataPrefix=dcat_ap", &r);
  assert_non_null(strstr(r.body.ptr, "<rdf:RDF xmlns:rdf="));
  assert_non_null(strstr(r.body.ptr, "Registre &lt;0&gt; &amp; co"));
  hdc_web_test_response_clear(&r);
}

static void
test_oai_get_record_and_dates(void **state)
{
  fixture              *f = *state;
  hdc_web_test_response r;
  oai(f,
      "verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:cat.example.org:2",
      &r);
  assert_non_null(strstr(r.body.ptr,
                         "<dc:identifier>https://example.org/ds/001"
                         "</dc:identifier>"));
  assert_non_null(strstr(r.body.ptr,
                         "<dc:title xml:lang=\"fr\">Registre "
                         "&lt;1&gt; &amp; co</dc:title>"));
  hdc_web_test_response_clear(&r);
  /* The record that does not conform is a deleted item: a header, no
   * metadata. */
  oai(f,
      "verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:cat.example.org:151",
      &r);
  assert_non_null(strstr(r.body.ptr, "<header status=\"deleted\">"));
  assert_null(strstr(r.body.ptr, "<metadata>"));
  assert_null(strstr(r.body.ptr, "<error"));
  hdc_web_test_response_clear(&r);
  /* An id that was never a record does not exist. */
  oai(f,
      "verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:cat.example.org:999",
      &r);
  assert_non_null(strstr(r.body.ptr, "code=\"idDoesNotExist\""));
  hdc_web_test_response_clear(&r);
  oai(f,
      "verb=ListIdentifiers&metadataPrefix=oai_dc&from=2000-01-01&until="
      "2999-12-31",
      &r);
  assert_null(strstr(r.body.ptr, "<error"));
  hdc_web_test_response_clear(&r);
  oai(f, "verb=ListIdentifiers&metadataPrefix=oai_dc&until=2000-01-01", &r);
  assert_non_null(strstr(r.body.ptr, "code=\"noRecordsMatch\""));
  hdc_web_test_response_clear(&r);
}

static void
test_oai_errors(void **state)
{
  fixture *f = *state;
  struct
  {
    const char *q, *code;
  } cases[] = {
    { "", "badVerb" },
    { "verb=Explode", "badVerb" },
    { "verb=Identify&verb=Identify", "badVerb" },
    { "verb=Identify&x=1", "badArgument" },
    { "verb=ListRecords", "badArgument" },
    { "verb=ListRecords&metadataPrefix=oai_dc&metadataPrefix=oai_dc",
      "badArgument" },
    { "verb=ListRecords&metadataPrefix=marc", "cannotDisseminateFormat" },
    { "verb=ListRecords&metadataPrefix=oai_dc&from=yesterday", "badArgument" },
    { "verb=ListRecords&metadataPrefix=oai_dc&from=2020-01-02&until=2020-01-01",
      "badArgument" },
    { "verb=ListRecords&metadataPrefix=oai_dc&set=x", "noSetHierarchy" },
    { "verb=ListRecords&resumptionToken=1!-!-!oai_dc!0&metadataPrefix=oai_dc",
      "badArgument" },
    { "verb=ListRecords&resumptionToken=%3Cscript%3E", "badResumptionToken" },
    { "verb=ListRecords&resumptionToken=1!-!-!marc!0", "badResumptionToken" },
    { "verb=GetRecord&identifier=oai:cat.example.org:1", "badArgument" },
    { "verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:elsewhere:1",
      "idDoesNotExist" },
    { "verb=ListSets", "noSetHierarchy" },
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; ++i) {
    hdc_web_test_response r;
    oai(f, cases[i].q, &r);
    char want[64];
    snprintf(want, sizeof want, "<error code=\"%s\"", cases[i].code);
    if (!strstr(r.body.ptr, want))
      fail_msg("%s: want %s in %.400s", cases[i].q, cases[i].code, r.body.ptr);
    /* badVerb and badArgument: the request element has no attributes. */
    if (!strcmp(cases[i].code, "badVerb") ||
        !strcmp(cases[i].code, "badArgument"))
      assert_non_null(strstr(r.body.ptr, "<request>"));
    assert_null(strstr(r.body.ptr, "<script>"));
    hdc_web_test_response_clear(&r);
  }
}

static void
test_export_holds_conforming_records(void **state)
{
  fixture    *f       = *state;
  const char *names[] = { "turtle", "rdfxml", "jsonld", "ntriples" };
  hdc_format  fmts[]  = {
      HDC_FORMAT_TURTLE, HDC_FORMAT_RDFXML, HDC_FORMAT_JSONLD, HDC_FORMAT_NTRIPLES
  };
  size_t first = 0;
  for (int i = 0; i < 4; ++i) {
    hdc_buf   b = HDC_BUF_INIT;
    hdc_error err;
    hdc_error_clear(&err);
    size_t n = 0, held = 0;
    assert_int_equal(hdc_web_export(f->db,
                                    "https://cat.example.org",
                                    names[i],
                                    hdc_sink_buf,
                                    &b,
                                    &n,
                                    &held,
                                    &err),
                     HDC_OK);
    assert_int_equal(n, 150);
    assert_int_equal(held, 1);
    hdc_world     *w  = hdc_world_new();
    hdc_graph     *g  = hdc_graph_new(w);
    hdc_parse_opts po = { .format = fmts[i] };
    assert_int_equal(hdc_rdf_parse(b.ptr, b.len, &po, g, &err), HDC_OK);
    const hdc_term *cat =
      hdc_world_find_iri(w, HDC_STR("https://cat.example.org/catalog"));
    const hdc_term *ds =
      hdc_world_find_iri(w, HDC_STR("http://www.w3.org/ns/dcat#dataset"));
    assert_non_null(cat);
    assert_int_equal(hdc_graph_count(g, cat, ds, NULL), 150);
    assert_null(hdc_world_find_iri(w, HDC_STR("https://example.org/bad")));
    /* Blank nodes of different records stay apart: 150 distributions. */
    const hdc_term *dist =
      hdc_world_find_iri(w, HDC_STR("http://www.w3.org/ns/dcat#distribution"));
    assert_int_equal(hdc_graph_count(g, NULL, dist, NULL), 150);
    if (!first)
      first = hdc_graph_size(g);
    assert_int_equal(hdc_graph_size(g), first);
    hdc_graph_free(g);
    hdc_world_free(w);
    hdc_buf_clear(&b);
  }
  hdc_error err;
  hdc_error_clear(&err);
  assert_int_equal(
    hdc_web_export(f->db, NULL, "xml", hdc_sink_buf, NULL, NULL, NULL, &err),
    HDC_ERR_INVALID_ARG);
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_oai_identify_and_formats),
    cmocka_unit_test(test_oai_lists_walked_with_tokens),
    cmocka_unit_test(test_oai_get_record_and_dates),
    cmocka_unit_test(test_oai_errors),
    cmocka_unit_test(test_export_holds_conforming_records),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
