#!/usr/bin/env bash
# Installs and starts the real servers the integration and contract tests use:
# PostgreSQL, Redis and RabbitMQ, all bound to loopback (127.0.0.1) only.
#
#   scripts/servers.sh install       install the Debian packages that are missing
#   scripts/servers.sh start         start every server that is not answering yet, and wait for it
#   scripts/servers.sh status        print which servers are up (exit 0 only if all are)
#   scripts/servers.sh stop-rabbit   stop the RabbitMQ application only (simulated broker outage)
#   scripts/servers.sh start-rabbit  start it again and wait for port 5672
#   scripts/servers.sh stop          stop all three
#
# Connection settings the tests use:
#   PostgreSQL  Host=127.0.0.1;Port=5432;Username=postgres;Password=postgres
#   Redis       127.0.0.1:6379
#   RabbitMQ    amqp://guest:guest@127.0.0.1:5672 (guest is allowed on loopback)
#
# Written for a Debian 12 machine where we are root and systemd is not PID 1 (containers,
# gVisor, CI), so it never uses systemctl: PostgreSQL is run with pg_ctlcluster, Redis and
# RabbitMQ are started as daemons under their own users. Every start is idempotent, quick
# when the server already answers, and bounded in time (SERVERS_TIMEOUT, default 60 s).
set -euo pipefail

TIMEOUT="${SERVERS_TIMEOUT:-60}"
LOOPBACK=127.0.0.1
PG_PORT=5432
REDIS_PORT=6379
AMQP_PORT=5672
PACKAGES=(rabbitmq-server redis-server postgresql nghttp2-client)

# RabbitMQ node name: "localhost" always resolves to loopback, whatever the machine's
# hostname is, so the node (and its data directory) does not depend on the host it runs on.
RABBIT_ENV_FILE=/etc/rabbitmq/rabbitmq-env.conf
RABBIT_PID_FILE=/var/run/rabbitmq/pid
RABBIT_LOG_DIR=/var/log/rabbitmq
# The CLI tools read the same env file, but export the essentials for them too.
export RABBITMQ_NODENAME=rabbit@localhost
export ERL_EPMD_ADDRESS=$LOOPBACK

log() { printf '[servers] %s\n' "$*" >&2; }
die() { printf '[servers] ERROR: %s\n' "$*" >&2; exit 1; }

# True when something accepts TCP connections on 127.0.0.1:$1.
port_open() { timeout 2 bash -c "exec 3<>/dev/tcp/$LOOPBACK/$1" 2>/dev/null; }

# wait_until DESCRIPTION COMMAND...: retry COMMAND until it succeeds or TIMEOUT seconds pass.
wait_until() {
  local what=$1; shift
  local deadline=$((SECONDS + TIMEOUT))
  until "$@" >/dev/null 2>&1; do
    if ((SECONDS >= deadline)); then
      return 1
    fi
    sleep 0.5
  done
  log "$what is up"
}

# True while process $1 exists and is not a zombie (where PID 1 does not reap, stopped
# daemons linger as zombies, which `kill -0` would still report as alive).
pid_alive() {
  local st
  st=$(ps -o stat= -p "$1" 2>/dev/null) || return 1
  [[ -n $st && $st != Z* ]]
}

# wait_gone DESCRIPTION PID: wait (bounded) until the process has exited.
wait_gone() {
  local deadline=$((SECONDS + TIMEOUT))
  while pid_alive "$2"; do
    ((SECONDS < deadline)) || die "$1 (pid $2) still running after ${TIMEOUT}s"
    sleep 0.2
  done
}

require_root() { [[ $(id -u) -eq 0 ]] || die "must run as root (it installs packages and starts daemons)"; }

# ---------------------------------------------------------------------------------------------
# install
# ---------------------------------------------------------------------------------------------

pkg_installed() {
  [[ $(dpkg-query -W -f='${db:Status-Abbrev}' "$1" 2>/dev/null) == "ii "* ]]
}

cmd_install() {
  require_root
  local missing=() p
  for p in "${PACKAGES[@]}"; do
    pkg_installed "$p" || missing+=("$p")
  done
  if ((${#missing[@]} == 0)); then
    log "packages already installed: ${PACKAGES[*]}"
    return 0
  fi
  log "installing: ${missing[*]}"

  # Keep the packages' maintainer scripts from starting the daemons with their default
  # settings (RabbitMQ would listen on every interface); `start` starts them on loopback.
  # Many container images already ship such a policy-rc.d; only add (and later remove) ours.
  local policy=/usr/sbin/policy-rc.d added_policy=0
  if [[ ! -e $policy ]]; then
    printf '#!/bin/sh\n# added by scripts/servers.sh install\nexit 101\n' >"$policy"
    chmod 755 "$policy"
    added_policy=1
  fi
  local rc=0
  (
    export DEBIAN_FRONTEND=noninteractive
    # A package left half-configured by an earlier failed postinst is finished first.
    dpkg --configure -a || true
    apt-get update
    apt-get install -y --no-install-recommends "${missing[@]}"
  ) || rc=$?
  if ((added_policy)); then rm -f "$policy"; fi
  ((rc == 0)) || die "apt-get install failed (exit $rc)"
  for p in "${missing[@]}"; do
    pkg_installed "$p" || die "package $p is still not installed"
  done
}

# ---------------------------------------------------------------------------------------------
# PostgreSQL
# ---------------------------------------------------------------------------------------------

pg_version() {
  # Debian 12 ships 15; take the newest installed server if there is another.
  if [[ -d /usr/lib/postgresql/15 ]]; then echo 15; return; fi
  local v
  v=$(ls /usr/lib/postgresql 2>/dev/null | sort -V | tail -n 1)
  [[ -n $v ]] || die "no PostgreSQL server installed (run: $0 install)"
  echo "$v"
}

pg_up() { pg_isready -q -h "$LOOPBACK" -p "$PG_PORT"; }

# psql as the postgres superuser over the Unix socket (peer authentication).
pg_psql() { runuser -u postgres -- psql -X -q -t -A -v ON_ERROR_STOP=1 -p "$PG_PORT" "$@"; }

start_postgres() {
  local ver; ver=$(pg_version)
  local confdir=/etc/postgresql/$ver/main
  if [[ ! -f $confdir/postgresql.conf ]]; then
    log "creating PostgreSQL $ver cluster 'main'"
    pg_createcluster "$ver" main --port "$PG_PORT" >/dev/null
  fi
  # Loopback only, on the standard port. Debian's postgresql.conf includes conf.d/.
  mkdir -p "$confdir/conf.d"
  local want
  want=$(printf "# managed by scripts/servers.sh: loopback only\nlisten_addresses = '%s'\nport = %s\n" "$LOOPBACK" "$PG_PORT")
  if [[ ! -f $confdir/conf.d/90-union-loopback.conf ]] || [[ $(cat "$confdir/conf.d/90-union-loopback.conf") != "$want" ]]; then
    printf '%s\n' "$want" >"$confdir/conf.d/90-union-loopback.conf"
  fi
  install -d -o postgres -g postgres -m 2775 /var/run/postgresql

  if pg_up; then
    # Running already: make sure it is not also listening elsewhere (a server started
    # with the package defaults); restart it with our settings if it is.
    local listen
    listen=$(pg_psql -c 'SHOW listen_addresses' 2>/dev/null || true)
    if [[ $listen != "$LOOPBACK" ]]; then
      log "PostgreSQL listens on '$listen'; restarting it on $LOOPBACK"
      pg_ctlcluster "$ver" main restart -m fast
    fi
  else
    log "starting PostgreSQL $ver on $LOOPBACK:$PG_PORT"
    pg_ctlcluster "$ver" main start ||
      die "PostgreSQL did not start; see /var/log/postgresql/postgresql-$ver-main.log"
  fi
  wait_until "PostgreSQL ($LOOPBACK:$PG_PORT)" pg_up ||
    die "PostgreSQL not answering on $LOOPBACK:$PG_PORT after ${TIMEOUT}s; see /var/log/postgresql/postgresql-$ver-main.log"
  # Tests log in with a password over TCP (pg_hba: scram-sha-256 on 127.0.0.1/32).
  pg_psql -c "ALTER USER postgres PASSWORD 'postgres'" >/dev/null ||
    die "could not set the postgres user's password"
}

stop_postgres() {
  local ver; ver=$(pg_version)
  if pg_lsclusters -h 2>/dev/null | awk -v v="$ver" '$1 == v && $2 == "main" && $4 == "online"' | grep -q .; then
    log "stopping PostgreSQL $ver"
    pg_ctlcluster "$ver" main stop -m fast
  fi
}

# ---------------------------------------------------------------------------------------------
# Redis
# ---------------------------------------------------------------------------------------------

redis_up() { [[ $(redis-cli -h "$LOOPBACK" -p "$REDIS_PORT" ping 2>/dev/null) == PONG ]]; }

start_redis() {
  if redis_up; then
    log "Redis ($LOOPBACK:$REDIS_PORT) is up"
    return 0
  fi
  command -v redis-server >/dev/null || die "redis-server is not installed (run: $0 install)"
  install -d -o redis -g redis -m 2775 /run/redis
  install -d -o redis -g adm -m 2750 /var/log/redis
  install -d -o redis -g redis -m 750 /var/lib/redis
  log "starting Redis on $LOOPBACK:$REDIS_PORT"
  # Debian's redis.conf with our overrides: loopback only, daemonised, no supervisor.
  runuser -u redis -- redis-server /etc/redis/redis.conf \
    --bind "$LOOPBACK" --port "$REDIS_PORT" \
    --daemonize yes --supervised no \
    --pidfile /run/redis/redis-server.pid \
    --logfile /var/log/redis/redis-server.log \
    --dir /var/lib/redis ||
    die "redis-server failed to start; see /var/log/redis/redis-server.log"
  wait_until "Redis ($LOOPBACK:$REDIS_PORT)" redis_up ||
    die "Redis not answering on $LOOPBACK:$REDIS_PORT after ${TIMEOUT}s; see /var/log/redis/redis-server.log"
}

stop_redis() {
  if redis_up; then
    log "stopping Redis"
    redis-cli -h "$LOOPBACK" -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
    local deadline=$((SECONDS + TIMEOUT))
    while port_open "$REDIS_PORT"; do
      ((SECONDS < deadline)) || die "Redis still listens on $REDIS_PORT after shutdown"
      sleep 0.2
    done
  fi
}

# ---------------------------------------------------------------------------------------------
# RabbitMQ
# ---------------------------------------------------------------------------------------------

# /etc/rabbitmq/rabbitmq-env.conf is read (as shell) by the server and by the CLI tools.
write_rabbit_env() {
  local want
  want=$(cat <<EOF
# Managed by scripts/servers.sh: RabbitMQ on loopback only.
NODENAME=$RABBITMQ_NODENAME
NODE_IP_ADDRESS=$LOOPBACK
NODE_PORT=$AMQP_PORT
# epmd (started by the first Erlang node) listens on loopback only.
ERL_EPMD_ADDRESS=$LOOPBACK
# Erlang distribution (node port 25672, CLI ports 35672+) on loopback only.
SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"
CTL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"
EOF
)
  if [[ ! -f $RABBIT_ENV_FILE ]] || [[ $(cat "$RABBIT_ENV_FILE") != "$want" ]]; then
    mkdir -p "$(dirname "$RABBIT_ENV_FILE")"
    printf '%s\n' "$want" >"$RABBIT_ENV_FILE"
    chmod 644 "$RABBIT_ENV_FILE"
  fi
}

rabbit_amqp_up() { port_open "$AMQP_PORT"; }

# True when the Erlang node answers (whether or not the RabbitMQ application runs).
rabbit_node_up() { rabbitmqctl -q ping >/dev/null 2>&1; }

rabbit_app_ready() { rabbitmqctl -q await_startup --timeout 10 >/dev/null 2>&1 && rabbit_amqp_up; }

wait_rabbit() {
  wait_until "RabbitMQ ($LOOPBACK:$AMQP_PORT)" rabbit_app_ready ||
    die "RabbitMQ not answering on $LOOPBACK:$AMQP_PORT after ${TIMEOUT}s; see $RABBIT_LOG_DIR/"
}

start_rabbit() {
  write_rabbit_env
  if rabbit_amqp_up; then
    log "RabbitMQ ($LOOPBACK:$AMQP_PORT) is up"
    return 0
  fi
  command -v rabbitmq-server >/dev/null || die "rabbitmq-server is not installed (run: $0 install)"
  if rabbit_node_up; then
    # The node runs but the application was stopped (stop-rabbit).
    log "starting the RabbitMQ application"
    rabbitmqctl -q start_app >/dev/null
  else
    install -d -o rabbitmq -g rabbitmq -m 755 "$(dirname "$RABBIT_PID_FILE")"
    install -d -o rabbitmq -g rabbitmq -m 2750 "$RABBIT_LOG_DIR"
    rm -f "$RABBIT_PID_FILE"
    log "starting RabbitMQ node $RABBITMQ_NODENAME on $LOOPBACK:$AMQP_PORT"
    # As the Debian init script does: run the server in the background as the rabbitmq
    # user (the wrapper logs to $RABBIT_LOG_DIR/startup_log and startup_err).
    RABBITMQ_PID_FILE=$RABBIT_PID_FILE start-stop-daemon --start --quiet --background \
      --chuid rabbitmq --chdir /var/lib/rabbitmq \
      --exec /usr/sbin/rabbitmq-server --pidfile "$RABBIT_PID_FILE" ||
      die "could not launch rabbitmq-server"
  fi
  wait_rabbit
}

stop_rabbit_app() {
  if rabbit_node_up; then
    log "stopping the RabbitMQ application (node keeps running)"
    rabbitmqctl -q stop_app >/dev/null
    local deadline=$((SECONDS + TIMEOUT))
    while rabbit_amqp_up; do
      ((SECONDS < deadline)) || die "RabbitMQ still listens on $AMQP_PORT after stop_app"
      sleep 0.2
    done
    log "RabbitMQ application stopped"
  else
    log "RabbitMQ node is not running"
  fi
}

start_rabbit_app() {
  # Quick path after stop-rabbit; does a full start if the node itself is down.
  start_rabbit
}

stop_rabbit_node() {
  local pid=""
  [[ -f $RABBIT_PID_FILE ]] && pid=$(cat "$RABBIT_PID_FILE" 2>/dev/null || true)
  if rabbit_node_up; then
    log "stopping RabbitMQ"
    rabbitmqctl -q stop >/dev/null 2>&1 || true
  fi
  # `rabbitmqctl stop` returns before the Erlang VM has exited: wait for it, so that a
  # `start` right after this does not find a node half-way through shutting down.
  if [[ -n $pid ]]; then
    wait_gone "RabbitMQ" "$pid"
    rm -f "$RABBIT_PID_FILE"
  fi
}

# ---------------------------------------------------------------------------------------------
# commands
# ---------------------------------------------------------------------------------------------

cmd_start() {
  require_root
  start_postgres
  start_redis
  start_rabbit
}

cmd_status() {
  local all=0
  if pg_up; then echo "postgresql: up ($LOOPBACK:$PG_PORT)"; else echo "postgresql: down"; all=1; fi
  if redis_up; then echo "redis:      up ($LOOPBACK:$REDIS_PORT)"; else echo "redis:      down"; all=1; fi
  if rabbit_amqp_up; then
    echo "rabbitmq:   up ($LOOPBACK:$AMQP_PORT)"
  elif rabbit_node_up; then
    echo "rabbitmq:   down (node $RABBITMQ_NODENAME runs, application stopped)"; all=1
  else
    echo "rabbitmq:   down"; all=1
  fi
  return $all
}

cmd_stop() {
  require_root
  stop_rabbit_node
  stop_redis
  stop_postgres
}

usage() {
  sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'
  exit 2
}

case "${1:-}" in
  install) cmd_install ;;
  start) cmd_start ;;
  status) cmd_status ;;
  stop-rabbit) require_root; stop_rabbit_app ;;
  start-rabbit) require_root; start_rabbit_app ;;
  stop) cmd_stop ;;
  *) usage ;;
esac
