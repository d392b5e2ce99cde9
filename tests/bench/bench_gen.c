// SPDX-License-Identifier: EUPL-1.2
/*
 * Generator of the synthetic HealthDCAT-AP catalogue used by hdc-bench.
 *
 * Each dataset is assembled from small bilingual tables (data kinds,
 * conditions, populations, regions, sentences) so that titles, descriptions
 * and keywords read like the records of French hospital warehouses,
 * registries, cohorts and insurers, in French and English, with accents and
 * the odd escaped quote. Records follow the HealthDCAT-AP Release 8 model as
 * far as synthetic data can: the mandatory properties of every access level,
 * agents typed foaf:Agent with foaf:name and one cv:contactPoint, vcard:Kind
 * contact points, periods of time, and distributions carrying an access URL
 * and the applicable legislation. Some optional properties appear with a
 * fixed probability so that facets and record sizes vary.
 *
 * Output goes through a block writer: pieces are copied into a fixed buffer
 * that is hashed and written only when full, so generation costs little more
 * than the memcpy and the hash does not depend on how the text was cut.
 */
#include "bench_gen.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

/* ------------------------------------------------------------------------ */
/* Output                                                                   */

/* A multiple of 8, so every block but the last hashes whole words. */
#define GEN_BLOCK (1u << 20)

typedef struct gen_out
{
  FILE*    f;
  char*    buf;
  size_t   len;
  uint64_t bytes;
  uint64_t hash;
  uint64_t triples;
  uint64_t record_triples;
  uint64_t invalid;
  bool     io_error;
} gen_out;

static void
gen_flush(gen_out* o)
{
  if (o->len == 0) {
    return;
  }
  o->hash = hdc_bench_hash(o->hash, o->buf, o->len);
  if (!o->io_error && fwrite(o->buf, 1, o->len, o->f) != o->len) {
    o->io_error = true;
  }
  o->bytes += o->len;
  o->len = 0;
}

static void
gen_put(gen_out* o, const char* p, size_t n)
{
  while (n > 0) {
    size_t room = GEN_BLOCK - o->len;
    size_t k    = n < room ? n : room;
    memcpy(o->buf + o->len, p, k);
    o->len += k;
    p += k;
    n -= k;
    if (o->len == GEN_BLOCK) {
      gen_flush(o);
    }
  }
}

static void
gen_puts(gen_out* o, const char* z)
{
  gen_put(o, z, strlen(z));
}

static void
gen_putc(gen_out* o, char c)
{
  if (o->len == GEN_BLOCK) {
    gen_flush(o);
  }
  o->buf[o->len++] = c;
  if (o->len == GEN_BLOCK) {
    gen_flush(o);
  }
}

/* Decimal digits of v into out (at least 21 bytes); returns the length. */
static size_t
fmt_u64(uint64_t v, char* out)
{
  char   tmp[24];
  size_t n = 0;
  do {
    tmp[n++] = (char)('0' + v % 10);
    v /= 10;
  } while (v != 0);
  for (size_t i = 0; i < n; ++i) {
    out[i] = tmp[n - 1 - i];
  }
  out[n] = '\0';
  return n;
}

static void
gen_putu(gen_out* o, uint64_t v)
{
  char   d[24];
  size_t n = fmt_u64(v, d);
  gen_put(o, d, n);
}

/* v zero-padded to `width` digits (identifiers sort as text). */
static void
gen_putu_pad(gen_out* o, uint64_t v, int width)
{
  char   d[24];
  size_t n = fmt_u64(v, d);
  for (int i = (int)n; i < width; ++i) {
    gen_putc(o, '0');
  }
  gen_put(o, d, n);
}

/* v with thousands grouped by `sep` ("12 345" in French, "12,345" in
 * English): realistic numbers for the full-text index to tokenise. */
static void
gen_putu_grouped(gen_out* o, uint64_t v, char sep)
{
  char   d[24];
  size_t n = fmt_u64(v, d);
  for (size_t i = 0; i < n; ++i) {
    if (i > 0 && (n - i) % 3 == 0) {
      gen_putc(o, sep);
    }
    gen_putc(o, d[i]);
  }
}

/* Text inside a Turtle "..." literal: escape what the grammar requires. */
static void
gen_put_escaped(gen_out* o, const char* p, size_t n)
{
  size_t start = 0;
  for (size_t i = 0; i < n; ++i) {
    const char* esc = NULL;
    switch (p[i]) {
      case '"': esc = "\\\""; break;
      case '\\': esc = "\\\\"; break;
      case '\n': esc = "\\n"; break;
      case '\r': esc = "\\r"; break;
      default: break;
    }
    if (esc) {
      gen_put(o, p + start, i - start);
      gen_puts(o, esc);
      start = i + 1;
    }
  }
  gen_put(o, p + start, n - start);
}

static void
gen_put_escaped_z(gen_out* o, const char* z)
{
  gen_put_escaped(o, z, strlen(z));
}

/* ------------------------------------------------------------------------ */
/* Vocabulary                                                               */

#define NS_AUTH "http://publications.europa.eu/resource/authority/"
#define NS_HDEU "https://hdeu-dcat.data.health.europa.eu/resource/authority/"
#define CAT_BASE "https://catalogue.sante.example/"
#define EHDS_ELI "http://data.europa.eu/eli/reg/2025/327/oj"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* A kind of data source. `this_*` opens a sentence ("Ce registre"). */
typedef struct kind_def
{
  const char* fr; /* title form */
  const char* this_fr;
  const char* kw_fr;
  const char* en; /* lower-case noun */
  const char* this_en;
  const char* category; /* healthcategories code */
  const char* pubtype;  /* publisher-type code of a typical holder */
} kind_def;

static const kind_def kinds[] = {
  { "Registre",
    "Ce registre",
    "registre",
    "registry",
    "This registry",
    "MRMR",
    "quality-registry" },
  { "Registre populationnel",
    "Ce registre populationnel",
    "registre",
    "population-based registry",
    "This population-based registry",
    "PHDR",
    "public-health-registry" },
  { "Cohorte",
    "Cette cohorte",
    "cohorte",
    "cohort",
    "This cohort",
    "RQSH",
    "research-institute-org" },
  { "Enquête",
    "Cette enquête",
    "enquête",
    "survey",
    "This survey",
    "RQSH",
    "public-health-institute" },
  { "Base médico-administrative",
    "Cette base médico-administrative",
    "données de remboursement",
    "claims database",
    "This claims database",
    "HRAD",
    "health-insurance-company-org" },
  { "Entrepôt de données de santé",
    "Cet entrepôt de données de santé",
    "entrepôt de données",
    "clinical data warehouse",
    "This clinical data warehouse",
    "EHRS",
    "inpatient-institute" },
  { "Biobanque",
    "Cette biobanque",
    "biobanque",
    "biobank",
    "This biobank",
    "EINS",
    "biobank" },
  { "Essai clinique",
    "Cet essai clinique",
    "essai clinique",
    "clinical trial",
    "This clinical trial",
    "EHCT",
    "research-academic-org" },
  { "Données génomiques",
    "Ce jeu de données génomiques",
    "génomique",
    "genomic data",
    "This genomic dataset",
    "HGPD",
    "research-infra" },
  { "Données de télésurveillance",
    "Ce dispositif de télésurveillance",
    "télésurveillance",
    "remote monitoring data",
    "This remote monitoring programme",
    "PGEH",
    "healthcare-providers" },
  { "Système de surveillance",
    "Ce système de surveillance",
    "surveillance",
    "surveillance system",
    "This surveillance system",
    "RPDG",
    "public-health-institute" },
  { "Registre des dispositifs implantables",
    "Ce registre des dispositifs implantables",
    "dispositif médical",
    "implant registry",
    "This implant registry",
    "RMMD",
    "national-authority" },
  { "Programme de dépistage",
    "Ce programme de dépistage",
    "dépistage",
    "screening programme",
    "This screening programme",
    "PHDR",
    "regional-authority" },
  { "Application de suivi",
    "Cette application de suivi",
    "application mobile",
    "tracking app data",
    "This tracking app",
    "WELA",
    "private-company" },
  { "Étude d'exposition environnementale",
    "Cette étude d'exposition environnementale",
    "environnement",
    "environmental exposure study",
    "This exposure study",
    "DIOH",
    "public-health-org" },
  { "Données d'imagerie médicale",
    "Cette collection d'images médicales",
    "imagerie",
    "medical imaging data",
    "This imaging collection",
    "EMRD",
    "inpatient-institute" },
  { "Profils protéomiques",
    "Cette collection de profils protéomiques",
    "protéomique",
    "proteomic profiles",
    "This proteomic collection",
    "HPML",
    "laboratory" },
  { "Activité hospitalière",
    "Cette base d'activité hospitalière",
    "hospitalisation",
    "hospital activity data",
    "This hospital activity base",
    "NRPE",
    "national-authority" },
};

/* A condition or health topic. `gen_fr` is the genitive used after a noun
 * ("du cancer du sein"); `en` is lower case except proper nouns. */
typedef struct cond_def
{
  const char* gen_fr;
  const char* fr;
  const char* en;
  const char* icd; /* ICD-10 code */
} cond_def;

static const cond_def conds[] = {
  { "du cancer du sein", "cancer du sein", "breast cancer", "C50" },
  { "du cancer colorectal", "cancer colorectal", "colorectal cancer", "C18" },
  { "du cancer du poumon", "cancer du poumon", "lung cancer", "C34" },
  { "du cancer de la prostate",
    "cancer de la prostate",
    "prostate cancer",
    "C61" },
  { "des leucémies de l'enfant", "leucémie", "childhood leukaemia", "C91" },
  { "du mélanome cutané", "mélanome", "cutaneous melanoma", "C43" },
  { "du diabète de type 1", "diabète de type 1", "type 1 diabetes", "E10" },
  { "du diabète de type 2", "diabète de type 2", "type 2 diabetes", "E11" },
  { "de l'obésité", "obésité", "obesity", "E66" },
  { "de l'hypertension artérielle",
    "hypertension artérielle",
    "hypertension",
    "I10" },
  { "de l'infarctus du myocarde",
    "infarctus du myocarde",
    "myocardial infarction",
    "I21" },
  { "de l'insuffisance cardiaque",
    "insuffisance cardiaque",
    "heart failure",
    "I50" },
  { "des accidents vasculaires cérébraux",
    "accident vasculaire cérébral",
    "stroke",
    "I64" },
  { "de la fibrillation atriale",
    "fibrillation atriale",
    "atrial fibrillation",
    "I48" },
  { "de l'asthme", "asthme", "asthma", "J45" },
  { "de la bronchopneumopathie chronique obstructive",
    "BPCO",
    "chronic obstructive pulmonary disease",
    "J44" },
  { "de la mucoviscidose", "mucoviscidose", "cystic fibrosis", "E84" },
  { "de la maladie d'Alzheimer",
    "maladie d'Alzheimer",
    "Alzheimer's disease",
    "G30" },
  { "de la maladie de Parkinson",
    "maladie de Parkinson",
    "Parkinson's disease",
    "G20" },
  { "de la sclérose en plaques",
    "sclérose en plaques",
    "multiple sclerosis",
    "G35" },
  { "de l'épilepsie", "épilepsie", "epilepsy", "G40" },
  { "des troubles du spectre de l'autisme",
    "autisme",
    "autism spectrum disorder",
    "F84" },
  { "de la dépression", "dépression", "depression", "F32" },
  { "de la schizophrénie", "schizophrénie", "schizophrenia", "F20" },
  { "des troubles bipolaires", "trouble bipolaire", "bipolar disorder", "F31" },
  { "de la maladie rénale chronique",
    "insuffisance rénale",
    "chronic kidney disease",
    "N18" },
  { "de la polyarthrite rhumatoïde",
    "polyarthrite rhumatoïde",
    "rheumatoid arthritis",
    "M06" },
  { "de la maladie de Crohn", "maladie de Crohn", "Crohn's disease", "K50" },
  { "de l'hépatite C", "hépatite C", "hepatitis C", "B18.2" },
  { "de l'infection par le VIH", "VIH", "HIV infection", "B20" },
  { "de la tuberculose", "tuberculose", "tuberculosis", "A15" },
  { "de la grippe saisonnière", "grippe", "seasonal influenza", "J11" },
  { "de la COVID-19", "COVID-19", "COVID-19", "U07.1" },
  { "de la maladie de Lyme", "borréliose de Lyme", "Lyme disease", "A69.2" },
  { "de la drépanocytose", "drépanocytose", "sickle cell disease", "D57" },
  { "de la prématurité", "prématurité", "preterm birth", "P07" },
  { "des anomalies congénitales",
    "malformation congénitale",
    "congenital anomalies",
    "Q89" },
  { "des fractures du col du fémur",
    "fracture du fémur",
    "hip fractures",
    "S72" },
  { "de la santé bucco-dentaire",
    "santé bucco-dentaire",
    "oral health",
    "K02" },
  { "des troubles du sommeil", "sommeil", "sleep disorders", "G47" },
  { "des troubles liés à l'usage d'alcool",
    "alcool",
    "alcohol use disorder",
    "F10" },
  { "du tabagisme", "tabac", "tobacco use", "F17" },
  { "du saturnisme", "plomb", "lead poisoning", "T56.0" },
  { "des maladies neuromusculaires rares",
    "maladie rare",
    "rare neuromuscular diseases",
    "G71" },
  { "de l'endométriose", "endométriose", "endometriosis", "N80" },
  { "des infections associées aux soins",
    "infection nosocomiale",
    "healthcare-associated infections",
    "Y95" },
  { "de l'antibiorésistance",
    "antibiorésistance",
    "antimicrobial resistance",
    "U82" },
  { "de la santé mentale périnatale",
    "santé mentale",
    "perinatal mental health",
    "F53" },
};

typedef struct pop_def
{
  const char* fr;
  const char* en;
  unsigned    min_age, max_age;
} pop_def;

static const pop_def pops[] = {
  { "chez l'adulte", "adults", 18, 90 },
  { "chez l'enfant", "children", 0, 17 },
  { "chez les personnes âgées de 65 ans et plus",
    "people aged 65 and over",
    65,
    105 },
  { "chez la femme enceinte", "pregnant women", 15, 49 },
  { "chez le nouveau-né", "newborns", 0, 0 },
  { "chez l'adolescent", "adolescents", 11, 17 },
  { "en population générale", "the general population", 0, 100 },
  { "chez les femmes de 50 à 74 ans", "women aged 50 to 74", 50, 74 },
  { "chez les travailleurs exposés", "exposed workers", 18, 67 },
  { "chez les patients hospitalisés", "hospitalised patients", 0, 100 },
  { "chez les résidents d'EHPAD", "nursing home residents", 60, 105 },
  { "chez le jeune adulte", "young adults", 18, 29 },
};

/* `in_*` is the locative form used in sentences. */
typedef struct region_def
{
  const char* fr;
  const char* in_fr;
  const char* en;
  const char* in_en;
  const char* city; /* seat used to name local agents */
} region_def;

static const region_def regions[] = {
  { "France entière",
    "sur l'ensemble du territoire",
    "France",
    "across France",
    "Paris" },
  { "Bretagne", "en Bretagne", "Brittany", "in Brittany", "Rennes" },
  { "Normandie", "en Normandie", "Normandy", "in Normandy", "Caen" },
  { "Hauts-de-France",
    "dans les Hauts-de-France",
    "Hauts-de-France",
    "in Hauts-de-France",
    "Lille" },
  { "Grand Est",
    "dans le Grand Est",
    "Grand Est",
    "in the Grand Est region",
    "Strasbourg" },
  { "Île-de-France",
    "en Île-de-France",
    "Paris region",
    "in the Paris region",
    "Créteil" },
  { "Auvergne-Rhône-Alpes",
    "en Auvergne-Rhône-Alpes",
    "Auvergne-Rhône-Alpes",
    "in Auvergne-Rhône-Alpes",
    "Lyon" },
  { "Provence-Alpes-Côte d'Azur",
    "en Provence-Alpes-Côte d'Azur",
    "Provence-Alpes-Côte d'Azur",
    "in Provence-Alpes-Côte d'Azur",
    "Marseille" },
  { "Occitanie", "en Occitanie", "Occitania", "in Occitania", "Toulouse" },
  { "Nouvelle-Aquitaine",
    "en Nouvelle-Aquitaine",
    "Nouvelle-Aquitaine",
    "in Nouvelle-Aquitaine",
    "Bordeaux" },
  { "Pays de la Loire",
    "dans les Pays de la Loire",
    "Pays de la Loire",
    "in the Pays de la Loire",
    "Nantes" },
  { "Centre-Val de Loire",
    "en Centre-Val de Loire",
    "Centre-Val de Loire",
    "in Centre-Val de Loire",
    "Tours" },
  { "Bourgogne-Franche-Comté",
    "en Bourgogne-Franche-Comté",
    "Burgundy-Franche-Comté",
    "in Burgundy-Franche-Comté",
    "Dijon" },
  { "Corse", "en Corse", "Corsica", "in Corsica", "Ajaccio" },
  { "Guadeloupe",
    "en Guadeloupe",
    "Guadeloupe",
    "in Guadeloupe",
    "Pointe-à-Pitre" },
  { "Martinique",
    "en Martinique",
    "Martinique",
    "in Martinique",
    "Fort-de-France" },
  { "Guyane", "en Guyane", "French Guiana", "in French Guiana", "Cayenne" },
  { "La Réunion", "à La Réunion", "Réunion", "in Réunion", "Saint-Denis" },
  { "Mayotte", "à Mayotte", "Mayotte", "in Mayotte", "Mamoudzou" },
};

/* Agent name patterns; %s is a city. */
typedef struct agent_def
{
  const char* fr;
  const char* en;
  const char* pubtype;
} agent_def;

static const agent_def agent_kinds[] = {
  { "Centre hospitalier universitaire de %s",
    "%s University Hospital",
    "inpatient-institute" },
  { "Observatoire régional de la santé de %s",
    "%s Regional Health Observatory",
    "public-health-org" },
  { "Université de %s", "University of %s", "university" },
  { "Registre des cancers de %s", "%s Cancer Registry", "quality-registry" },
  { "Centre d'investigation clinique de %s",
    "%s Clinical Investigation Centre",
    "research-institute-org" },
  { "Laboratoire de biologie médicale de %s",
    "%s Medical Laboratory",
    "laboratory" },
  { "Caisse primaire d'assurance maladie de %s",
    "%s Health Insurance Fund",
    "health-insurance-company-org" },
  { "Centre de lutte contre le cancer de %s",
    "%s Comprehensive Cancer Centre",
    "national-cancer-institute" },
  { "Maison de santé pluriprofessionnelle de %s",
    "%s Multidisciplinary Health Centre",
    "primary-care-org" },
  { "Centre régional de pharmacovigilance de %s",
    "%s Regional Pharmacovigilance Centre",
    "pharmacy" },
};

typedef struct hdab_def
{
  const char* fr;
  const char* en;
  const char* email;
  const char* page;
} hdab_def;

static const hdab_def hdabs[] = {
  { "Plateforme des données de santé",
    "Health Data Hub",
    "guichet@hdab.sante.example",
    "https://hdab.sante.example/" },
  { "Plateforme régionale des données de santé d'Occitanie",
    "Occitania Regional Health Data Platform",
    "acces@occitanie.sante.example",
    "https://occitanie.sante.example/acces" },
  { "Plateforme des données de santé des Outre-mer",
    "Overseas Health Data Platform",
    "acces@outremer.sante.example",
    "https://outremer.sante.example/" },
};

typedef struct pair_def
{
  const char* fr;
  const char* en;
} pair_def;

static const pair_def coding_systems[] = {
  { "CIM-10", "ICD-10" },       { "SNOMED CT", "SNOMED CT" },
  { "ORPHAcode", "ORPHAcode" }, { "LOINC", "LOINC" },
  { "CIM-O-3", "ICD-O-3" },
};

static const pair_def frequencies[] = {
  { "chaque année", "every year" }, { "chaque trimestre", "every quarter" },
  { "chaque mois", "every month" }, { "chaque semaine", "every week" },
  { "en continu", "continuously" },
};

/* Sentence templates, French and English of the same sentence side by side.
 * Placeholders: %T subject ("Ce registre"), %C/%c condition, %P/%p
 * population, %R/%r region, %Y %Z first and last year, %N/%n number of
 * records, %S/%s coding system, %I ICD-10 code, %F/%f update frequency,
 * %M facilities, %A follow-up years, %L percentage, %B publications, %%
 * a percent sign.
 * Upper case is the French form, lower case the English one where they
 * differ. */
static const pair_def intros[] = {
  { "%T rassemble des données sur la prise en charge %C %P %R, de %Y à %Z.",
    "%T gathers data on the care of %c in %p %r, from %Y to %Z." },
  { "%T documente l'incidence, la prévalence et le parcours de soins %C %P "
    "%R entre %Y et %Z.",
    "%T documents the incidence, prevalence and care pathways of %c in %p %r "
    "between %Y and %Z." },
  { "%T a pour objectif de mieux comprendre l'évolution %C %P %R sur la "
    "période %Y-%Z.",
    "%T aims to better understand the course of %c in %p %r over the period "
    "%Y-%Z." },
  { "%T décrit les facteurs de risque, les traitements et le devenir des "
    "patients atteints %C %P %R depuis %Y.",
    "%T describes risk factors, treatments and outcomes of %p with %c %r "
    "since %Y." },
};

static const pair_def sentences[] = {
  { "Les diagnostics sont codés en %S (code principal %I).",
    "Diagnoses are coded in %s (main code %I)." },
  { "Les données sont appariées au Système national des données de santé "
    "(SNDS) afin de suivre la consommation de soins, les hospitalisations et "
    "les délivrances de médicaments.",
    "Records are linked to the French national health data system (SNDS) to "
    "follow healthcare use, hospital stays and drug dispensing." },
  { "La base contient environ %N enregistrements, mis à jour %F.",
    "The database holds about %n records, updated %f." },
  { "Les variables disponibles comprennent l'âge, le sexe, la commune de "
    "résidence, la date de diagnostic, le stade, les traitements reçus et le "
    "statut vital.",
    "Available variables include age, sex, municipality of residence, date "
    "of diagnosis, stage, treatments received and vital status." },
  { "La qualité des données est contrôlée par des audits réguliers et une "
    "double saisie des informations cliniques.",
    "Data quality is checked through regular audits and double entry of "
    "clinical information." },
  { "L'accès aux données individuelles est soumis à l'autorisation de la "
    "Commission nationale de l'informatique et des libertés (CNIL) et à "
    "l'avis du comité éthique et scientifique.",
    "Access to individual-level data requires authorisation from the French "
    "data protection authority (CNIL) and the opinion of the ethics and "
    "scientific committee." },
  { "Des indicateurs agrégés par département et par classe d'âge sont publiés "
    "en données ouvertes.",
    "Aggregated indicators by département and age group are published as "
    "open data." },
  { "Les échantillons biologiques (sang, sérum, ADN) sont conservés à -80 °C "
    "et associés aux données cliniques.",
    "Biological samples (blood, serum, DNA) are stored at -80 °C and linked "
    "to clinical data." },
  { "Le recueil s'appuie sur un réseau de %M établissements de santé publics "
    "et privés.",
    "Collection relies on a network of %M public and private healthcare "
    "facilities." },
  { "Les facteurs de risque étudiés incluent le tabagisme, la consommation "
    "d'alcool, l'activité physique, l'indice de masse corporelle et "
    "l'exposition à la pollution atmosphérique.",
    "Risk factors studied include smoking, alcohol consumption, physical "
    "activity, body mass index and exposure to air pollution." },
  { "Le suivi médian des participants est de %A ans, avec moins de %L %% de "
    "perdus de vue.",
    "Median follow-up is %A years, with less than %L%% lost to follow-up." },
  { "Les données sont pseudonymisées avant leur mise à disposition dans un "
    "environnement sécurisé de traitement.",
    "Data are pseudonymised before being made available in a secure "
    "processing environment." },
  { "Les résultats ont donné lieu à plus de %B publications dans des revues "
    "à comité de lecture.",
    "Results have led to over %B peer-reviewed publications." },
  { "Un dictionnaire des variables et des nomenclatures est fourni avec "
    "chaque extraction.",
    "A data dictionary describing variables and code lists is provided with "
    "every extract." },
  { "Les traitements médicamenteux sont codés selon la classification ATC.",
    "Drug treatments are coded with the ATC classification." },
  { "Les résultats de biologie (HbA1c, créatinine, bilan lipidique) sont "
    "transmis par les laboratoires partenaires.",
    "Laboratory results (HbA1c, creatinine, lipid profile) are sent by "
    "partner laboratories." },
  { "Les causes médicales de décès sont obtenues par appariement avec la base "
    "du CépiDc.",
    "Medical causes of death are obtained through linkage with the CépiDc "
    "national death register." },
  { "La couverture de la population cible est estimée à %L %%.",
    "Coverage of the target population is estimated at %L%%." },
  { "Le protocole suit les recommandations « STROBE » pour les études "
    "observationnelles.",
    "The protocol follows the \"STROBE\" guidelines for observational "
    "studies." },
  { "Les comptes rendus d'hospitalisation et d'imagerie sont structurés par "
    "traitement automatique du langage.",
    "Discharge summaries and imaging reports are structured with natural "
    "language processing." },
};

static const char* const themes_extra[] = { "SOCI", "GOVE", "ENVI",
                                            "EDUC", "ECON", "TECH" };

static const char* const file_types[] = { "CSV", "JSON", "XLSX", "PARQUET",
                                          "XML", "ZIP",  "PDF",  "SAS" };

static const char* const licences[] = { "CC_BY_4_0",
                                        "CC0",
                                        "ODC_BL",
                                        "CC_BYSA_4_0" };

static const char* const access_rights[] = { "PUBLIC",
                                             "RESTRICTED",
                                             "NON_PUBLIC" };

/* Statement-level probabilities, in percent. Tuned so that the average
 * dataset has about 23 triples and 2.2 kB of Turtle. */
enum
{
  P_EXTRA_THEME    = 8,
  P_EXTRA_CATEGORY = 10,
  P_RECORDS        = 40,
  P_AGES           = 20,
  P_CONTACT        = 10, /* always for NON_PUBLIC, which requires it */
  P_TEMPORAL       = 12,
  P_DIST_IRI       = 35,
  P_FORMAT         = 45,
  P_LICENCE        = 30 /* PUBLIC datasets only */
};

/* One dataset in INVALID_EVERY (about 3 %) states its number of records in
 * words instead of an xsd:nonNegativeInteger, as harvested catalogues
 * sometimes do: a violation at every access level. Chosen from the dataset
 * number, not the generator, so the other values stay as they were. */
#define INVALID_EVERY 32
#define INVALID_AT 13

/* ------------------------------------------------------------------------ */
/* Dataset assembly                                                         */

/* Everything a dataset's text is made of, drawn once per dataset. */
typedef struct ds_vars
{
  const kind_def*   kind;
  const cond_def*   cond;
  const pop_def*    pop;
  const region_def* region;
  const pair_def*   coding;
  const pair_def*   freq;
  unsigned          y1, y2;
  uint64_t          records;
  unsigned          facilities, follow_up, pct, pubs;
} ds_vars;

/* Expand template t; `en` selects the English subject for %T. */
static void
gen_template(gen_out* o, const char* t, const ds_vars* v, bool en)
{
  const char* start = t;
  for (; *t; ++t) {
    if (*t != '%' || t[1] == '\0') {
      continue;
    }
    gen_put_escaped(o, start, (size_t)(t - start));
    ++t;
    switch (*t) {
      case 'T':
        gen_put_escaped_z(o, en ? v->kind->this_en : v->kind->this_fr);
        break;
      case 'C': gen_put_escaped_z(o, v->cond->gen_fr); break;
      case 'c': gen_put_escaped_z(o, v->cond->en); break;
      case 'P': gen_put_escaped_z(o, v->pop->fr); break;
      case 'p': gen_put_escaped_z(o, v->pop->en); break;
      case 'R': gen_put_escaped_z(o, v->region->in_fr); break;
      case 'r': gen_put_escaped_z(o, v->region->in_en); break;
      case 'Y': gen_putu(o, v->y1); break;
      case 'Z': gen_putu(o, v->y2); break;
      case 'N': gen_putu_grouped(o, v->records, ' '); break;
      case 'n': gen_putu_grouped(o, v->records, ','); break;
      case 'S': gen_put_escaped_z(o, v->coding->fr); break;
      case 's': gen_put_escaped_z(o, v->coding->en); break;
      case 'I': gen_put_escaped_z(o, v->cond->icd); break;
      case 'F': gen_put_escaped_z(o, v->freq->fr); break;
      case 'f': gen_put_escaped_z(o, v->freq->en); break;
      case 'M': gen_putu(o, v->facilities); break;
      case 'A': gen_putu(o, v->follow_up); break;
      case 'L': gen_putu(o, v->pct); break;
      case 'B': gen_putu(o, v->pubs); break;
      default: gen_putc(o, *t); break; /* "%%" and anything unknown */
    }
    start = t + 1;
  }
  gen_put_escaped(o, start, (size_t)(t - start));
}

/* Capitalised English noun phrase (all table entries start with ASCII). */
static void
gen_put_capitalised(gen_out* o, const char* z)
{
  char c = z[0];
  if (c >= 'a' && c <= 'z') {
    c = (char)(c - 'a' + 'A');
  }
  gen_putc(o, c);
  gen_put_escaped_z(o, z + 1);
}

static void
gen_dataset_iri(gen_out* o, uint64_t i)
{
  gen_puts(o, "<" CAT_BASE "dataset/HDS-");
  gen_putu_pad(o, i, 7);
  gen_putc(o, '>');
}

static void
gen_agent_iri(gen_out* o, const char* kind, uint64_t i)
{
  gen_puts(o, "<" CAT_BASE "agent/");
  gen_puts(o, kind);
  gen_putu(o, i);
  gen_putc(o, '>');
}

/* One description: an intro and 1 to 4 further sentences, the same ones in
 * both languages so that the two texts are translations of each other. */
static void
gen_description(gen_out* o, hdc_bench_rng* r, const ds_vars* v)
{
  uint32_t intro = hdc_bench_rng_below(r, COUNT(intros));
  uint32_t n     = 1 + hdc_bench_rng_below(r, 3);
  n += hdc_bench_rng_pct(r, 30) ? 1 : 0;
  uint32_t first = hdc_bench_rng_below(r, COUNT(sentences));
  /* A step coprime with the table size visits distinct sentences. */
  uint32_t step = 1 + 2 * hdc_bench_rng_below(r, 5);
  for (int lang = 0; lang < 2; ++lang) {
    gen_puts(o, lang == 0 ? "    dct:description \"" : ",\n        \"");
    gen_template(
      o, lang == 0 ? intros[intro].fr : intros[intro].en, v, lang == 1);
    for (uint32_t k = 0; k < n; ++k) {
      const pair_def* s = &sentences[(first + k * step) % COUNT(sentences)];
      gen_putc(o, ' ');
      gen_template(o, lang == 0 ? s->fr : s->en, v, lang == 1);
    }
    gen_puts(o, lang == 0 ? "\"@fr" : "\"@en");
    o->triples++;
  }
  gen_puts(o, " ;\n");
}

/* Triples of each agent with its contact point (see gen_agent). */
#define AGENT_TRIPLES 8

static void
gen_dataset(gen_out* o, hdc_bench_rng* r, uint64_t i, uint32_t n_publishers)
{
  uint64_t triples_before = o->triples;
  ds_vars  v;
  v.kind = &kinds[hdc_bench_rng_below(r, COUNT(kinds))];
  v.cond = &conds[hdc_bench_rng_below(r, COUNT(conds))];
  v.pop  = &pops[hdc_bench_rng_below(r, COUNT(pops))];
  /* Half the datasets are national: real catalogues are skewed that way. */
  v.region = hdc_bench_rng_pct(r, 40)
               ? &regions[0]
               : &regions[hdc_bench_rng_below(r, COUNT(regions))];
  v.coding = &coding_systems[hdc_bench_rng_below(r, COUNT(coding_systems))];
  v.freq   = &frequencies[hdc_bench_rng_below(r, COUNT(frequencies))];
  v.y1     = 1990 + hdc_bench_rng_below(r, 32);
  v.y2     = v.y1 + 1 + hdc_bench_rng_below(r, 2024 - v.y1);
  static const uint64_t mag[] = { 100, 1000, 10000, 100000, 1000000 };
  uint64_t              m     = mag[hdc_bench_rng_below(r, COUNT(mag))];
  /* One draw per statement: the order in which C evaluates the operands of
   * one expression is unspecified, and the output must not depend on it. */
  uint64_t lead = 1 + hdc_bench_rng_below(r, 9);
  v.records     = m * lead + hdc_bench_rng_below(r, (uint32_t)m);
  v.facilities  = 3 + hdc_bench_rng_below(r, 400);
  v.follow_up   = 1 + hdc_bench_rng_below(r, 25);
  v.pct         = 50 + hdc_bench_rng_below(r, 50);
  v.pubs        = 5 + hdc_bench_rng_below(r, 300);

  uint32_t access = hdc_bench_rng_below(r, 10);
  access          = access < 3 ? 0 : access < 6 ? 1 : 2;

  gen_dataset_iri(o, i);
  gen_puts(o, "\n    a dcat:Dataset ;\n");
  o->triples++;

  /* Titles. */
  gen_puts(o, "    dct:title \"");
  gen_put_escaped_z(o, v.kind->fr);
  gen_putc(o, ' ');
  gen_put_escaped_z(o, v.cond->gen_fr);
  gen_putc(o, ' ');
  gen_put_escaped_z(o, v.pop->fr);
  gen_puts(o, " — ");
  gen_put_escaped_z(o, v.region->fr);
  gen_puts(o, ", ");
  gen_putu(o, v.y1);
  gen_putc(o, '-');
  gen_putu(o, v.y2);
  gen_puts(o, "\"@fr, \"");
  gen_put_capitalised(o, v.cond->en);
  gen_putc(o, ' ');
  gen_put_escaped_z(o, v.kind->en);
  gen_puts(o, " in ");
  gen_put_escaped_z(o, v.pop->en);
  gen_puts(o, " — ");
  gen_put_escaped_z(o, v.region->en);
  gen_puts(o, ", ");
  gen_putu(o, v.y1);
  gen_putc(o, '-');
  gen_putu(o, v.y2);
  gen_puts(o, "\"@en ;\n");
  o->triples += 2;

  gen_description(o, r, &v);

  gen_puts(o, "    dct:identifier \"HDS-");
  gen_putu_pad(o, i, 7);
  gen_puts(o, "\" ;\n");
  o->triples++;

  /* Keywords: the condition in French, then in English, then the kind.
   * When French and English are spelled alike the tags still differ, so
   * the literals are distinct triples. */
  uint32_t nkw = 1 + hdc_bench_rng_below(r, 3);
  gen_puts(o, "    dcat:keyword \"");
  gen_put_escaped_z(o, v.cond->fr);
  gen_puts(o, "\"@fr");
  if (nkw > 1) {
    gen_puts(o, ", \"");
    gen_put_escaped_z(o, v.cond->en);
    gen_puts(o, "\"@en");
  }
  if (nkw > 2) {
    gen_puts(o, ", \"");
    gen_put_escaped_z(o, v.kind->kw_fr);
    gen_puts(o, "\"@fr");
  }
  gen_puts(o, " ;\n");
  o->triples += nkw;

  gen_puts(o, "    dcat:theme <" NS_AUTH "data-theme/HEAL>");
  o->triples++;
  if (hdc_bench_rng_pct(r, P_EXTRA_THEME)) {
    gen_puts(o, ", <" NS_AUTH "data-theme/");
    gen_puts(o, themes_extra[hdc_bench_rng_below(r, COUNT(themes_extra))]);
    gen_putc(o, '>');
    o->triples++;
  }
  gen_puts(o, " ;\n");

  gen_puts(o, "    healthdcatap:healthCategory <" NS_HDEU "healthcategories/");
  gen_puts(o, v.kind->category);
  gen_putc(o, '>');
  o->triples++;
  if (hdc_bench_rng_pct(r, P_EXTRA_CATEGORY)) {
    const char* extra = kinds[hdc_bench_rng_below(r, COUNT(kinds))].category;
    if (strcmp(extra, v.kind->category) != 0) {
      gen_puts(o, ", <" NS_HDEU "healthcategories/");
      gen_puts(o, extra);
      gen_putc(o, '>');
      o->triples++;
    }
  }
  gen_puts(o, " ;\n");

  gen_puts(o, "    dct:accessRights <" NS_AUTH "access-right/");
  gen_puts(o, access_rights[access]);
  gen_puts(o, "> ;\n    dcatap:applicableLegislation <" EHDS_ELI "> ;\n");
  o->triples += 2;

  /* Publishers: a skewed pick, as a few big holders publish most records. */
  uint32_t pub =
    hdc_bench_rng_below(r, 1 + hdc_bench_rng_below(r, n_publishers));
  gen_puts(o, "    dct:publisher ");
  gen_agent_iri(o, "p", pub);
  gen_puts(o, " ;\n    healthdcatap:hdab ");
  gen_agent_iri(o,
                "hdab",
                v.region == &regions[8]      ? 1
                : (v.region >= &regions[14]) ? 2
                                             : 0);
  gen_puts(o, " ;\n    healthdcatap:hasStructuredData false ;\n");
  o->triples += 3;

  bool records = hdc_bench_rng_pct(r, P_RECORDS);
  if (i % INVALID_EVERY == INVALID_AT) {
    gen_puts(o, "    healthdcatap:numberOfRecords \"environ ");
    gen_putu(o, v.records);
    gen_puts(o, "\"^^xsd:nonNegativeInteger ;\n");
    o->triples++;
    o->invalid++;
  } else if (records) {
    gen_puts(o, "    healthdcatap:numberOfRecords \"");
    gen_putu(o, v.records);
    gen_puts(o, "\"^^xsd:nonNegativeInteger ;\n");
    o->triples++;
  }
  if (hdc_bench_rng_pct(r, P_AGES)) {
    gen_puts(o, "    healthdcatap:minTypicalAge \"");
    gen_putu(o, v.pop->min_age);
    gen_puts(o,
             "\"^^xsd:nonNegativeInteger ;\n"
             "    healthdcatap:maxTypicalAge \"");
    gen_putu(o, v.pop->max_age);
    gen_puts(o, "\"^^xsd:nonNegativeInteger ;\n");
    o->triples += 2;
  }
  /* NON_PUBLIC datasets must also say what kind of dataset they are and
   * where the data come from. */
  if (access == 2) {
    gen_puts(o,
             "    dct:type <" NS_AUTH "dataset-type/STATISTICAL> ;\n"
             "    dct:provenance [\n        a dct:ProvenanceStatement ;\n"
             "        <http://www.w3.org/2000/01/rdf-schema#label> \"");
    gen_put_escaped_z(o, v.kind->fr);
    gen_puts(o, ", collecte continue\"@fr\n    ] ;\n");
    o->triples += 4;
  }
  bool contact = access == 2 || hdc_bench_rng_pct(r, P_CONTACT);
  if (contact) {
    gen_puts(o, "    dcat:contactPoint _:cp");
    gen_putu(o, i);
    gen_puts(o, " ;\n");
    o->triples++;
  }
  if (hdc_bench_rng_pct(r, P_TEMPORAL)) {
    gen_puts(o,
             "    dct:temporal [\n        a dct:PeriodOfTime ;\n"
             "        dcat:startDate \"");
    gen_putu(o, v.y1);
    gen_puts(o, "-01-01\"^^xsd:date ;\n        dcat:endDate \"");
    gen_putu(o, v.y2);
    gen_puts(o, "-12-31\"^^xsd:date\n    ] ;\n");
    o->triples += 4;
  }

  /* The distribution: a named node after the dataset, or an inline blank
   * node, as both occur in harvested catalogues. */
  bool     dist_iri = hdc_bench_rng_pct(r, P_DIST_IRI);
  bool     format   = hdc_bench_rng_pct(r, P_FORMAT);
  bool     licence  = access == 0 && hdc_bench_rng_pct(r, P_LICENCE);
  uint32_t ft       = hdc_bench_rng_below(r, COUNT(file_types));
  uint32_t lic      = hdc_bench_rng_below(r, COUNT(licences));
  o->triples += 1 + 3 + (format ? 1 : 0) + (licence ? 1 : 0);
  if (dist_iri) {
    gen_puts(o, "    dcat:distribution <" CAT_BASE "dataset/HDS-");
    gen_putu_pad(o, i, 7);
    gen_puts(o, "/distribution/1> .\n\n<" CAT_BASE "dataset/HDS-");
    gen_putu_pad(o, i, 7);
    gen_puts(o, "/distribution/1>\n");
  } else {
    gen_puts(o, "    dcat:distribution [\n");
  }
  const char* ind = dist_iri ? "    " : "        ";
  gen_puts(o, ind);
  gen_puts(o, "a dcat:Distribution ;\n");
  gen_puts(o, ind);
  if (access == 0) {
    gen_puts(o,
             "dcat:accessURL <https://data.sante.example/telechargement/HDS-");
    gen_putu_pad(o, i, 7);
    gen_puts(o, "> ;\n");
  } else {
    gen_puts(o, "dcat:accessURL <" CAT_BASE "demande-acces/HDS-");
    gen_putu_pad(o, i, 7);
    gen_puts(o, "> ;\n");
  }
  if (format) {
    gen_puts(o, ind);
    gen_puts(o, "dct:format <" NS_AUTH "file-type/");
    gen_puts(o, file_types[ft]);
    gen_puts(o, "> ;\n");
  }
  if (licence) {
    gen_puts(o, ind);
    gen_puts(o, "dct:license <" NS_AUTH "licence/");
    gen_puts(o, licences[lic]);
    gen_puts(o, "> ;\n");
  }
  gen_puts(o, ind);
  gen_puts(o, "dcatap:applicableLegislation <" EHDS_ELI ">\n");
  gen_puts(o, dist_iri ? "    .\n" : "    ] .\n");

  if (contact) {
    gen_puts(o, "\n_:cp");
    gen_putu(o, i);
    gen_puts(o, " a vcard:Kind ;\n    vcard:hasEmail <mailto:donnees-");
    gen_putu(o, i);
    gen_puts(o, "@sante.example> .\n");
    o->triples += 2;
  }
  gen_putc(o, '\n');
  /* Everything above, plus the publisher and the HDAB, both agents that
   * the document describes, and the type declarations of the legislation,
   * the access right, the format, the licence and the dataset type
   * (gen_vocabulary). */
  o->record_triples += o->triples - triples_before + 2 * AGENT_TRIPLES + 2 +
                       (format ? 1 : 0) + (licence ? 1 : 0) +
                       (access == 2 ? 2 : 0);
}

/* ------------------------------------------------------------------------ */
/* Catalogue                                                                */

static const char prologue[] =
  "# Synthetic HealthDCAT-AP catalogue generated by hdc-bench.\n"
  "# Every name, number and address in it is fictitious.\n"
  "@prefix dcat: <http://www.w3.org/ns/dcat#> .\n"
  "@prefix dct: <http://purl.org/dc/terms/> .\n"
  "@prefix foaf: <http://xmlns.com/foaf/0.1/> .\n"
  "@prefix vcard: <http://www.w3.org/2006/vcard/ns#> .\n"
  "@prefix cv: <http://data.europa.eu/m8g/> .\n"
  "@prefix dcatap: <http://data.europa.eu/r5r/> .\n"
  "@prefix healthdcatap: <http://healthdataportal.eu/ns/health#> .\n"
  "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
  "@prefix pt: <" NS_HDEU "publisher-type/> .\n\n";

/* An agent with its cv:ContactPoint (HealthAgent_Shape: exactly one). */
static void
gen_agent(gen_out*    o,
          const char* kind,
          uint64_t    idx,
          const char* name_fr,
          const char* name_en,
          const char* pubtype,
          const char* email,
          const char* page)
{
  gen_agent_iri(o, kind, idx);
  gen_puts(o, "\n    a foaf:Agent ;\n    foaf:name \"");
  gen_put_escaped_z(o, name_fr);
  gen_puts(o, "\"@fr, \"");
  gen_put_escaped_z(o, name_en);
  gen_puts(o, "\"@en ;\n    dct:type pt:");
  gen_puts(o, pubtype);
  gen_puts(o, " ;\n    cv:contactPoint <" CAT_BASE "agent/");
  gen_puts(o, kind);
  gen_putu(o, idx);
  gen_puts(o, "/contact> .\n\n<" CAT_BASE "agent/");
  gen_puts(o, kind);
  gen_putu(o, idx);
  gen_puts(o, "/contact>\n    a cv:ContactPoint ;\n    cv:email \"");
  gen_put_escaped_z(o, email);
  gen_puts(o, "\" ;\n    cv:contactPage <");
  gen_puts(o, page);
  gen_puts(o, "> .\n\n");
  o->triples += AGENT_TRIPLES;
}

/* Fill `out` (cap bytes) with `pattern` where its one "%s" becomes `city`. */
static void
fill_name(char* out, size_t cap, const char* pattern, const char* city)
{
  const char* hole = strstr(pattern, "%s");
  size_t      n    = 0;
  size_t      pre  = hole ? (size_t)(hole - pattern) : strlen(pattern);
  for (size_t i = 0; i < pre && n + 1 < cap; ++i) {
    out[n++] = pattern[i];
  }
  if (hole) {
    for (const char* c = city; *c && n + 1 < cap; ++c) {
      out[n++] = *c;
    }
    for (const char* c = hole + 2; *c && n + 1 < cap; ++c) {
      out[n++] = *c;
    }
  }
  out[n] = '\0';
}

static uint32_t
publisher_count(uint64_t n_datasets)
{
  /* One publisher per 250 datasets, within the table's combinations. */
  uint64_t max = COUNT(agent_kinds) * COUNT(regions);
  uint64_t n   = n_datasets / 250;
  if (n < 5) {
    n = 5;
  }
  return (uint32_t)(n > max ? max : n);
}

/* Type declarations of the authority-table values the datasets use: the
 * shapes check their classes (sh:class eli:LegalResource,
 * dct:RightsStatement...), and a harvested catalogue states them as the EU
 * vocabularies do. */
static void
gen_vocabulary(gen_out* o)
{
  gen_puts(o,
           "<" EHDS_ELI "> a <http://data.europa.eu/eli/ontology#"
           "LegalResource> .\n"
           "<" NS_AUTH "language/FRA> a dct:LinguisticSystem .\n"
           "<" NS_AUTH "dataset-type/STATISTICAL> a "
           "<http://www.w3.org/2004/02/skos/core#Concept> ;\n"
           "    <http://www.w3.org/2004/02/skos/core#prefLabel> "
           "\"Statistical\"@en .\n");
  o->triples += 4;
  for (size_t k = 0; k < COUNT(access_rights); ++k) {
    gen_puts(o, "<" NS_AUTH "access-right/");
    gen_puts(o, access_rights[k]);
    gen_puts(o, "> a dct:RightsStatement .\n");
    o->triples++;
  }
  for (size_t k = 0; k < COUNT(file_types); ++k) {
    gen_puts(o, "<" NS_AUTH "file-type/");
    gen_puts(o, file_types[k]);
    gen_puts(o, "> a dct:MediaTypeOrExtent .\n");
    o->triples++;
  }
  for (size_t k = 0; k < COUNT(licences); ++k) {
    gen_puts(o, "<" NS_AUTH "licence/");
    gen_puts(o, licences[k]);
    gen_puts(o, "> a dct:LicenseDocument .\n");
    o->triples++;
  }
  gen_putc(o, '\n');
}

static void
gen_catalog(gen_out* o, uint64_t n_datasets, uint32_t n_publishers)
{
  gen_puts(o, prologue);
  gen_puts(o,
           "<" CAT_BASE "catalogue>\n"
           "    a dcat:Catalog ;\n"
           "    dct:title \"Catalogue national des données de santé\"@fr, "
           "\"National catalogue of health data\"@en ;\n"
           "    dct:description \"Catalogue des bases de données de santé "
           "disponibles pour la recherche, l'étude et l'évaluation.\"@fr, "
           "\"Catalogue of health databases available for research, study "
           "and evaluation.\"@en ;\n"
           "    dct:publisher <" CAT_BASE "agent/hdab0> ;\n"
           "    dct:language <" NS_AUTH "language/FRA> ;\n"
           "    dcatap:applicableLegislation <" EHDS_ELI "> ;\n"
           "    dcat:themeTaxonomy <" NS_AUTH "data-theme>");
  o->triples += 1 + 2 + 2 + 1 + 1 + 1 + 1;
  for (uint64_t i = 1; i <= n_datasets; ++i) {
    gen_puts(o, i == 1 ? " ;\n    dcat:dataset " : ",\n        ");
    gen_dataset_iri(o, i);
    o->triples++;
  }
  gen_puts(o, " .\n\n");

  for (size_t h = 0; h < COUNT(hdabs); ++h) {
    gen_agent(o,
              "hdab",
              h,
              hdabs[h].fr,
              hdabs[h].en,
              "national-authority",
              hdabs[h].email,
              hdabs[h].page);
  }
  for (uint32_t p = 0; p < n_publishers; ++p) {
    /* Walk regions first so the first publishers are spread over France. */
    const agent_def* a =
      &agent_kinds[(p / COUNT(regions)) % COUNT(agent_kinds)];
    const region_def* reg = &regions[p % COUNT(regions)];
    char              fr[160], en[160], email[64], page[96];
    fill_name(fr, sizeof fr, a->fr, reg->city);
    fill_name(en, sizeof en, a->en, reg->city);
    char num[24];
    fmt_u64(p, num);
    fill_name(email, sizeof email, "contact-p%s@sante.example", num);
    fill_name(page, sizeof page, "https://p%s.sante.example/", num);
    gen_agent(o, "p", p, fr, en, a->pubtype, email, page);
  }
  gen_vocabulary(o);
}

/* ------------------------------------------------------------------------ */
/* Public entry points                                                      */

uint64_t
hdc_bench_hash(uint64_t h, const void* ptr, size_t len)
{
  const unsigned char* p = (const unsigned char*)ptr;
  const uint64_t       k = UINT64_C(0x9fb21c651e98df25);
  while (len >= 8) {
    /* Little-endian assembly whatever the host: same digest everywhere. */
    uint64_t w = (uint64_t)p[0] | (uint64_t)p[1] << 8 | (uint64_t)p[2] << 16 |
                 (uint64_t)p[3] << 24 | (uint64_t)p[4] << 32 |
                 (uint64_t)p[5] << 40 | (uint64_t)p[6] << 48 |
                 (uint64_t)p[7] << 56;
    h = (h ^ w) * k;
    h ^= h >> 29;
    p += 8;
    len -= 8;
  }
  if (len > 0) {
    uint64_t w = (uint64_t)len << 56;
    for (size_t i = 0; i < len; ++i) {
      w |= (uint64_t)p[i] << (8 * i);
    }
    h = (h ^ w) * k;
    h ^= h >> 29;
  }
  return h;
}

size_t
hdc_bench_gen_dataset_iri(uint64_t i, char* out, size_t cap)
{
  static const char prefix[] = CAT_BASE "dataset/HDS-";
  char              d[24];
  size_t            nd  = fmt_u64(i, d);
  size_t            pad = nd < 7 ? 7 - nd : 0;
  size_t            len = sizeof prefix - 1 + pad + nd;
  if (cap == 0) {
    return len;
  }
  size_t n = 0;
  for (size_t k = 0; k < sizeof prefix - 1 && n + 1 < cap; ++k) {
    out[n++] = prefix[k];
  }
  for (size_t k = 0; k < pad && n + 1 < cap; ++k) {
    out[n++] = '0';
  }
  for (size_t k = 0; k < nd && n + 1 < cap; ++k) {
    out[n++] = d[k];
  }
  out[n] = '\0';
  return len;
}

hdc_status
hdc_bench_gen_write(const char*          path,
                    uint64_t             n_datasets,
                    uint64_t             seed,
                    hdc_bench_gen_stats* stats,
                    hdc_error*           err)
{
  hdc_status st = HDC_OK;
  gen_out    o  = { 0 };
  o.hash        = HDC_BENCH_HASH_INIT;
  if (path == NULL) {
    st = hdc_error_set(err,
                       HDC_ERR_INVALID_ARG,
                       NULL,
                       0,
                       0,
                       "no output path for the generated catalogue");
    goto done;
  }
  o.buf = hdc_malloc(GEN_BLOCK);
  if (o.buf == NULL) {
    st = hdc_error_set(
      err, HDC_ERR_NOMEM, path, 0, 0, "cannot allocate the output buffer");
    goto done;
  }
  o.f = fopen(path, "wb");
  if (o.f == NULL) {
    st = hdc_error_set(
      err, HDC_ERR_IO, path, 0, 0, "cannot create: %s", strerror(errno));
    goto done;
  }

  hdc_bench_rng r;
  hdc_bench_rng_init(&r, seed);
  uint32_t n_publishers = publisher_count(n_datasets);
  gen_catalog(&o, n_datasets, n_publishers);
  for (uint64_t i = 1; i <= n_datasets && !o.io_error; ++i) {
    gen_dataset(&o, &r, i, n_publishers);
  }
  gen_flush(&o);
  /* Fold the length in, so that a truncated file never digests alike. */
  o.hash = (o.hash ^ o.bytes) * UINT64_C(0x9fb21c651e98df25);
  if (o.io_error) {
    st = hdc_error_set(
      err, HDC_ERR_IO, path, 0, 0, "write failed: %s", strerror(errno));
    goto done;
  }

done:
  if (o.f != NULL) {
    if (fclose(o.f) != 0 && st == HDC_OK) {
      st = hdc_error_set(
        err, HDC_ERR_IO, path, 0, 0, "close failed: %s", strerror(errno));
    }
  }
  hdc_free(o.buf);
  if (stats != NULL) {
    stats->datasets       = st == HDC_OK ? n_datasets : 0;
    stats->triples        = o.triples;
    stats->record_triples = o.record_triples;
    stats->invalid        = o.invalid;
    stats->bytes          = o.bytes;
    stats->hash           = o.hash;
  }
  return st;
}
