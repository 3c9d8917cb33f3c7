#!/usr/bin/env bash
# The test command (README): starts what the tests need, then runs every test of the solution.
set -euo pipefail
cd "$(dirname "$0")/.."
settings=$(bash scripts/services.sh)
eval "$settings"
dotnet test SipHub.sln -c Release --logger "console;verbosity=normal" "$@"
