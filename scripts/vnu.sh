#!/usr/bin/env bash
# The Nu Html Checker over the main pages (issue 17): installs vnu-jar from npm into
# .venv/vnu (once; Java comes from Debian: `apt-get install default-jre-headless`), then
# runs tests/web/test_nu_html_checker.py, which renders the pages as their users see
# them and fails on any checker error.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV="${VENV:-.venv}"
VNU_VERSION="${VNU_VERSION:-26.9.27}"
JAR="$VENV/vnu/node_modules/vnu-jar/build/dist/vnu.jar"
command -v java >/dev/null || { echo "vnu: java is missing (apt-get install default-jre-headless)" >&2; exit 2; }
if [ ! -f "$JAR" ]; then
    npm install --silent --no-audit --no-fund --prefix "$VENV/vnu" "vnu-jar@$VNU_VERSION"
fi
VNU_JAR="$PWD/$JAR" exec "$VENV/bin/python" -m pytest tests/web/test_nu_html_checker.py \
    -q -p no:cacheprovider -s "$@"
