#!/usr/bin/env bash
# SPDX-License-Identifier: EUPL-1.2
# Install what hdcat needs to build and test on Debian 12, if it is missing.
# Safe to run again: it only calls apt-get when a package is absent.
set -euo pipefail

pkgs=(build-essential cmake pkg-config
      libraptor2-dev raptor2-utils libxml2-dev libjansson-dev
      libsqlite3-dev libcurl4-gnutls-dev libmicrohttpd-dev libstemmer-dev
      libcmocka-dev nettle-dev zlib1g-dev libzstd-dev sqlite3
      chromium)
# The browser tests drive Chromium with playwright-core, and the web
# front-end's assets come from npm: any node/npm will do (Debian's, or a
# newer one already installed, which Debian's npm package would conflict
# with).
if ! command -v npm >/dev/null 2>&1; then
  pkgs+=(nodejs npm)
fi

missing=()
for p in "${pkgs[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if ((${#missing[@]})); then
  sudo=""
  [ "$(id -u)" = 0 ] || sudo=sudo
  echo "Installing: ${missing[*]}"
  $sudo apt-get update
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends "${missing[@]}"
fi
