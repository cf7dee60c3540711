// Open311 XML in tests: parsed by python3's xml.etree (an independent parser)
// into {tag, text, children}, and small accessors.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';

const PY = `
import sys, json, xml.etree.ElementTree as ET
def conv(e):
    return {"tag": e.tag, "text": e.text or "", "children": [conv(c) for c in e]}
print(json.dumps(conv(ET.fromstring(sys.stdin.buffer.read()))))
`;
export function parseXml(text) {
  assert.ok(text.startsWith('<?xml version="1.0" encoding="utf-8"?>'), `XML declaration missing: ${text.slice(0, 80)}`);
  return JSON.parse(execFileSync('python3', ['-c', PY], { input: text }).toString('utf8'));
}
export const kids = (n, tag) => n.children.filter((c) => c.tag === tag);
export const kid = (n, tag) => {
  const k = kids(n, tag);
  assert.equal(k.length, 1, `<${n.tag}> should have one <${tag}>, has ${k.length}: ${JSON.stringify(n.children.map((c) => c.tag))}`);
  return k[0];
};
export const txt = (n, tag) => kid(n, tag).text;
export const tags = (n) => n.children.map((c) => c.tag);
