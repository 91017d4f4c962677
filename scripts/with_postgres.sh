#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL cluster:
#
#     scripts/with_postgres.sh .venv/bin/pytest tests --ignore=tests/e2e
#
# initdb into a fresh directory under /tmp, start the server on 127.0.0.1 with a free
# port (its unix socket in the same directory), create the database jobportal_test,
# export JOBPORTAL_TEST_DATABASE_URL and run the command. The server is always stopped
# and the directory deleted afterwards. As root, the server runs as the `postgres` user
# (initdb refuses root), or as a dedicated system user when there is none.
# Exit status: the command's; 3 when no PostgreSQL server binaries are installed.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

if ! bindir=$(pg_bindir); then
    loud "No PostgreSQL server binaries (initdb, pg_ctl) found."
    exit 3
fi
if [[ $# == 0 ]]; then
    echo "usage: $0 COMMAND [ARGS...]" >&2
    exit 2
fi

dir=$(mktemp -d /tmp/jobportal-pg.XXXXXX)
as_pg() { "$@"; }
if is_root; then
    pg_user=postgres
    if ! id -u "$pg_user" >/dev/null 2>&1; then
        pg_user=jobportal-pg
        id -u "$pg_user" >/dev/null 2>&1 ||
            useradd --system --no-create-home --shell /usr/sbin/nologin "$pg_user"
    fi
    chown "$pg_user" "$dir"
    as_pg() { runuser -u "$pg_user" -- "$@"; }
fi

cleanup() {
    as_pg "$bindir/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
    rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

password=$(od -An -tx1 -N16 /dev/urandom | tr -d ' \n')
port=$(free_port)
printf '%s\n' "$password" >"$dir/pwfile"
if is_root; then chown "$pg_user" "$dir/pwfile"; fi

echo ">>> PostgreSQL ($bindir) in $dir on 127.0.0.1:$port"
as_pg "$bindir/initdb" --pgdata="$dir/data" --username=jobportal --pwfile="$dir/pwfile" \
    --auth=scram-sha-256 --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 || {
    cat "$dir/initdb.log" >&2
    loud "initdb failed"
    exit 1
}
rm -f "$dir/pwfile"
options="-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$dir"
options+=" -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
if ! as_pg "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -o "$options" -w -t 60 \
    start >/dev/null; then
    cat "$dir/server.log" >&2
    loud "pg_ctl start failed"
    exit 1
fi
PGPASSWORD=$password "$bindir/createdb" -h 127.0.0.1 -p "$port" -U jobportal jobportal_test

export JOBPORTAL_TEST_DATABASE_URL="postgresql+psycopg://jobportal:$password@127.0.0.1:$port/jobportal_test"
set +e
"$@"
status=$?
set -e
exit "$status"
