#!/usr/bin/env bash
# System packages the full test run needs: Debian's Chromium (browser tests), the
# PostgreSQL server binaries (second suite run) and a font for rendering. As root they
# are installed with apt-get; otherwise this says loudly what is missing. Exits 0 when
# nothing is missing after it ran, 1 otherwise (the caller skips the affected stages).
set -uo pipefail
source "$(dirname "$0")/lib.sh"

missing=()
[[ -x $CHROMIUM ]] || missing+=(chromium)
pg_bindir >/dev/null || missing+=(postgresql)
[[ -e $DEJAVU_FONT ]] || missing+=(fonts-dejavu-core)
if [[ ${#missing[@]} == 0 ]]; then
    exit 0
fi

if ! is_root || ! command -v apt-get >/dev/null; then
    loud "Missing system packages: ${missing[*]}" \
        "Not running as root with apt-get, so not installing them:" \
        "the test stages that need them will be SKIPPED." \
        "Install them with: sudo apt-get install ${missing[*]}"
    exit 1
fi

echo ">>> installing system packages: ${missing[*]}"
if [[ " ${missing[*]} " == *" postgresql "* && ! -e /etc/postgresql-common/createcluster.conf ]]; then
    # The tests start their own throwaway cluster: don't create and start a system one.
    mkdir -p /etc/postgresql-common
    echo "create_main_cluster = false" >/etc/postgresql-common/createcluster.conf
fi
if ! apt_install "${missing[@]}"; then
    loud "apt-get install ${missing[*]} failed: the stages that need them will be SKIPPED."
    exit 1
fi
