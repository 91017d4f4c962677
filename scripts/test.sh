#!/usr/bin/env bash
# `make test`: the whole suite in three stages, each timed:
#   sqlite      pytest tests --ignore=tests/e2e            (SQLite files)
#   postgresql  the same suite on a throwaway PostgreSQL cluster (scripts/with_postgres.sh)
#   e2e         pytest tests/e2e                           (Playwright + Debian Chromium)
# Missing system packages are installed first when running as root (scripts/system_deps.sh);
# otherwise the stages that need them are skipped, loudly. Under CI (CI=true) a skipped
# stage counts as a failure. Exits non-zero if any stage failed.
#
# Usage: scripts/test.sh [STAGE...]   (default: all three; PYTEST_ARGS adds pytest options,
#        e.g. make test PYTEST_ARGS="-x -k 'mail or factory'")
set -uo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

VENV=${VENV:-.venv}
stages=("$@")
[[ ${#stages[@]} == 0 ]] && stages=(sqlite postgresql e2e)
reports=$(mktemp -d /tmp/jobportal-test.XXXXXX)
trap 'rm -rf "$reports"' EXIT
summary=()
failed=0

# Extra pytest options, shell-quoted: PYTEST_ARGS="-x -k 'mail or factory'"
eval "extra=(${PYTEST_ARGS:-})"
# pytest with the project's options; each stage writes a JUnit report for the totals.
pytest_for() {
    PYTEST=("$VENV/bin/python" -m pytest -p no:cacheprovider --timeout=600
        --junitxml="$reports/$1.xml" --basetemp="$reports/$1.tmp" "${extra[@]}")
}

# stage NAME COMMAND...: run, time and record one stage.
stage() {
    local name=$1 start=$SECONDS rc result
    shift
    printf '\n======== stage %s ========\n' "$name"
    "$@"
    rc=$?
    case $rc in
        0) result=passed ;;
        5) result="FAILED (pytest collected no tests)"; loud "stage $name: no tests were collected" ;;
        *) result="FAILED (exit $rc)" ;;
    esac
    [[ $rc == 0 ]] || failed=1
    summary+=("$(printf '%-11s %-36s %5ds' "$name" "$result" $((SECONDS - start)))")
}

skip() {
    local name=$1 reason=$2
    loud "stage $name SKIPPED: $reason"
    if [[ ${CI:-} == true ]]; then
        failed=1
        summary+=("$(printf '%-11s %s' "$name" "FAILED (skipped under CI: $reason)")")
    else
        summary+=("$(printf '%-11s %s' "$name" "SKIPPED ($reason)")")
    fi
}

deps_start=$SECONDS
bash scripts/system_deps.sh
summary+=("$(printf '%-11s %-36s %5ds' "setup" "system packages checked" $((SECONDS - deps_start)))")

# stage_bg NAME COMMAND...: start a stage in the background (output to a log file);
# stage_wait NAME prints its log and records it. The SQLite and PostgreSQL stages run
# side by side, one per core: the run takes the longer of the two, not their sum.
stage_bg() {
    local name=$1
    shift
    printf '>>> stage %s started in the background\n' "$name"
    (
        start=$SECONDS
        "$@" >"$reports/$name.log" 2>&1
        echo "$? $((SECONDS - start))" >"$reports/$name.rc"
    ) &
}

stage_wait() {
    local name=$1 rc seconds result
    while [[ ! -f $reports/$name.rc ]]; do sleep 2; done
    read -r rc seconds <"$reports/$name.rc"
    printf '\n======== stage %s ========\n' "$name"
    cat "$reports/$name.log"
    case $rc in
        0) result=passed ;;
        5) result="FAILED (pytest collected no tests)"; loud "stage $name: no tests were collected" ;;
        *) result="FAILED (exit $rc)" ;;
    esac
    [[ $rc == 0 ]] || failed=1
    summary+=("$(printf '%-11s %-36s %5ds' "$name" "$result" "$seconds")")
}

background=()
for name in "${stages[@]}"; do
    case $name in
        sqlite)
            pytest_for sqlite
            stage_bg sqlite env -u JOBPORTAL_TEST_DATABASE_URL "${PYTEST[@]}" \
                tests --ignore=tests/e2e
            background+=(sqlite) ;;
        postgresql)
            if pg_bindir >/dev/null; then
                pytest_for postgresql
                stage_bg postgresql bash scripts/with_postgres.sh "${PYTEST[@]}" \
                    tests --ignore=tests/e2e
                background+=(postgresql)
            else
                skip postgresql "no PostgreSQL server binaries (initdb/pg_ctl)"
            fi ;;
        e2e)
            # The browser tests run alone, after the two suites (less timing noise).
            for bg in "${background[@]}"; do stage_wait "$bg"; done
            background=()
            if [[ -x $CHROMIUM ]]; then
                pytest_for e2e
                stage e2e env -u JOBPORTAL_TEST_DATABASE_URL "${PYTEST[@]}" tests/e2e
            else
                skip e2e "$CHROMIUM is missing"
            fi ;;
        *) echo "unknown stage: $name (sqlite, postgresql, e2e)" >&2; exit 2 ;;
    esac
done
for name in "${background[@]}"; do
    stage_wait "$name"
done
wait

printf '\n======== summary ========\n'
printf '%s\n' "${summary[@]}"
"$VENV/bin/python" - "$reports" <<'PY'
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
for report in Path(sys.argv[1]).glob("*.xml"):
    for suite in ET.parse(report).getroot().iter("testsuite"):
        for key in totals:
            totals[key] += int(suite.get(key, 0))
bad = totals["failures"] + totals["errors"]
passed = totals["tests"] - bad - totals["skipped"]
print(f"tests: {passed} passed, {bad} failed, {totals['skipped']} skipped")
PY
if [[ $failed != 0 ]]; then
    echo "make test: FAILED"
    exit 1
fi
echo "make test: all stages passed"
