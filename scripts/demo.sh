#!/usr/bin/env bash
# make demo: list a HIT's assignments through build/tinyturk from the bundled
# local MTurk endpoint over HTTPS.  Nothing leaves 127.0.0.1.
set -euo pipefail
BUILD=${1:-build}
TT=$BUILD/tinyturk
mkdir -p "$BUILD/demo"
work=$(cd "$BUILD/demo" && pwd)  # absolute: the certificate script changes directory
rm -f "$work/port"

say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
# Echo a command as you would type it (quoting arguments with spaces/brackets), then run it.
run() {
    local a line='$'
    for a in "$@"; do [[ $a == *[^A-Za-z0-9_./:=@,+-]* ]] && line+=" '$a'" || line+=" $a"; done
    echo "$line"
    "$@"
}

say "Starting the local MTurk endpoint (HTTPS on 127.0.0.1, test CA made with openssl)"
/usr/bin/python3 tests/mturk_server.py --port 0 --port-file "$work/port" \
    --tls-dir "$work/certs" --dataset demo --idle-timeout 60 --log "$work/requests.jsonl" \
    >"$work/server.out" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do [ -s "$work/port" ] && break; sleep 0.1; done
[ -s "$work/port" ] || { echo "the endpoint did not start:"; cat "$work/server.out"; exit 1; }
port=$(cat "$work/port")
echo "endpoint: https://127.0.0.1:$port/  (trusting $work/certs/ca.pem)"

# The demo's own credentials and region, as a user would export them.  The
# keys are AWS's documented example keys, which the local endpoint accepts.
export AWS_ACCESS_KEY_ID=AKIDEXAMPLE
export AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY
export AWS_DEFAULT_REGION=us-east-1
export AWS_CA_BUNDLE=$work/certs/ca.pem
export AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null
export AWS_PAGER=""
EP=(--endpoint-url "https://127.0.0.1:$port")
HIT=3DEMOHIT0000000000000000000001

say "1. Every assignment of HIT $HIT (fetched 2 per page), as a table"
run "$TT" mturk list-assignments-for-hit "${EP[@]}" --hit-id "$HIT" --page-size 2 --output table \
    --query 'Assignments[].{Id: AssignmentId, Worker: WorkerId, Status: AssignmentStatus, Submitted: SubmitTime}'

say "2. A HIT with 237 assignments: the first 5 rejected ones (--query over every page)"
run "$TT" mturk list-assignments-for-hit "${EP[@]}" --hit-id 3DEMOHIT0000000000000000000002 \
    --assignment-statuses Rejected --page-size 100 \
    --query 'Assignments[:5].[AssignmentId, WorkerId, SubmitTime]' --output table

say "3. Resumable chunks: --max-items 3 prints a NextToken the AWS CLI would accept too"
token=$("$TT" mturk list-assignments-for-hit "${EP[@]}" --hit-id "$HIT" --max-items 3 \
    --query NextToken --output json)
token=${token//\"/}  # a JSON string: drop the quotes
echo "NextToken: $token"
run "$TT" mturk list-assignments-for-hit "${EP[@]}" --hit-id "$HIT" --starting-token "$token" \
    --query 'Assignments[].AssignmentId' --output json

say "4. Streaming: one JSON object per assignment as pages arrive (--output jsonl, ours)"
run "$TT" mturk list-assignments-for-hit "${EP[@]}" --hit-id "$HIT" --output jsonl \
    --query '{id: AssignmentId, status: AssignmentStatus, submitted: SubmitTime}'

say "5. What went over the wire"
/usr/bin/python3 - "$work/requests.jsonl" <<'PY'
import json, sys
reqs = [json.loads(l) for l in open(sys.argv[1])]
conns = {r.get("conn") for r in reqs}
print(f"{len(reqs)} signed requests on {len(conns)} TLS connections, every signature verified by botocore")
PY
say "Done. The endpoint stops now."
