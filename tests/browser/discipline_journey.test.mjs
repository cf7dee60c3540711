// A discipline case run in the browser, on a phone: the head of the ward opens
// the counter officer's record, follows the demo's case in progress (its review
// meeting held), records the council, then tries a form the law reserves for
// leaders (removal from post) — refused with the reason, nothing recorded —
// and decides a reprimand with its number and deciding body; the case shows
// the decision, the official's record lists it, and the official reads it but
// is offered no form. Opening a new case from the record with no source case
// is refused with a clear error. No sideways scroll, no serious axe finding.

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


t('the head runs the discipline case to its decision; a form the law forbids for the post is refused', async () => {
  const { ctx, page } = await signedIn(browser, srv.url, 'truongphuong', DEMO_PASSWORD, PHONE);
  let code;
  try {
    assert.equal((await page.goto(`${srv.url}/officials/motcua`)).status(), 200);
    assert.equal((await follow(page, page.locator('#discipline a[href^="/discipline/"]'))).status(), 200);
    code = page.url().split('/').pop();
    let text = await bodyText(page);
    assert.match(text, /Hạn xử lý/);
    assert.match(text, /Hội đồng kỷ luật/);
    await checkPage(page, 'the case');
    // The council, with its minutes.
    await page.fill('textarea[name=note]', 'Hội đồng họp ngày nay, 5/5 thành viên đề nghị hình thức khiển trách.');
    let resp = await submitForm(page, 'input[name=step]');
    assert.equal(resp.status(), 200, await bodyText(page));
    assert.equal(await page.locator('input[name=step]').inputValue(), 'decision');
    // Removal from post for an official who holds none: refused, nothing recorded.
    const head0 = await ledgerHead(srv.url);
    await page.selectOption('select[name=form]', 'cach_chuc');
    await page.fill('input[name=decision_ref]', '15/QĐ-UBND');
    await page.fill('input[name=deciding_body]', 'Chủ tịch UBND phường Chiềng Cơi');
    resp = await submitForm(page, 'input[name=step]');
    assert.equal(resp.status(), 400);
    assert.match(await page.locator('[role=alert]').innerText(), /Hình thức kỷ luật.*chỉ áp dụng với người giữ chức vụ lãnh đạo/s);
    assert.equal((await ledgerHead(srv.url)).seq, head0.seq, 'nothing recorded');
    // A reprimand: decided.
    await page.selectOption('select[name=form]', 'khien_trach');
    await page.fill('input[name=decision_ref]', '15/QĐ-UBND');
    await page.fill('input[name=deciding_body]', 'Chủ tịch UBND phường Chiềng Cơi');
    resp = await submitForm(page, 'input[name=step]');
    assert.equal(resp.status(), 200);
    text = await bodyText(page);
    assert.match(text, /Khiển trách/);
    assert.match(text, /15\/QĐ-UBND/);
    assert.equal(await page.locator('form#step').count(), 0, 'nothing left to record');
    await checkPage(page, 'the decided case');
    // The record lists the decision.
    await page.goto(`${srv.url}/officials/motcua`);
    assert.match(await page.locator('#discipline').innerText(), /15\/QĐ-UBND/);
    // A new case from the record, without the case at fault it comes from: a clear error.
    await page.goto(`${srv.url}/officials/xuly`);
    assert.equal((await follow(page, page.locator('a[href^="/discipline/new"]'))).status(), 200);
    assert.equal(await page.locator('input[name=official]').inputValue(), 'xuly');
    await page.fill('input[name=violation_date]', '2026-11-02');
    await page.fill('input[name=source]', 'PA-000000-0000');
    await page.fill('textarea[name=summary]', 'Chậm trả kết quả hồ sơ không có lý do');
    resp = await submitForm(page, 'textarea[name=summary]');
    assert.ok(resp.status() >= 400 && resp.status() < 500, `refused: ${resp.status()}`);
    assert.equal(await page.locator('[role=alert]').count(), 1);
    await checkPage(page, 'the opening form');
  } finally {
    await ctx.close();
  }
  // The official reads the decision and has no form.
  const o = await signedIn(browser, srv.url, 'motcua', DEMO_PASSWORD, PHONE);
  try {
    assert.equal((await o.page.goto(`${srv.url}/discipline/${code}`)).status(), 200);
    assert.match(await bodyText(o.page), /15\/QĐ-UBND/);
    assert.equal(await o.page.locator('form#step').count(), 0);
    assert.equal((await o.page.goto(`${srv.url}/discipline/new`)).status(), 403);
  } finally {
    await o.ctx.close();
  }
});
