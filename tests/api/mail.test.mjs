// The outbox and the e-mail import, end to end: a real server, a local SMTP
// sink that is down and then up, and `minhbach mail-import` on Maildir
// fixtures. Tests run in order and share one server.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { api, login, REPO, runCli, startServer, withLog } from '../lib/server.mjs';
import { assertError } from '../lib/check.mjs';
import { SmtpSink } from '../lib/smtp-sink.mjs';

const FIXTURES = path.join(REPO, 'tests', 'fixtures', 'mail');
const MAILDIR = path.join(FIXTURES, 'maildir');
const GOOD = '1795000000.M1P1.mx1.sonla.gov.vn';
const NO_MID = '1795000100.M2P2.mx1.sonla.gov.vn:2,S';
const BROKEN = '1795000200.M3P3.mx1.sonla.gov.vn';
const PUBLIC_URL = 'https://pakn.example.test';

describe('outbox and e-mail import', () => {
  let server;
  let sink;
  let admin;
  let inspector;
  const codes = {};      // fixture file name -> case code

  before(async () => {
    sink = new SmtpSink();
    await sink.start();
    await sink.stop();   // the mail server is down until test (b)
    // The server inherits these; the job's first pass would be a day away, so
    // only the flushes below send.
    process.env.MINHBACH_SMTP_URL = `smtp://127.0.0.1:${sink.port}`;
    process.env.MINHBACH_MAIL_FROM = 'no-reply@pakn.example.test';
    process.env.MINHBACH_PUBLIC_URL = PUBLIC_URL;
    process.env.MINHBACH_MAIL_INTERVAL = '86400';
    server = await startServer({ demo: true });
    admin = await login(server.url, 'quantri');
    inspector = await login(server.url, 'thanhtra');
  });

  after(async () => {
    await sink.stop();
    if (server) await server.cleanup();
  });

  const outbox = async () => {
    const r = await api(server.url, 'GET', '/api/v1/outbox', { cookie: admin.cookie });
    assert.equal(r.status, 200, r.text);
    return r.json;
  };
  const flush = async (body) => {
    const r = await api(server.url, 'POST', '/api/v1/outbox/flush', { cookie: admin.cookie, csrf: admin.csrf, body });
    assert.equal(r.status, 200, r.text);
    return r.json;
  };
  const getCase = async (code) => api(server.url, 'GET', `/api/v1/cases/${code}`, { cookie: inspector.cookie });

  test('the outbox is for administrators only', withLog(() => server, async () => {
    const anon = await api(server.url, 'GET', '/api/v1/outbox');
    assertError(anon, 401, 'unauthenticated');
    const staff = await login(server.url, 'truongphuong');
    const r = await api(server.url, 'GET', '/api/v1/outbox', { cookie: staff.cookie });
    assertError(r, 403, 'forbidden');
    const f = await api(server.url, 'POST', '/api/v1/outbox/flush', { cookie: staff.cookie, csrf: staff.csrf });
    assertError(f, 403, 'forbidden');
    const bad = await api(server.url, 'POST', '/api/v1/outbox/flush',
      { cookie: admin.cookie, csrf: admin.csrf, body: { everything: true } });
    assertError(bad, 422, 'invalid_field', 'everything');
    const j = await outbox();
    assert.equal(j.configured, true);
    assert.deepEqual(j.counts, { queued: 0, sent: 0, failed: 0 });
  }));

  test('(c) mail-import files good messages once and rejects broken MIME', withLog(() => server, async () => {
    const r = await runCli(['mail-import', MAILDIR, '--db', server.dbPath],
      { env: { MINHBACH_PUBLIC_URL: PUBLIC_URL } });
    assert.equal(r.code, 1, `exit status\n${r.stdout}\n${r.stderr}`);
    assert.match(r.stdout, /mail-import: 2 imported, 0 already imported, 1 rejected/);
    const rejected = r.stderr.split('\n').filter((l) => l.includes(BROKEN));
    assert.equal(rejected.length, 1, r.stderr);
    assert.match(rejected[0], /: broken MIME: a multipart has no boundary$/);
    for (const line of r.stdout.split('\n')) {
      const m = /\/([^/]+): (DT-\d{6}-\d{4})$/.exec(line);
      if (m) codes[m[1]] = m[2];
    }
    assert.ok(codes[GOOD] && codes[NO_MID], r.stdout);
    assert.equal(codes[BROKEN], undefined);

    // The good message is a case on the e-mail channel, in the unit it was sent to,
    // with its PDF kept and the other attachment named in the text.
    const c = await getCase(codes[GOOD]);
    assert.equal(c.status, 200, c.text);
    const kase = c.json.case;
    assert.equal(kase.channel, 'email');
    assert.equal(kase.kind, 'feedback');
    assert.equal(kase.category, 'harassment');
    assert.equal(kase.title, 'Phản ánh: cán bộ một cửa gây phiền hà khi nhận hồ sơ');
    assert.match(kase.body, /bộ phận một cửa phường Chiềng Cơi/);
    assert.match(kase.body, /Tệp đính kèm không được lưu: don\.docx \(application\/vnd\.openxmlformats/);
    assert.equal(kase.unit, 'phuong-chieng-coi');
    const files = c.json.files || kase.files;
    assert.ok(Array.isArray(files), `no files in ${c.text.slice(0, 400)}`);
    assert.deepEqual(files.map((f) => [f.name, f.content_type]), [['bien-ban.pdf', 'application/pdf']]);
    // Staff never see the sender in the case itself.
    assert.ok(!c.text.includes('lo.van.dan@example.org'), 'the sender address is in the case');

    const c2 = await getCase(codes[NO_MID]);
    assert.equal(c2.status, 200, c2.text);
    assert.equal(c2.json.case.kind, 'petition');
    assert.equal(c2.json.case.unit, 'thanh-tra-tinh');

    // Each sender gets a receipt, queued (the mail server is down).
    const j = await outbox();
    assert.equal(j.counts.queued, 2);
    const receipts = j.messages.filter((m) => m.kind === 'receipt');
    assert.deepEqual(receipts.map((m) => m.case).sort(), [codes[GOOD], codes[NO_MID]].sort());
    assert.ok(receipts.every((m) => m.to === null && m.to_reporter === true), JSON.stringify(receipts));
    assert.ok(!JSON.stringify(j).includes('lo.van.dan@'), 'the outbox shows a reporter address');
    assert.ok(!JSON.stringify(j).includes('body'), 'the outbox shows bodies');

    // Again: nothing new (the message without a Message-ID too); the broken one again rejected.
    const again = await runCli(['mail-import', MAILDIR, '--db', server.dbPath]);
    assert.equal(again.code, 1, again.stderr);
    assert.match(again.stdout, /mail-import: 0 imported, 2 already imported, 1 rejected/);
    assert.equal((await outbox()).counts.queued, 2);

    // A directory of .eml files; an unknown --unit is refused before anything.
    const badUnit = await runCli(['mail-import', path.join(FIXTURES, 'eml'), '--db', server.dbPath, '--unit', 'no-such-unit']);
    assert.equal(badUnit.code, 2);
    const eml = await runCli(['mail-import', path.join(FIXTURES, 'eml'), '--db', server.dbPath]);
    assert.equal(eml.code, 0, eml.stderr);
    assert.match(eml.stdout, /mail-import: 1 imported, 0 already imported, 0 rejected/);
    const code = /: (DT-\d{6}-\d{4})$/m.exec(eml.stdout)[1];
    const c3 = await getCase(code);
    assert.equal(c3.json.case.kind, 'complaint');
    assert.equal(c3.json.case.unit, 'so-y-te');
    assert.match(c3.json.case.body, /The clerk asked me for money & was rude\.\n\nPlease look into it\./);
    codes.eml = code;
  }));

  test('(a) with the mail server down a status change queues mail and nothing is lost',
    withLog(() => server, async () => {
      const f1 = await flush();
      assert.equal(f1.configured, true);
      assert.equal(f1.sent, 0);
      assert.equal(f1.retry, 3);
      for (const m of f1.messages) {
        assert.equal(m.state, 'queued');
        assert.equal(m.attempts, 1);
        assert.ok(Date.parse(m.next_attempt_at) > Date.now(), m.next_attempt_at);
        assert.match(m.error, /connect/i);
      }

      const head = await login(server.url, 'truongphuong');
      const acc = await api(server.url, 'POST', `/api/v1/cases/${codes[GOOD]}/actions/accept`,
        { cookie: head.cookie, csrf: head.csrf, body: {} });
      assert.equal(acc.status, 200, acc.text);

      const j = await outbox();
      assert.equal(j.counts.queued, 4);
      const status = j.messages.find((m) => m.kind === 'status' && m.case === codes[GOOD]);
      assert.ok(status, JSON.stringify(j.messages));
      assert.equal(status.attempts, 0);
      assert.equal(status.to, null);
      assert.equal(status.to_reporter, true);

      // One pass: the new message fails once; the others wait for their next attempt.
      const f2 = await flush();
      assert.equal(f2.messages.length, 1);
      assert.equal(f2.messages[0].id, status.id);
      assert.equal(f2.messages[0].attempts, 1);
      assert.equal(f2.retry, 1);
      const after2 = await outbox();
      assert.deepEqual(after2.counts, { queued: 4, sent: 0, failed: 0 });
      for (const m of after2.messages) {
        assert.equal(m.attempts, 1);
        assert.ok(Date.parse(m.next_attempt_at) > Date.now());
        assert.ok(m.last_error.length > 0);
      }
    }));

  test('(b) with the mail server up the flush delivers, in the reporter\'s language, without the secret',
    withLog(() => server, async () => {
      await sink.start(sink.port);
      const f = await flush({ all: true });
      assert.equal(f.sent, 4, JSON.stringify(f));
      assert.equal(f.retry, 0);
      const j = await outbox();
      assert.deepEqual(j.counts, { queued: 0, sent: 4, failed: 0 });

      const status = await sink.waitFor((m) => m.headers['subject'] && m.subject.includes(codes[GOOD]) &&
        m.subject.includes('Đã thụ lý'));
      assert.deepEqual(status.to, ['lo.van.dan@example.org']);
      assert.equal(status.from, 'no-reply@pakn.example.test');
      assert.match(status.headers.subject[0], /^=\?UTF-8\?B\?/);
      assert.equal(status.subject, `[Minh Bạch] Đơn thư ${codes[GOOD]}: Đã thụ lý`);
      assert.match(status.headers['content-type'][0], /text\/plain; charset=UTF-8/);
      assert.ok(status.headers['message-id'] && status.headers.date && status.headers['mime-version']);
      assert.match(status.body, new RegExp(`${PUBLIC_URL}/report/track\\?code=${codes[GOOD]}\\n`));
      assert.match(status.body, /Hạn xử lý: \d\d\/\d\d\/\d{4} \d\d:\d\d \(giờ Việt Nam\)/);

      const receipt = sink.messages.find((m) => m.subject === `[Minh Bạch] Đã nhận đơn thư ${codes[GOOD]}`);
      assert.ok(receipt, sink.messages.map((m) => m.subject).join('\n'));
      assert.deepEqual(receipt.to, ['lo.van.dan@example.org']);
      const secret = /Mã tra cứu: (\S+)/.exec(receipt.body)[1];
      assert.ok(secret.length >= 6);
      assert.ok(!status.body.includes(secret), 'the status notice holds the secret');

      // The English sender gets an English receipt.
      const en = sink.messages.find((m) => m.subject === `[Minh Bạch] Case received ${codes.eml}`);
      assert.ok(en, sink.messages.map((m) => m.subject).join('\n'));
      assert.deepEqual(en.to, ['visitor@example.com']);
      assert.match(en.body, /Dear Sir or Madam,/);

      // The secret works for following the case.
      const follow = await api(server.url, 'POST', `/api/v1/cases/${codes[GOOD]}/follow`, { body: { secret } });
      assert.equal(follow.status, 200, follow.text);
      assert.equal(follow.json.case.code, codes[GOOD]);
      assert.equal(follow.json.case.state, 'accepted');

      // The reporters' addresses were never stored: not in the database file
      // nor its WAL (the vault alone holds them), and not in the log.
      for (const f of [server.dbPath, `${server.dbPath}-wal`]) {
        if (!fs.existsSync(f)) continue;
        const bytes = fs.readFileSync(f);
        for (const addr of ['lo.van.dan@example.org', 'nam.nguyen@example.net', 'visitor@example.com'])
          assert.equal(bytes.indexOf(Buffer.from(addr)), -1, `${addr} found in ${f}`);
      }
      // A sent receipt's body (the secret) is emptied.
      const sql = (q) => execFileSync('sqlite3', [server.dbPath, q], { encoding: 'utf8' }).trim();
      assert.equal(sql("SELECT count(*) FROM outbox WHERE kind = 'receipt' AND body <> ''"), '0');
      assert.equal(sql(`SELECT count(*) FROM outbox WHERE instr(body, '${secret.replace(/'/g, "''")}') > 0`), '0');
      assert.ok(!server.log().includes('lo.van.dan'), 'a reporter address is in the server log');
      // The passphrase was sealed while it waited in the outbox: it never reached the
      // database file or its WAL in clear, not even in old page versions.
      for (const f of [server.dbPath, `${server.dbPath}-wal`]) {
        if (!fs.existsSync(f)) continue;
        assert.equal(fs.readFileSync(f).indexOf(Buffer.from(secret)), -1, `the passphrase is in ${f}`);
      }

      // Nothing twice.
      const again = await flush({ all: true });
      assert.equal(again.messages.length, 0);
      assert.equal(sink.messages.length, 4);
    }));
});

test('without MINHBACH_SMTP_URL nothing is sent and mail stays queued', async () => {
  const dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'minhbach-mail-'));
  try {
    const db = path.join(dir, 'mb.db');
    assert.equal((await runCli(['demo', '--db', db])).code, 0);
    const r = await runCli(['mail-import', MAILDIR, '--db', db]);
    assert.equal(r.code, 1);
    delete process.env.MINHBACH_SMTP_URL;
    const s = await startServer({ demo: false, dir });
    try {
      const a = await login(s.url, 'quantri');
      const f = await api(s.url, 'POST', '/api/v1/outbox/flush', { cookie: a.cookie, csrf: a.csrf });
      assert.equal(f.status, 200, f.text);
      assert.equal(f.json.configured, false);
      assert.equal(f.json.messages.length, 0);
      const o = await api(s.url, 'GET', '/api/v1/outbox', { cookie: a.cookie });
      assert.deepEqual(o.json.counts, { queued: 2, sent: 0, failed: 0 });
      assert.equal(o.json.configured, false);
    } finally {
      await s.stop();
    }
  } finally {
    assert.ok(fs.existsSync(dir));
    await fsp.rm(dir, { recursive: true, force: true });
  }
});
