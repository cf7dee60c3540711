// `minhbach verify`: passes on an intact ledger and names the first bad event
// when one byte of an event's payload is changed in the SQLite file.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
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
