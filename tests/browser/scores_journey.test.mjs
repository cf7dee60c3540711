// A member of the press checks the scoreboard through the pages only, in
// Debian's Chromium: from the home page's live figures to /scores, a quarter
// chosen in the period form, the weakest commune's page with each indicator's
// numerator and denominator and the late dossiers that cost it points (codes
// only), the next page of that list, and the methodology with each formula.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, withLog } from '../lib/server.mjs';
import { launchBrowser, newContext, submitForm, bodyText, follow } from '../lib/browser.mjs';

let srv, browser;
before(async () => {
  srv = await startServer({ demo: true, history: true });
  browser = await launchBrowser();
});
after(async () => {
  if (browser) await browser.close();
  if (srv) await srv.cleanup();
});

test('home → scoreboard → a quarter → a commune → what cost points → methodology', withLog(() => srv, async () => {
  const ctx = await newContext(browser);
  const page = await ctx.newPage();
  await page.goto(srv.url + '/');
  assert.match(await bodyText(page), /Hồ sơ giải quyết đúng hạn/);
  await follow(page, page.locator('main a[href="/scores"]'));
  assert.equal(new URL(page.url()).pathname, '/scores');
  assert.match(await bodyText(page), /Xã, phường/);

  // The last full quarter.
  const now = new Date(Date.now() + 7 * 3600e3);
  const q = Math.floor(now.getUTCMonth() / 3);
  const quarter = q === 0 ? `${now.getUTCFullYear() - 1}-Q4` : `${now.getUTCFullYear()}-Q${q}`;
  await page.fill('input[name=period]', quarter);
  const resp = await submitForm(page, 'input[name=period]');
  assert.equal(resp.status(), 200);
  assert.equal(new URL(page.url()).searchParams.get('period'), quarter);

  await follow(page, page.locator('a[href^="/scores/units/xa-muong-sai"]'));
  const text = await bodyText(page);
  assert.match(text, /Xã Mường Sại/);
  assert.match(text, /2\.1/);
  assert.match(text, /không có dữ liệu/, 'an indicator without input says so');
  assert.match(text, /Hồ sơ quá hạn/);
  const codes = await page.locator('#late + ul.codes code').allInnerTexts();
  assert.ok(codes.length > 0, 'late dossiers listed');
  for (const c of codes) assert.match(c, /^XMS-\d{6}-\d{4}$/);
  const next = page.locator('a[rel=next][href*="list=late"]');
  if (await next.count()) {
    await follow(page, next);
    const more = await page.locator('#late + ul.codes code').allInnerTexts();
    assert.ok(more.length > 0);
    assert.ok(!more.includes(codes[0]), 'the next page goes on from the last code');
  }
  await follow(page, page.locator('main a[href="/scores/methodology"]'));
  const m = await bodyText(page);
  assert.match(m, /R × điểm tối đa \/ T/);
  assert.match(m, /Xuất sắc/);
  assert.deepEqual(ctx.problems, []);
  await ctx.close();
}));
