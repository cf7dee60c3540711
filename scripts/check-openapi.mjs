#!/usr/bin/env node
// Checks that the JSON routes registered in the C route tables and the paths of
// docs/openapi.yaml are the same set (method and path), so the two cannot drift.
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const walk = (d) => fs.readdirSync(d, { withFileTypes: true }).flatMap((e) =>
  e.isDirectory() ? walk(path.join(d, e.name)) : e.name.endsWith('.c') ? [path.join(d, e.name)] : []);

const code = new Set();
for (const f of walk(path.join(root, 'src'))) {
  for (const m of fs.readFileSync(f, 'utf8').matchAll(/\{"(GET|POST|PATCH|PUT|DELETE)", "([^"]+)"/g)) {
    const p = m[2];
    // /api/v1/test/…: test-only routes, registered only under MINHBACH_TEST_SLOW_ROUTE=1 (src/app/app.c).
    if (p.startsWith('/api/v1/test/')) continue;
    if (p.startsWith('/api/') || p === '/healthz' || p === '/metrics') code.add(`${m[1]} ${p}`);
  }
}

const yaml = fs.readFileSync(path.join(root, 'docs', 'openapi.yaml'), 'utf8').split('\n');
const spec = new Set();
let inPaths = false, cur = null;
for (const line of yaml) {
  if (/^paths:\s*$/.test(line)) { inPaths = true; continue; }
  if (inPaths && /^\S/.test(line)) inPaths = false;
  if (!inPaths) continue;
  let m = line.match(/^  (\/\S*):\s*$/);
  if (m) { cur = m[1]; continue; }
  m = line.match(/^    (get|post|patch|put|delete):/);
  if (m && cur) spec.add(`${m[1].toUpperCase()} ${cur}`);
}

const missing = [...code].filter((r) => !spec.has(r));
const extra = [...spec].filter((r) => !code.has(r));
for (const r of missing) console.error(`check-openapi: route not in docs/openapi.yaml: ${r}`);
for (const r of extra) console.error(`check-openapi: docs/openapi.yaml describes a route the code lacks: ${r}`);
if (missing.length || extra.length) process.exit(1);
console.log(`check-openapi: ${code.size} routes match docs/openapi.yaml`);
