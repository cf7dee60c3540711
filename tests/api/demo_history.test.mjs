// The demo database as `make run` makes it: months of generated history played
// through the services (src/demo/history.c), so that every view shows
// something on the first run, and the ledger of it all verifies; the counter
// records the fees before handing the results over, as a one-stop counter does.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
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

test('the counter records the fee before returning a result: mostly the national platform, cash with a receipt, a few never', withLog(() => srv, async () => {
  const sql = async (q) => (await promisify(execFile)('sqlite3', [srv.dbPath, q], { encoding: 'utf8' })).stdout.trim();
  const by = Object.fromEntries((await sql(`SELECT method || ' ' || count(*) FROM dossier_payments WHERE replaced_at IS NULL
    GROUP BY method`)).split('\n').filter(Boolean).map((l) => { const [m, n] = l.split(' '); return [m, Number(n)]; }));
  assert.ok(by.national_platform > by.cash && by.cash > 20, JSON.stringify(by));
  // A cash payment carries its receipt (biên lai), a platform payment its transaction reference.
  assert.equal(await sql(`SELECT count(*) FROM dossier_payments WHERE method = 'cash' AND receipt_no NOT GLOB 'BL-[0-9][0-9][0-9][0-9][0-9][0-9][0-9]'`), '0');
  assert.equal(await sql(`SELECT count(*) FROM dossier_payments WHERE method = 'national_platform' AND reference NOT LIKE 'PAYGOV-%'`), '0');
  // A free procedure or one whose fee is not published: no payment, but for the demo's guardianship dossier (fee 0).
  assert.equal(await sql(`SELECT count(*) FROM dossier_payments p JOIN dossiers d ON d.id = p.dossier_id
    JOIN procedures r ON r.id = d.procedure_id WHERE r.fee_vnd IS NULL OR r.fee_vnd = 0`), '1');
  // In the history (received before the demo's warning run; the demo's own dossiers come after it), recorded
  // by the unit's counter at the return's simulated time, the same second.
  assert.equal(await sql(`SELECT count(*) FROM dossier_payments p JOIN dossiers d ON d.id = p.dossier_id
    JOIN accounts a ON a.id = p.recorded_by
    WHERE d.received_at < (SELECT min(at) FROM events WHERE type = 'warn.run')
      AND (d.state <> 'returned' OR p.recorded_at <> d.finished_at OR a.role <> 'counter_officer' OR a.unit_id <> d.unit_id)`), '0');
  // So the early warning's `unpaid` measure sees a few returns without a payment, not nearly all of them.
  const [due, unpaid] = (await sql('SELECT sum(returns_fee_due) || \' \' || sum(returns_unpaid) FROM warn_official_daily'))
    .split(' ').map(Number);
  assert.ok(due > 50 && unpaid < due * 0.15, `${unpaid} of ${due} returns with a fee due unpaid`);
}));
