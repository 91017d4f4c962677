#!/usr/bin/env bash
# The lock is real: what the venv has installed is exactly requirements.lock (names and
# versions), and every requirement of the package (pyproject.toml) is satisfied by it.
# Usage: scripts/check_lock.sh PYTHON   (make install and make lint call it)
set -euo pipefail
cd "$(dirname "$0")/.."
python=${1:-.venv/bin/python}

normalise() { tr 'A-Z_.' 'a-z--' | sort; }
locked=$(grep -E '^[A-Za-z0-9]' requirements.lock | sed 's/ .*//' | normalise)
installed=$("$python" -m pip freeze --all --exclude-editable | grep -E "^[A-Za-z0-9]" | grep -viE "^(pip|setuptools)==" | normalise)
if [[ $locked != "$installed" ]]; then
    echo "requirements.lock does not match the installed packages (< lock, > installed):"
    diff <(echo "$locked") <(echo "$installed") | grep '^[<>]' || true
    echo "Run 'make lock' after changing pyproject.toml, then 'make install'."
    exit 1
fi
if ! "$python" -m pip check >/dev/null; then
    "$python" -m pip check
    echo "The locked packages do not satisfy pyproject.toml: run 'make lock'."
    exit 1
fi
echo "requirements.lock matches the installed packages ($(echo "$locked" | wc -l) pins)"
