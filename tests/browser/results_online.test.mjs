// Results online in Debian's Chromium: the official holding a dossier attaches
// the result PDF on the dossier page and marks the result ready, the counter
// records the fee (a refusal first, with its field error, then cash with the
// receipt number); the citizen, not signed in, opens the tracking page on a
// phone, sees that an electronic result exists with its SHA-256, downloads it,
// and the file's SHA-256 is the one shown. The dossier is received and
// assigned through the API (the dossier journey covers those pages).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { startServer, api, login, withLog, DEMO_PASSWORD, REPO } from '../lib/server.mjs';
import { launchBrowser, newContext, bodyText, signedIn as signedInAs, PHONE, fitsWidth } from '../lib/browser.mjs';

const PDF_PATH = path.join(REPO, 'data', 'demo_result.pdf');
const PDF_SHA = crypto.createHash('sha256').update(fs.readFileSync(PDF_PATH)).digest('hex');

let srv;
let browser;
before(async () => {
  srv = await startServer({ demo: true });
  browser = await launchBrowser();
});
after(async () => {
  if (browser) await browser.close();
  if (srv) await srv.cleanup();
});
const t = (name, fn) => test(name, withLog(() => srv, fn));
const signedIn = (who, options) => signedInAs(browser, srv.url, who, DEMO_PASSWORD, options);
const problems = (ctx, ...statuses) => ctx.problems.filter((p) =>
  !statuses.some((s) => p.includes(`the server responded with a status of ${s} `)));

/** Clicks the submit button of the form with `action` and waits for the page it leads to. */
async function submit(page, action) {
  const form = page.locator(`form[action="${action}"]`);
  assert.equal(await form.count(), 1, `no form ${action} on ${page.url()}:\n${await bodyText(page)}`);
  const [resp] = await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), form.locator('button[type=submit]').click()]);
  return resp;
}

t('the official attaches the result and records the fee; the citizen opens tracking and downloads it', async () => {
  // Received at the counter and assigned to the official (API).
  const counter = await login(srv.url, 'motcua');
  const r = await api(srv.url, 'POST', '/api/v1/dossiers', {
    body: { action: 'receive', procedure: 'ct-hop-dong-giao-dich', unit: 'phuong-chieng-coi', documents: [1, 2, 3],
      applicant: { name: 'Quàng Văn Hải', phone: '0915 111 333', address: 'Bản Hìn, phường Chiềng Cơi' } },
    cookie: counter.cookie, csrf: counter.csrf });
  assert.equal(r.status, 201, r.text);
  const { code, secret } = r.json.dossier;
  const a = await api(srv.url, 'POST', `/api/v1/dossiers/${code}/actions`, { body: { action: 'assign', to: 'xuly' }, cookie: counter.cookie, csrf: counter.csrf });
  assert.equal(a.status, 200, a.text);

  // The official attaches the PDF on the dossier page, then marks the result ready.
  const off = await signedIn('xuly');
  try {
    let resp = await off.page.goto(`${srv.url}/dossiers/${code}`);
    assert.equal(resp.status(), 200);
    await off.page.setInputFiles('form[action$="/result"] input[name=file]', PDF_PATH);
    resp = await submit(off.page, `/dossiers/${code}/result`);
    assert.equal(resp.status(), 200);
    assert.ok(off.page.url().endsWith(`/dossiers/${code}`) || off.page.url().includes(`/dossiers/${code}#`), off.page.url());
    const section = off.page.locator('#result');
    assert.ok((await section.innerText()).includes(PDF_SHA), 'the hash on the staff page');
    assert.match(await section.innerText(), /Công dân tải được kết quả khi hồ sơ chuyển sang “Đã có kết quả/);
    const ready = off.page.locator('#act-result_ready');
    await Promise.all([off.page.waitForNavigation({ waitUntil: 'load' }), ready.locator('button[type=submit]').click()]);
    assert.match(await off.page.locator('.summary .state').innerText(), /Đã có kết quả/);
    assert.deepEqual(problems(off.ctx), []);
  } finally {
    await off.ctx.close();
  }

  // The counter records the fee: cash without the receipt number is refused, naming it; then with it.
  const desk = await signedIn('motcua');
  try {
    await desk.page.goto(`${srv.url}/dossiers/${code}`);
    await desk.page.selectOption('form[action$="/payment"] select[name=method]', 'cash');
    let resp = await submit(desk.page, `/dossiers/${code}/payment`);
    assert.equal(resp.status(), 422);
    assert.match(await desk.page.locator('[role=alert]').innerText(), /phải ghi số biên lai/);
    await desk.page.fill('form[action$="/payment"] input[name=receipt_no]', 'BL-0020001');
    await desk.page.selectOption('form[action$="/payment"] select[name=method]', 'cash');
    resp = await submit(desk.page, `/dossiers/${code}/payment`);
    assert.equal(resp.status(), 200);
    const text = await desk.page.locator('#result').innerText();
    assert.match(text, /50\.000 đồng/);
    assert.match(text, /BL-0020001/);
    assert.deepEqual(problems(desk.ctx, 422), []);
  } finally {
    await desk.ctx.close();
  }

  // The citizen, on a phone and not signed in, tracks the dossier and downloads the result.
  const ctx = await newContext(browser, { ...PHONE, acceptDownloads: true });
  try {
    const page = await ctx.newPage();
    await page.goto(`${srv.url}/track`);
    await page.fill('input[name=code]', code);
    await page.fill('input[name=secret]', secret.toLowerCase());
    await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.locator('form[action="/track"] button[type=submit]').click()]);
    const section = page.locator('#result');
    assert.equal(await section.count(), 1, await bodyText(page));
    const shown = await section.locator('code.hash').innerText();
    assert.equal(shown, PDF_SHA);
    assert.match(await section.innerText(), /Tiền mặt/);
    assert.match(await section.innerText(), /BL-0020001/);
    const [download] = await Promise.all([page.waitForEvent('download'), section.locator('a.button').click()]);
    assert.equal(download.suggestedFilename(), `ket-qua-${code}.pdf`);
    const file = await download.path();
    const got = crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
    assert.equal(got, shown, 'the downloaded file is the one whose hash the page shows');
    // No sideways scrolling at 390 px.
    assert.ok(await fitsWidth(page), 'the tracking page fits 390 px');
    assert.deepEqual(problems(ctx), []);
  } finally {
    await ctx.close();
  }
});
