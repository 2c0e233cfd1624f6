#!/usr/bin/env bash
# Stratus against LiteSVM on the same transactions, one thread each (docs/benchmarks.md, "Transactions: Stratus vs LiteSVM").
#
#   bench/litesvm-compare.sh [token-transfer|ui-amount|all] [--count N] [--warmup W] [--rounds R] [--no-sigverify] [--keep DIR]
#
# For each workload: bench/litesvm/workload.mjs builds the signed transactions in LiteSVM (npm litesvm 0.2.0), times
# LiteSVM executing them and writes the workload file; then Stratus.Benchmarks litesvm-replay checks that Stratus
# reproduces LiteSVM's status and compute units for every transaction and the final state of every account (it
# fails otherwise) and times TransactionProcessor over the same transactions. Needs node >= 20 and
# `npm ci` in tools/vectors; shared data is found as the vector tools find it (../shared or STRATUS_SHARED).
set -euo pipefail
cd "$(dirname "$0")/.."

kind=${1:-all}
[[ $# -gt 0 ]] && shift
count=10000 warmup=2000 rounds=5 nosig=() keep=
while [[ $# -gt 0 ]]; do
  case $1 in
    --count) count=$2; shift 2 ;;
    --warmup) warmup=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --no-sigverify) nosig=(--no-sigverify); shift ;;
    --keep) keep=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
case $kind in
  all) kinds=(token-transfer ui-amount) ;;
  token-transfer|ui-amount) kinds=("$kind") ;;
  *) echo "unknown workload $kind" >&2; exit 2 ;;
esac

[[ -d tools/vectors/node_modules ]] || (cd tools/vectors && npm ci --no-audit --no-fund)
dotnet build bench/Stratus.Benchmarks -c Release -v q -nologo >/dev/null
bench=bench/Stratus.Benchmarks/bin/Release/net10.0/Stratus.Benchmarks
if [[ -n $keep ]]; then
  work=$keep; mkdir -p "$work"   # workload files stay for litesvm-replay runs of other builds
else
  work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
fi

for k in "${kinds[@]}"; do
  n=$count w=$warmup
  # UiAmountToAmount transactions cost ~80,000 CU each: fewer of them take as long as the transfers.
  [[ $k == ui-amount ]] && n=$((count / 10)) w=$((warmup / 10))
  echo "== $k: $n timed transactions after $w warm-up, sigverify $([[ ${#nosig[@]} -gt 0 ]] && echo off || echo on); load $(cut -d' ' -f1-3 /proc/loadavg)"
  node --no-allocation-site-pretenuring bench/litesvm/workload.mjs "$k" --count "$n" --warmup "$w" "${nosig[@]}" --out "$work/$k.json"
  "$bench" litesvm-replay "$work/$k.json" --rounds "$rounds"
done
