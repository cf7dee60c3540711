// Counter recordings as evidence, in Debian's Chromium on a phone: the
// Provincial Inspectorate's inspector opens "Ghi âm, ghi hình tại quầy", finds
// the recording of the ward's one-stop counter, opens it with a reason (one
// ledger event), and the browser's own player loads it from the server by byte
// ranges; the opening is listed with the reason. The official recorded gets 404
// on the same pages. The pages have no sideways scroll and no serious axe finding.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, ledgerHead, withLog, DEMO_PASSWORD } from '../lib/server.mjs';
import { launchBrowser, submitForm, bodyText, follow, signedIn, checkPage, PHONE } from '../lib/browser.mjs';


let srv, browser;
before(async () => {
  srv = await startServer({ demo: true });
  browser = await launchBrowser();
});
after(async () => {
  if (browser) await browser.close();
  if (srv) await srv.cleanup();
});
const t = (name, fn) => test(name, withLog(() => srv, fn));


t('an inspector opens the counter recording with a reason and plays it', async () => {
  const { ctx, page } = await signedIn(browser, srv.url, 'thanhtra', DEMO_PASSWORD, PHONE);
  const ranges = [];
  page.on('request', (req) => { if (req.url().includes('/media')) ranges.push(req.headers().range || '(none)'); });
  try {
    // From the menu.
    assert.equal((await follow(page, page.locator('header a[href="/recordings"]'))).status(), 200);
    assert.match(await bodyText(page), /Ghi âm, ghi hình tại quầy/);
    await checkPage(page, 'the list');
    assert.equal((await follow(page, page.locator('main a[href^="/recordings/"]', { hasText: 'Bản ghi' }))).status(), 200);
    let text = await bodyText(page);
    assert.match(text, /Phường Chiềng Cơi|phuong-chieng-coi/);
    assert.match(text, /Chưa ai mở bản ghi này/);
    assert.equal(await page.locator('audio').count(), 0, 'no player before an opening');
    await checkPage(page, 'a recording, closed');

    const head0 = await ledgerHead(srv.url);
    await page.fill('textarea[name=reason]', 'Xác minh phản ánh về thái độ của cán bộ một cửa sáng hôm qua');
    const resp = await submitForm(page, 'textarea[name=reason]');
    assert.equal(resp.status(), 200);
    const head1 = await ledgerHead(srv.url);
    assert.equal(head1.seq, head0.seq + 1, 'one event: recording.opened');
    text = await bodyText(page);
    assert.match(text, /Bạn được xem, nghe đến/);
    assert.match(text, /Xác minh phản ánh về thái độ/);
    // The browser's own player loads the file from the server.
    await page.waitForFunction(() => document.querySelector('audio') && document.querySelector('audio').readyState >= 1);
    const duration = await page.evaluate(() => document.querySelector('audio').duration);
    assert.ok(duration > 0.9 && duration < 1.1, `a second of sound: ${duration}`);
    assert.ok(ranges.some((r) => r.startsWith('bytes=')), `the player asked by ranges: ${ranges.join(', ')}`);
    await checkPage(page, 'a recording, open');
  } finally {
    await ctx.close();
  }
});

t('the official recorded never sees the recordings', async () => {
  const { ctx, page } = await signedIn(browser, srv.url, 'motcua', DEMO_PASSWORD, PHONE);
  try {
    assert.equal(await page.locator('header a[href="/recordings"]').count(), 0, 'no menu link');
    assert.equal((await page.goto(`${srv.url}/recordings`)).status(), 404);
    assert.equal((await page.goto(`${srv.url}/recordings/1`)).status(), 404);
  } finally {
    await ctx.close();
  }
});
