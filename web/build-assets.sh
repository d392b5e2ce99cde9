#!/usr/bin/env bash
# SPDX-License-Identifier: EUPL-1.2
#
# Assemble the directory hdcat serves under /static/ (hdcat serve --assets
# DIR): the parts of the French state design system (@gouvfr/dsfr, from
# web/node_modules, installed with `npm ci` from the lockfile) that the
# pages use — the minified CSS and JS, the Marianne and Spectral fonts,
# the icons the CSS points at — and hdcat's own static files.
#
# usage: web/build-assets.sh DEST
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
dest="${1:?usage: build-assets.sh DEST}"
dist="$here/node_modules/@gouvfr/dsfr/dist"

if [[ ! -f "$dist/dsfr.min.css" ]]; then
  if command -v npm >/dev/null 2>&1; then
    (cd "$here" && npm ci --no-audit --no-fund --ignore-scripts >&2)
  fi
fi
if [[ ! -f "$dist/dsfr.min.css" ]]; then
  echo "build-assets.sh: $dist is missing: run 'npm ci' in web/" >&2
  exit 1
fi

mkdir -p "$dest/dsfr"
cp "$dist/dsfr.min.css" "$dist/dsfr.module.min.js" "$dist/dsfr.nomodule.min.js" \
   "$dest/dsfr/"
rm -rf "$dest/dsfr/fonts" "$dest/dsfr/icons"
mkdir -p "$dest/dsfr/fonts"
cp "$dist"/fonts/*.woff2 "$dist"/fonts/*.woff "$dest/dsfr/fonts/"
cp -R "$dist/icons" "$dest/dsfr/icons"
mkdir -p "$dest/dsfr/favicon"
cp "$dist/favicon/favicon.svg" "$dist/favicon/favicon.ico" \
   "$dist/favicon/apple-touch-icon.png" "$dest/dsfr/favicon/"
cp -R "$here/static/." "$dest/"
