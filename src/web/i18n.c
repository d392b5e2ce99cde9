// SPDX-License-Identifier: EUPL-1.2
/*
 * Every string of the pages for people, in French (the default: the
 * catalogue's first users are French project leads) and English. Keys are
 * "area.what"; the table is kept sorted by key so a lookup is a binary
 * search (a unit test checks the order and that no string is missing).
 * Placeholders are "%s" only, filled by hdc_page_subst(), never by printf:
 * a translated string is data, not a format.
 */
#include "pages.h"

#include <stdlib.h>
#include <string.h>

typedef struct msg
{
  const char *key;
  const char *fr;
  const char *en;
} msg;

static const msg messages[] = {
  { "ds.access", "Accéder aux données", "Accessing the data" },
  { "ds.access_rights", "Droits d'accès", "Access rights" },
  { "ds.access_service", "Service d'accès", "Access service" },
  { "ds.access_url", "Adresse d'accès", "Access URL" },
  { "ds.age_from", "à partir de %s ans", "from %s years" },
  { "ds.age_from_to", "de %s à %s ans", "%s to %s years" },
  { "ds.age_range", "Tranche d'âge", "Age range" },
  { "ds.age_to", "jusqu'à %s ans", "up to %s years" },
  { "ds.breadcrumb", "Voir le fil d'Ariane", "See the breadcrumb" },
  { "ds.byte_size", "Taille", "Size" },
  { "ds.code_values", "Codes", "Codes" },
  { "ds.coding_system", "Systèmes de codage", "Coding systems" },
  { "ds.conforms_to", "Conforme à", "Conforms to" },
  { "ds.contact", "Point de contact", "Contact point" },
  { "ds.contact_hdab",
    "Contacter l'organisme d'accès",
    "Contact the access body" },
  { "ds.coverage", "Ce que couvrent les données", "What the data covers" },
  { "ds.creator", "Créateur", "Creator" },
  { "ds.description", "Description", "Description" },
  { "ds.distributions", "Distributions", "Distributions" },
  { "ds.documentation", "Documentation", "Documentation" },
  { "ds.download_url", "Téléchargement", "Download" },
  { "ds.duplicate_of",
    "Le même jeu de données décrit par une autre source",
    "The same dataset described by another source" },
  { "ds.duplicates", "Doublons possibles", "Possible duplicates" },
  { "ds.email", "Courriel", "Email" },
  { "ds.first_seen", "Vu pour la première fois", "First seen" },
  { "ds.focus", "Élément", "Element" },
  { "ds.format", "Format", "Format" },
  { "ds.frequency", "Fréquence de mise à jour", "Update frequency" },
  { "ds.hdab",
    "Organisme d'accès aux données de santé (HDAB)",
    "Health data access body (HDAB)" },
  { "ds.health_category", "Catégories de santé", "Health categories" },
  { "ds.health_theme", "Thèmes de santé", "Health themes" },
  { "ds.holder", "Producteur et contacts", "Data holder and contacts" },
  { "ds.home", "Accueil", "Home" },
  { "ds.how_to_access", "Comment demander l'accès", "How to request access" },
  { "ds.how_to_access_text",
    "Les demandes d'accès sont instruites par l'organisme d'accès aux données "
    "de santé :",
    "Access requests are handled by the health data access body:" },
  { "ds.identifier", "Identifiant", "Identifier" },
  { "ds.invalid",
    "Cette description n'est pas conforme au profil HealthDCAT-AP.",
    "This description does not conform to the HealthDCAT-AP profile." },
  { "ds.iri", "Identifiant (IRI)", "Identifier (IRI)" },
  { "ds.issued", "Publié le", "Issued" },
  { "ds.keywords", "Mots-clés", "Keywords" },
  { "ds.landing_page", "Page de présentation", "Landing page" },
  { "ds.language", "Langues", "Languages" },
  { "ds.last_seen", "Vu pour la dernière fois", "Last seen" },
  { "ds.legal_basis", "Base légale", "Legal basis" },
  { "ds.licence", "Licence", "Licence" },
  { "ds.max_typical_age", "Âge maximum typique", "Maximum typical age" },
  { "ds.media_type", "Type de média", "Media type" },
  { "ds.message", "Message", "Message" },
  { "ds.min_typical_age", "Âge minimum typique", "Minimum typical age" },
  { "ds.modified", "Modifié le", "Modified" },
  { "ds.no", "Non", "No" },
  { "ds.no_distribution",
    "Aucune distribution n'est décrite.",
    "No distribution is described." },
  { "ds.not_given", "Non renseigné", "Not given" },
  { "ds.other_fields", "Autres informations", "Other information" },
  { "ds.other_forms", "Cette description en RDF", "This description as RDF" },
  { "ds.path", "Propriété", "Property" },
  { "ds.period", "Période couverte", "Period covered" },
  { "ds.period_from", "depuis le %s", "since %s" },
  { "ds.period_from_to", "du %s au %s", "from %s to %s" },
  { "ds.period_to", "jusqu'au %s", "until %s" },
  { "ds.personal_data", "Données personnelles", "Personal data" },
  { "ds.phone", "Téléphone", "Phone" },
  { "ds.population", "Population", "Population" },
  { "ds.provenance", "Source et moissonnage", "Source and harvest" },
  { "ds.publisher",
    "Producteur (détenteur des données)",
    "Publisher (data holder)" },
  { "ds.purpose", "Finalité", "Purpose" },
  { "ds.quality", "Conformité et qualité", "Conformance and quality" },
  { "ds.quality_help",
    "Part des champs recommandés renseignés.",
    "Share of the recommended fields filled in." },
  { "ds.quality_score", "Indice de complétude", "Completeness score" },
  { "ds.records", "Nombre d'enregistrements", "Number of records" },
  { "ds.report", "Rapport de validation", "Validation report" },
  { "ds.sample", "Échantillon", "Sample" },
  { "ds.severity", "Gravité", "Severity" },
  { "ds.source", "Source", "Source" },
  { "ds.spatial", "Couverture géographique", "Geographic coverage" },
  { "ds.status", "Statut", "Status" },
  { "ds.structure", "Structure et variables", "Structure and variables" },
  { "ds.structured", "Données structurées", "Structured data" },
  { "ds.summary", "En bref", "At a glance" },
  { "ds.theme", "Thèmes", "Themes" },
  { "ds.type", "Type", "Type" },
  { "ds.unique_individuals", "Nombre d'individus", "Number of individuals" },
  { "ds.valid",
    "Cette description est conforme au profil HealthDCAT-AP.",
    "This description conforms to the HealthDCAT-AP profile." },
  { "ds.variables", "Variables", "Variables" },
  { "ds.version", "Version", "Version" },
  { "ds.violations", "Violations", "Violations" },
  { "ds.warnings", "Avertissements", "Warnings" },
  { "ds.website", "Site web", "Website" },
  { "ds.withdrawn", "Retiré le %s : %s", "Withdrawn on %s: %s" },
  { "ds.yes", "Oui", "Yes" },
  { "ds.you_are_here", "Vous êtes ici :", "You are here:" },
  { "error.400", "Requête invalide", "Bad request" },
  { "error.403", "Accès refusé", "Access denied" },
  { "error.404", "Page non trouvée", "Page not found" },
  { "error.405", "Méthode non autorisée", "Method not allowed" },
  { "error.413", "Requête trop volumineuse", "Request too large" },
  { "error.429", "Trop de requêtes", "Too many requests" },
  { "error.500", "Erreur inattendue", "Unexpected error" },
  { "error.503", "Service indisponible", "Service unavailable" },
  { "error.back_home", "Retour à l'accueil", "Back to the home page" },
  { "error.bad_facet",
    "Un filtre de la recherche est inconnu.",
    "A search filter is unknown." },
  { "error.code", "Code d'erreur", "Error code" },
  { "error.not_found_dataset",
    "Aucun jeu de données ne porte ce numéro.",
    "No dataset has this number." },
  { "error.not_found_page",
    "L'adresse demandée n'existe pas.",
    "The requested address does not exist." },
  { "error.other", "Erreur", "Error" },
  { "error.query_too_long",
    "La recherche est trop longue.",
    "The search is too long." },
  { "facet.access_rights", "Droits d'accès", "Access rights" },
  { "facet.age_range", "Tranche d'âge", "Age range" },
  { "facet.coding_system", "Système de codage", "Coding system" },
  { "facet.format", "Format", "Format" },
  { "facet.hdab", "Organisme d'accès (HDAB)", "Health data access body" },
  { "facet.health_category", "Catégorie de santé", "Health category" },
  { "facet.language", "Langue", "Language" },
  { "facet.period", "Période couverte", "Period covered" },
  { "facet.publisher", "Producteur", "Publisher" },
  { "facet.records", "Nombre d'enregistrements", "Number of records" },
  { "facet.theme", "Thème", "Theme" },
  { "footer.api", "API", "API" },
  { "footer.desc",
    "Le catalogue national des données de santé décrit les bases de données de "
    "santé du pays au format HealthDCAT-AP et alimente le catalogue européen.",
    "The national health data catalogue describes the country's health "
    "databases in the HealthDCAT-AP format and feeds the European catalogue." },
  { "footer.feed", "Flux DCAT", "DCAT feed" },
  { "footer.licence",
    "Logiciel libre sous licence EUPL-1.2",
    "Free software under the EUPL-1.2 licence" },
  { "footer.oai", "OAI-PMH", "OAI-PMH" },
  { "footer.validate", "Valider une description", "Validate a description" },
  { "home.by_category", "Par catégorie de santé", "By health category" },
  { "home.by_publisher", "Par producteur", "By publisher" },
  { "home.by_theme", "Par thème", "By theme" },
  { "home.glance",
    "Le catalogue en un coup d'œil",
    "The catalogue at a glance" },
  { "home.heading", "Trouver des données de santé", "Find health data" },
  { "home.latest", "Dernières mises à jour", "Latest updates" },
  { "home.lead",
    "%s jeux de données de santé décrits par leurs producteurs, avec leurs "
    "conditions d'accès.",
    "%s health datasets described by their holders, with how to access them." },
  { "home.see_all", "Voir tous les jeux de données", "See all datasets" },
  { "home.title", "Accueil", "Home" },
  { "lang.name", "Français", "English" },
  { "lang.switch_title",
    "Lire cette page en français",
    "Read this page in English" },
  { "nav.close", "Fermer", "Close" },
  { "nav.home_title",
    "Accueil — Catalogue des données de santé",
    "Home — Health data catalogue" },
  { "nav.menu", "Menu", "Menu" },
  { "nav.search", "Rechercher", "Search" },
  { "nav.sources", "Sources moissonnées", "Harvest sources" },
  { "search.active_filters", "Filtres actifs", "Active filters" },
  { "search.all", "Tous les jeux de données", "All datasets" },
  { "search.apply", "Appliquer les filtres", "Apply filters" },
  { "search.button", "Rechercher", "Search" },
  { "search.clear", "Retirer tous les filtres", "Remove all filters" },
  { "search.count_0", "Aucun jeu de données", "No dataset" },
  { "search.count_1", "1 jeu de données", "1 dataset" },
  { "search.count_n", "%s jeux de données", "%s datasets" },
  { "search.empty_help",
    "Essayez d'autres mots, moins de mots, ou retirez des filtres.",
    "Try other words, fewer words, or remove some filters." },
  { "search.empty_title", "Aucun résultat", "No results" },
  { "search.filters", "Filtres", "Filters" },
  { "search.invalid", "Non conforme", "Does not conform" },
  { "search.label", "Rechercher dans le catalogue", "Search the catalogue" },
  { "search.modified", "Modifié le %s", "Modified %s" },
  { "search.page_first", "Première page", "First page" },
  { "search.page_last", "Dernière page", "Last page" },
  { "search.page_n", "Page %s", "Page %s" },
  { "search.page_next", "Page suivante", "Next page" },
  { "search.page_prev", "Page précédente", "Previous page" },
  { "search.pagination", "Pagination", "Pagination" },
  { "search.placeholder",
    "Ex. : cancer du sein, diabète, SNDS…",
    "E.g. breast cancer, diabetes, cohort…" },
  { "search.remove_filter", "Retirer le filtre %s", "Remove filter %s" },
  { "search.results", "Résultats", "Results" },
  { "search.results_for", "Résultats pour « %s »", "Results for “%s”" },
  { "search.sort", "Trier par", "Sort by" },
  { "search.sort_modified", "Date de modification", "Last modified" },
  { "search.sort_relevance", "Pertinence", "Relevance" },
  { "search.sort_title", "Titre", "Title" },
  { "search.title", "Recherche", "Search" },
  { "service.name", "Catalogue des données de santé", "Health data catalogue" },
  { "service.tagline",
    "Trouver les bases de données de santé et savoir comment y accéder",
    "Find health databases and learn how to access them" },
  { "skip.content", "Contenu", "Content" },
  { "skip.footer", "Pied de page", "Footer" },
  { "skip.label", "Accès rapide", "Quick access" },
  { "skip.search", "Recherche", "Search" },
  { "src.added", "Ajoutés", "Added" },
  { "src.errors", "Erreurs", "Errors" },
  { "src.failed", "Échoué", "Failed" },
  { "src.finished", "Fin", "Finished" },
  { "src.invalid", "Non conformes", "Invalid" },
  { "src.last_run", "Dernier moissonnage", "Last harvest" },
  { "src.name", "Nom", "Name" },
  { "src.never", "Jamais", "Never" },
  { "src.none",
    "Aucune source n'est enregistrée.",
    "No source is registered." },
  { "src.not_found",
    "Aucune source ne porte ce nom.",
    "No source has this name." },
  { "src.ok", "Réussi", "Succeeded" },
  { "src.records", "Jeux de données", "Datasets" },
  { "src.removed", "Retirée", "Removed" },
  { "src.runs", "Moissonnages", "Harvests" },
  { "src.schedule", "Fréquence", "Schedule" },
  { "src.schedule_daily", "Quotidienne", "Daily" },
  { "src.schedule_manual", "À la demande", "On demand" },
  { "src.schedule_weekly", "Hebdomadaire", "Weekly" },
  { "src.started", "Début", "Started" },
  { "src.status", "Statut", "Status" },
  { "src.title", "Sources moissonnées", "Harvest sources" },
  { "src.unchanged", "Inchangés", "Unchanged" },
  { "src.updated", "Mis à jour", "Updated" },
  { "src.url", "Adresse", "URL" },
  { "src.withdrawn", "Retirés", "Withdrawn" },

};

static int
msg_cmp(const void *key, const void *elem)
{
  return strcmp((const char *)key, ((const msg *)elem)->key);
}

const char *
hdc_web_msg(const char *lang, const char *key)
{
  if (!key)
    return "";
  const msg *m = bsearch(key,
                         messages,
                         sizeof messages / sizeof messages[0],
                         sizeof messages[0],
                         msg_cmp);
  if (!m)
    return key;
  return lang && strcmp(lang, "en") == 0 ? m->en : m->fr;
}

size_t
hdc_web_msg_count(void)
{
  return sizeof messages / sizeof messages[0];
}

const char *
hdc_web_msg_key(size_t i)
{
  return i < hdc_web_msg_count() ? messages[i].key : NULL;
}

const char *
hdc_page_subst(hdc_web_req *req, const char *tmpl, const char *a, const char *b)
{
  /* Measured, then written straight into the request's arena (no buffer
   * of its own: pages call this for every section). */
  const char *args[2] = { a ? a : "", b ? b : "" };
  size_t      lens[2] = { strlen(args[0]), strlen(args[1]) };
  size_t      len     = 0;
  size_t      n       = 0;
  for (const char *c = tmpl; *c; c++, len++) {
    if (c[0] == '%' && c[1] == 's') {
      len += n < 2 ? lens[n++] : 0;
      c++;
      len--; /* the loop counts one byte for the two of "%s" */
    }
  }
  char *r = hdc_arena_alloc(req->arena, len + 1);
  if (!r)
    return NULL;
  char *o = r;
  n       = 0;
  for (const char *c = tmpl; *c; c++) {
    if (c[0] == '%' && c[1] == 's') {
      if (n < 2) {
        memcpy(o, args[n], lens[n]);
        o += lens[n++];
      }
      c++;
    } else {
      *o++ = *c;
    }
  }
  *o = '\0';
  return r;
}
