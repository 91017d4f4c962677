#!/usr/bin/env bash
# The scanner steps of `make audit` (run by scripts/audit.sh against $AUDIT_BASE).
# Each step is bounded by `timeout`; requests are counted in the server's access log.
set -uo pipefail
cd "$(dirname "$0")/.."

base=$AUDIT_BASE
report=$AUDIT_REPORT
budget=$AUDIT_BUDGET
tools=$AUDIT_VENV/bin
summary=$report/summary.txt
findings_total=0
control_found=0

tool() { # tool NAME: the scanner from the audit venv, else from PATH
    if [[ -x $tools/$1 ]]; then echo "$tools/$1"; else command -v "$1"; fi
}
requests_so_far() { wc -l < "$report/access.log" 2>/dev/null || echo 0; }

# record NAME FINDINGS SECONDS REQUESTS-BEFORE NOTE
record() {
    local requests=$(( $(requests_so_far) - $4 ))
    printf '%-28s findings=%-3s requests=%-6s time=%ss %s\n' "$1" "$2" "$requests" "$3" "$5" \
        | tee -a "$summary"
    findings_total=$((findings_total + $2))
}

# sqlmap_step NAME ARGS...: bounded sqlmap run; findings = injection points identified.
sqlmap_step() {
    local name=$1 before t0=$SECONDS found
    shift
    before=$(requests_so_far)
    timeout $((budget + 30)) "$(tool sqlmap)" --batch --flush-session --disable-coloring \
        --time-limit="$budget" --output-dir="$report/sqlmap" "$@" \
        > "$report/sqlmap-$name.txt" 2>&1
    found=$(grep -c "^Parameter: " "$report/sqlmap-$name.txt")
    echo "$found|$((SECONDS - t0))|$before"
}

role_cookie() { # role_cookie ROLE: log in as the first demo account of ROLE; print "name=value; ..."
    "$VENV/bin/python" - "$base" "$1" <<'PY'
import re, sys, warnings
import requests
from jobportal import create_app
from jobportal.demo import demo_logins

warnings.filterwarnings("ignore")
base, wanted = sys.argv[1], sys.argv[2]
with create_app().app_context():
    email, password = next((e, p) for role, e, p in demo_logins() if role == wanted)
s = requests.Session()
s.trust_env = False  # REQUESTS_CA_BUNDLE would override verify=False
s.verify = False
page = s.get(f"{base}/anmelden", timeout=10).text
token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
answer = s.post(
    f"{base}/anmelden",
    data={"csrf_token": token, "email": email, "password": password},
    headers={"Referer": f"{base}/anmelden"},  # the CSRF check over https wants a same-origin referrer
    timeout=10,
    allow_redirects=False,
)
if answer.status_code != 302 or "/anmelden" in answer.headers.get("Location", "/anmelden"):
    sys.exit(f"login as {wanted} failed: {answer.status_code}")
print("; ".join(f"{k}={v}" for k, v in s.cookies.items()))
PY
}
employer_cookie() { role_cookie employer; }

: > "$summary"
echo "audit of $base, budget ${budget}s per scanner step" | tee -a "$summary"

# 1. positive control: must be found, else the scanners are blind.
IFS='|' read -r n t b < <(sqlmap_step control --level=1 --risk=1 --threads=2 \
    -u "$base/audit-positivkontrolle/firmen?id=1")
[[ $n -gt 0 ]] && control_found=1
printf '%-28s found=%-6s requests=%-6s time=%ss (expected: deliberately injectable)\n' \
    "sqlmap positive control" "$([[ $control_found == 1 ]] && echo yes || echo NO)" \
    "$(( $(requests_so_far) - b ))" "$t" | tee -a "$summary"

# 2. search page and API (level 3, risk 2).
IFS='|' read -r n t b < <(sqlmap_step search --level=3 --risk=2 --threads=2 -p "q,where,radius_km,sort,page" \
    -u "$base/jobs?q=Elektriker&where=Kamenz&radius_km=25&sort=date&page=1")
record "sqlmap search page" "$n" "$t" "$b" "level 3 risk 2"
IFS='|' read -r n t b < <(sqlmap_step api --level=3 --risk=2 --threads=2 \
    -p "q,where,radius_km,sort,page,per_page" \
    -u "$base/api/v1/jobs?q=Pflege&where=01917&radius_km=25&sort=relevance&page=1&per_page=10")
record "sqlmap API /jobs" "$n" "$t" "$b" "level 3 risk 2"

# 3. login and vacancy forms (level 3, risk 3, a fresh CSRF token for every request;
#    sqlmap allows no --threads with --csrf-token).
IFS='|' read -r n t b < <(sqlmap_step login --level=3 --risk=3 -p "email,password" \
    -u "$base/anmelden" --data "csrf_token=x&email=test%40example.org&password=x" \
    --csrf-token=csrf_token --csrf-url="$base/anmelden" --referer="$base/anmelden")
record "sqlmap login form" "$n" "$t" "$b" "level 3 risk 3, CSRF"
cookie=$(employer_cookie)
vacancy="csrf_token=x&title=Elektriker&description=Wir+suchen&postal_code=01917&locality=Kamenz"
vacancy+="&employment_types=vollzeit&working_model=vor_ort&sector=handwerk&salary_min=2500"
vacancy+="&salary_unit=month&start_mode=sofort&apply_email=jobs%40example.org&ends_on="
IFS='|' read -r n t b < <(sqlmap_step vacancy --level=3 --risk=3 \
    -p "title,description,postal_code,locality,sector,salary_min,apply_email" \
    -u "$base/arbeitgeber/stellen/neu" --data "$vacancy" --cookie "$cookie" \
    --csrf-token=csrf_token --csrf-url="$base/arbeitgeber/stellen/neu" \
    --referer="$base/arbeitgeber/stellen/neu")
record "sqlmap vacancy form" "$n" "$t" "$b" "level 3 risk 3, CSRF, employer session"

# 4. wapiti: crawl and attack with the listed modules, anonymously and then logged in as
# each role (the session cookie sent with every request; logout, account deletion and the
# password and e-mail changes are left out so the session survives the crawl).
# wapiti_step NAME MAX-SECONDS [COOKIES [START-PATH...]]: findings = vulnerabilities +
# anomalies reported. COOKIES ("name=value; ...") go with every request (-C); the start
# paths are where the role works (the crawl also follows the logged-in navigation).
wapiti_step() {
    local name=$1 seconds=$2 cookies=${3:-} extra=() path
    [[ -n $cookies ]] && extra=(-C "$cookies")
    for path in "${@:4}"; do extra+=(-s "$base$path"); done
    timeout $((seconds + 120)) "$(tool wapiti)" -u "$base/" --scope folder --flush-session \
        -m "sql,xss,permanentxss,exec,file,crlf,redirect,csrf,http_headers,cookieflags,csp,methods" \
        --max-scan-time "$seconds" --max-attack-time $((budget / 5 + 1)) \
        --max-links-per-page 10 --max-files-per-dir 10 -d 3 "${extra[@]}" \
        -x "$base/abmelden" -x "$base/konto/ueberall-abmelden" -x "$base/stellen/*/bewerben" \
        -x "$base/konto/meine-daten/loeschen" -x "$base/konto/passwort*" -x "$base/konto/email*" \
        -x "$base/audit-positivkontrolle/firmen" \
        -f json -o "$report/wapiti-$name.json" > "$report/wapiti-$name.txt" 2>&1
    "$VENV/bin/python" - "$report/wapiti-$name.json" <<'PY'
import json, sys
try:
    data = json.load(open(sys.argv[1]))
except (OSError, ValueError):
    print(1)  # no report: count as a finding, the scan did not work
    raise SystemExit
print(sum(len(v) for part in ("vulnerabilities", "anomalies") for v in data.get(part, {}).values()))
PY
}

b=$(requests_so_far); t0=$SECONDS
n=$(wapiti_step anonymous $((budget * 3)))
record "wapiti" "$n" "$((SECONDS - t0))" "$b" "12 modules, max scan time $((budget * 3))s"
declare -A workplaces=(
    [jobseeker]="/konto /rueckkehr/profil /rueckkehr/passende-stellen /rueckkehr/merkliste /suchauftraege"
    [employer]="/konto /arbeitgeber/ /arbeitgeber/unternehmen /talentpool"
    [promoter]="/konto /moderation /moderation/unternehmen /talentpool /talentpool/zahlen"
    [admin]="/konto /admin/ /moderation"
)
for role in jobseeker employer promoter admin; do
    b=$(requests_so_far); t0=$SECONDS
    cookies=$(role_cookie "$role") || cookies=""
    # shellcheck disable=SC2086 - the workplaces are a space-separated list of paths
    n=$(wapiti_step "$role" "$budget" "$cookies" ${workplaces[$role]})
    [[ -n $cookies ]] || n=$((n + 1))  # a failed login counts: the role was not scanned
    record "wapiti as $role" "$n" "$((SECONDS - t0))" "$b" "session cookie, max scan time ${budget}s"
done

# 5. schemathesis against the OpenAPI description.
b=$(requests_so_far); t0=$SECONDS
timeout $((budget + 60)) "$(tool schemathesis)" run docs/openapi.yaml --base-url "$base/api/v1" \
    --experimental=openapi-3.1 --checks all --hypothesis-max-examples 300 \
    --request-tls-verify false --request-timeout 10000 \
    --junit-xml "$report/schemathesis.xml" > "$report/schemathesis.txt" 2>&1
rc=$?
record "schemathesis" "$([[ $rc == 0 ]] && echo 0 || echo 1)" "$((SECONDS - t0))" "$b" \
    "exit $rc (see schemathesis.txt)"

# 6. bandit (static, medium severity and up) and pip-audit (locked dependencies).
b=$(requests_so_far); t0=$SECONDS
"$(tool bandit)" -r jobportal -ll -q -f json -o "$report/bandit.json" > /dev/null 2>&1
n=$("$VENV/bin/python" -c "import json,sys; print(len(json.load(open(sys.argv[1]))['results']))" \
    "$report/bandit.json" 2>/dev/null || echo 1)
record "bandit" "$n" "$((SECONDS - t0))" "$b" "severity >= medium"
t0=$SECONDS
"$(tool pip-audit)" --strict -r requirements.lock --no-deps --disable-pip \
    --progress-spinner off > "$report/pip-audit.txt" 2>&1
rc=$?
note="--strict requirements.lock, exit $rc"
grep -q "could not be audited" "$report/pip-audit.txt" && note+=" (a package could not be audited: no vulnerability data reachable)"
record "pip-audit" "$([[ $rc == 0 ]] && echo 0 || echo 1)" "$((SECONDS - t0))" "$b" "$note"

echo "requests sent in total: $(requests_so_far)" | tee -a "$summary"
if [[ $control_found != 1 ]]; then
    echo "VERDICT: FAILED - sqlmap did not find the positive control: scanners are blind" \
        | tee -a "$summary"
    exit 1
fi
if [[ $findings_total -gt 0 ]]; then
    echo "VERDICT: FAILED - $findings_total finding(s); reports in $report/" | tee -a "$summary"
    exit 1
fi
echo "VERDICT: PASSED - 0 findings (positive control found as expected)" | tee -a "$summary"
