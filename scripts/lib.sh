# Helpers shared by the shell scripts (sourced, not run).

CHROMIUM=/usr/bin/chromium
DEJAVU_FONT=/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf

is_root() { [[ $(id -u) == 0 ]]; }

# Print a message that stands out in a long log.
loud() {
    printf '\n!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n' >&2
    printf '!!! %s\n' "$@" >&2
    printf '!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n\n' >&2
}

# Print the directory holding initdb and pg_ctl (newest PostgreSQL first); fail if none.
pg_bindir() {
    local dir
    for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
        if [[ -x $dir/initdb && -x $dir/pg_ctl ]]; then
            echo "$dir"
            return 0
        fi
    done
    if command -v initdb >/dev/null && command -v pg_ctl >/dev/null; then
        dirname "$(command -v initdb)"
        return 0
    fi
    return 1
}

# apt-get install as root without questions; `apt-get update` once per script run.
apt_install() {
    export DEBIAN_FRONTEND=noninteractive
    if [[ -z ${_APT_UPDATED:-} ]]; then
        apt-get update -q || return 1
        _APT_UPDATED=1
    fi
    apt-get install -y -q "$@"
}

# Print a TCP port on 127.0.0.1 that is free right now.
free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
