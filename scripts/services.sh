#!/usr/bin/env bash
# Installs (apt) and starts RabbitMQ and PostgreSQL when they are not already running, and creates
# the tests' broker and database users. Idempotent. Progress goes to stderr; stdout gets only the settings the
# integration tests read, as shell exports:
#   eval "$(bash scripts/services.sh)"
set -euo pipefail
export LC_ALL=C.UTF-8
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd /

log() { echo "services: $*" >&2; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
wait_for_port() {
  for _ in $(seq 1 120); do port_open "$1" && return 0; sleep 1; done
  return 1
}

missing=()
[ -x /usr/sbin/rabbitmq-server ] || command -v rabbitmq-server >/dev/null 2>&1 || missing+=(rabbitmq-server)
ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || missing+=(postgresql)
if [ ${#missing[@]} -gt 0 ]; then
  log "installing ${missing[*]} (apt)"
  as_root apt-get update -qq >&2
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >&2
fi

if port_open 5672; then
  log "RabbitMQ already listening on 5672"
else
  log "starting RabbitMQ"
  if as_root timeout 20 rabbitmqctl -q ping >/dev/null 2>&1; then
    # The node runs but its application was stopped (rabbitmqctl stop_app): start just that.
    as_root timeout 120 rabbitmqctl start_app >/dev/null 2>&1 || true
  else
    # The init script waits up to ten minutes on its own; give it two, then show why.
    timeout 150 bash -c 'service rabbitmq-server start || rabbitmq-server -detached' >/dev/null 2>&1 || true
  fi
  if ! wait_for_port 5672; then
    log "RabbitMQ did not open port 5672; its logs:"
    tail -n 40 /var/log/rabbitmq/*.log >&2 2>/dev/null || true
    exit 1
  fi
  as_root timeout 60 rabbitmqctl await_startup >/dev/null 2>&1 || true
fi

if port_open 5432; then
  log "PostgreSQL already listening on 5432"
else
  log "starting PostgreSQL"
  version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
  # The cluster on 5432, made if there is none.
  cluster=$(pg_lsclusters -h 2>/dev/null | awk '$3 == 5432 { print $1" "$2; exit }')
  if [ -z "$cluster" ]; then
    as_root pg_createcluster --port 5432 "$version" siphub >&2
    cluster="$version siphub"
  fi
  as_root pg_ctlcluster $cluster start </dev/null >/dev/null 2>&1
  if ! wait_for_port 5432; then
    log "PostgreSQL did not open port 5432"; tail -n 40 /var/log/postgresql/*.log >&2 2>/dev/null || true; exit 1
  fi
fi

# No message larger than the hub's HTTP limit (4 MiB) on the broker either; the docker site sets the same in rabbitmq.conf.
as_root rabbitmqctl eval 'application:set_env(rabbit, max_message_size, 4194304).' >/dev/null

# The test users' passwords: made on this machine once, kept out of the repository, readable by this user only.
secrets="${XDG_STATE_HOME:-$HOME/.local/state}/siphub/test-secrets"
if [ ! -s "$secrets" ]; then
  mkdir -p "$(dirname "$secrets")"
  ( umask 077; for name in broker county participants postgres; do echo "$name=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')"; done > "$secrets" )
fi
secret() { awk -F= -v k="$1" '$1 == k { print $2 }' "$secrets"; }

# Broker users: the hub's own, and a county system's that may only publish to siphub.inbound
# (the tests send raw messages as it, with user_id set, as the contract asks).
broker_user() {
  local user=$1 password=$2 configure=$3 write=$4 read=$5
  as_root rabbitmqctl list_users -q 2>/dev/null | awk '{print $1}' | grep -qx "$user" \
    || as_root rabbitmqctl add_user "$user" "$password" >/dev/null
  as_root rabbitmqctl change_password "$user" "$password" >/dev/null
  as_root rabbitmqctl set_permissions -p / "$user" "$configure" "$write" "$read" >/dev/null
}
broker_user siphub "$(secret broker)" '.*' '.*' '.*'
broker_user county "$(secret county)" '^$' '^siphub\.inbound$' '^$'
# Participants' record systems, from the definitions file a deployment loads too: each reads only its own
# siphub.deliver.<hsa-id> queue and writes only siphub.inbound. The file has no passwords: each gets this
# machine's. The import runs in the background: wait for it.
# Imported once: a second import would run in the background while the passwords below are set.
if ! as_root rabbitmqctl list_permissions -q 2>/dev/null | grep -q '^eskilstuna-bistand'; then
  as_root rabbitmqctl import_definitions "$repo/docker/rabbitmq/definitions.json" >/dev/null
  for _ in $(seq 1 30); do
    as_root rabbitmqctl list_permissions -q 2>/dev/null | grep -q '^eskilstuna-bistand' && break
    sleep 1
  done
fi
# The import may still be writing a user (with no password) after its rights show: set each password until it holds.
for user in vc-froslunda eskilstuna-bistand; do
  for _ in $(seq 1 30); do
    as_root rabbitmqctl change_password "$user" "$(secret participants)" >/dev/null 2>&1 || true
    sleep 1
    as_root rabbitmqctl authenticate_user "$user" "$(secret participants)" >/dev/null 2>&1 && break
  done
done

# The tests' database user: may create and drop its own databases, nothing more.
if [ "$(as_root su postgres -c "psql -qtAc \"select 1 from pg_roles where rolname = 'siphub'\"")" != 1 ]; then
  as_root su postgres -c "psql -qc \"create role siphub login createdb\"" >&2
fi
as_root su postgres -c "psql -qc \"alter role siphub password '$(secret postgres)'\"" >&2

log "RabbitMQ and PostgreSQL are up (test passwords: $secrets)"
echo "export SIPHUB_TEST_RABBITMQ='amqp://siphub:$(secret broker)@127.0.0.1:5672/'"
echo "export SIPHUB_TEST_RABBITMQ_PUBLISHER='amqp://county:$(secret county)@127.0.0.1:5672/'"
echo "export SIPHUB_TEST_RABBITMQ_PARTICIPANT_PASSWORD='$(secret participants)'"
echo "export SIPHUB_TEST_POSTGRES='Host=127.0.0.1;Port=5432;Username=siphub;Password=$(secret postgres);Database=postgres'"
