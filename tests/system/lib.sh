# SPDX-License-Identifier: EUPL-1.2
# Shared functions for the system test scripts (sourced, not run): running a
# command under a time limit with its exit code and output captured, and
# the checks every case repeats (no crash, no sanitizer report, an error
# message that names the input). Needs bash, coreutils, grep, sed and awk.

# shellcheck disable=SC2034  # variables used by the scripts that source this
# Exit codes of the test scripts themselves (ctest: SKIP_RETURN_CODE 77).
T_PASS=0
T_FAIL=1
T_SKIP=77

# Seconds any single command may take; a hostile input must be refused
# well within it, even in a sanitizer build.
: "${HDC_TEST_TIMEOUT:=60}"

t_failures=0

t_say() { printf '%s\n' "$*"; }
t_fail() {
  printf 'FAIL: %s\n' "$*"
  t_failures=$((t_failures + 1))
}
t_ok() { printf 'ok:   %s\n' "$*"; }

# Work directory of the current test (from ctest's HDC_TEST_WORK, else a
# fresh temporary one), emptied first so a rerun sees no stale output.
t_workdir() {
  if [ -n "${HDC_TEST_WORK:-}" ]; then
    T_WORK=$HDC_TEST_WORK
    rm -rf "$T_WORK"
    mkdir -p "$T_WORK"
  else
    T_WORK=$(mktemp -d -t hdc-system.XXXXXX)
    trap 'rm -rf "$T_WORK"' EXIT
  fi
}

# t_run NAME [ENV=VALUE...] -- CMD ARGS...
# Runs CMD with a time limit; stdout goes to $T_WORK/NAME.out, stderr to
# $T_WORK/NAME.err; sets T_RC (124 on timeout), T_OUT, T_ERR (paths) and
# T_SECS (wall time, whole seconds).
t_run() {
  local name=$1
  shift
  local envs=()
  while [ $# -gt 0 ] && [ "$1" != "--" ]; do
    envs+=("$1")
    shift
  done
  [ "${1:-}" = "--" ] && shift
  T_OUT="$T_WORK/$name.out"
  T_ERR="$T_WORK/$name.err"
  local start=$SECONDS
  if [ ${#envs[@]} -gt 0 ]; then
    env "${envs[@]}" timeout -k 5 "$HDC_TEST_TIMEOUT" "$@" \
      >"$T_OUT" 2>"$T_ERR" </dev/null
  else
    timeout -k 5 "$HDC_TEST_TIMEOUT" "$@" >"$T_OUT" 2>"$T_ERR" </dev/null
  fi
  T_RC=$?
  T_SECS=$((SECONDS - start))
}

# As t_run, with standard input from the file $2 (after the name).
t_run_stdin() {
  local name=$1 input=$2
  shift 2
  [ "${1:-}" = "--" ] && shift
  T_OUT="$T_WORK/$name.out"
  T_ERR="$T_WORK/$name.err"
  local start=$SECONDS
  timeout -k 5 "$HDC_TEST_TIMEOUT" "$@" >"$T_OUT" 2>"$T_ERR" <"$input"
  T_RC=$?
  T_SECS=$((SECONDS - start))
}

# Show the head of the last command's stderr (for failure reports).
t_show_err() {
  if [ -s "$T_ERR" ]; then
    printf '  stderr: '
    head -c 1500 "$T_ERR" | head -n 12 | sed '2,$s/^/          /'
  fi
}

# Describe an abnormal exit: timeout, signal, sanitizer.
t_explain_rc() {
  case $1 in
    124 | 137) printf 'timed out after %ss' "$HDC_TEST_TIMEOUT" ;;
    86) printf 'AddressSanitizer/LeakSanitizer report (exit 86)' ;;
    87) printf 'UndefinedBehaviorSanitizer report (exit 87)' ;;
    *)
      if [ "$1" -gt 128 ]; then
        printf 'killed by signal %d' $(($1 - 128))
      else
        printf 'exit %d' "$1"
      fi
      ;;
  esac
}

# True if the last stderr holds a sanitizer or crash report, whatever the
# exit code was.
t_sanitizer_report() {
  grep -qE 'ERROR: (Address|Leak)Sanitizer|runtime error:|SUMMARY: .*Sanitizer' \
    "$T_ERR" 2>/dev/null
}

# t_expect_rc WHAT EXPECTED... : the last command exited with one of the
# expected codes and left no sanitizer report.
t_expect_rc() {
  local what=$1
  shift
  local want
  if t_sanitizer_report; then
    t_fail "$what: sanitizer report ($(t_explain_rc "$T_RC"))"
    t_show_err
    return 1
  fi
  for want in "$@"; do
    if [ "$T_RC" -eq "$want" ]; then
      return 0
    fi
  done
  t_fail "$what: expected exit $*, got $(t_explain_rc "$T_RC")"
  t_show_err
  return 1
}

# t_expect_error_names WHAT NAME : stderr has an `hdcat: ...: error: ...`
# line that names NAME (a path or file name).
t_expect_error_names() {
  local what=$1 name=$2
  if ! grep -F -- "$name" "$T_ERR" | grep -q 'error'; then
    t_fail "$what: no error message naming '$name'"
    t_show_err
    return 1
  fi
  if ! grep -q '^hdcat: ' "$T_ERR"; then
    t_fail "$what: error message does not start with 'hdcat: '"
    t_show_err
    return 1
  fi
  return 0
}

# t_expect_error_line WHAT NAME : the error names NAME followed by a line
# number (`NAME:LINE:` or `NAME:LINE:COL:`).
t_expect_error_line() {
  local what=$1 name=$2
  if ! grep -F -- "$name:" "$T_ERR" | grep -qE -- ":[0-9]+:"; then
    t_fail "$what: error message gives no line number after '$name'"
    t_show_err
    return 1
  fi
  return 0
}

# Input format of a file by its extension, in the CLI's names.
t_format_of() {
  case $1 in
    *.ttl) echo turtle ;;
    *.rdf | *.xml | *.owl) echo rdfxml ;;
    *.nt) echo ntriples ;;
    *.nq) echo nquads ;;
    *.trig) echo trig ;;
    *.jsonld | *.json) echo jsonld ;;
    *) echo unknown ;;
  esac
}

# Output file extension for a CLI format name.
t_ext_of() {
  case $1 in
    turtle) echo ttl ;;
    rdfxml) echo rdf ;;
    ntriples) echo nt ;;
    jsonld) echo jsonld ;;
    *) echo out ;;
  esac
}

# Finish: exit with the verdict. A passing test's outputs are removed (some
# are tens of megabytes); a failing test's stay in $T_WORK for inspection,
# as do all of them with HDC_TEST_KEEP=1.
t_finish() {
  if [ "$t_failures" -gt 0 ]; then
    t_say "$t_failures check(s) failed; outputs kept in $T_WORK"
    exit $T_FAIL
  fi
  if [ -z "${HDC_TEST_KEEP:-}" ] && [ -n "${T_WORK:-}" ]; then
    rm -rf "$T_WORK"
  fi
  exit $T_PASS
}
