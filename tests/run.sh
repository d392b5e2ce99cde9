#!/usr/bin/env bash
# SPDX-License-Identifier: EUPL-1.2
# Run every test: installs what is missing, builds with warnings as errors
# and AddressSanitizer + UndefinedBehaviorSanitizer, then runs ctest.
# Corpus and conformance tests use ../shared beside the checkout when it is
# there (they skip otherwise).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
bash "$top/tests/setup.sh"
# The front-end's npm packages (the DSFR assets, playwright-core for the
# browser tests), exactly as the lockfile pins them; from npm's cache when
# offline.
# In CI (CI set) a failure here fails the run instead of skipping tests.
if ! (cd "$top/web" && npm ci --no-audit --no-fund --ignore-scripts --prefer-offline); then
  echo "tests/run.sh: npm ci failed: the browser tests will be skipped" >&2
  [ -z "${CI:-}" ] || exit 1
fi
build="$top/build/test"
cmake -S "$top" -B "$build" -DCMAKE_BUILD_TYPE=Debug -DHDC_WERROR=ON -DHDC_SANITIZE=ON
cmake --build "$build" -j"$(nproc)"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
ctest --test-dir "$build" --output-on-failure -j"$(nproc)" "$@"
