#!/usr/bin/env bash
# The main job. Until the node lands, this runs the conformance harness over the bundled vectors
# (conformance-vectors/) and the shared Firedancer interpreter cases.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
"$ROOT/scripts/setup.sh"
SHARED="${STRATUS_SHARED:-$ROOT/../shared}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build src/Stratus.Node -c Release -nologo -v q -clp:ErrorsOnly
paths=()
[ -n "$(ls -A conformance-vectors 2>/dev/null | grep -v '^README' || true)" ] && paths+=(conformance-vectors)
[ -d "$SHARED/data/vm-interp-text" ] && paths+=("$SHARED/data/vm-interp-text")
[ "${#paths[@]}" -gt 0 ] || { echo "no conformance vectors found (expected conformance-vectors/ or $SHARED/data/vm-interp-text)" >&2; exit 2; }
known=()
[ -f conformance-vectors/known-failures.txt ] && known=(--known-failures conformance-vectors/known-failures.txt)
exec dotnet src/Stratus.Node/bin/Release/net10.0/stratus.dll conformance run "${paths[@]}" ${known[@]+"${known[@]}"} "$@"
