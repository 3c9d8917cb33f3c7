#!/usr/bin/env bash
# The pipeline benchmark (README): starts RabbitMQ and PostgreSQL, then prints SipHub's figures beside
# the raw broker and database rates of the same run. Argument: number of episodes (default 2000).
set -euo pipefail
cd "$(dirname "$0")/.."
settings=$(bash scripts/services.sh)
eval "$settings"
dotnet build src/SipHub.Hub -c Release -v q -nologo >&2
dotnet run -c Release --project tests/SipHub.Benchmarks -- "$@"
