// Files on disk: the database and its -wal and -shm files hold reports and
// personal data in clear, so every file the server creates is readable by its
// owner only (0600), like the key files, and an older database left 0644 is
// narrowed when it is opened.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startServer, runCli, api } from '../lib/server.mjs';

// Every regular file and directory under dir whose name starts with base.
function created(dir, base) {
  const out = [];
  const walk = (p) => {
    const st = fs.statSync(p);
    out.push({ p, mode: st.mode & 0o777, dir: st.isDirectory() });
    if (st.isDirectory()) for (const n of fs.readdirSync(p)) walk(path.join(p, n));
  };
  for (const n of fs.readdirSync(dir)) if (n.startsWith(base)) walk(path.join(dir, n));
  return out;
}

test('the database, its WAL and SHM, the keys and stored attachments are owner-only', async () => {
  const srv = await startServer();
  try {
    // A write, so that the WAL holds data, and an attachment in the store.
    const pdf = Buffer.from('%PDF-1.4\n% minhbach test\n');
    const r = await api(srv.url, 'POST', '/api/v1/cases', {
      body: {
        kind: 'feedback', category: 'delay', unit: 'phuong-chieng-coi', title: 'Hồ sơ để quá hạn',
        body: 'Hồ sơ của tôi để quá hạn hai tuần mà không ai trả lời.', name: 'Lò Văn Kiểm',
        files: [{ name: 'giay.pdf', data_base64: pdf.toString('base64') }],
      },
    });
    assert.equal(r.status, 201, r.text);
    const files = created(srv.dir, 'mb.db');
    const names = files.map((f) => path.basename(f.p));
    for (const want of ['mb.db', 'mb.db-wal', 'mb.db-shm', 'mb.db.key', 'mb.db.vault.key', 'mb.db.files'])
      assert.ok(names.includes(want), `${want} exists (have ${names.join(', ')})`);
    assert.ok(files.some((f) => !f.dir && f.p.includes('mb.db.files')), 'an attachment was stored');
    for (const f of files) {
      assert.equal(f.mode & 0o077, 0, `${path.relative(srv.dir, f.p)} is ${f.mode.toString(8)}: no access for group or others`);
    }
  } finally {
    await srv.stop();
  }
});

test('a database left readable by others is narrowed to its owner when opened', async () => {
  const dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'minhbach-modes-'));
  try {
    const db = path.join(dir, 'old.db');
    const r = await runCli(['demo', '--db', db]);
    assert.equal(r.code, 0, r.stderr);
    fs.chmodSync(db, 0o644);
    const v = await runCli(['verify', '--db', db]);
    assert.equal(v.code, 0, v.stderr);
    assert.equal(fs.statSync(db).mode & 0o777, 0o600);
  } finally {
    await fsp.rm(dir, { recursive: true, force: true });
  }
});
