#!/usr/bin/env bash
# Runs every test suite: the xunit projects and the conformance harness over the project's vectors
# and the shared real data. Ends with one line: "N passed, M failed" (all suites together).
set -uo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
"$ROOT/scripts/setup.sh" || exit 2

SHARED="${STRATUS_SHARED:-$ROOT/../shared}"
export STRATUS_SHARED="$SHARED"
RESULTS="$ROOT/artifacts/test-results"
rm -rf "$RESULTS" && mkdir -p "$RESULTS"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

dotnet build Stratus.sln -c Release -nologo -v q -clp:ErrorsOnly || { echo "build failed"; echo "0 passed, 1 failed"; exit 1; }

dotnet test Stratus.sln -c Release --no-build -nologo -v q \
  --logger "trx" --logger "console;verbosity=minimal" --results-directory "$RESULTS"
unit_rc=$?

passed=0; failed=0; skipped=0
shopt -s nullglob
trx_files=("$RESULTS"/*.trx)
for trx in "${trx_files[@]}"; do
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters"); f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  t=$(sed -n 's/.* total="\([0-9]*\)".*/\1/p' <<<"$counters"); e=$(sed -n 's/.* executed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0})); skipped=$((skipped + ${t:-0} - ${e:-0}))
done
if [ "${#trx_files[@]}" -eq 0 ] || [ "$unit_rc" -ne 0 -a "$failed" -eq 0 ]; then
  echo "unit test run did not complete (exit $unit_rc)"; failed=$((failed + 1))
fi

# Conformance: the project's own vectors and the shared interpreter cases.
conf_paths=()
[ -n "$(ls -A conformance-vectors 2>/dev/null | grep -v '^README' || true)" ] && conf_paths+=("conformance-vectors")
if [ -d "$SHARED/data/vm-interp-text" ]; then
  conf_paths+=("$SHARED/data/vm-interp-text")
elif [ "${CI:-}" = "true" ]; then
  echo "missing $SHARED/data/vm-interp-text (CI requires ../shared)"; failed=$((failed + 1))
else
  echo "skipping shared interpreter cases: $SHARED/data/vm-interp-text not found"
fi
known_args=()
[ -f conformance-vectors/known-failures.txt ] && known_args=(--known-failures conformance-vectors/known-failures.txt)
if [ "${#conf_paths[@]}" -gt 0 ]; then
  out=$(dotnet src/Stratus.Node/bin/Release/net10.0/stratus.dll conformance run "${conf_paths[@]}" --json "$RESULTS/conformance.json" ${known_args[@]+"${known_args[@]}"} 2>&1)
  echo "$out" | tail -n 20
  line=$(echo "$out" | grep -E '^[0-9]+ passed, [0-9]+ failed' | tail -1)
  if [ -z "$line" ]; then
    echo "conformance run did not report a summary"; failed=$((failed + 1))
  else
    cp=$(sed -n 's/^\([0-9]*\) passed.*/\1/p' <<<"$line"); cf=$(sed -n 's/.* \([0-9]*\) failed.*/\1/p' <<<"$line")
    ck=$(sed -n 's/.* \([0-9]*\) skipped.*/\1/p' <<<"$line")
    passed=$((passed + cp)); failed=$((failed + cf)); skipped=$((skipped + ${ck:-0}))
  fi
fi

[ "$skipped" -gt 0 ] && echo "($skipped skipped)"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
