#!/usr/bin/env python3
# SPDX-License-Identifier: EUPL-1.2
"""Record what an independent SHACL engine (Apache Jena's shacl command)
reports on the real catalogue files, so that shacl_real can check that hdcat
agrees with it focus node by focus node and constraint by constraint.

For every fixture that rapper can parse, the script validates the fixture
plus the shipped vocabularies against the HealthDCAT-AP Release 8 PUBLIC
shape set (the files hdcat's profile loads, owl:imports resolved locally) and
writes one line per result whose focus node is a subject of the fixture:

    focus <TAB> path <TAB> value <TAB> sourceShape <TAB> component <TAB> severity

Both sides parse with the base http://hdcat.invalid/doc/. Terms are in
N-Triples syntax with IRIs and literals unescaped to UTF-8 (only \\, ",
newline, carriage return and tab escaped); every blank node is written "_:"
since labels differ between engines. Jena refuses the one property shape
without sh:path, so the script gives Jena the same constraint as a node
shape targeting dcat:Dataset, which is how hdcat reads it.

Usage: jena_compare.py SCHEMAS_DIR FIXTURES_DIR OUT_DIR JENA_CLASSPATH [NAME...]
Needs: rapper (raptor2-utils), java, Apache Jena 4 with jena-shacl.
"""
import os
import re
import subprocess
import sys
import tempfile

SH = "http://www.w3.org/ns/shacl#"
RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
DATASET = "<http://www.w3.org/ns/dcat#Dataset>"

HD = "healthdcat-ap/release-8/validator/"
AP = "dcat-ap-3/3.0.0/html-shacl/"
SHAPES = [HD + "shapes/graph-guard.ttl", HD + "imports/mdr_imports.ttl",
          HD + "imports/imports.ttl", HD + "ranges/range.ttl",
          HD + "shapes/public-shapes.ttl",
          HD + "recommended/public-shapes_recommended.ttl",
          AP + "deprecateduris.ttl",
          HD + "controlled-vocabularies/mdr-vocabularies.shape.ttl",
          AP + "shapes.ttl", AP + "range.ttl", AP + "shapes_recommended.ttl"]
VOCABS = ["vocabularies/eu-nal-2016-2017/data-theme-skos-ap-act.rdf",
          "vocabularies/eu-nal-2016-2017/frequencies-skos-ap-act.rdf",
          "vocabularies/eu-nal-2016-2017/filetypes-skos-ap-act.rdf",
          "vocabularies/eu-nal-2016-2017/continents-skos-ap-act.rdf",
          "vocabularies/eu-nal-2016-2017/ADMS_SKOS_v1.00.rdf",
          "vocabularies/healthdcat-ap-r8/healthcategories.rdf",
          "vocabularies/healthdcat-ap-r8/publisher-type.en-extract.ttl"]
SYNTAX = {".ttl": "turtle", ".rdf": "rdfxml", ".nt": "ntriples",
          ".trig": "trig", ".xml": "rdfxml"}

TERM = r'(<[^>]*>|_:[A-Za-z0-9_.-]+|"(?:[^"\\]|\\.)*"(?:@[A-Za-z0-9-]+|\^\^<[^>]*>)?)'
LINE = re.compile(r'^\s*' + TERM + r'\s+' + TERM + r'\s+' + TERM + r'\s*\.\s*$')


def unescape(s):
    out, i = [], 0
    while i < len(s):
        c = s[i]
        if c == "\\" and i + 1 < len(s):
            e = s[i + 1]
            if e == "u":
                out.append(chr(int(s[i + 2:i + 6], 16)))
                i += 6
                continue
            if e == "U":
                out.append(chr(int(s[i + 2:i + 10], 16)))
                i += 10
                continue
            out.append({"n": "\n", "r": "\r", "t": "\t", '"': '"',
                        "\\": "\\"}.get(e, e))
            i += 2
            continue
        out.append(c)
        i += 1
    return "".join(out)


def canon(term):
    """The comparison form of an N-Triples term."""
    if term.startswith("_:"):
        return "_:"
    if term.startswith("<"):
        return "<" + unescape(term[1:-1]) + ">"
    if term.startswith('"'):
        end = term.rfind('"')
        lex = unescape(term[1:end])
        lex = (lex.replace("\\", "\\\\").replace('"', '\\"')
               .replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t"))
        suffix = term[end + 1:]
        if suffix == "^^<http://www.w3.org/2001/XMLSchema#string>":
            suffix = ""
        return '"' + lex + '"' + suffix
    return term


# The base both engines' parsers resolve relative IRIs against (shacl_real
# uses the same one).
BASE = "http://hdcat.invalid/doc/"


# hdcat parses the shipped shapes without a base, that is against this one.
SHAPES_BASE = "urn:hdcat:doc/"
# The sentinel focus node of the HealthDCAT-AP graph guard.
GUARD = "<urn:x-shacl:guard>"


def to_nt(path, syntax, label, base=BASE):
    res = subprocess.run(["rapper", "-q", "-i", syntax, "-o", "ntriples", path,
                          base], capture_output=True, text=True, errors="replace")
    if res.returncode != 0:
        return None
    # rapper labels blank nodes per file: keep them apart across files.
    return re.sub(r"_:([A-Za-z0-9]+)", r"_:" + label + r"\1", res.stdout)


def triples(nt):
    for line in nt.splitlines():
        m = LINE.match(line)
        if m:
            yield m.group(1), m.group(2), m.group(3)


def shapes_for_jena(schemas):
    nt = "".join(to_nt(os.path.join(schemas, f), "turtle", "s%d" % i,
                       SHAPES_BASE) for i, f in enumerate(SHAPES))
    ts = list(triples(nt))
    with_path = {s for s, p, o in ts if p == "<" + SH + "path>"}
    out = []
    for s, p, o in ts:
        if p == "<" + SH + "property>" and o not in with_path:
            out.append("%s <%stargetClass> %s ." % (o, SH, DATASET))
        else:
            out.append("%s %s %s ." % (s, p, o))
    return "\n".join(out) + "\n"


def results(report_nt, subjects):
    by_node = {}
    for s, p, o in triples(report_nt):
        by_node.setdefault(s, []).append((p, o))
    lines = []
    for node, props in by_node.items():
        d = {}
        for p, o in props:
            d.setdefault(p, o)
        if d.get(RDF_TYPE) != "<" + SH + "ValidationResult>":
            continue
        focus = d.get("<" + SH + "focusNode>")
        # Jena relabels blank nodes, so a blank focus cannot be traced to the
        # data; the vocabularies have no blank node that a shape targets.
        if (focus not in subjects and not focus.startswith("_:")
                and focus != GUARD):
            continue
        comp = d.get("<" + SH + "sourceConstraintComponent>", "")
        if comp.startswith("<" + SH):
            comp = "sh:" + comp[len(SH) + 1:-1]
        lines.append("\t".join([
            canon(focus), canon(d.get("<" + SH + "resultPath>", "-")),
            canon(d.get("<" + SH + "value>", "-")),
            canon(d.get("<" + SH + "sourceShape>", "-")), comp,
            canon(d.get("<" + SH + "resultSeverity>", "-"))]))
    return sorted(lines)


def main():
    if len(sys.argv) < 5:
        print(__doc__, file=sys.stderr)
        return 2
    schemas, fixtures, out_dir, cp = sys.argv[1:5]
    only = set(sys.argv[5:])
    os.makedirs(out_dir, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        shapes = os.path.join(tmp, "shapes.nt")
        with open(shapes, "w") as f:
            f.write(shapes_for_jena(schemas))
        vocab = "".join(to_nt(os.path.join(schemas, v),
                              "turtle" if v.endswith(".ttl") else "rdfxml",
                              "v%d" % i) for i, v in enumerate(VOCABS))
        for name in sorted(os.listdir(fixtures)):
            syntax = SYNTAX.get(os.path.splitext(name)[1])
            if not syntax or (only and name not in only):
                continue
            data = to_nt(os.path.join(fixtures, name), syntax, "d")
            if not data or not data.strip():
                print("skip %s (rapper cannot parse it)" % name)
                continue
            subjects = {s for s, p, o in triples(data)}
            data_file = os.path.join(tmp, "data.nt")
            with open(data_file, "w") as f:
                f.write(data + vocab)
            res = subprocess.run(["java", "-cp", cp, "shacl.shacl", "validate",
                                  "--shapes", shapes, "--data", data_file],
                                 capture_output=True, text=True, errors="replace")
            if res.returncode not in (0, 1):
                print("skip %s (jena failed: %s)" % (name, res.stderr[:200]))
                continue
            report_ttl = os.path.join(tmp, "report.ttl")
            with open(report_ttl, "w") as f:
                f.write(res.stdout)
            report = to_nt(report_ttl, "turtle", "r") or ""
            lines = results(report, subjects)
            with open(os.path.join(out_dir, name + ".tsv"), "w") as f:
                f.write("".join(l + "\n" for l in lines))
            print("%s: %d results" % (name, len(lines)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
