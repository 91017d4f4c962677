#!/usr/bin/env bash
# Nightly dump of the portal's database (the search index is derived: never backed up,
# each node rebuilds it). Keeps 14 dumps. Run as a user that may connect to the database.
# Usage: deploy/backup/backup.sh [DATABASE_URL] [TARGET_DIR]
set -euo pipefail
url=${1:-${JOBPORTAL_DATABASE_URL:?set JOBPORTAL_DATABASE_URL or pass the URL}}
target=${2:-/var/backups/jobportal}
mkdir -p "$target"
file="$target/jobportal-$(date -u +%Y%m%dT%H%M%SZ).dump"
pg_dump --format=custom --no-owner --file="$file.partial" "$url"
mv "$file.partial" "$file"
ls -1t "$target"/jobportal-*.dump | tail -n +15 | xargs -r rm --
echo "backup written: $file ($(du -h "$file" | cut -f1))"
