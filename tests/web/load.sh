#!/bin/sh
# SPDX-License-Identifier: EUPL-1.2
# Throughput of `hdcat serve` on the loopback, for the README's figures
# (not a test: nothing is asserted). Needs wrk and curl.
#   load.sh HDCAT DB [SECONDS] [CONNECTIONS]
# HDCAT should be a Release build; DB a catalogue such as the 100,000-record
# bench catalogue (hdcat import --no-validate of hdc-bench's generated
# Turtle). Prints, for each mix, wrk's requests/s and latency percentiles,
# then the time to walk the whole DCAT feed through its next links, then the server's peak RSS and
# the CPU time it used. Run it on an otherwise idle machine, or say it was
# not.
set -eu
HDCAT=$1
DB=$2
SECS=${3:-20}
CONNS=${4:-64}
work=$(mktemp -d -t hdcat-load.XXXXXX)
pid=
cleanup() {
  if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

"$HDCAT" serve --db "$DB" --listen 127.0.0.1:0 --quiet ${HDCAT_THREADS:+--threads $HDCAT_THREADS} \
  > "$work/serve.out" 2>&1 &
pid=$!
port=
for i in $(seq 1 300); do
  port=$(sed -n 's/.* on port \([0-9]*\) .*/\1/p' "$work/serve.out")
  [ -n "$port" ] && break
  sleep 0.1
done
[ -n "$port" ] || { cat "$work/serve.out"; exit 1; }
base="http://127.0.0.1:$port"
total=$(curl -s "$base/api/v1/search?limit=1&facets=false" | sed 's/^{"total": \([0-9]*\).*/\1/')
echo "catalogue: $total records; server pid $pid, port $port"

# A facet value to filter on, taken from the catalogue itself.
facet=$(curl -s "$base/api/v1/search?limit=1" \
  | sed -n 's/.*"access_rights": \[{"value": "\([^"]*\)".*/\1/p' | sed 's/:/%3A/g; s|/|%2F|g')

# The search mix (after tests/bench/bench_search.c): broad, narrow,
# phrases, facets, empty, prefix, sorted.
cat > "$work/search.lua" <<EOF
local q = {
  "q=sant%C3%A9", "q=donn%C3%A9es", "q=health", "q=data", "q=patients",
  "q=sant%C3%A9+OR+health", "q=donn%C3%A9es+-cancer",
  "q=%C3%A9pilepsie", "q=prostate+cancer", "q=G40",
  "q=registre+R%C3%A9union+enfant", "q=imagerie+%C3%A9pilepsie+adulte+Provence",
  "q=%22cancer+de+la+prostate%22", "q=%22medical+imaging%22",
  "q=%22donn%C3%A9es+de+sant%C3%A9%22", "q=%22sant%C3%A9+mentale%22+adolescents",
  "q=sant%C3%A9&access_rights=$facet", "q=&access_rights=$facet",
  "q=", "q=%C3%A9pil&prefix=true", "q=can&prefix=true",
  "q=sant%C3%A9&sort=title", "q=cancer&sort=modified"
}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", "/api/v1/search?" .. q[(i % #q) + 1])
end
EOF

# 800 distinct searches of one to three words of the bench catalogue's
# vocabulary (a fixed pseudo-random draw; a third sorted by title or date,
# some as type-ahead): more queries than the answer cache holds, so every
# request is computed (the words' match sets and frequencies are known
# after the first pass, as a catalogue's common words are).
cat > "$work/search-many.lua" <<'EOF'
local w = {
  "Activit%C3%A9", "Application", "Auvergne-Rh%C3%B4ne-Alpes", "Base",
  "Biobanque", "Bourgogne-Franche-Comt%C3%A9", "Bretagne", "Centre-Val",
  "Cohorte", "Corse", "Crohn", "Donn%C3%A9es", "Enqu%C3%AAte",
  "Entrep%C3%B4t", "Essai", "France", "Grand", "Guadeloupe", "Guyane",
  "Hauts-de-France", "Loire", "Lyme", "Martinique", "Mayotte", "Normandie",
  "Nouvelle-Aquitaine", "Occitanie", "Parkinson", "Pays", "Profils",
  "Programme", "Provence-Alpes-C%C3%B4te", "Registre", "R%C3%A9union",
  "Syst%C3%A8me", "accidents", "adulte", "anomalies", "art%C3%A9rielle",
  "associ%C3%A9es", "atriale", "bipolaires", "bronchopneumopathie",
  "bucco-dentaire", "cancer", "cardiaque", "chez", "chronique", "clinique",
  "colorectal", "cong%C3%A9nitales", "cutan%C3%A9", "c%C3%A9r%C3%A9braux",
  "d%27Alzheimer", "d%27Azur", "d%27EHPAD", "d%27exposition", "d%27imagerie",
  "diab%C3%A8te", "dispositifs", "donn%C3%A9es", "dr%C3%A9panocytose",
  "d%C3%A9pistage", "d%C3%A9pression", "enceinte", "enti%C3%A8re",
  "environnementale", "expos%C3%A9s", "femme", "femmes", "fibrillation",
  "fractures", "f%C3%A9mur", "grippe", "g%C3%A9nomiques",
  "g%C3%A9n%C3%A9rale", "hospitalis%C3%A9s", "hospitali%C3%A8re",
  "implantables", "infections", "jeune", "l%27adolescent", "l%27adulte",
  "l%27antibior%C3%A9sistance", "l%27asthme", "l%27autisme",
  "l%27endom%C3%A9triose", "l%27enfant", "l%27hypertension",
  "l%27h%C3%A9patite", "l%27infarctus", "l%27infection", "l%27insuffisance",
  "leuc%C3%A9mies", "maladie", "maladies", "mentale", "mucoviscidose",
  "myocarde", "m%C3%A9dicale", "m%C3%A9dico-administrative", "m%C3%A9lanome",
  "neuromusculaires", "nouveau-n%C3%A9", "obstructive", "patients",
  "personnes", "plaques", "plus", "polyarthrite", "population",
  "populationnel", "poumon", "prostate", "prot%C3%A9omiques",
  "pr%C3%A9maturit%C3%A9", "p%C3%A9rinatale", "rares", "rhumato%C3%AFde",
  "r%C3%A9nale", "r%C3%A9sidents", "saisonni%C3%A8re", "sant%C3%A9",
  "saturnisme", "schizophr%C3%A9nie", "scl%C3%A9rose", "sein", "soins",
  "spectre", "suivi", "surveillance", "tabagisme", "travailleurs",
  "troubles", "tuberculose", "type", "t%C3%A9l%C3%A9surveillance",
  "vasculaires", "%C3%89tude", "%C3%8Ele-de-France", "%C3%A2g%C3%A9es"
}
local q, seen, x = {}, {}, 12345
local function rnd(n) x = (x * 1103515245 + 12345) % 2147483648; return x % n end
while #q < 800 do
  local s = "q=" .. w[rnd(#w) + 1]
  for _ = 1, rnd(3) do s = s .. "+" .. w[rnd(#w) + 1] end
  local k = rnd(100)
  if k < 16 then s = s .. "&sort=title" elseif k < 34 then s = s .. "&sort=modified"
  elseif k < 44 then s = s .. "&prefix=true" end
  if not seen[s] then seen[s] = true; q[#q + 1] = s end
end
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", "/api/v1/search?" .. q[(i % #q) + 1])
end
EOF

# Dataset pages: a different record each time, in the given form, over the
# whole catalogue (a step prime to its size), so no cache decides the figure.
page_lua() {
  cat > "$work/page.lua" <<EOF
local n = $total
local i = 0
request = function()
  i = i + 7919
  return wrk.format("GET", string.format("$1", (i % n) + 1))
end
EOF
}

cpu() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
tick=$(getconf CLK_TCK)
# Besides wrk's figures, the server's own CPU time and the requests it
# answers per CPU-second: steadier than requests/s on a shared machine,
# where wrk and other work take cores from the server.
run() {
  name=$1
  shift
  c0=$(cpu)
  echo "== $name"
  wrk -t2 -c"$CONNS" -d"${SECS}s" --latency "$@" > "$work/wrk.out"
  c1=$(cpu)
  grep -E 'Requests/sec|Latency  |  50%|  90%|  99%|Non-2xx|Socket errors' \
    "$work/wrk.out"
  n=$(sed -n 's/^ *\([0-9]*\) requests in.*/\1/p' "$work/wrk.out")
  echo "   server CPU: $(( (c1 - c0) / tick )) s over ${SECS} s;" \
    "$(( ${n:-0} * tick / (c1 - c0 > 0 ? c1 - c0 : 1) )) requests per CPU-second"
}

# Warm up: every worker thread builds its search index on its first search
# and caches answers; measure the steady state (a server runs for days).
wrk -t2 -c"$CONNS" -d5s -s "$work/search.lua" "$base" > /dev/null
run "search mix" -s "$work/search.lua" "$base"
# The same mix where no two requests repeat (a changing offset), so every
# one is a real search: what the answer cache does not hide.
sed 's|return wrk.format("GET", "/api/v1/search?" .. q\[(i % #q) + 1\])|return wrk.format("GET", "/api/v1/search?" .. q[(i % #q) + 1] .. "\&offset=" .. (i % 4999))|' \
  "$work/search.lua" > "$work/search-nocache.lua"
run "search mix, every request distinct" -s "$work/search-nocache.lua" "$base"
wrk -t2 -c"$CONNS" -d10s -s "$work/search-many.lua" "$base" > /dev/null
run "search, 800 distinct queries" -s "$work/search-many.lua" "$base"
for form in "/dataset/%d.ttl" "/dataset/%d.jsonld" "/api/v1/datasets/%d" "/dataset/%d" \
  "/dataset/%d?lang=en"; do
  page_lua "$form"
  run "dataset $form" -s "$work/page.lua" "$base"
done
run "healthz (trivial)" "$base/healthz"

# The whole feed, page by page, as a harvester reads it: one connection,
# each request the previous page's hydra:next link. wrk's main thread
# sleeps for the whole -d, so the walk writes a file when it reaches the
# last page and the time is taken here.
for size in 100 1000; do
  rm -f "$work/feed.done"
  cat > "$work/feed.lua" <<EOF
local path = "/catalog.ttl?page_size=$size"
local pages, bytes = 0, 0
request = function()
  return wrk.format("GET", path)
end
response = function(status, headers, body)
  pages = pages + 1
  bytes = bytes + #body
  local nxt = body:match("<http://www.w3.org/ns/hydra/core#next> <([^>]*)>")
  if nxt then
    path = nxt:gsub("^https?://[^/]+", "")
  else
    local f = io.open("$work/feed.done", "w")
    f:write(string.format("%d pages, %d MB", pages, math.floor(bytes / 1048576)))
    f:close()
    wrk.thread:stop()
  end
end
EOF
  c0=$(cpu)
  t0=$(date +%s.%N)
  wrk -t1 -c1 -d600s -s "$work/feed.lua" "$base" > /dev/null &
  wpid=$!
  while [ ! -s "$work/feed.done" ] && kill -0 "$wpid" 2>/dev/null; do sleep 0.05; done
  t1=$(date +%s.%N)
  kill "$wpid" 2>/dev/null || true
  wait "$wpid" 2>/dev/null || true
  c1=$(cpu)
  echo "== feed walk, page_size=$size: $(cat "$work/feed.done") in $(echo "$t1 - $t0" | bc) s"
  echo "   server CPU: $(( (c1 - c0) / tick )) s"
done
echo "== server peak RSS: $(sed -n 's/VmHWM:[[:space:]]*//p' "/proc/$pid/status"), now $(sed -n 's/VmRSS:[[:space:]]*//p' "/proc/$pid/status")"
