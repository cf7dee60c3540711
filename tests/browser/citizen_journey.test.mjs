// A citizen's account through the pages only, in Debian's Chromium: from the
// sign-in page to the registration form; the confirmation link arrives in the
// mail sink; the citizen opens it, confirms, signs in with the e-mail address
// and lands on /me; there they add a dossier received at the counter with its
// code and secret, and see it listed.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, login, withLog } from '../lib/server.mjs';
import { launchBrowser, newContext, submitForm, bodyText, follow } from '../lib/browser.mjs';
import { SmtpSink } from '../lib/smtp-sink.mjs';

const PUBLIC_URL = 'https://pakn.example.test';
const EMAIL = 'quang.thi.na@example.vn';
const PASSWORD = 'mat-khau-cua-na-2026';

let srv, sink, browser;
before(async () => {
  sink = new SmtpSink();
  await sink.start();
  process.env.MINHBACH_SMTP_URL = `smtp://127.0.0.1:${sink.port}`;
  process.env.MINHBACH_MAIL_FROM = 'no-reply@pakn.example.test';
  process.env.MINHBACH_PUBLIC_URL = PUBLIC_URL;
  process.env.MINHBACH_MAIL_INTERVAL = '86400';
  srv = await startServer();
  browser = await launchBrowser();
});
after(async () => {
  if (browser) await browser.close();
  if (srv) await srv.cleanup();
  await sink.stop();
});

test('register, confirm by e-mail, sign in, add a dossier, see it on /me', withLog(() => srv, async () => {
  const ctx = await newContext(browser);
  const page = await ctx.newPage();

  await page.goto(srv.url + '/login');
  await follow(page, page.locator('a[href="/register"]'));
  assert.equal(new URL(page.url()).pathname, '/register');
  await page.fill('input[name=email]', EMAIL);
  await page.fill('input[name=display_name]', 'Quàng Thị Na');
  await page.fill('input[name=password]', PASSWORD);
  let resp = await submitForm(page, 'input[name=email]');
  assert.equal(resp.status(), 200);
  assert.equal(new URL(page.url()).pathname, '/register/sent');
  assert.match(await bodyText(page), /Hãy kiểm tra hộp thư/);

  // The outbox sends the link (an administrator's flush stands in for the delivery job).
  const admin = await login(srv.url, 'quantri');
  const f = await api(srv.url, 'POST', '/api/v1/outbox/flush', { cookie: admin.cookie, csrf: admin.csrf, body: {} });
  assert.equal(f.status, 200, f.text);
  const mail = await sink.waitFor((m) => m.to.includes(EMAIL));
  const link = /https:\/\/pakn\.example\.test(\/register\/confirm\?token=[0-9a-f]{64})/.exec(mail.body);
  assert.ok(link, mail.body);

  await page.goto(srv.url + link[1]);
  resp = await submitForm(page, 'input[name=token]');
  assert.equal(resp.status(), 200);
  assert.equal(new URL(page.url()).pathname, '/register/done');
  await follow(page, page.locator('main a[href^="/login"]'));
  await page.fill('input[name=login]', EMAIL);
  await page.fill('input[name=password]', PASSWORD);
  resp = await submitForm(page, 'input[name=password]');
  assert.equal(resp.status(), 200);
  assert.equal(new URL(page.url()).pathname, '/me');
  assert.match(await bodyText(page), /Chưa có hồ sơ nào trong tài khoản/);

  // A paper dossier received at the counter; the citizen adds it with the receipt's code and secret.
  const counter = await login(srv.url, 'motcua');
  const c = await api(srv.url, 'POST', '/api/v1/dossiers', { cookie: counter.cookie, csrf: counter.csrf,
    body: { action: 'receive', procedure: 'ht-nhan-cha-me-con', unit: 'phuong-chieng-coi',
      applicant: { name: 'Quàng Thị Na', phone: '0912 333 444', address: 'Bản Hìn, phường Chiềng Cơi' }, documents: [1, 2, 3] } });
  assert.equal(c.status, 201, c.text);
  const { code, secret } = c.json.dossier;
  await page.fill('input[name=code]', code);
  await page.fill('input[name=secret]', 'SAIMAXXX');
  resp = await submitForm(page, 'input[name=secret]');
  assert.equal(resp.status(), 404);
  assert.match(await bodyText(page), /Mã hồ sơ hoặc mã tra cứu không đúng/);
  await page.fill('input[name=code]', code);
  await page.fill('input[name=secret]', secret);
  resp = await submitForm(page, 'input[name=secret]');
  assert.equal(resp.status(), 200);
  assert.equal(new URL(page.url()).pathname, '/me');
  const row = page.locator('#my-dossiers tr', { hasText: code });
  assert.equal(await row.count(), 1, await bodyText(page));
  assert.match(await row.innerText(), /Đăng ký nhận cha, mẹ, con/);

  // The navigation leads back here.
  assert.equal(await page.locator('header nav a[href="/me"]').count(), 1);
  assert.deepEqual(ctx.problems.filter((p) => !p.includes('status of 404')), []);
  await ctx.close();
}));
