#!/usr/bin/env bash
# Bans C functions that invite overflows or hide errors (as curl does), and
# checks that SQL appears only in repo files, sql/ and the db and ledger layers.
set -euo pipefail
cd "$(dirname "$0")/.."
fail=0
banned='\b(sprintf|vsprintf|strcpy|strcat|strncpy|strncat|strtok|atoi|atol|atof|gets)\s*\('
if grep -rnE "$banned" src tests/unit --include='*.c' --include='*.h'; then
  echo "check-source: banned function(s) above; use snprintf, buf_*, strtol" >&2
  fail=1
fi
# SQL statements only where the architecture allows them.
sql='"(SELECT|INSERT|UPDATE|DELETE|CREATE|ALTER|DROP) '
if grep -rnE "$sql" src --include='*.c' | grep -vE "^src/([a-z0-9_]+/repo\.c|db/|ledger/ledger\.c)"; then
  echo "check-source: SQL outside repo.c files (above)" >&2
  fail=1
fi
# jansson's functions that copy, not steal, their argument leak an object made in the call
# (json_object_update(x, json_pack(...)) leaked on every ad-hoc inspection): make it a
# variable and release it, or use a _new variant.
leaky='\bjson_(object_update(_existing|_missing)?|array_extend)\s*\([^,]+,\s*json_(pack|object|array|string|integer)\b'
if grep -rnE "$leaky" src --include='*.c'; then
  echo "check-source: a jansson copy of an object made in the call leaks it (above); release it or use a _new variant" >&2
  fail=1
fi
# The docs say what the code does: the requirements summary, the ledger's events, the README's commands.
node scripts/check-docs.mjs || fail=1
# The API description and the route tables list the same routes.
node scripts/check-openapi.mjs || fail=1
# Every user-facing string has its English translation.
scripts/po-update.sh --check || fail=1
[ "$fail" -eq 0 ] && echo "check-source: ok"
exit "$fail"
