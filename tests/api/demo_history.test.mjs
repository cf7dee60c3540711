// The demo database as `make run` makes it: months of generated history played
// through the services (src/demo/history.c), so that every view shows
// something on the first run, and the ledger of it all verifies.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, login, runCli, withLog } from '../lib/server.mjs';

let srv, head, inspector;

before(async () => {
  srv = await startServer({ history: true });
  head = await login(srv.url, 'truongphuong');
  inspector = await login(srv.url, 'thanhtra');
});
after(async () => { if (srv) await srv.cleanup(); });

const page = async (p) => {
  const res = await fetch(srv.url + p, { headers: { Accept: 'text/html' } });
  return { status: res.status, text: await res.text() };
};

test('the ledger of the generated history verifies', withLog(() => srv, async () => {
  const r = await runCli(['verify', '--db', srv.dbPath]);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  const m = /ledger intact: (\d+) events/.exec(r.stdout);
  assert.ok(m && Number(m[1]) > 1000, `a short ledger: ${r.stdout}`);
}));

test('the head of the ward has overdue dossiers and overdue reports', withLog(() => srv, async () => {
  const d = await api(srv.url, 'GET', '/api/v1/dossiers', { cookie: head.cookie });
  assert.equal(d.status, 200, d.text);
  assert.ok(d.json.dossiers.some((x) => x.risk === 'overdue'), 'no overdue dossier in the head\'s list');
  const all = await api(srv.url, 'GET', '/api/v1/dossiers?all=1', { cookie: head.cookie });
  assert.ok(all.json.dossiers.filter((x) => x.state === 'returned').length > 50, 'no months of returned dossiers');
  assert.ok(all.json.dossiers.some((x) => x.late), 'no dossier returned late');
  const c = await api(srv.url, 'GET', '/api/v1/cases?view=overdue', { cookie: head.cookie });
  assert.equal(c.status, 200, c.text);
  assert.ok(c.json.cases.length > 0, 'no overdue report in the head\'s list');
}));

test('results, statistics and both apology registers are filled', withLog(() => srv, async () => {
  const res = await api(srv.url, 'GET', '/api/v1/results');
  assert.equal(res.status, 200, res.text);
  assert.ok(res.json.total > 20, `only ${res.json.total} published results`);
  const st = await api(srv.url, 'GET', '/api/v1/results/stats');
  assert.equal(st.status, 200, st.text);
  const t = st.json.totals;
  for (const k of ['received', 'concluded_on_time', 'concluded_late', 'overdue_now', 'at_fault', 'apologies', 'sanctions'])
    assert.ok(t[k] > 0, `statistics: ${k} is ${t[k]}`);
  assert.ok(st.json.units.length >= 3, 'the statistics name fewer than three units');
  const ap = await api(srv.url, 'GET', '/api/v1/results/apologies');
  assert.equal(ap.status, 200, ap.text);
  assert.ok(ap.json.total > 3, `only ${ap.json.total} published apologies`);
  const dap = await api(srv.url, 'GET', '/api/v1/apologies');
  assert.equal(dap.status, 200, dap.text);
  assert.ok(dap.json.units.length > 0, 'no dossier apology letter in the register');
  for (const p of ['/results', '/results/stats', '/results/apologies', '/apologies']) {
    const h = await page(p);
    assert.equal(h.status, 200, p);
  }
}));

test('reports were escalated and officials of other units carry sanctions', withLog(() => srv, async () => {
  const all = await api(srv.url, 'GET', '/api/v1/cases?view=all&limit=500', { cookie: inspector.cookie });
  assert.equal(all.status, 200, all.text);
  const kinds = new Set(all.json.cases.map((c) => c.kind));
  for (const k of ['feedback', 'petition', 'complaint', 'denunciation', 'information']) assert.ok(kinds.has(k), `no ${k}`);
  const states = new Set(all.json.cases.map((c) => c.state));
  for (const s of ['received', 'assigned', 'published', 'resolved', 'reopened']) assert.ok(states.has(s), `no case ${s}`);
  // Unsatisfied twice: gone up to the Provincial People's Committee (the ward's unit above).
  assert.ok(all.json.cases.some((c) => c.unit === 'ubnd-tinh-son-la' && c.state === 'reopened'), 'no escalated report');
  assert.ok(all.json.cases.some((c) => c.risk === 'overdue'), 'no overdue report');
  let sanctions = 0;
  for (const login of ['motcua.tohieu', 'motcua.chiengson']) {
    const r = await api(srv.url, 'GET', `/api/v1/officials/${login}/record`, { cookie: inspector.cookie });
    assert.equal(r.status, 200, r.text);
    sanctions += r.json.sanctions.length;
  }
  assert.ok(sanctions > 0, 'no sanction on the record of the generated officials');
}));
