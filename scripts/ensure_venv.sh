#!/usr/bin/env bash
# Create the virtual environment (default .venv). If Python's venv module is missing
# (Debian without python3-venv) and we are root, install it with apt-get first.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

venv=${1:-.venv}
python=${PYTHON:-python3}

if "$python" -m venv "$venv"; then
    exit 0
fi
rm -rf "$venv"
if is_root && command -v apt-get >/dev/null; then
    loud "'$python -m venv' failed: installing Debian's python3-venv"
    apt_install python3-venv
    exec "$python" -m venv "$venv"
fi
loud "'$python -m venv' failed and I cannot install python3-venv (not root or no apt-get)." \
    "Install it (apt-get install python3-venv) and run make again."
exit 1
