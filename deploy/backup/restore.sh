#!/usr/bin/env bash
# Restore a dump into an EMPTY database, then rebuild every node's search index.
# Usage: deploy/backup/restore.sh DUMP_FILE [DATABASE_URL]
# Afterwards, on each node: systemctl stop jobportal-index; flask --app wsgi index rebuild;
# systemctl start jobportal-index (the feed ids continue from the restored sequence).
set -euo pipefail
dump=${1:?usage: restore.sh DUMP_FILE [DATABASE_URL]}
url=${2:-${JOBPORTAL_DATABASE_URL:?set JOBPORTAL_DATABASE_URL or pass the URL}}
pg_restore --no-owner --exit-on-error --single-transaction --dbname="$url" "$dump"
echo "restored $dump; now rebuild the search index on every node (see the header)."
