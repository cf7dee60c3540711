#!/usr/bin/env bash
# Extracts the user-facing strings (Vietnamese msgids) from src/ into
# po/minhbach.pot, merges them into po/en.po and fills the English from
# po/en/*.json (add a string's translation there, then run this). With --check, changes
# nothing and fails when a string has no English translation.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
xgettext --from-code=UTF-8 --language=C --no-location --sort-output \
  --keyword= --keyword=web_t:2 --keyword=N_ --keyword=contact_row:2 \
  --package-name=minhbach -o "$tmp/minhbach.pot" $(find src -name '*.c' | sort)
if [ "${1:-}" = "--check" ]; then
  msgmerge -q --no-fuzzy-matching -o "$tmp/en.po" po/en.po "$tmp/minhbach.pot"
  stats=$(msgfmt --statistics -o /dev/null "$tmp/en.po" 2>&1)
  if echo "$stats" | grep -qE 'untranslated|fuzzy'; then
    echo "po: strings without English: $stats" >&2
    msgattrib --untranslated --no-obsolete "$tmp/en.po" | grep '^msgid' | tail -n +2 >&2
    exit 1
  fi
  echo "po: $stats"
  exit 0
fi
cp "$tmp/minhbach.pot" po/minhbach.pot
msgmerge -q --no-fuzzy-matching --update --backup=none po/en.po po/minhbach.pot
msgattrib --no-obsolete -o po/en.po po/en.po
# English from po/en/*.json (one file per part of the product).
python3 po/translate.py po/en.po
echo "po: $(msgfmt --statistics -o /dev/null po/en.po 2>&1)"
