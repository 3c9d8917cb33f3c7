#!/usr/bin/env bash
# Installs (apt) and starts RabbitMQ and PostgreSQL when they are not already running, creates the
# test user, and exports the connection settings the integration tests read:
#   SIPHUB_TEST_RABBITMQ  amqp://guest:guest@127.0.0.1:5672/
#   SIPHUB_TEST_POSTGRES  an Npgsql connection string for a user that may create databases
# Source it (`. scripts/services.sh`) to keep the exports; it is idempotent.
set -euo pipefail

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
wait_for_port() {
  local port=$1 name=$2
  for _ in $(seq 1 120); do port_open "$port" && return 0; sleep 1; done
  echo "services: $name did not open port $port within 120 s" >&2; return 1
}

missing=()
command -v rabbitmq-server >/dev/null 2>&1 || [ -x /usr/sbin/rabbitmq-server ] || missing+=(rabbitmq-server)
ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || missing+=(postgresql)
if [ ${#missing[@]} -gt 0 ]; then
  echo "services: installing ${missing[*]} (apt)"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if port_open 5672; then
  echo "services: RabbitMQ already listening on 5672"
else
  echo "services: starting RabbitMQ"
  as_root service rabbitmq-server start >/dev/null 2>&1 || as_root rabbitmq-server -detached
  wait_for_port 5672 RabbitMQ
  as_root rabbitmqctl await_startup >/dev/null 2>&1 || true
fi

if port_open 5432; then
  echo "services: PostgreSQL already listening on 5432"
else
  echo "services: starting PostgreSQL"
  version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
  if ! pg_lsclusters -h 2>/dev/null | grep -q .; then as_root pg_createcluster "$version" main >/dev/null; fi
  cluster=$(pg_lsclusters -h | head -n 1 | awk '{print $1" "$2}')
  as_root pg_ctlcluster $cluster start
  wait_for_port 5432 PostgreSQL
fi

# The tests' user: may create and drop its own databases, nothing more.
as_root su postgres -c "psql -qtAc \"select 1 from pg_roles where rolname = 'siphub'\"" | grep -q 1 \
  || as_root su postgres -c "psql -qc \"create role siphub login createdb password 'siphub'\""

export SIPHUB_TEST_RABBITMQ="amqp://guest:guest@127.0.0.1:5672/"
export SIPHUB_TEST_POSTGRES="Host=127.0.0.1;Port=5432;Username=siphub;Password=siphub;Database=postgres"
echo "services: RabbitMQ and PostgreSQL are up"
