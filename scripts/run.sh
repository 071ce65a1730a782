#!/usr/bin/env bash
# make run: the whole suite on embedded defaults. Needs only the .NET SDK: the embedded suite host
# (services/Suite) runs the four services in one process, each with its own SQLite file under
# .run/, all on one MassTransit in-memory bus so events cross services (funds follows the archives),
# with the in-memory cache; the gateway is a process of its own. The demo organisations are seeded,
# and once the gateway is ready a demo assistance year is walked through it (tools/DemoYear).
# With --with-servers (make run-with-servers) each service is a process of its own on RabbitMQ and
# Redis on loopback, started by scripts/servers.sh, as in the cluster.
# Ctrl-C stops everything.
set -euo pipefail
servers=""
if [[ "${1:-}" == "--with-servers" ]]; then
  servers=1
fi
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

if [[ -n "$servers" ]]; then
  scripts/servers.sh install
  scripts/servers.sh start
  export RabbitMq__Host=127.0.0.1 Redis__Configuration=127.0.0.1:6379
fi
dotnet build Union.sln -c Debug --nologo -v q
mkdir -p .run

pids=()
stop() {
  trap - EXIT INT TERM
  echo
  echo "Stopping the suite..."
  kill "${pids[@]}" 2>/dev/null || true
  wait 2>/dev/null || true
}
trap stop EXIT INT TERM

start() { # name, folder, dll
  local name=$1 dir=$2 dll=$3
  (
    cd "$dir/bin/Debug/net10.0"
    ASPNETCORE_ENVIRONMENT=Development \
    Seed__Demo=true \
    ConnectionStrings__Database="Data Source=$root/.run/$name.db" \
    exec dotnet "$dll"
  ) >"$root/.run/$name.log" 2>&1 &
  pids+=($!)
}

# The suite host: four services, one process, one in-memory bus. Run from .run/, where each
# service keeps its SQLite file (<service>.db); the clock may start elsewhere with Clock__Start.
start_suite() {
  (
    cd "$root/.run"
    ASPNETCORE_ENVIRONMENT=Development \
    Seed__Demo=true \
    exec dotnet "$root/services/Suite/bin/Debug/net10.0/Union.Suite.dll"
  ) >"$root/.run/suite.log" 2>&1 &
  pids+=($!)
}

if [[ -n "$servers" ]]; then
  start archives services/Archives Union.Archives.dll
  start projects services/Projects Union.Projects.dll
  start funds services/Funds Union.Funds.dll
  start evaluation services/Evaluation Union.Evaluation.dll
else
  start_suite
fi
start gateway gateway Union.Gateway.dll

# Ready when the gateway says every service behind it is; plain bash, so curl is not required.
gateway_ready() {
  exec 3<>/dev/tcp/127.0.0.1/8080 || return 1
  printf 'GET /health/ready HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' >&3
  local status
  IFS= read -r status <&3 || true
  exec 3<&- 3>&-
  [[ $status == *" 200 "* ]]
}

printf "Starting"
for _ in $(seq 1 120); do
  if gateway_ready 2>/dev/null; then ready=1; break; fi
  for pid in "${pids[@]}"; do
    if ! kill -0 "$pid" 2>/dev/null; then echo; echo "A process exited; see .run/*.log"; tail -n 20 .run/*.log; exit 1; fi
  done
  printf "."; sleep 1
done
echo
if [[ -z "${ready:-}" ]]; then echo "The suite did not become ready; see .run/*.log"; exit 1; fi

cat <<INFO

The union assistance platform is running.

  Gateway (REST/JSON, gRPC-Web, health)  http://127.0.0.1:8080
  Gateway (gRPC, HTTP/2 cleartext)       127.0.0.1:8081
  Logs                                   .run/suite.log (the four services), .run/gateway.log
                                         (.run/<service>.log with make run-with-servers)

Get a development token (another terminal):
  TOKEN=\$(make -s token ORG=51/5101/510104 ROLE=caseworker)

Open a household file and read it back:
  curl -s -X POST http://127.0.0.1:8080/v1/households \\
    -H "authorization: Bearer \$TOKEN" -H 'content-type: application/json' -H "idempotency-key: \$(uuidgen || date +%s%N)" \\
    -d '{"headName":"赵小兰","headIdNumber":"11010519491231002X","headPhone":"13800138000","employer":"成都某机械厂",
         "causes":["HARDSHIP_CAUSE_ILLNESS"],"monthlyIncomePerPerson":{"fen":"50000"},"localMonthlyAllowance":{"fen":"65900"}}'
  curl -s http://127.0.0.1:8080/v1/households/<household_id> -H "authorization: Bearer \$TOKEN"

Local runs read a clock an admin may move (Development only; the four services share it), e.g. a month on:
  curl -s -X PUT http://127.0.0.1:7201/v1/dev/clock -H "authorization: Bearer \$(make -s token ORG=51 ROLE=admin)" \\
    -H 'content-type: application/json' -d '{"advance":"2592000s"}'

The demo year (docs/annual-cycle.md steps 0–5 by 德阳 51/5106, 旌阳区 51/5106/510603 and 南充 51/5113)
is being walked through the gateway in the background; it says here when it is done (.run/demo-year.log).

Press Ctrl-C to stop.
INFO

# The demo year: walked once through the gateway, moving the clock and putting it back; a year the
# SQLite files under .run/ already hold is left alone. Separate processes each have their own clock.
clock_ports=7201
if [[ -n "$servers" ]]; then clock_ports=7201,7202,7203,7204; fi
(
  cd "$root/tools/DemoYear/bin/Debug/net10.0"
  exec dotnet Union.DemoYear.dll --gateway http://127.0.0.1:8080 --clock-ports "$clock_ports"
) > >(tee "$root/.run/demo-year.log") 2>&1 &
pids+=($!)
wait
