// Citizens' own accounts, end to end: register → the confirmation link in the
// mail sink → confirm (once) → sign in with the e-mail address → add a dossier
// with its code and secret → /me lists it. Registration answers the same for a
// registered address, and is limited per client address. Tests run in order
// and share one server.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { api, login, runCli, startServer, withLog } from '../lib/server.mjs';
import { assertError, page } from '../lib/check.mjs';
import { SmtpSink } from '../lib/smtp-sink.mjs';

const PUBLIC_URL = 'https://pakn.example.test';
const EMAIL = 'mai.lo@example.vn';
const PASSWORD = 'mat-khau-cua-mai-2026';

describe('citizen accounts', () => {
  let server, sink, admin, counter;
  let token, dossier, registrations = 0;

  before(async () => {
    sink = new SmtpSink();
    await sink.start();
    process.env.MINHBACH_SMTP_URL = `smtp://127.0.0.1:${sink.port}`;
    process.env.MINHBACH_MAIL_FROM = 'no-reply@pakn.example.test';
    process.env.MINHBACH_PUBLIC_URL = PUBLIC_URL;
    process.env.MINHBACH_MAIL_INTERVAL = '86400';
    server = await startServer();
    admin = await login(server.url, 'quantri');
    counter = await login(server.url, 'motcua');
  });
  after(async () => {
    await sink.stop();
    if (server) await server.cleanup();
  });

  const flush = async () => {
    const r = await api(server.url, 'POST', '/api/v1/outbox/flush', { cookie: admin.cookie, csrf: admin.csrf, body: {} });
    assert.equal(r.status, 200, r.text);
  };
  const register = async (body) => {
    const r = await api(server.url, 'POST', '/api/v1/registrations', { body });
    if (r.status === 202) registrations++;
    return r;
  };

  test('bad input names the field and sends nothing', withLog(() => server, async () => {
    assertError(await register({ email: 'khong-phai-thu', display_name: 'Lò Thị Mai', password: PASSWORD }), 422, 'invalid_field', 'email');
    assertError(await register({ email: EMAIL, display_name: 'Lò Thị Mai', password: 'ngan' }), 422, 'invalid_field', 'password');
    assertError(await register({ email: EMAIL, display_name: '', password: PASSWORD }), 422, 'invalid_field', 'display_name');
    await flush();
    assert.equal(sink.messages.length, 0);
  }));

  test('register: 202, and the one-time link arrives by e-mail', withLog(() => server, async () => {
    const r = await register({ email: '  Mai.Lo@Example.VN ', display_name: 'Lò Thị Mai', password: PASSWORD });
    assert.equal(r.status, 202, r.text);
    assert.deepEqual(r.json, { status: 'check_your_mail' });
    // Not an account yet.
    assertError(await api(server.url, 'POST', '/api/v1/session', { body: { login: EMAIL, password: PASSWORD } }), 401, 'bad_credentials');
    await flush();
    const m = await sink.waitFor((x) => x.to.includes(EMAIL));
    const link = new RegExp(`${PUBLIC_URL.replace(/\./g, '\\.')}/register/confirm\\?token=([0-9a-f]{64})`).exec(m.body);
    assert.ok(link, m.body);
    token = link[1];
    assert.match(m.subject, /Xác nhận đăng ký/);
  }));

  test('a registered address gets the same answer, and a notice instead of a link', withLog(() => server, async () => {
    const r = await register({ email: 'congdan@example.vn', display_name: 'Ai Đó', password: PASSWORD });
    assert.equal(r.status, 202, r.text);
    assert.deepEqual(r.json, { status: 'check_your_mail' });
    await flush();
    const m = await sink.waitFor((x) => x.to.includes('congdan@example.vn'));
    assert.doesNotMatch(m.body, /token=/);
    assert.match(m.body, /đã có tài khoản/);
    // The demo citizen's password is unchanged.
    await login(server.url, 'congdan@example.vn');
  }));

  test('confirm: a wrong token is 404, the right one creates the account once', withLog(() => server, async () => {
    assertError(await api(server.url, 'POST', '/api/v1/registrations/confirm', { body: { token: '0'.repeat(64) } }), 404, 'not_found', 'token');
    assertError(await api(server.url, 'POST', '/api/v1/registrations/confirm', { body: { token: 'abc' } }), 404, 'not_found', 'token');
    const r = await api(server.url, 'POST', '/api/v1/registrations/confirm', { body: { token } });
    assert.equal(r.status, 201, r.text);
    assert.match(r.json.account.login, /^cd-[0-9a-f]{10}$/);
    assert.equal(r.json.account.role, 'citizen');
    assertError(await api(server.url, 'POST', '/api/v1/registrations/confirm', { body: { token } }), 404, 'not_found', 'token');
  }));

  test('sign in with the e-mail address; /me lists a dossier added with its code and secret', withLog(() => server, async () => {
    const me = await login(server.url, 'MAI.LO@example.vn', PASSWORD);
    assert.equal(me.account.role, 'citizen');
    assert.equal(me.account.display_name, 'Lò Thị Mai');
    const empty = await api(server.url, 'GET', '/api/v1/me/dossiers', { cookie: me.cookie });
    assert.equal(empty.status, 200, empty.text);
    assert.deepEqual(empty.json.dossiers, []);

    const applicant = { name: 'Lò Thị Mai', phone: '0912 000 111', address: 'Bản Hìn, phường Chiềng Cơi' };
    const c = await api(server.url, 'POST', '/api/v1/dossiers', { cookie: counter.cookie, csrf: counter.csrf,
      body: { action: 'receive', procedure: 'ht-nhan-cha-me-con', unit: 'phuong-chieng-coi', applicant, documents: [1, 2, 3] } });
    assert.equal(c.status, 201, c.text);
    dossier = c.json.dossier;

    const add = (body) => api(server.url, 'POST', '/api/v1/me/dossiers', { cookie: me.cookie, csrf: me.csrf, body });
    assertError(await add({ code: dossier.code, secret: 'AAAAAAAA' }), 404, 'not_found');
    assertError(await add({ code: 'PCC-000000-0000', secret: dossier.secret }), 404, 'not_found');
    const ok = await add({ code: ` ${dossier.code.toLowerCase()} `, secret: dossier.secret.toLowerCase() });
    assert.equal(ok.status, 201, ok.text);
    assert.equal(ok.json.code, dossier.code);
    assert.equal((await add({ code: dossier.code, secret: dossier.secret })).status, 201);   // again: no change

    const list = await api(server.url, 'GET', '/api/v1/me/dossiers', { cookie: me.cookie });
    assert.deepEqual(list.json.dossiers.map((d) => [d.code, d.source, d.state]), [[dossier.code, 'added', 'received']]);
    const html = await page(server.url, '/me', { cookie: me.cookie });
    assert.equal(html.status, 200);
    assert.ok(html.text.includes(dossier.code), 'the dossier is not on /me');
    const reports = await api(server.url, 'GET', '/api/v1/me/reports', { cookie: me.cookie });
    assert.deepEqual(reports.json.reports, []);
  }));

  test('the demo citizen owns a demo dossier and a report; staff have no /me', withLog(() => server, async () => {
    const cd = await login(server.url, 'congdan');
    const d = await api(server.url, 'GET', '/api/v1/me/dossiers', { cookie: cd.cookie });
    assert.equal(d.json.dossiers.length, 1, d.text);
    assert.equal(d.json.dossiers[0].source, 'added');
    const r = await api(server.url, 'GET', '/api/v1/me/reports', { cookie: cd.cookie });
    assert.equal(r.json.reports.length, 1, r.text);
    assertError(await api(server.url, 'GET', '/api/v1/me/dossiers', { cookie: counter.cookie }), 403, 'forbidden');
    assertError(await api(server.url, 'GET', '/api/v1/me/dossiers'), 401, 'unauthenticated');
  }));

  test('a citizen\'s own lists page by keyset: limit, next, after; a cursor not the account\'s is refused', withLog(() => server, async () => {
    const me = await login(server.url, 'mai.lo@example.vn', PASSWORD);
    // Two more dossiers added with code and secret, and three reports filed while signed in.
    for (let i = 0; i < 2; i++) {
      const c = await api(server.url, 'POST', '/api/v1/dossiers', { cookie: counter.cookie, csrf: counter.csrf,
        body: { action: 'receive', procedure: 'ht-nhan-cha-me-con', unit: 'phuong-chieng-coi',
                applicant: { name: 'Lò Thị Mai', phone: '0912 000 111', address: 'Bản Hìn' }, documents: [1, 2, 3] } });
      assert.equal(c.status, 201, c.text);
      const add = await api(server.url, 'POST', '/api/v1/me/dossiers', { cookie: me.cookie, csrf: me.csrf,
        body: { code: c.json.dossier.code, secret: c.json.dossier.secret } });
      assert.equal(add.status, 201, add.text);
    }
    for (let i = 0; i < 3; i++) {
      const f = await api(server.url, 'POST', '/api/v1/cases', { cookie: me.cookie, csrf: me.csrf, body: {
        kind: 'feedback', category: 'harassment', unit: 'phuong-chieng-coi', title: `Phản ánh số ${i + 1} về thái độ`,
        body: 'Cán bộ một cửa trả lời cộc lốc, không hướng dẫn.', name: 'Lò Thị Mai', phone: '0912 000 111' } });
      assert.equal(f.status, 201, f.text);
    }
    const walk = async (path, key) => {
      const all = await api(server.url, 'GET', path, { cookie: me.cookie });
      assert.equal(all.status, 200, all.text);
      assert.equal(all.json.next, null);
      const want = all.json[key].map((x) => x.code);
      const got = [];
      let q = `${path}?limit=1`, pages = 0;
      for (;;) {
        const r = await api(server.url, 'GET', q, { cookie: me.cookie });
        assert.equal(r.status, 200, r.text);
        assert.equal(r.json[key].length, 1, r.text);
        got.push(r.json[key][0].code);
        pages++;
        if (!r.json.next) break;
        assert.equal(r.json.next, r.json[key][0].code);
        q = `${path}?limit=1&after=${encodeURIComponent(r.json.next)}`;
      }
      assert.equal(pages, 3);
      assert.deepEqual(got, want, 'the pages walk every row once, newest first');
      return want;
    };
    const dossiers = await walk('/api/v1/me/dossiers', 'dossiers');
    const reports = await walk('/api/v1/me/reports', 'reports');
    assert.ok(reports.every((c, i) => i === 0 || c < reports[i - 1]), `newest first: ${reports}`);

    // /me shows a next link per list when the page is full; here each list fits its page.
    const html = await page(server.url, `/me?list=reports&after=${encodeURIComponent(reports[0])}`, { cookie: me.cookie });
    assert.equal(html.status, 200);
    const mine = html.text.slice(html.text.indexOf('id="my-reports"'));
    assert.ok(!mine.includes(`<code>${reports[0]}</code>`) && mine.includes(`<code>${reports[1]}</code>`), `the reports list continues after the cursor: ${mine.slice(0, 600)}`);
    assert.ok(html.text.includes(dossiers[0]), 'the dossiers list starts from the newest');
    assert.match(html.text, /rel="first" href="\/me\?list=reports"/);

    // Bad input: a cursor of another account, an unknown code, a limit out of range.
    const cd = await login(server.url, 'congdan');
    const theirs = (await api(server.url, 'GET', '/api/v1/me/reports', { cookie: cd.cookie })).json.reports[0].code;
    assertError(await api(server.url, 'GET', `/api/v1/me/reports?after=${theirs}`, { cookie: me.cookie }), 422, 'invalid_field', 'after');
    assertError(await api(server.url, 'GET', '/api/v1/me/dossiers?after=PCC-000000-0000', { cookie: me.cookie }), 422, 'invalid_field', 'after');
    for (const l of ['0', '201', 'x', ''])
      assertError(await api(server.url, 'GET', `/api/v1/me/dossiers?limit=${l}`, { cookie: me.cookie }), 422, 'invalid_field', 'limit');
  }));

  test('registrations are limited per client address', withLog(() => server, async () => {
    while (registrations < 5) {
      const r = await register({ email: `nguoi${registrations}@example.vn`, display_name: 'Người Thử', password: PASSWORD });
      assert.equal(r.status, 202, r.text);
    }
    assertError(await register({ email: 'them@example.vn', display_name: 'Người Thử', password: PASSWORD }), 429, 'rate_limited');
  }));

  test('the ledger verifies', withLog(() => server, async () => {
    const v = await runCli(['verify', '--db', server.dbPath]);
    assert.equal(v.code, 0, v.stdout + v.stderr);
  }));
});
