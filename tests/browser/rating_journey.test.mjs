// Rating a dossier in Debian's Chromium, on a phone: the citizen opens the
// tracking page of a dossier whose result was returned, follows "Đánh giá hồ
// sơ này", rates it "Không hài lòng" with criteria and a comment, lands on the
// same page with the offer to report, and files the report the offer opens,
// prefilled with the dossier, its unit, the official who held it and what went
// wrong. A browser holding a staff session is refused. Then the official's own
// page shows the rating.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { startServer, ledgerHead, withLog, DEMO_PASSWORD } from '../lib/server.mjs';
import { launchBrowser, newContext, submitForm, bodyText, follow, signedIn as signedInAs, fitsWidth, PHONE } from '../lib/browser.mjs';


let srv, browser, returned;
before(async () => {
  srv = await startServer({ demo: true });
  browser = await launchBrowser();
  // The demo's dossier whose result was returned, with its secret as printed on the slip.
  const listing = fs.readFileSync(`${srv.dbPath}.demo`, 'utf8');
  const m = /([A-Z]+-\d{6}-\d{4})\s+\S+\s+([A-Z2-9]{6,})\s+\(ct-hop-dong-giao-dich\)/.exec(listing);
  assert.ok(m, listing);
  returned = { code: m[1], secret: m[2] };
});
after(async () => {
  if (browser) await browser.close();
  if (srv) await srv.cleanup();
});
const t = (name, fn) => test(name, withLog(() => srv, fn));

t('the citizen rates "không hài lòng" from the tracking page and files the prefilled report', async () => {
  const ctx = await newContext(browser, PHONE);
  const page = await ctx.newPage();
  try {
    const resp = await page.goto(`${srv.url}/track?code=${returned.code}&secret=${returned.secret}`);
    assert.equal(resp.status(), 200);
    assert.equal((await follow(page, page.locator('a', { hasText: 'Đánh giá hồ sơ này' }))).status(), 200);
    assert.match(page.url(), /\/rate\?code=/);
    // Nothing wider than the phone.
    assert.ok(await fitsWidth(page), 'no horizontal scroll at 390 px');
    const before = await ledgerHead(srv.url);
    await page.check('input[name=level][value=unsatisfied]');
    await page.check('input[name=c_on_time][value=no]');
    await page.check('input[name=c_extra_papers][value=yes]');
    await page.selectOption('select[name=c_staff_attitude]', 'unsatisfied');
    await page.fill('input[name=c_visits]', '3');
    await page.fill('textarea[name=comment]', 'Phải đi lại ba lần; cán bộ đòi thêm bản sao không có trong danh mục.');
    const sent = await submitForm(page, 'textarea[name=comment]');
    assert.equal(sent.status(), 200);
    assert.match(page.url(), /done=1/);
    const text = await bodyText(page);
    assert.match(text, /Cảm ơn bạn đã đánh giá/);
    assert.match(text, /Không hài lòng/);
    assert.match(text, /Bạn không hài lòng\? Hãy phản ánh/);
    assert.equal((await ledgerHead(srv.url)).seq, before.seq + 1);
    // The offer opens the existing report form, prefilled.
    assert.equal((await follow(page, page.locator('a', { hasText: 'Phản ánh về hồ sơ này' }))).status(), 200);
    assert.match(page.url(), /\/report\?/);
    assert.equal(await page.inputValue('input[name=dossier]'), returned.code);
    assert.equal(await page.inputValue('select[name=unit]'), 'phuong-chieng-coi');
    assert.equal(await page.inputValue('select[name=category]'), 'extra_papers');
    assert.equal(await page.inputValue('input[name=kind]:checked'), 'feedback');
    assert.match(await page.inputValue('input[name=title]'), new RegExp(returned.code));
    assert.match(await bodyText(page), /Cán bộ đang giữ hồ sơ:/);
    await page.fill('textarea[name=body]', 'Cán bộ yêu cầu nộp thêm bản sao sổ đỏ không có trong danh mục giấy tờ của thủ tục.');
    await page.check('input[name=anonymous]');
    const filed = await submitForm(page, 'textarea[name=body]');
    assert.equal(filed.status(), 200, await bodyText(page));
    assert.equal(await page.locator('code.passphrase').count(), 1, 'the report form did not lead to the receipt');
    assert.deepEqual(ctx.problems, []);
  } finally {
    await ctx.close();
  }
});

t('a browser holding a staff session is refused and shown why; the official sees the rating on their own page', async () => {
  const { ctx, page } = await signedInAs(browser, srv.url, 'xuly', DEMO_PASSWORD, PHONE);
  try {
    const resp = await page.goto(`${srv.url}/rate?code=${returned.code}&secret=${returned.secret}`);
    assert.equal(resp.status(), 403);
    assert.match(await bodyText(page), /Cán bộ không được đánh giá hồ sơ/);
    assert.equal(await page.locator('input[name=level]').count(), 0);
    const own = await page.goto(`${srv.url}/officials/xuly/ratings`);
    assert.equal(own.status(), 200);
    const text = await bodyText(page);
    assert.match(text, /Cán bộ khác cùng thủ tục/);
    assert.match(text, new RegExp(returned.code));
  } finally {
    await ctx.close();
  }
});
