// SPDX-License-Identifier: EUPL-1.2
/*
 * GET and POST /validate: the upload validator for data holders. A form to
 * paste a description or choose a file (multipart/form-data, so that the
 * file input works without any script; an urlencoded post of the text area
 * works too), the syntax and the profile; the answer is the same page with
 * the description kept in the text area and the report below it: a
 * summary, then every problem with its severity, the property (linked to
 * its definition in the HealthDCAT-AP or DCAT-AP specification), the node
 * and value concerned, what the rule asks in plain words, and the
 * profile's own message.
 *
 * Validation is rate-limited by client address, as POST /api/v1/validate
 * is; the body size is bounded by the server (HDC_LIMIT_REQUEST_BODY).
 */
#include "pages.h"
#include "publish.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

/* ------------------------------------------------------------------------ */
/* Words of this page                                                       */

typedef struct words
{
  const char *key, *fr, *en;
} words;

static const words page_words[] = {
  { "title", "Valider une description", "Validate a description" },
  { "lead",
    "Vérifiez une description de jeu de données avant de la publier : elle "
    "est contrôlée avec les formes officielles HealthDCAT-AP, et chaque "
    "problème est expliqué.",
    "Check a dataset description before you publish it: it is checked "
    "against the official HealthDCAT-AP shapes, and every problem is "
    "explained." },
  { "document",
    "Description à valider (Turtle, RDF/XML, N-Triples ou "
    "JSON-LD)",
    "Description to validate (Turtle, RDF/XML, N-Triples or JSON-LD)" },
  { "file", "Ou choisissez un fichier", "Or choose a file" },
  { "file.hint",
    "Le fichier est utilisé s'il est donné.",
    "The file is used when one is given." },
  { "format", "Syntaxe", "Syntax" },
  { "format.auto", "Détecter", "Detect" },
  { "profile", "Profil", "Profile" },
  { "profile.core",
    "HealthDCAT-AP (sans listes de codes)",
    "HealthDCAT-AP (without code lists)" },
  { "profile.full", "HealthDCAT-AP complet", "HealthDCAT-AP, complete" },
  { "profile.dcat", "DCAT-AP 3", "DCAT-AP 3" },
  { "submit", "Valider", "Validate" },
  { "report", "Rapport de validation", "Validation report" },
  { "ok",
    "La description est conforme : aucune violation.",
    "The description conforms: no violation." },
  { "ko",
    "La description n'est pas conforme.",
    "The description does not conform." },
  { "counts",
    "%s violation(s), %s avertissement(s)",
    "%s violation(s), %s warning(s)" },
  { "datasets", "Jeux de données décrits : %s", "Datasets described: %s" },
  { "nodataset",
    "Aucun dcat:Dataset n'est décrit.",
    "No dcat:Dataset is described." },
  { "syntax",
    "La description ne peut pas être lue",
    "The description cannot "
    "be read" },
  { "empty",
    "Collez une description ou choisissez un fichier.",
    "Paste a description or choose a file." },
  { "violation", "Violation", "Violation" },
  { "warning", "Avertissement", "Warning" },
  { "info", "Information", "Information" },
  { "property", "Propriété", "Property" },
  { "node", "Nœud", "Node" },
  { "value", "Valeur", "Value" },
  { "rule", "Règle", "Rule" },
  { "message", "Message du profil", "Profile's message" },
  { "note", "Note", "Note" },
  { "definition", "définition", "definition" },
  { "toomany",
    "Trop de validations depuis votre adresse : réessayez dans "
    "%s s.",
    "Too many validations from your address: try again in %s s." },
  { "off",
    "Le validateur n'est pas disponible sur ce service.",
    "The validator is not available on this service." },
  { "more",
    "Seuls les %s premiers problèmes sont listés.",
    "Only the first %s problems are listed." },
  { "api",
    "Pour les programmes : POST /api/v1/validate (rapport JSON, "
    "Turtle ou N-Triples selon l'en-tête Accept).",
    "For programs: POST /api/v1/validate (JSON, Turtle or N-Triples report "
    "by the Accept header)." },
};

static const char *
W(const hdc_web_req *req, const char *key)
{
  bool en = hdc_page_lang_en(req);
  for (size_t i = 0; i < sizeof page_words / sizeof page_words[0]; ++i)
    if (!strcmp(page_words[i].key, key))
      return en ? page_words[i].en : page_words[i].fr;
  return key;
}

/* What a rule asks, in plain words; %s is the rule's parameter. */
static const words rules[] = {
  { "MinCount",
    "au moins %s valeur(s) sont exigées pour cette propriété",
    "at least %s value(s) are required for this property" },
  { "MaxCount",
    "au plus %s valeur(s) sont admises pour cette propriété",
    "at most %s value(s) are allowed for this property" },
  { "Class",
    "la valeur doit être une ressource de la classe %s (déclarez son "
    "rdf:type)",
    "the value must be a resource of class %s (declare its rdf:type)" },
  { "Datatype",
    "la valeur doit être un littéral de type %s",
    "the value must be a literal of datatype %s" },
  { "NodeKind",
    "la valeur doit être de la sorte %s (IRI, nœud anonyme ou "
    "littéral)",
    "the value must be of kind %s (IRI, blank node or literal)" },
  { "In",
    "la valeur doit être l'une des valeurs admises (liste de codes)",
    "the value must be one of the allowed values (code list)" },
  { "Pattern",
    "la valeur doit suivre le motif %s",
    "the value must match the pattern %s" },
  { "MinLength",
    "la valeur doit compter au moins %s caractères",
    "the value must have at least %s characters" },
  { "MaxLength",
    "la valeur doit compter au plus %s caractères",
    "the value must have at most %s characters" },
  { "MinInclusive",
    "la valeur doit être supérieure ou égale à %s",
    "the value must be at least %s" },
  { "MaxInclusive",
    "la valeur doit être inférieure ou égale à %s",
    "the value must be at most %s" },
  { "MinExclusive",
    "la valeur doit être supérieure à %s",
    "the value must be greater than %s" },
  { "MaxExclusive",
    "la valeur doit être inférieure à %s",
    "the value must be less than %s" },
  { "HasValue",
    "la propriété doit avoir la valeur %s",
    "the property must have the value %s" },
  { "Node",
    "la valeur doit respecter les règles de %s",
    "the value must follow the rules of %s" },
  { "Or",
    "la valeur doit respecter l'une des formes admises",
    "the value must follow one of the allowed forms" },
  { "Xone",
    "la valeur doit respecter exactement une des formes admises",
    "the value must follow exactly one of the allowed forms" },
  { "And",
    "la valeur doit respecter toutes les formes exigées",
    "the value must follow all the required forms" },
  { "Not",
    "la valeur ne doit pas avoir cette forme",
    "the value must not have this form" },
  { "LanguageIn",
    "la langue du texte doit être l'une de %s",
    "the text's language must be one of %s" },
  { "UniqueLang",
    "une seule valeur par langue",
    "one value per language only" },
  { "Closed",
    "cette propriété n'est pas admise ici",
    "this property is not allowed here" },
  { "Sparql",
    "la description doit contenir au moins un dcat:Dataset",
    "the description must hold at least one dcat:Dataset" },
};

static const char *
rule_text(hdc_web_req *req, const hdc_web_problem *p)
{
  bool en = hdc_page_lang_en(req);
  for (size_t i = 0; i < sizeof rules / sizeof rules[0]; ++i) {
    if (strcmp(rules[i].key, p->component))
      continue;
    if (!*p->param) {
      /* Results a profile adds itself carry no parameter. */
      if (!strcmp(p->component, "MinCount"))
        return en ? "this property is required" : "cette propriété est exigée";
      if (!strcmp(p->component, "MaxCount"))
        return en ? "this property has too many values"
                  : "cette propriété a trop de valeurs";
    }
    const char *param = *p->param ? p->param : "?";
    /* A number parameter reads better without its datatype. */
    char num[64];
    if (param[0] == '"') {
      const char *end = strchr(param + 1, '"');
      if (end && (size_t)(end - param - 1) < sizeof num) {
        memcpy(num, param + 1, (size_t)(end - param - 1));
        num[end - param - 1] = '\0';
        param                = num;
      }
    }
    /* An IRI parameter reads better as prefix:name when one fits. */
    hdc_str     local;
    size_t      plen = strlen(param);
    const char *pf =
      param[0] == '<' && plen > 2 && param[plen - 1] == '>'
        ? hdc_rdf_prefix_of((hdc_str){ param + 1, plen - 2 }, &local)
        : NULL;
    if (pf && local.len < 64) {
      char shortp[96];
      snprintf(shortp, sizeof shortp, "%s:%.*s", pf, (int)local.len, local.ptr);
      return hdc_page_subst(req, en ? rules[i].en : rules[i].fr, shortp, NULL);
    }
    return hdc_page_subst(req, en ? rules[i].en : rules[i].fr, param, NULL);
  }
  return hdc_page_subst(req, en ? "rule %s" : "règle %s", p->component, NULL);
}

/* ------------------------------------------------------------------------ */
/* The form's fields                                                        */

typedef struct form
{
  const char *document, *file, *format, *profile;
  size_t      document_len, file_len;
} form;

static const char *
find(const char *hay, size_t n, const char *needle, size_t m)
{
  if (m == 0 || n < m)
    return NULL;
  for (size_t i = 0; i + m <= n; ++i)
    if (hay[i] == needle[0] && !memcmp(hay + i, needle, m))
      return hay + i;
  return NULL;
}

/* The value of parameter @p name in a Content-Disposition header line
 * [h, h+n), into the request's arena; NULL if absent. */
static const char *
disp_param(hdc_web_req *req, const char *h, size_t n, const char *name)
{
  char   key[32];
  size_t k = (size_t)snprintf(key, sizeof key, "%s=\"", name);
  for (const char *p = h; (p = find(p, (size_t)(h + n - p), key, k)); p += k) {
    /* "name=" must not be the tail of "filename=". */
    if (p > h && p[-1] != ' ' && p[-1] != ';')
      continue;
    const char *v = p + k, *e = memchr(v, '"', (size_t)(h + n - v));
    return e ? hdc_arena_strndup(req->arena, v, (size_t)(e - v)) : NULL;
  }
  return NULL;
}

/* Split a multipart/form-data body (RFC 7578) into the fields we know.
 * False if the body does not have that shape. */
static bool
parse_multipart(hdc_web_req *req, const char *ctype, form *f)
{
  const char *b = strstr(ctype, "boundary=");
  char        delim[128];
  if (!b)
    return false;
  b += 9;
  size_t blen = strcspn(b, "; ");
  if (blen && b[0] == '"' && blen > 2 && b[blen - 1] == '"') {
    ++b;
    blen -= 2;
  }
  if (!blen || blen > 70)
    return false;
  int         dl   = snprintf(delim, sizeof delim, "\r\n--%.*s", (int)blen, b);
  const char *body = req->body, *end = req->body + req->body_len;
  /* The first delimiter may open the body without the CRLF. */
  const char *p = find(body, req->body_len, delim + 2, (size_t)dl - 2);
  if (!p)
    return false;
  p += dl - 2;
  while (p < end) {
    if (end - p >= 2 && p[0] == '-' && p[1] == '-')
      return true; /* the closing delimiter */
    const char *hs = find(p, (size_t)(end - p), "\r\n", 2);
    if (!hs)
      return false;
    hs += 2;
    const char *he = find(hs, (size_t)(end - hs), "\r\n\r\n", 4);
    if (!he)
      return false;
    const char *content = he + 4;
    const char *next =
      find(content, (size_t)(end - content), delim, (size_t)dl);
    if (!next)
      return false;
    const char *name = disp_param(req, hs, (size_t)(he - hs), "name");
    size_t      len  = (size_t)(next - content);
    if (name && !strcmp(name, "document")) {
      f->document     = content;
      f->document_len = len;
    } else if (name && !strcmp(name, "file")) {
      f->file     = content;
      f->file_len = len;
    } else if (name && (!strcmp(name, "format") || !strcmp(name, "profile"))) {
      const char *v =
        hdc_arena_strndup(req->arena, content, len < 32 ? len : 32);
      if (!strcmp(name, "format"))
        f->format = v;
      else
        f->profile = v;
    }
    p = next + dl;
  }
  return false;
}

static void
read_form(hdc_web_req *req, form *f)
{
  const char *ct = hdc_web_req_header(req, "Content-Type");
  memset(f, 0, sizeof *f);
  if (ct && !strncasecmp(ct, "multipart/form-data", 19)) {
    parse_multipart(req, ct, f);
    return;
  }
  /* application/x-www-form-urlencoded: request.c decoded the fields. */
  f->document     = hdc_web_req_param(req, "document");
  f->document_len = f->document ? strlen(f->document) : 0;
  f->format       = hdc_web_req_param(req, "format");
  f->profile      = hdc_web_req_param(req, "profile");
}

/* ------------------------------------------------------------------------ */
/* The page                                                                 */

static void
option(hdc_html_node *sel,
       const char    *value,
       const char    *label,
       const char    *chosen)
{
  hdc_html_node *o = hdc_html_el(sel, "option", "value", value, NULL);
  if (chosen && !strcmp(chosen, value))
    hdc_html_attr(o, "selected", "selected");
  hdc_html_text(o, label);
}

static void
select_group(hdc_web_req       *req,
             hdc_html_node     *parent,
             const char        *id,
             const char        *label,
             const char *const *opts,
             const char        *chosen)
{
  hdc_html_node *g = hdc_html_el(
    parent, "div", "class", "fr-select-group fr-col-12 fr-col-md-6", NULL);
  hdc_html_text(hdc_html_el(g, "label", "class", "fr-label", "for", id, NULL),
                W(req, label));
  hdc_html_node *sel =
    hdc_html_el(g, "select", "class", "fr-select", "id", id, "name", id, NULL);
  for (size_t i = 0; opts[i]; i += 2)
    option(sel, opts[i], W(req, opts[i + 1]), chosen);
}

static void
render_form(hdc_web_req *req, hdc_html_node *main, const form *f)
{
  hdc_html_node *frm = hdc_html_el(main,
                                   "form",
                                   "method",
                                   "post",
                                   "action",
                                   hdc_page_href(req, "/validate", NULL),
                                   "enctype",
                                   "multipart/form-data",
                                   "class",
                                   "fr-mb-4w",
                                   "id",
                                   "validate-form",
                                   NULL);
  hdc_html_node *g   = hdc_html_el(frm, "div", "class", "fr-input-group", NULL);
  hdc_html_text(
    hdc_html_el(g, "label", "class", "fr-label", "for", "document", NULL),
    W(req, "document"));
  hdc_html_node *ta = hdc_html_el(g,
                                  "textarea",
                                  "class",
                                  "fr-input hdc-code",
                                  "id",
                                  "document",
                                  "name",
                                  "document",
                                  "rows",
                                  "14",
                                  "spellcheck",
                                  "false",
                                  NULL);
  if (f && f->document && f->document_len)
    hdc_html_text_len(ta, f->document, f->document_len);
  hdc_html_node *up = hdc_html_el(frm, "div", "class", "fr-upload-group", NULL);
  hdc_html_node *ul =
    hdc_html_el(up, "label", "class", "fr-label", "for", "file", NULL);
  hdc_html_text(ul, W(req, "file"));
  hdc_html_text(hdc_html_el(ul, "span", "class", "fr-hint-text", NULL),
                W(req, "file.hint"));
  hdc_html_el(up,
              "input",
              "class",
              "fr-upload",
              "type",
              "file",
              "id",
              "file",
              "name",
              "file",
              "accept",
              ".ttl,.rdf,.xml,.nt,.jsonld,.json,text/turtle,"
              "application/rdf+xml,application/n-triples,application/ld+json",
              NULL);
  hdc_html_node *row = hdc_html_el(
    frm, "div", "class", "fr-grid-row fr-grid-row--gutters fr-mt-2w", NULL);
  static const char *const formats[]  = { "auto",     "format.auto", "turtle",
                                          "Turtle",   "rdfxml",      "RDF/XML",
                                          "ntriples", "N-Triples",   "jsonld",
                                          "JSON-LD",  NULL };
  static const char *const profiles[] = { "healthdcat-ap-core",
                                          "profile.core",
                                          "healthdcat-ap",
                                          "profile.full",
                                          "dcat-ap-3",
                                          "profile.dcat",
                                          NULL };
  select_group(req, row, "format", "format", formats, f ? f->format : NULL);
  select_group(req, row, "profile", "profile", profiles, f ? f->profile : NULL);
  hdc_html_node *btn = hdc_html_el(frm,
                                   "button",
                                   "class",
                                   "fr-btn fr-mt-3w",
                                   "type",
                                   "submit",
                                   "id",
                                   "validate-submit",
                                   NULL);
  hdc_html_text(btn, W(req, "submit"));
}

static void
alert(hdc_html_node *parent,
      const char    *kind,
      const char    *title,
      const char    *text)
{
  char cls[64];
  snprintf(cls, sizeof cls, "fr-alert fr-alert--%s fr-mb-3w", kind);
  hdc_html_node *a = hdc_html_el(parent,
                                 "div",
                                 "class",
                                 cls,
                                 "role",
                                 "status",
                                 "id",
                                 "validate-summary",
                                 NULL);
  hdc_html_el_text(a, "h3", title);
  if (text)
    hdc_html_el_text(a, "p", text);
}

static void
render_problem(hdc_web_req           *req,
               hdc_html_node         *list,
               const hdc_web_problem *p,
               size_t                 i)
{
  char id[32];
  snprintf(id, sizeof id, "problem-%zu", i + 1);
  const char *badge = !strcmp(p->severity, "violation") ? "error"
                      : !strcmp(p->severity, "warning") ? "warning"
                                                        : "info";
  char        bcls[64];
  snprintf(bcls, sizeof bcls, "fr-badge fr-badge--sm fr-badge--%s", badge);
  hdc_html_node *li = hdc_html_el(list,
                                  "li",
                                  "class",
                                  "hdc-problem fr-mb-3w",
                                  "id",
                                  id,
                                  "data-severity",
                                  p->severity,
                                  NULL);
  hdc_html_node *h  = hdc_html_el(li, "h4", "class", "fr-h6 fr-mb-1w", NULL);
  hdc_html_text(hdc_html_el(h, "span", "class", bcls, NULL),
                W(req, p->severity));
  hdc_html_text(h, " ");
  hdc_html_text(h, *p->path_short ? p->path_short : p->focus);
  hdc_html_node *dl =
    hdc_html_el(li, "dl", "class", "hdc-problem__details", NULL);
  if (*p->path) {
    hdc_html_el_text(dl, "dt", W(req, "property"));
    hdc_html_node *dd = hdc_html_el(dl, "dd", NULL);
    hdc_html_el_text(dd, "code", p->path_short);
    if (*p->spec_url && hdc_html_url_safe(p->spec_url)) {
      hdc_html_text(dd, " (");
      hdc_html_text(hdc_html_el(dd,
                                "a",
                                "href",
                                p->spec_url,
                                "class",
                                "hdc-spec-link",
                                "rel",
                                "noopener",
                                "target",
                                "_blank",
                                NULL),
                    W(req, "definition"));
      hdc_html_text(dd, ")");
    }
  }
  hdc_html_el_text(dl, "dt", W(req, "node"));
  hdc_html_el_text(hdc_html_el(dl, "dd", NULL), "code", p->focus);
  if (*p->value) {
    hdc_html_el_text(dl, "dt", W(req, "value"));
    hdc_html_el_text(hdc_html_el(dl, "dd", NULL), "code", p->value);
  }
  hdc_html_el_text(dl, "dt", W(req, "rule"));
  hdc_html_el_text(dl, "dd", rule_text(req, p));
  if (*p->message) {
    hdc_html_el_text(dl, "dt", W(req, "message"));
    hdc_html_el_text(dl, "dd", p->message);
  }
  if (*p->note) {
    hdc_html_el_text(dl, "dt", W(req, "note"));
    hdc_html_el_text(dl, "dd", p->note);
  }
}

static void
render_report(hdc_web_req *req, hdc_html_node *main, const hdc_web_check *c)
{
  hdc_html_node *sec = hdc_html_el(
    main, "section", "id", "report", "aria-labelledby", "report-title", NULL);
  hdc_html_text(hdc_html_el(sec, "h2", "id", "report-title", NULL),
                W(req, "report"));
  if (c->parse_status) {
    char where[1200];
    hdc_error_format(&c->parse_error, where, sizeof where);
    alert(sec, "error", W(req, "syntax"), where);
    return;
  }
  const char *counts = hdc_page_subst(req,
                                      W(req, "counts"),
                                      hdc_page_count(req, c->violations),
                                      hdc_page_count(req, c->warnings));
  alert(sec,
        c->violations ? "error" : "success",
        W(req, c->violations ? "ko" : "ok"),
        counts);
  hdc_html_el_text(
    sec,
    "p",
    c->n_datasets
      ? hdc_page_subst(
          req, W(req, "datasets"), hdc_page_count(req, c->n_datasets), NULL)
      : W(req, "nodataset"));
  if (!c->n_problems)
    return;
  size_t total = c->violations + c->warnings + c->infos;
  if (total > c->n_problems)
    hdc_html_el_text(
      sec,
      "p",
      hdc_page_subst(
        req, W(req, "more"), hdc_page_count(req, c->n_problems), NULL));
  hdc_html_node *list =
    hdc_html_el(sec, "ol", "class", "hdc-problems", "id", "problems", NULL);
  for (size_t i = 0; i < c->n_problems; ++i)
    render_problem(req, list, &c->problems[i], i);
}

static hdc_format
format_of(const char *name)
{
  return name && strcmp(name, "auto") ? hdc_format_from_name(name)
                                      : HDC_FORMAT_UNKNOWN;
}

hdc_status
hdc_web_page_validate(hdc_web_req *req, hdc_web_resp *resp)
{
  hdc_html      *doc  = hdc_html_page(req, W(req, "title"));
  hdc_html_node *main = hdc_html_main(doc);
  hdc_web_check  c;
  form           f;
  hdc_error      err;
  hdc_status     st     = HDC_OK;
  bool           post   = !strcmp(req->method, "POST");
  int            status = 200;
  memset(&c, 0, sizeof c);
  memset(&f, 0, sizeof f);
  hdc_error_clear(&err);
  hdc_html_el_text(main, "h1", W(req, "title"));
  hdc_html_node *lead = hdc_html_el(main, "p", "class", "fr-text--lead", NULL);
  hdc_html_text(lead, W(req, "lead"));
  if (post)
    read_form(req, &f);
  render_form(req, main, post ? &f : NULL);
  hdc_html_el_text(main, "p", W(req, "api"));
  if (post) {
    unsigned    retry = 1;
    const char *text  = f.file_len ? f.file : f.document;
    size_t      len   = f.file_len ? f.file_len : f.document_len;
    c.profile         = HDC_SHACL_PROFILE_HEALTHDCAT_AP_CORE;
    if (f.profile)
      hdc_shacl_profile_from_name(f.profile, &c.profile, NULL);
    if (!text || !len) {
      status = 400;
      alert(main, "warning", W(req, "empty"), NULL);
    } else if (!hdc_web_publish_validate_allowed(req, &retry)) {
      char s[16];
      snprintf(s, sizeof s, "%u", retry);
      status = 429;
      hdc_web_resp_header(req, resp, "Retry-After", s);
      alert(
        main, "warning", hdc_page_subst(req, W(req, "toomany"), s, NULL), NULL);
    } else if ((st = hdc_web_publish_check(
                  req, text, len, format_of(f.format), &c, &err))) {
      if (st != HDC_ERR_UNSUPPORTED)
        goto done;
      st     = HDC_OK;
      status = 503;
      alert(main, "error", W(req, "off"), NULL);
    } else {
      render_report(req, main, &c);
    }
  }
  st = hdc_html_finish(doc, resp);
  if (st == HDC_OK)
    resp->status = status;
done:
  hdc_web_check_clear(&c);
  return st;
}
