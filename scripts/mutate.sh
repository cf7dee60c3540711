#!/usr/bin/env bash
# Mutation check of the security and legal rules: each mutation in
# scripts/mutations/*.mut is a small change that breaks one rule (a field left
# out of the ledger hash, a working-day clock turned into calendar days, a
# denounced official allowed to see the case, ...). For each one, this script
# applies it, rebuilds, runs the unit and API suites, and expects them to FAIL;
# then it restores the file. A mutation that passes the suites is a SURVIVOR: a
# rule that no test guards. Run on demand (it takes minutes per mutation):
#
#   scripts/mutate.sh                 every mutation, full unit + API suites
#   scripts/mutate.sh --quick         run only each mutation's `quick:` tests (seconds)
#   scripts/mutate.sh --list          list the mutations
#   scripts/mutate.sh NAME...         only these (file names without .mut)
#   scripts/mutate.sh --check         only check that every mutation still applies
#
# A .mut file:
#   # one line saying which rule it breaks
#   file: src/ledger/ledger.c
#   quick: ctest:test_ledger api:cli_verify      (optional: a faster subset)
#   --- from
#   <exact text, found exactly once in the file>
#   --- to
#   <replacement>
# Exit 0 when every mutation was killed, 1 when one survived or no longer applies.
set -uo pipefail
cd "$(dirname "$0")/.."
build=${MUTATE_BUILD:-build-mutate}
mode=full
names=()
for a in "$@"; do
  case "$a" in
    --quick) mode=quick ;;
    --list) mode=list ;;
    --check) mode=check ;;
    -h|--help) sed -n 2,24p "$0"; exit 0 ;;
    *) names+=("$a") ;;
  esac
done

files=()
if [ "${#names[@]}" -eq 0 ]; then
  for f in scripts/mutations/*.mut; do files+=("$f"); done
else
  for n in "${names[@]}"; do files+=("scripts/mutations/$n.mut"); done
fi

# apply FILE.mut [--revert-to BACKUP]: prints the target file; exit 1 if the text is not found exactly once.
apply() {
  python3 - "$1" <<'PY'
import sys, re
mut = open(sys.argv[1], encoding='utf-8').read()
head, rest = mut.split('--- from\n', 1)
frm, to = rest.split('--- to\n', 1)
frm = frm[:-1] if frm.endswith('\n') else frm
to = to[:-1] if to.endswith('\n') else to
target = re.search(r'^file:\s*(\S+)', head, re.M).group(1)
src = open(target, encoding='utf-8').read()
n = src.count(frm)
if n != 1:
    print(f"{target}: the 'from' text is found {n} times (must be once)", file=sys.stderr)
    sys.exit(1)
open(target, 'w', encoding='utf-8').write(src.replace(frm, to))
print(target)
PY
}

field() { grep -m1 -E "^$2:" "$1" | sed -E "s/^$2:\s*//"; }

if [ "$mode" = list ]; then
  for f in "${files[@]}"; do printf '%-36s %s\n' "$(basename "$f" .mut)" "$(head -1 "$f" | sed 's/^# //')"; done
  exit 0
fi

if [ "$mode" != check ]; then
  cmake -S . -B "$build" -DMB_BENCH=OFF >/dev/null || exit 1
  cmake --build "$build" -j "$(nproc)" >/dev/null || { echo "mutate: the unmutated tree does not build"; exit 1; }
fi

run_suites() {  # $1 = .mut file; exit 0 when the suites pass (the mutation survived)
  local quick
  quick=$(field "$1" quick)
  if [ "$mode" = quick ] && [ -n "$quick" ]; then
    local t ok=0
    for t in $quick; do
      case "$t" in
        ctest:*) (cd "$build" && ctest -R "^${t#ctest:}\$" >/dev/null 2>&1) || ok=1 ;;
        api:*) (cd tests && MINHBACH_BIN="$PWD/../$build/minhbach" node --test --test-concurrency=1 "api/${t#api:}.test.mjs" >/dev/null 2>&1) || ok=1 ;;
      esac
      [ "$ok" -eq 1 ] && return 1
    done
    return 0
  fi
  (cd "$build" && ctest >/dev/null 2>&1) || return 1
  (cd tests && MINHBACH_BIN="$PWD/../$build/minhbach" node --test --test-concurrency=1 api/ >/dev/null 2>&1) || return 1
  return 0
}

killed=0 survived=0 stale=0
for f in "${files[@]}"; do
  name=$(basename "$f" .mut)
  target=$(field "$f" file)
  backup=$(mktemp)
  cp "$target" "$backup"
  if ! apply "$f" >/dev/null; then
    echo "STALE     $name (no longer applies to $target)"; stale=$((stale + 1)); rm -f "$backup"; continue
  fi
  if [ "$mode" = check ]; then
    cp "$backup" "$target"; rm -f "$backup"; echo "applies   $name"; continue
  fi
  if ! cmake --build "$build" -j "$(nproc)" >/dev/null 2>&1; then
    verdict="killed    $name (does not build)"; killed=$((killed + 1))
  elif run_suites "$f"; then
    verdict="SURVIVED  $name: $(head -1 "$f" | sed 's/^# //')"; survived=$((survived + 1))
  else
    verdict="killed    $name"; killed=$((killed + 1))
  fi
  cp "$backup" "$target"; rm -f "$backup"
  # Restore the timestamp order so the next build recompiles the restored file.
  touch "$target"
  echo "$verdict"
done
if [ "$mode" != check ]; then cmake --build "$build" -j "$(nproc)" >/dev/null 2>&1; fi
echo "mutate: $killed killed, $survived survived, $stale stale (of ${#files[@]})"
[ "$survived" -eq 0 ] && [ "$stale" -eq 0 ]
