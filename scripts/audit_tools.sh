#!/usr/bin/env bash
# Install the scanners of `make audit` into their own venv (default .venv-audit):
# sqlmap, wapiti3, schemathesis, bandit, pip-audit (pinned). Falls back to Debian's
# sqlmap / wapiti packages (as root) if pip cannot install them. Idempotent (a stamp).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

venv=${1:-.venv-audit}
stamp=$venv/.audit-tools-2
# The newest versions that install together on Python 3.11 (wapiti3 pins its HTTP stack);
# schemathesis 3.39 breaks with newer hypothesis ("'many' object has no attribute 'more'").
TOOLS=(sqlmap==1.10.10 wapiti3==3.2.3 schemathesis==3.39.16 hypothesis==6.122.3 bandit==1.9.4
    pip-audit==2.10.1)

[[ -f $stamp ]] && exit 0
[[ -x $venv/bin/python ]] || bash scripts/ensure_venv.sh "$venv"
"$venv/bin/python" -m pip install -q --upgrade pip
if ! "$venv/bin/python" -m pip install -q "${TOOLS[@]}"; then
    loud "pip could not install every scanner; trying them one by one and Debian's packages"
    for tool in "${TOOLS[@]}"; do
        "$venv/bin/python" -m pip install -q "$tool" || true
    done
    if is_root; then
        [[ -x $venv/bin/sqlmap ]] || apt_install sqlmap
        [[ -x $venv/bin/wapiti ]] || apt_install wapiti
    fi
fi
touch "$stamp"
