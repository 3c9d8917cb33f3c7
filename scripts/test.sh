#!/usr/bin/env bash
# The test command (README): starts what the tests need, then runs every test of the solution.
set -euo pipefail
cd "$(dirname "$0")/.."
settings=$(bash scripts/services.sh)
eval "$settings"
# Node for the non-.NET county system of the tests (amqplib) and the independent FHIR validator (Medplum).
command -v npm >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null; }
npm ci --prefix tests/SipHub.Hub.Tests/Node --no-audit --no-fund --loglevel=error >&2
npm ci --prefix tests/SipHub.Fhir.Tests/Node --no-audit --no-fund --loglevel=error >&2
# The family's copy (issue 24) is checked as a reader's tools see it: poppler's pdftotext and pdffonts, and qpdf.
command -v pdftotext >/dev/null 2>&1 && command -v qpdf >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils qpdf >/dev/null; }
# The dashboard's browser tests drive Debian's Chromium through Playwright (whose own browser download is not used).
command -v chromium >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }
# The production-like site of docker/ cannot run here (no Docker engine); its compose file is checked.
command -v docker-compose >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker-compose >/dev/null; }
# It holds no secrets: without them it must refuse, with them (throwaway values here) it must be valid.
if docker-compose -f docker/compose.yaml config -q 2>/dev/null; then echo "docker/compose.yaml starts without its secrets" >&2; exit 1; fi
SIPHUB_ERLANG_COOKIE=check SIPHUB_BROKER_PASSWORD=check SIPHUB_PARTICIPANT_PASSWORD=check SIPHUB_POSTGRES_PASSWORD=check \
  SIPHUB_ADMIN_KEY=check-0123456789abcdef docker-compose -f docker/compose.yaml config -q
# The code is as .editorconfig says (the build holds line length, naming and usings; this holds the layout).
dotnet format SipHub.sln --verify-no-changes -v q
dotnet test SipHub.sln -c Release --logger "console;verbosity=normal" "$@"
