// An early-warning signal leads an inspector to a finding, in Debian's
// Chromium on a phone: the Provincial Inspectorate's inspector opens "Cảnh báo
// sớm" on the demo's months of history, runs it again with the button, opens
// the signal about the ward's processing officer, reads its formula, numbers,
// peers and test, takes it up, plans a surprise inspection from it (the form
// prefilled with the ward and the official), starts it and records a finding
// against the official, then records on the signal the inspection it led to; the head
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


t('an inspector runs the warning, takes up the signal, plans a surprise inspection from it, records a finding and links it to the signal', async () => {
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
    assert.equal((await ledgerHead(srv.url)).seq, head0.seq + 1);
    // The signal leads to a surprise inspection: the planning form comes prefilled with the ward and the official.
    assert.equal((await follow(page, page.locator('a', { hasText: 'Lập cuộc kiểm tra đột xuất từ tín hiệu này' }))).status(), 200);
    assert.ok(await page.locator('input[name=kind][value=surprise]').isChecked(), 'a surprise inspection');
    assert.equal(await page.locator('input[name=officials]').inputValue(), 'xuly');
    assert.equal(await page.locator('select[name=units]').inputValue(), 'phuong-chieng-coi');
    await page.fill('input[name=planned_on]', new Date(Date.now() + 7 * 3600e3).toISOString().slice(0, 10));
    assert.equal((await submitForm(page, 'input[name=title]')).status(), 200, await bodyText(page));
    const code = /\/inspections\/(KT-\d{4}-\d{4})$/.exec(page.url())[1];
    assert.equal((await follow(page, page.locator('form[action$="/start"] button'))).status(), 200);
    // At the ward, the inspector finds what the signal pointed to: a finding against the official.
    await page.selectOption('select[name=official]', 'xuly');
    await page.selectOption('#finding select[name=item]', 'one_supplement');
    await page.selectOption('select[name=severity]', 'moderate');
    await page.fill('#finding textarea[name=text]', 'Yêu cầu bổ sung hồ sơ nhiều lần, quá tỷ lệ của các công chức cùng thủ tục (theo tín hiệu cảnh báo sớm).');
    assert.equal((await follow(page, page.locator('#finding button[type=submit]'))).status(), 200, await bodyText(page));
    assert.match(await page.locator('#findings').innerText(), /Yêu cầu bổ sung hồ sơ nhiều lần/);
    // Back on the signal, the inspection it led to is recorded.
    await page.goto(signalUrl);
    const head1 = await ledgerHead(srv.url);
    await page.fill('textarea[name=reason]:near(:text("Số hiệu hoặc mô tả"))', `Kiểm tra công vụ đột xuất ${code} tại bộ phận một cửa phường Chiềng Cơi`);
    const sent = await submitForm(page, 'textarea#' + (await page.locator('textarea[id^=ref-]').getAttribute('id')));
    assert.equal(sent.status(), 200);
    text = await bodyText(page);
    assert.match(text, /Đã dẫn tới thanh tra, kiểm tra/);
    assert.match(text, new RegExp(code));
    assert.equal((await ledgerHead(srv.url)).seq, head1.seq + 1);
    // The official's record shows both: the signal and the finding.
    await page.goto(`${srv.url}/officials/xuly`);
    assert.match(await page.locator('#inspection-findings').innerText(), new RegExp(code));
    assert.match(await page.locator('section.warn').innerText(), /Yêu cầu bổ sung|bổ sung/);
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
