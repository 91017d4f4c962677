#!/usr/bin/env bash
# `make audit`: independent security scanners against a throwaway copy of the app.
#
# Starts the app with demo data (gunicorn, HTTPS with a throwaway self-signed certificate,
# production-like HTTPS_ONLY, DATA_DIR under /tmp) on 127.0.0.1 and a free port, served
# from scripts/audit_app.py: the portal plus the positive control, a deliberately
# injectable route that exists only there, never in the jobportal package. Then runs,
# each bounded in time:
#   sqlmap      positive control (must be found), search page + API (level 3, risk 2),
#               login and vacancy forms (level 3, risk 3, fresh CSRF token per request)
#   wapiti      sql xss permanentxss exec file crlf redirect csrf http_headers cookieflags
#               csp methods (--max-scan-time)
#   schemathesis against docs/openapi.yaml
#   bandit      on jobportal/ (severity medium and up)
#   pip-audit   --strict on requirements.lock
# Writes audit-report/ (summary.txt + raw reports), prints the summary and exits non-zero
# on any finding, or if sqlmap did NOT find the positive control (blind scanners).
# The tools live in .venv-audit (created here; never needed by `make test` or CI).
#
# Usage: scripts/audit.sh   (AUDIT_BUDGET=seconds per scanner step, default 120)
set -uo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

VENV=${VENV:-.venv}
AUDIT_VENV=${AUDIT_VENV:-.venv-audit}
BUDGET=${AUDIT_BUDGET:-120}
REPORT=audit-report
start_all=$SECONDS

bash scripts/audit_tools.sh "$AUDIT_VENV" || { loud "could not install the audit tools"; exit 2; }
rm -rf "$REPORT" && mkdir -p "$REPORT"
[[ -f requirements.lock ]] || "$VENV/bin/pip" freeze --exclude-editable > requirements.lock

workdir=$(mktemp -d /tmp/jobportal-audit.XXXXXX)
port=$(free_port)
base="https://127.0.0.1:$port"
export JOBPORTAL_ENV=development JOBPORTAL_DATA_DIR="$workdir/data"
export JOBPORTAL_SECRET_KEY=$(python3 -c 'import secrets; print(secrets.token_hex(32))')
export JOBPORTAL_SITE_URL=$base JOBPORTAL_HTTPS_ONLY=1
# Scanners send thousands of requests from one IP: lift the throttles so they reach the code.
export JOBPORTAL_LOGIN_FAILURES_PER_IP=1000000 JOBPORTAL_LOGIN_FAILURES_PER_ACCOUNT=1000000
export JOBPORTAL_LOGIN_FREE_FAILURES_PER_PAIR=1000000
export JOBPORTAL_REGISTRATIONS_PER_IP_PER_HOUR=1000000
export JOBPORTAL_SESSION_IDLE_TIMEOUT=86400

server_pid=""
cleanup() {
    [[ -n $server_pid ]] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
    rm -rf "$workdir"
}
trap cleanup EXIT

openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1 \
    -keyout "$workdir/key.pem" -out "$workdir/cert.pem" 2>/dev/null
"$VENV/bin/python" - <<'EOF'
from jobportal import create_app
from jobportal.core.extensions import db

app = create_app()
with app.app_context():
    db.create_all()
EOF
"$VENV/bin/flask" --app wsgi demo > "$REPORT/demo.log" 2>&1 || { loud "demo data failed"; exit 2; }
"$VENV/bin/gunicorn" -w 2 -b "127.0.0.1:$port" --certfile "$workdir/cert.pem" \
    --keyfile "$workdir/key.pem" --access-logfile "$REPORT/access.log" \
    --error-logfile "$REPORT/server.log" --pythonpath scripts 'audit_app:create_audit_app()' &
server_pid=$!
for _ in $(seq 50); do
    curl -ks -o /dev/null "$base/" && break
    sleep 0.2
done

export AUDIT_BASE=$base AUDIT_REPORT=$REPORT AUDIT_BUDGET=$BUDGET AUDIT_VENV VENV
bash scripts/audit_scans.sh
rc=$?
echo "total time: $((SECONDS - start_all)) s" | tee -a "$REPORT/summary.txt"
exit $rc
