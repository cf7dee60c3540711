#!/usr/bin/env python3
"""Fills po/en.po's msgstr from po/en/*.json (the JSON wins over an older translation). Run scripts/po-update.sh first, then this;
`make test` checks that nothing is left untranslated."""
import re, sys, pathlib

import glob, json, os
HERE = pathlib.Path(__file__).resolve().parent
# English for each Vietnamese msgid, one JSON file per part of the product (po/en/*.json),
# so that parts developed side by side do not edit the same file.
EN = {}
for f in sorted((HERE / 'en').glob('*.json')):
    EN.update(json.loads(f.read_text(encoding='utf-8')))

def esc(s):
    return s.replace('\\', '\\\\').replace('"', '\\"').replace('\n', '\\n')

path = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else 'po/en.po')
text = path.read_text(encoding='utf-8')
out, missing = [], []
blocks = text.split('\n\n')
for b in blocks:
    m = re.search(r'^msgid ((?:".*"\n?)+)msgstr ((?:".*"\n?)+)', b, re.M)
    if not m:
        out.append(b); continue
    mid = ''.join(re.findall(r'"(.*)"', m.group(1))).replace('\\"', '"').replace('\\n', '\n')
    mstr = ''.join(re.findall(r'"(.*)"', m.group(2)))
    # The JSON files are the source of the English: a changed translation there replaces the old one.
    if mid and mid in EN:
        if EN[mid] != mstr.replace('\\"', '"').replace('\\n', '\n'):
            b = b[:m.start(2)] + '"' + esc(EN[mid]) + '"' + ('\n' if m.group(2).endswith('\n') else '') + b[m.end(2):]
    elif mid and not mstr:
        missing.append(mid)
    out.append(b)
path.write_text('\n\n'.join(out), encoding='utf-8')
if missing:
    print('no translation for:', *missing, sep='\n  ')
