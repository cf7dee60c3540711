// The command line: --version, --help, init for a real deployment, demo idempotence,
// configuration from the environment, refusal to serve an uninitialised database,
// and a clean stop on SIGTERM.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { runCli, BIN, api, startServer } from '../lib/server.mjs';

async function tmpdir() { return fsp.mkdtemp(path.join(os.tmpdir(), 'minhbach-cli-')); }

test('--version and --help', async () => {
  const v = await runCli(['--version']);
  assert.equal(v.code, 0);
  assert.match(v.stdout, /^minhbach \d+\.\d+\.\d+\n$/);
  const h = await runCli(['--help']);
  assert.equal(h.code, 0);
  for (const cmd of ['serve', 'init', 'demo', 'verify']) assert.match(h.stdout, new RegExp(`\\b${cmd}\\b`));
  for (const env of ['MINHBACH_DB', 'MINHBACH_PORT', 'MINHBACH_LISTEN', 'MINHBACH_LOG_LEVEL']) assert.ok(h.stdout.includes(env), env);
  for (const cmd of ['serve', 'init', 'demo', 'verify']) {
    const c = await runCli([cmd, '--help']);
    assert.equal(c.code, 0, cmd);
    assert.match(c.stdout, new RegExp(`^usage: minhbach ${cmd}`), cmd);
  }
});

test('bad command lines exit 2 with a message', async () => {
  const none = await runCli([]);
  assert.equal(none.code, 2);
  const unknown = await runCli(['frobnicate']);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /unknown command frobnicate/);
  const port = await runCli(['serve', '--port', '99999']);
  assert.equal(port.code, 2);
  assert.match(port.stderr, /bad port/);
  const level = await runCli(['verify', '--log-level', 'loud']);
  assert.equal(level.code, 2);
  const envPort = await runCli(['serve'], { env: { MINHBACH_PORT: 'eighty' } });
  assert.equal(envPort.code, 2);
});

test('init creates a deployment without demo data and prints the admin password once', async () => {
  const dir = await tmpdir();
  try {
    const db = path.join(dir, 'prod.db');
    const r = await runCli(['init', '--db', db]);
    assert.equal(r.code, 0, r.stderr);
    const m = r.stdout.match(/login `admin`, password `([^`]+)`/);
    assert.ok(m, r.stdout);
    const key = fs.statSync(db + '.key');
    assert.equal(key.mode & 0o777, 0o600, 'the signing key must be private');
    // A second init refuses to touch the database.
    const again = await runCli(['init', '--db', db]);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /already exists/);
    // The server starts on it; no demo account exists, the admin signs in.
    const proc = spawn(BIN, ['serve', '--db', db], { env: { ...process.env, MINHBACH_PORT: '0', MINHBACH_LISTEN: '127.0.0.1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    const url = await new Promise((resolve, reject) => {
      let out = '';
      proc.stdout.setEncoding('utf8').on('data', (d) => { out += d; const x = out.match(/listening on (http:\/\/\S+)/); if (x) resolve(x[1]); });
      proc.once('exit', (c) => reject(new Error(`serve exited ${c}`)));
    });
    try {
      const demo = await api(url, 'POST', '/api/v1/session', { body: { login: 'quantri', password: 'minhbach-demo' } });
      assert.equal(demo.status, 401, 'a real deployment has no demo accounts');
      const admin = await api(url, 'POST', '/api/v1/session', { body: { login: 'admin', password: m[1] } });
      assert.equal(admin.status, 200, admin.text);
      assert.equal(admin.json.account.role, 'admin');
      const u = await api(url, 'GET', '/api/v1/units/phuong-chieng-coi');
      assert.equal(u.status, 200, 'the province\'s units are reference data, loaded by init');
      assert.equal(u.json.unit.phone, '', 'no demo contacts in a real deployment');
      assert.equal(u.json.unit.contacts_demo, false);
      const units = await api(url, 'GET', '/api/v1/units');
      assert.equal(units.json.units.length, 92);
      const holidays = await api(url, 'GET', '/api/v1/holidays');
      assert.equal(holidays.json.holidays.length, 41, 'the holidays are reference data, loaded by init');
    } finally {
      proc.kill('SIGTERM');
      const code = await new Promise((resolve) => proc.once('exit', (c) => resolve(c)));
      assert.equal(code, 0, 'SIGTERM stops the server cleanly with exit 0');
    }
    const v = await runCli(['verify', '--db', db]);
    assert.equal(v.code, 0, v.stdout + v.stderr);
    assert.match(v.stdout, /ledger intact: 100 events/);   // 92 units + the holidays loaded + the rating criteria loaded + the early-warning rules loaded + the obligations' rules + the discipline data + the public-duty checklist loaded + the recordings' rules + the admin account
  } finally {
    await fsp.rm(dir, { recursive: true, force: true });
  }
});

test('demo is idempotent and always prints the logins', async () => {
  const dir = await tmpdir();
  try {
    const db = path.join(dir, 'demo.db');
    const first = await runCli(['demo', '--db', db]);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /Created/);
    const v0 = await runCli(['verify', '--db', db]);
    const events = /ledger intact: (\d+) events/.exec(v0.stdout);
    assert.ok(events && Number(events[1]) > 1000, `the demo has no history: ${v0.stdout}`);
    const second = await runCli(['demo', '--db', db]);
    assert.equal(second.code, 0, second.stderr);
    assert.match(second.stdout, /existing database/);
    for (const login of ['congdan', 'motcua', 'xuly', 'truongphuong', 'thanhtra', 'vanphongubnd', 'thanhtranoivu', 'quantri', 'giamsat'])
      assert.match(second.stdout, new RegExp(`\\b${login}\\b`));
    const v1 = await runCli(['verify', '--db', db]);
    assert.match(v1.stdout, new RegExp(`ledger intact: ${events[1]} events`), 'the second demo run added something');
    // Without history: 92 units, 92 demo contacts, the holidays, the rating criteria, 31 procedures, 10 demo accounts and 9 of
    // their positions, the 3 demo heads named on their units' records, 3 demo dossiers (9 steps), 5 demo
    // reports (17 steps), and the demo citizen's own dossier (received, added to the account) and report (3);
    // 4 dossiers with results online (20: received, fee recorded, assigned, 3 results attached, result ready,
    // 1 returned); the inspections of businesses (36: 12 businesses registered; 5 plans opened, 9 entries, 4
    // submitted, 2 approved; one check started, ended and concluded; one ad-hoc inspection); the
    // early-warning rules loaded and the demo's run of the early warning (2); the obligations' rules and the
    // discipline data (2), the head's item opened by the demo report concluded at fault (1), 6 demo items (6
    // opened, 3 done, 2 overdue then escalated: 13), a discipline case (opened with its review item, the review
    // recorded: the item done, the council's opened: 5); the public-duty checklist, 4 desks and 2 officials' desks,
    // and 2 inspections (15: 2 planned, started, checked, 2 findings, a commendation, concluded), whose 2
    // findings and recommendation each open the head's item (3); the ad-hoc inspection's review for the
    // Inspectorate, the 2026 check's conclusion owed, then done (3); the recordings' rules and a counter recording (2); each business-inspection plan's obligations: to submit it (opened with the plan, done when submitted) and the Inspectorate's review (opened then, done at approval) (15).
    const bare = path.join(dir, 'bare.db');
    assert.equal((await runCli(['demo', '--db', bare, '--months', '0'])).code, 0);
    assert.match((await runCli(['verify', '--db', bare])).stdout, /ledger intact: 385 events/);
  } finally {
    await fsp.rm(dir, { recursive: true, force: true });
  }
});

test('serve refuses a database that does not exist', async () => {
  const dir = await tmpdir();
  try {
    const r = await runCli(['serve', '--db', path.join(dir, 'none.db'), '--port', '0']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /no database/);
    assert.equal(fs.existsSync(path.join(dir, 'none.db')), false, 'serve must not create a database');
  } finally {
    await fsp.rm(dir, { recursive: true, force: true });
  }
});

test('demo --show prints the demo codes and secrets again; the listing is owner-only', async () => {
  const dir = await tmpdir();
  try {
    const db = path.join(dir, 'demo.db');
    const first = await runCli(['demo', '--db', db]);
    assert.equal(first.code, 0, first.stderr);
    const codes = first.stdout.match(/^ {2}\S+ +secret \S+/gm);
    assert.ok(codes && codes.length >= 3, first.stdout);
    const shown = await runCli(['demo', '--db', db, '--show']);
    assert.equal(shown.code, 0, shown.stderr);
    for (const line of codes) assert.ok(shown.stdout.includes(line), `--show repeats ${line}`);
    assert.match(shown.stdout, /password for all: minhbach-demo/);
    assert.equal(fs.statSync(db + '.demo').mode & 0o777, 0o600);
    // --show on a database that was not made by demo says so, and --show is for demo only.
    const none = await runCli(['demo', '--db', path.join(dir, 'none.db'), '--show']);
    assert.equal(none.code, 1);
    assert.match(none.stderr, /no demo listing/);
    const wrong = await runCli(['verify', '--db', db, '--show']);
    assert.equal(wrong.code, 2);
  } finally {
    await fsp.rm(dir, { recursive: true, force: true });
  }
});

test('a busy port is named, with how to choose another', async () => {
  const srv = await startServer();
  try {
    const port = new URL(srv.url).port;
    const r = await runCli(['serve', '--db', srv.dbPath, '--port', port, '--listen', '127.0.0.1']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, new RegExp(`port ${port} on 127\\.0\\.0\\.1 is already in use`));
    assert.match(r.stderr, /make run PORT=\d+/);
  } finally {
    await srv.stop();
  }
});

test("the README's open311-key example: a key named in Vietnamese is created and revoked", async () => {
  const dir = await tmpdir();
  try {
    const db = path.join(dir, 'k.db');
    assert.equal((await runCli(['demo', '--db', db])).code, 0);
    const mk = await runCli(['open311-key', 'create', 'Ứng dụng Sơn La', '--db', db]);
    assert.equal(mk.code, 0, mk.stderr);
    assert.match(mk.stdout, /\bo311_[0-9a-f]{40}\b/);
    assert.equal((await runCli(['open311-key', 'create', 'Ứng dụng Sơn La', '--db', db])).code, 1, 'one active key per name');
    assert.equal((await runCli(['open311-key', 'revoke', 'Ứng dụng Sơn La', '--db', db])).code, 0);
    for (const bad of [' lề trái', 'lề phải ', 'dòng\nmới', 'x'.repeat(65), '']) {
      const r = await runCli(['open311-key', 'create', bad, '--db', db]);
      assert.notEqual(r.code, 0, `a key named ${JSON.stringify(bad)} is refused`);
    }
  } finally {
    await fsp.rm(dir, { recursive: true, force: true });
  }
});
