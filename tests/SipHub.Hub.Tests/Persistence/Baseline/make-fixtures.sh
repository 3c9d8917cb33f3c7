#!/usr/bin/env bash
# Makes databases of the last release before migrations (commit 5b9adf3) with data in them, for
# BaselineUpgradeTests: that release's hub takes that release's examples over HTTP, and each database is dumped.
#   git worktree add /tmp/baseline 5b9adf3 && dotnet build /tmp/baseline/src/SipHub.Hub -c Release
#   eval "$(bash scripts/services.sh)" && bash tests/SipHub.Hub.Tests/Persistence/Baseline/make-fixtures.sh /tmp/baseline
# Needs the local PostgreSQL (scripts/services.sh), curl, pg_dump and sqlite3.
set -euo pipefail
release=$(cd "$1" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
hub=$release/src/SipHub.Hub/bin/Release/net10.0/SipHub.Hub.dll
examples=$release/contracts/examples
url=http://127.0.0.1:5391
work=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill "$pid" 2> /dev/null; rm -rf "$work"' EXIT

feed() {
  dotnet "$hub" --urls "$url" "$@" > "$work/hub.log" 2>&1 &
  pid=$!
  until curl -sf "$url/health/ready" > /dev/null; do
    kill -0 "$pid" 2> /dev/null || { cat "$work/hub.log"; exit 1; }
    sleep 1
  done
  # One at a time: each kind has its own queue, and the plan must not overtake the invitation.
  for kind in admission-notice care-contact-appointed discharge-ready sip-invitation sip-plan; do
    curl -sS --fail-with-body -X POST -H 'Content-Type: application/json' --data-binary "@$examples/$kind.json" "$url/api/inbound/$kind"
    sleep 2
  done
  # A directory entry, too.
  curl -sS --fail-with-body -X PUT -H 'Content-Type: application/json' "$url/api/participants/SE2120000357-3001" --data-binary \
    '{"organisation":"Eskilstuna kommun, biståndsenheten","type":"municipal-social-services","municipalityCode":"0484","channel":"amqp"}'
  # The first plan waits for a cold FHIR validator.
  for _ in $(seq 60); do curl -sf "$url/api/plans/SIP-2026-0117" > /dev/null && break; sleep 1; done
  curl -sS --fail-with-body "$url/api/plans/SIP-2026-0117" > /dev/null
  kill -TERM "$pid"
  wait "$pid" || true
  pid=
}

# PostgreSQL: the hub user's server from scripts/services.sh, with the password it generated for this machine.
password=$(sed -n 's/.*Password=\([^;]*\);.*/\1/p' <<< "${SIPHUB_TEST_POSTGRES:?run eval \"\$(bash scripts/services.sh)\" first}")
export PGHOST=127.0.0.1 PGPORT=5432 PGUSER=siphub PGPASSWORD=$password
psql -q -d postgres -c "DROP DATABASE IF EXISTS siphub_baseline" -c "CREATE DATABASE siphub_baseline"
feed --ConnectionStrings:SipHub "Host=127.0.0.1;Port=5432;Username=siphub;Password=$password;Database=siphub_baseline"
# Plain SQL the tests run through Npgsql: no psql meta-commands (\restrict), no comments; gzipped, as the
# deliveries' FHIR Bundles make it a third of a megabyte.
pg_dump --inserts --no-owner --no-privileges --no-comments -d siphub_baseline \
  | grep -v -e '^--' -e '^\\restrict' -e '^\\unrestrict' | cat -s | gzip -9n > "$here/postgres.sql.gz"
psql -q -d postgres -c "DROP DATABASE siphub_baseline"

# SQLite: the embedded default's file.
feed --ConnectionStrings:Sqlite "Data Source=$work/siphub.db"
sqlite3 "$work/siphub.db" .dump | gzip -9n > "$here/sqlite.sql.gz"
wc -c "$here/postgres.sql.gz" "$here/sqlite.sql.gz"
