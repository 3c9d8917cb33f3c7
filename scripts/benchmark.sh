#!/usr/bin/env bash
# The pipeline benchmark (README): starts RabbitMQ and PostgreSQL, then prints SipHub's figures beside
# the raw broker and database rates of the same run. Argument: number of episodes (default 2000).
set -euo pipefail
cd "$(dirname "$0")/.."
settings=$(bash scripts/services.sh)
eval "$settings"
dotnet build src/SipHub.Hub -c Release -v q -nologo >&2
# The hub as it ships (docker/Dockerfile): published ReadyToRun, so its first minute runs precompiled code, not the JIT's
# first tier. The FHIR micro-benchmark runs in process and needs none of it.
if [ "${1:-}" != fhir ]; then
  hub=$(mktemp -d /tmp/siphub-benchmark-hub.XXXXXX)
  trap 'rm -rf "$hub"' EXIT
  dotnet publish src/SipHub.Hub -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o "$hub" -v q -nologo >&2
  export SIPHUB_HUB_ASSEMBLY="$hub/SipHub.Hub.dll"
fi
dotnet run -c Release --project tests/SipHub.Benchmarks -- "$@"
