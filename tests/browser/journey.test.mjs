// Browser journeys in Debian's Chromium: a citizen finds a ward, its head
// signs in and changes the contact details, the public page shows them.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer, api, withLog, DEMO_PASSWORD } from '../lib/server.mjs';
import { launchBrowser, newContext, submitForm, bodyText } from '../lib/browser.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const SHOTS = path.join(here, 'screenshots');

// How the pages name the role that made the last change (unit_head).
const UNIT_HEAD_LABEL_VI = 'Người đứng đầu đơn vị';

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

async function signIn(page, login, password = DEMO_PASSWORD) {
  await page.goto(srv.url + '/login');
  await page.fill('input[name=login]', login);
  await page.fill('input[name=password]', password);
  return submitForm(page, 'input[name=password]');
}


t('journey: search, unit page, sign in as the ward head, edit contacts, public page shows them', async () => {
  const ctx = await newContext(browser);
  const page = await ctx.newPage();
  try {
    // Home → search "chieng coi".
    const home = await page.goto(srv.url + '/');
    assert.equal(home.status(), 200);
    assert.equal(await page.getAttribute('html', 'lang'), 'vi');
    await page.fill('input[name=q]', 'chieng coi');
    await Promise.all([page.waitForNavigation(), page.press('input[name=q]', 'Enter')]);
    const u = new URL(page.url());
    assert.equal(u.pathname, '/units');
    assert.equal(u.searchParams.get('q'), 'chieng coi');

    // Result → unit page.
    const link = page.locator('a[href="/units/phuong-chieng-coi"]').first();
    assert.ok(await link.count() > 0, 'search results lack a link to Phường Chiềng Cơi');
    await Promise.all([page.waitForNavigation(), link.click()]);
    assert.equal(new URL(page.url()).pathname, '/units/phuong-chieng-coi');
    assert.match(await page.locator('h1').first().innerText(), /Phường Chiềng Cơi/);
    const scriptsBefore = await page.$$eval('script', (s) => s.length);

    // Sign in through the header link.
    const loginLink = page.locator('header a[href^="/login"]').first();
    assert.ok(await loginLink.count() > 0, 'no sign-in link in the header');
    await Promise.all([page.waitForNavigation(), loginLink.click()]);
    await page.fill('input[name=login]', 'truongphuong');
    await page.fill('input[name=password]', DEMO_PASSWORD);
    const resp = await submitForm(page, 'input[name=password]');
    assert.equal(resp.status(), 200);
    const cookies = await ctx.cookies();
    const sess = cookies.find((c) => c.name === 'mb_session');
    assert.ok(sess, 'no mb_session cookie after sign-in');
    assert.equal(sess.httpOnly, true);
    assert.equal(sess.sameSite, 'Lax');
    assert.equal(await page.locator('header form[action="/logout"] button').count(), 1, 'no sign-out button in the header');

    // Edit the contact details.
    await page.goto(srv.url + '/units/phuong-chieng-coi');
    const edit = page.locator('a[href="/units/phuong-chieng-coi/edit"]').first();
    if (await edit.count() > 0) await Promise.all([page.waitForNavigation(), edit.click()]);
    else await page.goto(srv.url + '/units/phuong-chieng-coi/edit');
    assert.equal(new URL(page.url()).pathname, '/units/phuong-chieng-coi/edit');
    assert.equal(await page.locator('input[type=hidden][name=_csrf]').count() >= 1, true, 'edit form lacks _csrf');
    const phone = '0212 3852 468';
    const schedule = 'Thứ Năm hằng tuần, 8:00–11:00';
    await page.fill('[name=phone]', phone);
    await page.fill('[name=reception_schedule]', schedule);
    const saved = await submitForm(page, '[name=phone]');
    assert.equal(saved.status(), 200);
    const redirect = saved.request().redirectedFrom();
    assert.ok(redirect, 'saving should redirect (303) to the unit page');
    assert.equal(redirect.method(), 'POST');
    assert.equal((await redirect.response()).status(), 303);
    assert.equal(new URL(page.url()).pathname, '/units/phuong-chieng-coi');

    // The public page, seen by someone not signed in.
    const anon = await newContext(browser);
    const pub = await anon.newPage();
    await pub.goto(srv.url + '/units/phuong-chieng-coi');
    const text = await bodyText(pub);
    assert.ok(text.includes(phone), 'public page lacks the new phone');
    assert.ok(text.includes(schedule), 'public page lacks the new reception schedule');
    assert.ok(text.includes(UNIT_HEAD_LABEL_VI), `public page does not say the change was made by "${UNIT_HEAD_LABEL_VI}"`);
    assert.equal(await pub.$$eval('script', (s) => s.length), scriptsBefore);
    fs.mkdirSync(SHOTS, { recursive: true });
    await pub.screenshot({ path: path.join(SHOTS, 'unit.png'), fullPage: true });
    assert.deepEqual(anon.problems, [], 'console or page errors on the public page');
    await anon.close();

    // The API agrees.
    const r = await api(srv.url, 'GET', '/api/v1/units/phuong-chieng-coi');
    assert.equal(r.json.unit.phone, phone);
    assert.equal(r.json.unit.reception_schedule, schedule);
    assert.equal(r.json.unit.updated_by_role, 'unit_head');

    // Sign out with the header button.
    await Promise.all([page.waitForNavigation(), page.locator('header form[action="/logout"] button').click()]);
    const after_ = await ctx.cookies();
    const left = after_.find((c) => c.name === 'mb_session');
    if (left) {
      const s = await api(srv.url, 'GET', '/api/v1/session', { cookie: `mb_session=${left.value}` });
      assert.equal(s.status, 401, 'session still valid after sign-out');
    }
    assert.ok(await page.locator('header a[href^="/login"]').count() > 0, 'no sign-in link after sign-out');
    assert.deepEqual(ctx.problems, [], 'console or page errors');
  } finally {
    await ctx.close();
  }
});

t('a script tag entered in the address is shown as text, never run', async () => {
  const ctx = await newContext(browser);
  const page = await ctx.newPage();
  try {
    await page.goto(srv.url + '/units/phuong-chieng-coi');
    const scriptsBefore = await page.$$eval('script', (s) => s.length);
    const resp = await signIn(page, 'truongphuong');
    assert.equal(resp.status(), 200);
    await page.goto(srv.url + '/units/phuong-chieng-coi/edit');
    const evil = '<script>document.title="pwned";window.__pwned=1</script>';
    const address = `Số 5 đường Chu Văn Thịnh ${evil}<img src=x onerror="window.__pwned=2">`;
    await page.fill('[name=address]', address);
    const saved = await submitForm(page, '[name=address]');
    assert.equal(saved.status(), 200);
    assert.equal(new URL(page.url()).pathname, '/units/phuong-chieng-coi');

    const text = await bodyText(page);
    assert.ok(text.includes(evil), 'the script tag is not shown literally as text');
    assert.ok(text.includes(address), 'the address is not shown as entered');
    assert.equal(await page.$$eval('script', (s) => s.length), scriptsBefore, 'a script element was injected');
    assert.equal(await page.locator('img[src=x]').count(), 0, 'an img element was injected');
    assert.notEqual(await page.title(), 'pwned');
    assert.equal(await page.evaluate(() => window.__pwned), undefined);

    // The edit form shows it back as a value, not as markup.
    await page.goto(srv.url + '/units/phuong-chieng-coi/edit');
    assert.equal(await page.inputValue('[name=address]'), address);
    assert.equal(await page.$$eval('script', (s) => s.length), scriptsBefore, 'a script element was injected in the form');
    assert.equal(await page.evaluate(() => window.__pwned), undefined);
  } finally {
    await ctx.close();
  }
});

t('wrong password shows an error; the 6th attempt is rate-limited (429)', async () => {
  const ctx = await newContext(browser);
  const page = await ctx.newPage();
  try {
    // "Tên đăng nhập hoặc mật khẩu không đúng." then "Đăng nhập sai quá nhiều lần..."
    for (let i = 1; i <= 5; i++) {
      const resp = await signIn(page, 'giamdocsoyte', `sai-mat-khau-${i}`);
      assert.equal(resp.status(), 401, `attempt ${i}`);
      const text = await bodyText(page);
      assert.match(text, /không đúng/i, `attempt ${i}: no "wrong login or password" message`);
      assert.ok(!(await ctx.cookies()).some((c) => c.name === 'mb_session'), 'session cookie after a failed sign-in');
    }
    const resp = await signIn(page, 'giamdocsoyte', DEMO_PASSWORD);
    assert.equal(resp.status(), 429, '6th attempt (right password) should be rate-limited');
    const text = await bodyText(page);
    assert.match(text, /quá nhiều lần/i, 'no rate-limit message on the page');
    assert.ok(!(await ctx.cookies()).some((c) => c.name === 'mb_session'), 'session cookie despite the rate limit');
  } finally {
    await ctx.close();
  }
});

t('language switch: English labels and names, remembered by a cookie', async () => {
  const ctx = await newContext(browser);
  const page = await ctx.newPage();
  try {
    await page.goto(srv.url + '/');
    const viText = await bodyText(page);
    assert.ok(viText.includes('Tìm'), 'Vietnamese home page lacks "Tìm"');
    const en = page.locator('header a[href*="lang=en"]').first();
    assert.ok(await en.count() > 0, 'no English link in the header');
    await Promise.all([page.waitForNavigation(), en.click()]);
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
    const enText = await bodyText(page);
    assert.match(enText, /Search/i, 'English home page lacks "Search"');
    assert.match(enText, /Sign in/i, 'English home page lacks "Sign in"');
    assert.ok(!enText.includes('Đăng nhập'), 'English page still says "Đăng nhập"');
    const lang = (await ctx.cookies()).find((c) => c.name === 'mb_lang');
    assert.ok(lang && lang.value === 'en', 'no mb_lang=en cookie');

    // Later pages, without ?lang, stay English.
    await page.goto(srv.url + '/units/phuong-chieng-coi');
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
    assert.match(await page.locator('h1').first().innerText(), /Chieng Coi Ward/);
    await page.goto(srv.url + '/units');
    assert.ok((await bodyText(page)).includes('Department of Health, Son La'));

    // And back to Vietnamese.
    const vi = page.locator('header a[href*="lang=vi"]').first();
    await Promise.all([page.waitForNavigation(), vi.click()]);
    assert.equal(await page.getAttribute('html', 'lang'), 'vi');
    assert.ok((await bodyText(page)).includes('Sở Y tế tỉnh Sơn La'));
    assert.deepEqual(ctx.problems, [], 'console or page errors');
  } finally {
    await ctx.close();
  }
});
