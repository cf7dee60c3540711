// `minhbach backup DEST`: an online copy of the database, its keys, its
// checkpoints file and its attachment store, taken while the server keeps
// accepting reports; the copy verifies, holds every report acknowledged before
// the backup began (with its attachment), is owner-only, and can be served.

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { startServer, runCli, api, login, withLog } from '../lib/server.mjs';

let srv;
let copy;
let dest;
const before = [];   // {code, pdf} acknowledged (201) before the backup started
after(async () => {
  if (copy) await copy.cleanup();
  if (srv) await srv.cleanup();
  if (dest && !process.env.MB_KEEP_TMP) await fsp.rm(dest, { recursive: true, force: true });
});

const report = (i) => ({
  kind: 'feedback', category: 'harassment', unit: 'phuong-chieng-coi', channel: 'in_person',
  title: `Phản ánh số ${i} trong lúc sao lưu`, body: `Cán bộ yêu cầu nộp thêm giấy tờ, lần ${i}.`,
  name: 'Hoàng Thị Xuyến', phone: '0987 654 321',
  files: [{ name: `don-${i}.pdf`, data_base64: Buffer.from(`%PDF-1.4\n% Đơn số ${i}\n`).toString('base64') }],
});

/** Every entry under dir, recursively, as [relative path, stat]. */
function walk(dir, rel = '') {
  const out = [];
  for (const name of fs.readdirSync(path.join(dir, rel))) {
    const r = path.join(rel, name);
    const st = fs.statSync(path.join(dir, r));
    out.push([r, st]);
    if (st.isDirectory()) out.push(...walk(dir, r));
  }
  return out;
}

test('backup while reports are being filed: the copy verifies, holds every acknowledged report and its file, owner-only', withLog(() => srv, async () => {
  srv = await startServer({ demo: true });
  dest = await fsp.mkdtemp(path.join(os.tmpdir(), 'minhbach-backup-'));
  const counter = await login(srv.url, 'motcua');
  const file = (i) => api(srv.url, 'POST', '/api/v1/cases', { body: report(i), cookie: counter.cookie, csrf: counter.csrf });

  // A writer that keeps filing reports until told to stop, and asks for the
  // ledger's head after each, so that the server signs checkpoints all along.
  let stop = false;
  let n = 0;
  const acked = [];
  let firstAck;
  const firstAcked = new Promise((resolve) => { firstAck = resolve; });
  const writer = (async () => {
    while (!stop) {
      const i = n++;
      const r = await file(i);
      assert.equal(r.status, 201, `report ${i} while backing up: ${r.text}`);
      acked.push({ code: r.json.code, i });
      const h = await api(srv.url, 'GET', '/api/v1/ledger/head');
      assert.equal(h.status, 200, h.text);
      firstAck();
    }
  })();
  await firstAcked;
  before.push(...acked);   // everything acknowledged before the backup starts
  const b = await runCli(['backup', '--db', srv.dbPath, dest]);
  stop = true;
  await writer;
  process.stderr.write(`[backup] ${before.length} reports before the backup, ${acked.length} in all\n`);
  assert.equal(b.code, 0, `backup exited ${b.code}\nstdout:${b.stdout}\nstderr:${b.stderr}`);
  assert.match(b.stdout, /^backup .*mb\.db: \d+ events, \d+ checkpoints, \d+ attachment files \(\d+ copied, \d+ already there\), \d+ recordings \(\d+ copied\), \d+ bytes written\n$/);
  // The server kept accepting reports through the backup and after it.
  const r = await file(n++);
  assert.equal(r.status, 201, r.text);

  const db = path.join(dest, 'mb.db');
  const v = await runCli(['verify', '--db', db]);
  assert.equal(v.code, 0, `verify on the copy exited ${v.code}\nstdout:${v.stdout}\nstderr:${v.stderr}`);

  // Every report acknowledged before the backup began is in the copy, with its attachment's bytes.
  const sql = (q) => execFileSync('sqlite3', [db, q], { encoding: 'utf8' }).trim();
  const codes = new Set(sql('SELECT code FROM cases').split('\n'));
  for (const { code } of before) assert.ok(codes.has(code), `${code}, acknowledged before the backup, is not in the copy`);
  // Every attachment the copy names is in the copied store.
  const shas = sql('SELECT DISTINCT sha256 FROM case_files').split('\n').filter(Boolean);
  assert.ok(shas.length >= before.length);
  for (const sha of shas) {
    assert.ok(fs.existsSync(path.join(`${db}.files`, sha.slice(0, 2), sha)), `attachment ${sha} named by the copy is missing`);
  }

  // Only the database and what belongs to it, each owner-only.
  const top = fs.readdirSync(dest).sort();
  assert.deepEqual(top, ['mb.db', 'mb.db.checkpoints', 'mb.db.files', 'mb.db.key', 'mb.db.recordings', 'mb.db.vault.key']);
  for (const [rel, st] of walk(dest)) {
    assert.equal(st.mode & 0o777, st.isDirectory() ? 0o700 : 0o600, `${rel} has mode ${(st.mode & 0o777).toString(8)}`);
  }
  for (const k of ['mb.db.key', 'mb.db.vault.key']) {
    assert.deepEqual(fs.readFileSync(path.join(dest, k)), fs.readFileSync(path.join(srv.dir, k)), `${k} is a copy`);
  }
  // The counter recordings' store is copied too (the demo's recording of the ward's desk).
  const recs = walk(path.join(dest, 'mb.db.recordings')).filter(([, st]) => st.isFile());
  assert.ok(recs.length >= 1, 'the recordings are in the backup');

  // Again into the same folder: the attachments already there are kept, and the copy still verifies.
  const again = await runCli(['backup', '--db', srv.dbPath, dest]);
  assert.equal(again.code, 0, again.stderr);
  const m = /(\d+) attachment files \((\d+) copied, (\d+) already there\)/.exec(again.stdout);
  assert.ok(m && Number(m[3]) >= shas.length, again.stdout);
  const v2 = await runCli(['verify', '--db', db]);
  assert.equal(v2.code, 0, `${v2.stdout}${v2.stderr}`);
}));

test('the copy can be served: a report filed before the backup reads back, with its attachment', withLog(() => copy, async () => {
  assert.ok(before.length > 0, 'the first test made a backup');
  await srv.stop();
  copy = await startServer({ demo: false, dir: dest });
  const counter = await login(copy.url, 'motcua');
  const { code, i } = before[0];
  const r = await api(copy.url, 'GET', `/api/v1/cases/${code}`, { cookie: counter.cookie });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.case.title, `Phản ánh số ${i} trong lúc sao lưu`);
  const [f] = r.json.case.files;
  const dl = await api(copy.url, 'GET', `/cases/${code}/files/${f.sha256}`, { cookie: counter.cookie });
  assert.equal(dl.status, 200);
  assert.equal(dl.text, `%PDF-1.4\n% Đơn số ${i}\n`);
}));

test('backup: bad arguments exit 2 with a message and copy nothing', async () => {
  const tmp = await fsp.mkdtemp(path.join(os.tmpdir(), 'minhbach-backup-args-'));
  try {
    const src = path.join(tmp, 'src');
    fs.mkdirSync(src);
    const r0 = await runCli(['demo', '--db', path.join(src, 'x.db'), '--months', '0']);
    assert.equal(r0.code, 0, r0.stderr);
    const dbp = path.join(src, 'x.db');
    const cases = [
      [['backup', '--db', dbp], /needs one destination folder/],
      [['backup', '--db', dbp, path.join(tmp, 'a'), path.join(tmp, 'b')], /needs one destination folder/],
      [['backup', '--db', path.join(tmp, 'none.db'), path.join(tmp, 'out')], /no database at/],
      [['backup', '--db', dbp, `${dbp}.key`], /is not a folder/],
      [['backup', '--db', dbp, path.join(tmp, 'no', 'such', 'dir')], /cannot create the folder/],
      [['backup', '--db', dbp, src], /the database's own folder/],
    ];
    const ro = path.join(tmp, 'readonly');
    fs.mkdirSync(ro, 0o500);
    if (process.getuid() !== 0) cases.push([['backup', '--db', dbp, ro], /cannot write into/]);
    for (const [args, msg] of cases) {
      const r = await runCli(args);
      assert.equal(r.code, 2, `${args.join(' ')} exited ${r.code}\n${r.stdout}${r.stderr}`);
      assert.match(r.stderr, msg, args.join(' '));
      assert.equal(r.stdout, '');
    }
    assert.equal(fs.existsSync(path.join(tmp, 'out')), false);
    assert.deepEqual(fs.readdirSync(ro), []);
  } finally {
    await fsp.rm(tmp, { recursive: true, force: true });
  }
});
