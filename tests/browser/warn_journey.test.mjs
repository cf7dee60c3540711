// An early-warning signal leads an inspector to an inspection, in Debian's
// Chromium on a phone: the Provincial Inspectorate's inspector opens "Cảnh báo
// sớm" on the demo's months of history, runs it again with the button, opens
// the signal about the ward's processing officer, reads its formula, numbers,
// peers and test, takes it up, and records the inspection it led to; the head
// of the ward reads the signal and its state but has no form; the official
// does not see it. The pages have no sideways scroll and no serious axe finding.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, ledgerHead, withLog, DEMO_PASSWORD } from '../lib/server.mjs';
import { launchBrowser, submitForm, bodyText, follow, signedIn, checkPage, PHONE } from '../lib/browser.mjs';


let srv, browser;
before(async () => {
  srv = await startServer({ demo: true, history: true });
  browser = await launchBrowser();
});
after(async () => {
  if (browser) await browser.close();
  if (srv) await srv.cleanup();
});
const t = (name, fn) => test(name, withLog(() => srv, fn));


t('an inspector runs the warning, takes up the signal and records the inspection it led to', async () => {
  const { ctx, page } = await signedIn(browser, srv.url, 'thanhtra', DEMO_PASSWORD, PHONE);
  try {
    assert.equal((await page.goto(`${srv.url}/oversight/warnings`)).status(), 200);
    assert.match(await bodyText(page), /Cảnh báo sớm/);
    await checkPage(page, 'the list');
    // The button runs it again: the list is back, with the time of the run.
    const ran = await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click('button:has-text("Tính lại ngay")')]);
    assert.equal(ran[0].status(), 200);
    assert.match(await bodyText(page), /Lần tính gần nhất/);
    // The signal about the ward's processing officer.
    const link = page.locator('tr', { hasText: '(xuly)' }).locator('a').first();
    assert.equal((await follow(page, link)).status(), 200);
    const signalUrl = page.url();
    let text = await bodyText(page);
    assert.match(text, /Công thức/);
    assert.match(text, /Cận dưới khoảng tin cậy/);
    assert.match(text, /Cán bộ khác cùng thủ tục/);
    assert.match(text, /Trạng thái:\s*Mới/);
    await checkPage(page, 'a signal');
    const head0 = await ledgerHead(srv.url);
    const taken = await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click('button:has-text("Nhận xem xét")')]);
    assert.equal(taken[0].status(), 200);
    assert.match(await bodyText(page), /Trạng thái:\s*Đang xem xét/);
    await page.fill('textarea[name=reason]:near(:text("Số hiệu hoặc mô tả"))', 'Kiểm tra công vụ đột xuất tại bộ phận một cửa phường Chiềng Cơi, kế hoạch 15/KH-TTr');
    const sent = await submitForm(page, 'textarea#' + (await page.locator('textarea[id^=ref-]').getAttribute('id')));
    assert.equal(sent.status(), 200);
    text = await bodyText(page);
    assert.match(text, /Đã dẫn tới thanh tra, kiểm tra/);
    assert.match(text, /15\/KH-TTr/);
    assert.equal((await ledgerHead(srv.url)).seq, head0.seq + 2);
    assert.deepEqual(ctx.problems, []);
    // The head of the ward reads it, without the inspectors' forms; the official does not.
    const h = await signedIn(browser, srv.url, 'truongphuong', DEMO_PASSWORD, PHONE);
    assert.equal((await h.page.goto(signalUrl)).status(), 200);
    assert.match(await bodyText(h.page), /Đã dẫn tới thanh tra, kiểm tra/);
    assert.equal(await h.page.locator('textarea[name=reason]').count(), 0);
    await h.ctx.close();
    const o = await signedIn(browser, srv.url, 'xuly', DEMO_PASSWORD, PHONE);
    assert.equal((await o.page.goto(signalUrl)).status(), 404);
    await o.ctx.close();
  } finally {
    await ctx.close();
  }
});
