#!/usr/bin/env node
// Docs tell the truth, checked on every `make test` (scripts/check-source.sh):
//  1. the summary line of docs/requirements.md counts what its table says
//     (Done / Partial / Planned, with the same IDs);
//  2. every ledger event type the code can write is named in the ledger section
//     of docs/ARCHITECTURE.md ("Events so far: …");
//  3. no command is listed twice in the README's "Operating it" block.
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const read = (p) => fs.readFileSync(path.join(root, p), 'utf8');
const problems = [];

// 1. requirements summary
{
  const req = read('docs/requirements.md');
  const status = {};
  for (const m of req.matchAll(/^\| (R\d+) \|[^|]*\| \*\*(Done|Partial|Planned)\*\*/gm)) status[m[1]] = m[2];
  const line = (/^Summary: (.*)$/m.exec(req) || [])[1] || '';
  for (const kind of ['Done', 'Partial', 'Planned']) {
    const ids = Object.keys(status).filter((k) => status[k] === kind);
    const m = new RegExp(`(\\d+) ${kind}`).exec(line);
    if (!m || Number(m[1]) !== ids.length)
      problems.push(`docs/requirements.md: the summary says ${m ? m[1] : 'nothing'} ${kind}, the table has ${ids.length} (${ids.join(', ')})`);
  }
}

// 2. ledger events named in ARCHITECTURE.md
{
  const walk = (d) => fs.readdirSync(d, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(path.join(d, e.name)) : e.name.endsWith('.c') ? [path.join(d, e.name)] : []);
  const types = new Set();
  for (const f of walk(path.join(root, 'src'))) {
    const src = fs.readFileSync(f, 'utf8');
    // ledger_append(d, actor, unit, "type", …) with a literal type
    for (const m of src.matchAll(/ledger_append\([^;]*?"([a-z0-9_]+\.[a-z0-9_]+)"/gs)) types.add(m[1]);
    // type names kept in a variable first: const char *type = "x.y" / key_event(d, "x.y", …)
    for (const m of src.matchAll(/(?:key_event\(d, |\*type = )"([a-z0-9_]+\.[a-z0-9_]+)"/g)) types.add(m[1]);
  }
  const arch = read('docs/ARCHITECTURE.md');
  const para = (/Events so far[^:]*:([\s\S]*?)\n\n/.exec(arch) || [])[1] || '';
  for (const t of [...types].sort())
    if (!para.includes('`' + t + '`')) problems.push(`docs/ARCHITECTURE.md: the event \`${t}\` is written by the code but not named under "Events so far"`);
}

// 3. README commands listed once
{
  const readme = read('README.md');
  const block = (/## Operating it\s+```sh\n([\s\S]*?)```/.exec(readme) || [])[1] || '';
  const seen = new Map();
  for (const l of block.split('\n')) {
    const m = /^build\/minhbach\s+(\S+)(?:\s+(\S+))?/.exec(l);
    if (!m) continue;
    const words = m[2] && !m[2].startsWith('-') && !m[2].startsWith('"') ? `${m[1]} ${m[2]}` : m[1];
    const flags = (l.split('#')[0].match(/--[a-z-]+/g) || []).filter((f) => f !== '--db').sort().join(' ');
    const key = `${words} ${flags}`.trim();
    if (seen.has(key)) problems.push(`README.md: "minhbach ${key}" is listed twice in "Operating it"`);
    seen.set(key, l);
  }
}

if (problems.length) {
  for (const p of problems) console.error(`check-docs: ${p}`);
  process.exit(1);
}
console.log('check-docs: ok');
