// `minhbach verify`: passes on an intact ledger and names the first bad event
// when one byte of an event's payload is changed in the SQLite file; names a
// deleted tail, an emptied ledger, a row of record changed without an event,
// a disagreement of the checkpoint copies, and a ledger an outside archive of
// checkpoints no longer matches; every hash is the documented input.

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import crypto from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { startServer, runCli, api, login, ledgerHead, withLog } from '../lib/server.mjs';

let srv;
let srv2;

/** All offsets of `needle` in `hay`. */
function offsets(hay, needle) {
  const out = [];
  for (let i = hay.indexOf(needle); i >= 0; i = hay.indexOf(needle, i + 1)) out.push(i);
  return out;
}

function walSize(dbPath) {
  try { return fs.statSync(dbPath + '-wal').size; } catch { return 0; }
}

test('verify: intact after a clean stop, then a one-byte change in an event is caught and named', withLog(() => srv, async (t) => {
  srv = await startServer({ demo: true });
  const s = await login(srv.url, 'truongphuong');
  const patch = (body) => api(srv.url, 'PATCH', '/api/v1/units/phuong-chieng-coi', { cookie: s.cookie, csrf: s.csrf, body });

  const unique = '0212 3999 111';
  const r1 = await patch({ phone: unique });
  assert.equal(r1.status, 200, r1.text);
  const stored = r1.json.unit.phone; // as the server stored it
  const tamperedSeq = (await ledgerHead(srv.url)).seq;
  // Later events, so the tampered one is not the last; the current phone no longer holds the string.
  const r2 = await patch({ phone: '0212 3852 000' });
  assert.equal(r2.status, 200, r2.text);
  const r3 = await patch({ reception_place: 'Phòng tiếp dân, tầng 2' });
  assert.equal(r3.status, 200, r3.text);
  const lastSeq = (await ledgerHead(srv.url)).seq;
  assert.equal(lastSeq, tamperedSeq + 2);

  const stop = await srv.stop();
  assert.equal(stop.code, 0, `server exit on SIGTERM: code ${stop.code} signal ${stop.signal}`);

  const ok = await runCli(['verify', '--db', srv.dbPath]);
  assert.equal(ok.code, 0, `verify on an intact ledger exited ${ok.code}\nstdout:${ok.stdout}\nstderr:${ok.stderr}`);

  // Make sure every committed page is in the main file before editing bytes.
  if (walSize(srv.dbPath) > 0) {
    const c = spawnSync('sqlite3', [srv.dbPath, 'PRAGMA wal_checkpoint(TRUNCATE);'], { encoding: 'utf8' });
    assert.equal(c.status, 0, `WAL left after stop and verify, and sqlite3 could not checkpoint it: ${c.stderr}`);
  }
  assert.equal(walSize(srv.dbPath), 0, 'WAL still holds data');

  const bytes = fs.readFileSync(srv.dbPath);
  const needle = Buffer.from(stored, 'utf8');
  const at = offsets(bytes, needle);
  assert.ok(at.length >= 1, `the patched value ${JSON.stringify(stored)} is not in the database file`);
  // Change one digit ('9' -> '8') in every copy: the event payload(s) and any
  // stale copies in free space. The first event holding it is tamperedSeq.
  const digit = stored.indexOf('9');
  assert.ok(digit >= 0);
  for (const o of at) bytes[o + digit] = '8'.charCodeAt(0);
  t.diagnostic(`changed ${at.length} cop${at.length === 1 ? 'y' : 'ies'} of ${JSON.stringify(stored)}; expecting seq ${tamperedSeq}`);
  await fsp.writeFile(srv.dbPath, bytes);

  const bad = await runCli(['verify', '--db', srv.dbPath]);
  const out = bad.stdout + bad.stderr;
  assert.notEqual(bad.code, 0, `verify passed a tampered ledger\n${out}`);
  assert.ok(bad.signal === null, `verify died of a signal: ${bad.signal}\n${out}`);
  assert.match(out, new RegExp(`seq[ =:]+${tamperedSeq}(\\D|$)`), `verify should name seq ${tamperedSeq}\n${out}`);
  assert.doesNotMatch(out, new RegExp(`seq[ =:]+${lastSeq}(\\D|$)`), 'verify names a later event instead of the first bad one');

  if (!process.env.MB_KEEP_TMP && !srv.failed) await fsp.rm(srv.dir, { recursive: true, force: true });
}));

test('verify: a database with a broken hash chain link is caught', withLog(() => srv2, async () => {
  srv2 = await startServer({ demo: true });
  const head = await ledgerHead(srv2.url);
  await srv2.stop();
  assert.ok(head.seq >= 2, 'demo ledger should have at least 2 events');
  const bytes = fs.readFileSync(srv2.dbPath);
  const at = offsets(bytes, Buffer.from(head.hash, 'ascii'));
  assert.ok(at.length >= 1, 'head hash not found in the file');
  for (const o of at) bytes[o] = bytes[o] === 0x30 ? 0x31 : 0x30; // '0' <-> other hex digit
  await fsp.writeFile(srv2.dbPath, bytes);
  const bad = await runCli(['verify', '--db', srv2.dbPath]);
  assert.notEqual(bad.code, 0, `verify passed a ledger whose head hash was changed\n${bad.stdout}${bad.stderr}`);
  assert.match(bad.stdout + bad.stderr, new RegExp(`seq[ =:]+${head.seq}(\\D|$)`));
  if (!process.env.MB_KEEP_TMP && !srv2.failed) await fsp.rm(srv2.dir, { recursive: true, force: true });
}));

test('verify: a missing database file is an error, not a pass', async () => {
  const r = await runCli(['verify', '--db', '/nonexistent/minhbach/mb.db']);
  assert.notEqual(r.code, 0);
  assert.ok((r.stdout + r.stderr).trim().length > 0, 'no message');
});

// --- A shortened or emptied ledger, rows changed without events, outside archives ---

const sqlite = (db, q) => {
  const r = spawnSync('sqlite3', [db, q], { encoding: 'utf8' });
  assert.equal(r.status, 0, `sqlite3 ${q}: ${r.stderr}`);
  return r.stdout.trim();
};

/** A copy of a stopped server's database, key and checkpoint file under a new name. */
async function copyOf(s, name) {
  const db = `${s.dir}/${name}.db`;
  await fsp.copyFile(s.dbPath, db);
  for (const ext of ['.key', '.checkpoints']) await fsp.copyFile(s.dbPath + ext, db + ext);
  return db;
}

const verifyDb = async (db, extra = []) => {
  const r = await runCli(['verify', '--db', db, ...extra]);
  return { code: r.code, out: r.stdout + r.stderr };
};

let journey;   // the stopped server of the journey, shared by the tests below
let journeyCase;
let archivePath;

test('verify: a journey through every writer of a row of record passes; a case changed without an event is named', withLog(() => journey, async () => {
  journey = await startServer({ demo: true });
  const u = journey.url;
  const [counter, official, head, admin, inspector] = await Promise.all(
    ['motcua', 'xuly', 'truongphuong', 'quantri', 'thanhtra'].map((l) => login(u, l)));
  const call = (sess, method, p, body) => api(u, method, p, { body, cookie: sess.cookie, csrf: sess.csrf });
  const ok = (r, status = 200) => { assert.equal(r.status, status, r.text); return r.json; };

  // Units, accounts, procedures.
  ok(await call(head, 'PATCH', '/api/v1/units/phuong-chieng-coi', { hotline: '0212 3999 222' }));
  ok(await call(admin, 'POST', '/api/v1/accounts', { login: 'kiemtra1', display_name: 'Cầm Văn Kiểm', role: 'processing_officer', unit: 'phuong-chieng-coi' }), 201);
  ok(await call(admin, 'PATCH', '/api/v1/accounts/kiemtra1', { role: 'counter_officer' }));
  ok(await call(admin, 'POST', '/api/v1/accounts/kiemtra1/password', {}));
  ok(await call(admin, 'PATCH', '/api/v1/procedures/ht-nhan-cha-me-con', { fee_vnd: 15000 }));

  // A dossier from receipt to return.
  const applicant = { name: 'Lò Thị Hoa', id_number: '014190000123', phone: '0912 345 678', email: 'hoa@example.vn', address: 'Bản Hìn, phường Chiềng Cơi' };
  const d = ok(await call(counter, 'POST', '/api/v1/dossiers', { action: 'receive', procedure: 'ht-nhan-cha-me-con', unit: 'phuong-chieng-coi', applicant, documents: [1, 2, 3] }), 201).dossier;
  const act = (sess, body) => call(sess, 'POST', `/api/v1/dossiers/${d.code}/actions`, body);
  const assigned = ok(await act(counter, { action: 'assign', to: 'xuly' })).dossier;
  const stepDue = new Date(Date.parse(assigned.due_at) - 3600e3).toISOString().replace(/\.\d+Z$/, 'Z');
  ok(await act(official, { action: 'handover', to: 'truongphuong', step_due: stepDue }));
  ok(await act(head, { action: 'request_supplement', missing: [{ document: 2, reason: 'Bản sao chưa có chứng thực' }] }));
  assert.equal((await act(head, { action: 'request_supplement', missing: [{ document: 1, reason: 'Thêm' }] })).status, 409);
  ok(await act(counter, { action: 'supplement', documents: [2] }));
  const due = ok(await act(head, { action: 'result_ready', note: 'Đã ký quyết định' })).dossier;
  assert.equal(due.state, 'result_ready');
  ok(await act(counter, { action: 'return' }));

  // A report from filing to the reporter's rating.
  const c = ok(await api(u, 'POST', '/api/v1/cases', { body: {
    kind: 'feedback', category: 'harassment', unit: 'phuong-chieng-coi', official: 'motcua',
    title: 'Bị yêu cầu nộp giấy tờ ngoài quy định', body: 'Cán bộ yêu cầu nộp thêm giấy xác nhận không có trong thủ tục.',
    name: 'Hoàng Thị Xuyến', phone: '0987 654 321',
  } }), 201);
  const cact = (sess, action, body = {}) => call(sess, 'POST', `/api/v1/cases/${c.code}/actions/${action}`, body);
  ok(await cact(head, 'accept'));
  ok(await cact(head, 'assign', { to_login: 'xuly' }));
  ok(await cact(official, 'verify', { findings: 'Biên bản xác minh: không có sai phạm.' }));
  ok(await cact(official, 'conclude', { conclusion: 'Không có sai phạm.', at_fault: false }));
  ok(await cact(head, 'publish', { result_summary: 'Đã trả lời người phản ánh.' }));
  ok(await api(u, 'POST', `/api/v1/cases/${c.code}/follow`, { body: { secret: c.secret } }));
  ok(await call(inspector, 'POST', `/api/v1/cases/${c.code}/identity`, { reason: 'Kiểm tra việc giải quyết phản ánh theo kế hoạch thanh tra' }));
  journeyCase = c.code;

  // The inspectors' API and the CLI agree: intact.
  const v = ok(await call(inspector, 'GET', '/api/v1/ledger/verify'));
  assert.equal(v.ok, true, JSON.stringify(v));
  const h = await ledgerHead(u);
  archivePath = `${journey.dir}/outside.jsonl`;
  // An outside party's archive: what it polled from /api/v1/ledger/head.
  await fsp.writeFile(archivePath, `${JSON.stringify(h)}\n`);
  assert.equal((await journey.stop()).code, 0);

  const good = await verifyDb(journey.dbPath, ['--checkpoints', archivePath]);
  assert.equal(good.code, 0, good.out);
  assert.equal(fs.statSync(journey.dbPath + '.checkpoints').mode & 0o777, 0o600);

  // A case changed without an event: named by table, key and field.
  const db = await copyOf(journey, 'case-tampered');
  sqlite(db, `UPDATE cases SET state = 'resolved' WHERE code = '${c.code}'`);
  const bad = await verifyDb(db);
  assert.equal(bad.code, 1, bad.out);
  assert.match(bad.out, new RegExp(`row cases ${c.code}, field state,`));

  // The inspectors' API says the same on that database.
  const dir = await fsp.mkdtemp(`${journey.dir}/tampered-`);
  await fsp.copyFile(db, `${dir}/mb.db`);
  for (const ext of ['.key', '.vault.key', '.checkpoints']) await fsp.copyFile(journey.dbPath + ext, `${dir}/mb.db${ext}`);
  const again = await startServer({ dir, demo: false });
  try {
    const insp = await login(again.url, 'thanhtra');
    const w = await api(again.url, 'GET', '/api/v1/ledger/verify', { cookie: insp.cookie });
    assert.equal(w.status, 200, w.text);
    assert.equal(w.json.ok, false);
    assert.equal(w.json.reason, 'row_mismatch');
    assert.deepEqual(w.json.row, { table: 'cases', key: c.code, field: 'state' });
  } finally { await again.stop(); }
}));

test('verify: deleting the newest events, or all of them, is named as a missing tail', withLog(() => journey, async () => {
  assert.ok(journey, 'needs the journey test');
  const head = Number(sqlite(journey.dbPath, 'SELECT max(seq) FROM events'));
  const tail = await copyOf(journey, 'tail');
  sqlite(tail, `DELETE FROM events WHERE seq > ${head - 3}`);
  let r = await verifyDb(tail);
  assert.equal(r.code, 1, r.out);
  assert.match(r.out, new RegExp(`ledger ends at seq ${head - 3} but a checkpoint at seq ${head} was issued`));

  const empty = await copyOf(journey, 'empty');
  sqlite(empty, 'DELETE FROM events');
  r = await verifyDb(empty);
  assert.equal(r.code, 1, r.out);
  assert.match(r.out, new RegExp(`ledger is empty but a checkpoint at seq ${head} was issued`));

  // Wiping the database's checkpoints too: the file beside it still knows.
  sqlite(empty, 'DELETE FROM checkpoints');
  r = await verifyDb(empty);
  assert.equal(r.code, 1, r.out);
  assert.match(r.out, /ledger is empty/);
}));

test('verify: the checkpoints table and the file beside the database must agree', withLog(() => journey, async () => {
  const db = await copyOf(journey, 'disagree');
  await fsp.writeFile(db + '.checkpoints', '');
  const r = await verifyDb(db);
  assert.equal(r.code, 1, r.out);
  assert.match(r.out, /checkpoints table and .*disagree/);
}));

test('verify --checkpoints: a tail dropped and the head re-signed with the key passes alone; an outside archive exposes it', withLog(() => journey, async () => {
  const head = Number(sqlite(journey.dbPath, 'SELECT max(seq) FROM events'));
  assert.equal(sqlite(journey.dbPath, `SELECT type FROM events WHERE seq = ${head}`), 'case.identity_opened');
  const dir = await fsp.mkdtemp(`${journey.dir}/resigned-`);
  const db = `${dir}/mb.db`;
  await fsp.copyFile(journey.dbPath, db);
  for (const ext of ['.key', '.vault.key']) await fsp.copyFile(journey.dbPath + ext, db + ext);
  // Whoever holds the key and the database hides the vault opening: the last
  // event, the stored checkpoints and the file go; serving signs the shorter head.
  sqlite(db, `DELETE FROM events WHERE seq = ${head}; DELETE FROM checkpoints;`);
  const s = await startServer({ dir, demo: false });
  assert.equal((await ledgerHead(s.url)).seq, head - 1);
  await s.stop();
  const alone = await verifyDb(db);
  assert.equal(alone.code, 0, `the documented limit: locally this is consistent\n${alone.out}`);

  // The export kept outside before, and the head an outside party polled, both expose it.
  const exported = await runCli(['checkpoints', 'export', '--db', journey.dbPath]);
  assert.equal(exported.code, 0, exported.stderr);
  const lines = exported.stdout.trim().split('\n').map((l) => JSON.parse(l));
  assert.equal(lines.at(-1).seq, head);
  for (const l of lines) {
    assert.match(l.signature, /^[0-9a-f]{128}$/);
    assert.equal(l.message, `minhbach checkpoint v1\nseq=${l.seq}\nhash=${l.hash}\nat=${l.at}`);
  }
  const archive = `${dir}/export.jsonl`;
  await fsp.writeFile(archive, exported.stdout);
  const r = await verifyDb(db, ['--checkpoints', archive]);
  assert.equal(r.code, 1, r.out);
  assert.match(r.out, new RegExp(`ledger ends at seq ${head - 1} but a checkpoint at seq ${head} was issued .*export\\.jsonl, line ${lines.length}`));
  const r2 = await verifyDb(db, ['--checkpoints', archivePath]);
  assert.equal(r2.code, 1, r2.out);
  assert.match(r2.out, /outside\.jsonl, line 1/);
  // A forged line in an archive is refused too.
  const forged = { ...lines.at(-1), signature: '00'.repeat(64) };
  await fsp.writeFile(`${dir}/forged.jsonl`, `${JSON.stringify(forged)}\n`);
  const r3 = await verifyDb(journey.dbPath, ['--checkpoints', `${dir}/forged.jsonl`]);
  assert.equal(r3.code, 1, r3.out);
  assert.match(r3.out, /signature that does not verify/);
}));

test('every event hashes to the input docs/ARCHITECTURE.md documents, computed here with node:crypto', withLog(() => journey, async () => {
  const r = spawnSync('sqlite3', ['-json', journey.dbPath,
    "SELECT seq, at, coalesce(CAST(actor_id AS TEXT), '') AS actor_id, actor_role, unit, type, subject, payload, prev_hash, hash FROM events ORDER BY seq"],
  { encoding: 'utf8', maxBuffer: 64 << 20 });
  assert.equal(r.status, 0, r.stderr);
  const events = JSON.parse(r.stdout);
  assert.ok(events.length > 100);
  let prev = '0'.repeat(64);
  const kinds = new Set();
  for (const ev of events) {
    // hash = SHA-256(prev_hash_bytes ‖ "mb-event-v1\n" seq "\n" at "\n" actor_id "\n" actor_role "\n" unit "\n" type "\n" subject "\n" payload)
    const text = ['mb-event-v1', String(ev.seq), ev.at, ev.actor_id, ev.actor_role, ev.unit, ev.type, ev.subject, ev.payload].join('\n');
    const h = crypto.createHash('sha256').update(Buffer.from(prev, 'hex')).update(text, 'utf8').digest('hex');
    assert.equal(ev.prev_hash, prev, `seq ${ev.seq}: prev_hash is not the previous event's hash`);
    assert.equal(ev.hash, h, `seq ${ev.seq} (${ev.type}): hash is not SHA-256 of the documented input`);
    prev = h;
    if (ev.actor_id !== '') kinds.add('actor'); else kinds.add('system');
    if (ev.unit === '') kinds.add('no unit');
    // Every event about a row of record carries the row's digest.
    if (/^(unit|account|procedure|dossier|case)\./.test(ev.type)) {
      const row = JSON.parse(ev.payload).row;
      assert.match(row?.sha256 ?? '', /^[0-9a-f]{64}$/, `seq ${ev.seq} (${ev.type}) carries no row digest`);
    }
  }
  assert.deepEqual([...kinds].sort(), ['actor', 'no unit', 'system']);
  // The head the server signed is the last of them.
  const cp = JSON.parse(fs.readFileSync(journey.dbPath + '.checkpoints', 'utf8').trim().split('\n').at(-1));
  assert.equal(cp.hash, prev);
}));

after(async () => {
  if (journey && !journey.failed && !process.env.MB_KEEP_TMP) await fsp.rm(journey.dir, { recursive: true, force: true });
});
