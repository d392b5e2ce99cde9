# SPDX-License-Identifier: EUPL-1.2
# Write N synthetic dataset descriptions (Turtle) to standard output:
# gen_catalogue N PREFIX. Sourced by the store system tests.
gen_catalogue() {
  awk -v n="$1" -v p="$2" 'BEGIN {
    print "@prefix dcat: <http://www.w3.org/ns/dcat#> ."
    print "@prefix dct: <http://purl.org/dc/terms/> ."
    for (i = 0; i < n; i++) {
      printf "<https://catalogue.example/%s/%d> a dcat:Dataset ;\n", p, i
      printf "  dct:title \"%s registre numéro %d\"@fr, \"%s registry number %d\"@en ;\n", p, i, p, i
      printf "  dct:description \"Séjours hospitaliers et consommation de soins, lot %d.\"@fr ;\n", i
      printf "  dcat:keyword \"%s\" .\n", p
    }
  }'
}
