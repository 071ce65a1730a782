#!/usr/bin/env bash
# make bench-gateway: real HTTP load against a running gateway with h2load (Debian nghttp2-client;
# `scripts/servers.sh install` installs it). Loopback only. The suite must already be running,
# started with rate limits high enough for a load test, in another terminal:
#
#   RateLimiting__PermitsPerSecond=100000 RateLimiting__Burst=100000 make run
#
# (scripts/run.sh passes its environment through to the gateway, and ASP.NET Core reads
# RateLimiting__* variables over appsettings.json; the default is 50 requests/s per caller, burst
# 100, which a load test exhausts in a fraction of a second.)
#
# It mints a caseworker token, opens one household through REST, then measures reading it back:
#   (a) REST  GET /v1/households/<id>                         on :8080, HTTP/1.1 (h2load --h1)
#   (b) gRPC  union.archives.v1.HouseholdArchives/GetHousehold on :8081, HTTP/2 cleartext
# Knobs (environment): REQUESTS (5000), CLIENTS (10), STREAMS (10, gRPC streams per connection).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

rest=http://127.0.0.1:8080
grpc=http://127.0.0.1:8081
requests=${REQUESTS:-5000}
clients=${CLIENTS:-10}
streams=${STREAMS:-10}
org=51/5101/510104

for tool in h2load curl python3; do
  if ! command -v "$tool" >/dev/null; then
    echo "$tool is not installed (h2load: scripts/servers.sh install, or apt-get install nghttp2-client)." >&2
    exit 1
  fi
done

ready=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$rest/health/ready" || true)
if [[ "$ready" != 200 ]]; then
  echo "The gateway is not ready at $rest/health/ready (got '${ready:-no answer}')." >&2
  echo "Start the suite first, in another terminal, with raised rate limits:" >&2
  echo "  RateLimiting__PermitsPerSecond=100000 RateLimiting__Burst=100000 make run" >&2
  exit 1
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "Minting a caseworker token for $org..."
TOKEN=$(dotnet run --project tools/DevToken -v q -- --org "$org" --role caseworker)

# A random valid GB 11643 number, so every run opens a new file (one open file per person).
id_number() {
  local weights=(7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2) checks=10X98765432 sum=0 i body
  body=$(printf '510104%04d%02d%02d%03d' $((1960 + RANDOM % 40)) $((1 + RANDOM % 12)) $((1 + RANDOM % 28)) $((RANDOM % 1000)))
  for i in {0..16}; do sum=$((sum + ${body:i:1} * weights[i])); done
  echo "$body${checks:sum%11:1}"
}

echo "Opening one household through REST..."
household=""
for _ in 1 2 3; do
  body=$(printf '{"headName":"压测户","headIdNumber":"%s","headPhone":"13800138000","employer":"成都某机械厂","causes":["HARDSHIP_CAUSE_ILLNESS"],"monthlyIncomePerPerson":{"fen":"50000"},"localMonthlyAllowance":{"fen":"65900"}}' "$(id_number)")
  answer=$(curl -s -X POST "$rest/v1/households" \
    -H "authorization: Bearer $TOKEN" -H 'content-type: application/json' \
    -H "idempotency-key: $(cat /proc/sys/kernel/random/uuid)" -H 'x-reason: bench/h2load.sh' -d "$body")
  household=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1]).get("householdId",""))' "$answer" 2>/dev/null || true)
  [[ -n "$household" ]] && break
done
if [[ -z "$household" ]]; then
  echo "Could not open a household; the gateway answered: $answer" >&2
  exit 1
fi
echo "Household $household"

status=$(curl -s -o /dev/null -w '%{http_code}' "$rest/v1/households/$household" -H "authorization: Bearer $TOKEN")
if [[ "$status" != 200 ]]; then
  echo "GET /v1/households/$household answered $status before any load; see .run/gateway.log." >&2
  exit 1
fi

# gRPC request body: 1 byte compressed flag (0), 4-byte big-endian length, then the serialized
# GetHouseholdRequest { string household_id = 1 }: tag 0x0a, varint length, the UTF-8 bytes.
python3 - "$household" "$work/get-household.bin" <<'PY'
import struct, sys
value = sys.argv[1].encode()
varint, n = bytearray(), len(value)
while True:
    byte, n = n & 0x7F, n >> 7
    varint.append(byte | (0x80 if n else 0))
    if not n:
        break
message = b"\x0a" + bytes(varint) + value
with open(sys.argv[2], "wb") as f:
    f.write(b"\x00" + struct.pack(">I", len(message)) + message)
PY

method=union.archives.v1.HouseholdArchives/GetHousehold
grpc_probe() { # prints "<grpc-status> <response bytes>"
  local headers=$work/probe-headers
  local size
  size=$(curl -s --http2-prior-knowledge -D "$headers" -o /dev/null -w '%{size_download}' -X POST "$grpc/$method" \
    -H 'content-type: application/grpc' -H 'te: trailers' -H "authorization: Bearer $TOKEN" \
    --data-binary @"$work/get-household.bin")
  echo "$(tr -d '\r' <"$headers" | awk -F': ' 'tolower($1) == "grpc-status" { s = $2 } END { print (s == "" ? "none" : s) }') $size"
}
read -r grpc_status grpc_size < <(grpc_probe)
if [[ "$grpc_status" != 0 ]]; then
  echo "gRPC $method answered grpc-status $grpc_status before any load; see .run/gateway.log." >&2
  exit 1
fi

# h2load's "status codes:" and "traffic:" lines.
count() { awk -v what="$2" '/^status codes:/ { for (i = 1; i <= NF; i++) if ($i ~ what) { v = $(i - 1) } } END { print v + 0 }' "$1"; }
succeeded() { awk '/^requests:/ { for (i = 1; i <= NF; i++) if ($i ~ /^succeeded/) print $(i - 1) + 0 }' "$1"; }
data_bytes() { awk '/^traffic:/ { n = split($0, p, "[()]"); print p[n - 1] + 0 }' "$1"; }
warned=""

echo
echo "== (a) REST GET /v1/households/<id> on :8080 (HTTP/1.1): $requests requests, $clients clients"
h2load --h1 -n "$requests" -c "$clients" -H "authorization: Bearer $TOKEN" \
  "$rest/v1/households/$household" | tee "$work/rest.txt"
rest_4xx=$(count "$work/rest.txt" '^4xx')
if [[ $rest_4xx -gt 0 ]]; then
  after=$(curl -s -o /dev/null -w '%{http_code}' "$rest/v1/households/$household" -H "authorization: Bearer $TOKEN")
  echo "WARNING: $rest_4xx REST answers were 4xx (a request right after answered $after); 429 means the" \
       "gateway's rate limit refused them and the figures above are not the read path's." >&2
  warned=1
fi

echo
echo "== (b) gRPC $method on :8081 (h2c): $requests requests, $clients clients, $streams streams each"
h2load -n "$requests" -c "$clients" -m "$streams" -d "$work/get-household.bin" \
  -H 'content-type: application/grpc' -H 'te: trailers' -H "authorization: Bearer $TOKEN" \
  "$grpc/$method" | tee "$work/grpc.txt"
# A refused gRPC call is HTTP 200 too (trailers-only, grpc-status 8 RESOURCE_EXHAUSTED, no message),
# so h2load counts it as a success; the DATA bytes tell: each real answer carries $grpc_size bytes.
ok=$(succeeded "$work/grpc.txt")
data=$(data_bytes "$work/grpc.txt")
missing=$(( ok - data / grpc_size ))
read -r after _ < <(grpc_probe)
if [[ $missing -gt 0 || "$after" != 0 ]]; then
  echo "WARNING: about $missing of $ok gRPC answers carried no message (trailers-only errors; a call right" \
       "after answered grpc-status $after, 8 = RESOURCE_EXHAUSTED: the gateway's rate limit)." >&2
  warned=1
fi

if [[ -n "$warned" ]]; then
  echo >&2
  echo "Restart the suite with raised limits for a load test:" >&2
  echo "  RateLimiting__PermitsPerSecond=100000 RateLimiting__Burst=100000 make run" >&2
  exit 2
fi
