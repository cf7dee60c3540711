// Inspections of businesses in Debian's Chromium: a department drafts its 2028
// plan in the browser from the menu, sees at once the overlap its entry makes
// with the Inspectorate's plan, finds the obligation to submit it among its
// items, and submits it (the obligation closes, the Inspectorate's review
// opens). Then two departments plan the same
// firm in 2027 (the demo's plans, made by the same commands as the API), the Inspectorate (thanhtra) sees the conflict side by side on
// its page, resolves it as a joint inspection and approves both plans; the
// firm finds its entry by tax code on a phone; after the inspection (started
// and ended by the department) it rates how it was treated with the code and
// secret it was given and reports harassment through the report form,
// prefilled with the inspecting body and the inspection, and linked to it.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, login, ledgerHead, withLog, DEMO_PASSWORD } from '../lib/server.mjs';
import { launchBrowser, newContext, submitForm, bodyText, follow, signedIn, checkPage, PHONE, fitsWidth } from '../lib/browser.mjs';


let srv, browser, yte, entryA, entryB, planA, planB, TAX;
before(async () => {
  srv = await startServer({ demo: true });
  browser = await launchBrowser();
  yte = await login(srv.url, 'giamdocsoyte');
  // The demo's 2027 plans (src/biz/demo.c, made through the same commands as the API): the
  // Departments of Health and of Industry and Trade both check the tea company (INS-2).
  const thanhtra = await login(srv.url, 'thanhtra');
  const list = await api(srv.url, 'GET', '/api/v1/inspection-conflicts?year=2027', { cookie: thanhtra.cookie });
  assert.equal(list.status, 200, list.text);
  assert.equal(list.json.conflicts.length, 1, list.text);
  const c = list.json.conflicts[0];
  assert.equal(c.rule, 'INS-2');
  assert.deepEqual([c.a.body, c.b.body], ['so-y-te', 'so-cong-thuong']);
  TAX = c.tax_code;
  entryA = c.a;
  entryB = c.b;
  planA = { id: c.a.plan };
  planB = { id: c.b.plan };
});
after(async () => {
  if (browser) await browser.close();
  if (srv) await srv.cleanup();
});
const t = (name, fn) => test(name, withLog(() => srv, fn));

t('a department drafts its plan in the browser, sees the overlap at once and submits it; its obligation closes', async () => {
  // The Inspectorate already plans a thanh tra of the firm in 2028.
  const tt = await login(srv.url, 'thanhtra');
  const p = await api(srv.url, 'POST', '/api/v1/inspection-plans', { body: { year: 2028 }, cookie: tt.cookie, csrf: tt.csrf });
  assert.equal(p.status, 201, p.text);
  const en = await api(srv.url, 'POST', `/api/v1/inspection-plans/${p.json.id}/entries`, { cookie: tt.cookie, csrf: tt.csrf,
    body: { tax_code: TAX, kind: 'thanh_tra', subject: 'thue', legal_basis: 'Luật Thanh tra 2022', months: '5', team_lead: 'Hoàng Văn Tra' } });
  assert.equal(en.status, 201, en.text);

  const { ctx, page } = await signedIn(browser, srv.url, 'giamdocsoyte', DEMO_PASSWORD);
  try {
    assert.equal((await follow(page, page.locator('header a[href="/ke-hoach-kiem-tra"]'))).status(), 200);
    await page.goto(`${srv.url}/ke-hoach-kiem-tra?year=2028`);
    assert.match(await bodyText(page), /chưa lập kế hoạch của năm này/);
    let resp = await submitForm(page, 'input[name=year][type=hidden]');
    assert.equal(resp.status(), 200);
    assert.match(await bodyText(page), /Đang lập/);
    // A malformed tax code: a clear error, nothing added.
    await page.fill('input[name=tax_code]', '0100109107');
    await page.fill('input[name=legal_basis]', 'Luật An toàn thực phẩm 2010');
    await page.fill('input[name=months]', '5');
    await page.fill('input[name=team_lead]', 'Trần Thị Y');
    resp = await submitForm(page, 'input[name=tax_code]');
    assert.equal(resp.status(), 422);
    assert.match(await bodyText(page), /mã số thuế/i);
    assert.match(await bodyText(page), /Chưa có cuộc nào/);
    // The firm: a second thanh tra in 2028 overlaps the Inspectorate's (INS-1), shown at once.
    await page.fill('input[name=tax_code]', TAX);
    await page.selectOption('select[name=subject]', 'attp');
    await page.fill('input[name=legal_basis]', 'Luật An toàn thực phẩm 2010');
    await page.fill('input[name=months]', '5');
    await page.fill('input[name=team_lead]', 'Trần Thị Y');
    resp = await submitForm(page, 'input[name=tax_code]');
    assert.equal(resp.status(), 200);
    const row = page.locator('tr', { hasText: TAX });
    assert.match(await row.innerText(), /INS-1/);
    // The obligation to submit it is among the department's items.
    await page.goto(`${srv.url}/duty`);
    assert.match(await bodyText(page), /Trình kế hoạch thanh tra, kiểm tra doanh nghiệp năm 2028/);
    await page.goto(`${srv.url}/ke-hoach-kiem-tra?year=2028`);
    const before = await ledgerHead(srv.url);
    [resp] = await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click('form#submit button[type=submit]')]);
    assert.equal(resp.status(), 200);
    assert.match(await bodyText(page), /Đã trình/);
    // Submitted, the obligation closed and the Inspectorate's review opened.
    assert.equal((await ledgerHead(srv.url)).seq, before.seq + 3);
    const live = await api(srv.url, 'GET', '/api/v1/duties', { cookie: yte.cookie });
    assert.equal(live.status, 200, live.text);
    assert.equal(live.json.items.filter((x) => x.kind === 'biz.plan_submit' && /2028/.test(x.source_ref)).length, 0, 'no live item to submit');
    const review = await api(srv.url, 'GET', '/api/v1/duties', { cookie: tt.cookie });
    assert.equal(review.json.items.filter((x) => x.kind === 'biz.plan_review' && x.source_ref === 'so-y-te-2028').length, 1, 'the review is the Inspectorate\'s');
    assert.deepEqual(ctx.problems.filter((x) => !/status of 422/.test(x)), []);
  } finally {
    await ctx.close();
  }
  // The plan's page on a phone: no sideways scroll, no serious axe finding.
  const phone = await signedIn(browser, srv.url, 'giamdocsoyte', DEMO_PASSWORD, PHONE);
  try {
    assert.equal((await phone.page.goto(`${srv.url}/ke-hoach-kiem-tra?year=2028`)).status(), 200);
    await checkPage(phone.page, 'the plan at 390 px');
  } finally {
    await phone.ctx.close();
  }
});

t('the Inspectorate sees the conflict, resolves it as a joint inspection and approves both plans', async () => {
  const { ctx, page } = await signedIn(browser, srv.url, 'thanhtra', DEMO_PASSWORD);
  try {
    assert.equal((await page.goto(`${srv.url}/thanh-tra-doanh-nghiep?year=2027`)).status(), 200);
    const card = page.locator('section.card.action', { hasText: TAX });
    assert.equal(await card.count(), 1);
    const text = await card.innerText();
    assert.match(text, /INS-2/);
    assert.ok(text.includes(entryA.code) && text.includes(entryB.code), text);   // side by side
    // Approving first is refused: the overlap is open.
    const approveB = page.locator(`form[action="/thanh-tra-doanh-nghiep/ke-hoach/${planB.id}"] button`);
    const [refused] = await Promise.all([page.waitForNavigation(), approveB.click()]);
    assert.equal(refused.status(), 409);
    assert.match(await bodyText(page), /còn chồng chéo chưa xử lý/);
    await page.goto(`${srv.url}/thanh-tra-doanh-nghiep?year=2027`);
    const before = await ledgerHead(srv.url);
    const form = page.locator('section.card.action', { hasText: TAX }).locator('form');
    await form.locator('input[name=resolution][value=joint]').check();
    await form.locator('textarea[name=justification]').fill('Hai sở kiểm tra cùng một đợt, Sở Y tế chủ trì');
    const [done] = await Promise.all([page.waitForNavigation(), form.locator('button[type=submit]').click()]);
    assert.equal(done.status(), 200);
    assert.equal((await ledgerHead(srv.url)).seq, before.seq + 1);
    assert.equal(await page.locator('section.card.action', { hasText: TAX }).count(), 0);
    for (const p of [planA, planB]) {
      const [ok] = await Promise.all([page.waitForNavigation(),
        page.locator(`form[action="/thanh-tra-doanh-nghiep/ke-hoach/${p.id}"] button`).click()]);
      assert.equal(ok.status(), 200);
    }
    assert.equal(await page.locator('form[action^="/thanh-tra-doanh-nghiep/ke-hoach/"]').count(), 0);
    // The one refused approval is the only resource that failed.
    assert.deepEqual(ctx.problems.filter((x) => !/status of 409/.test(x)), []);
  } finally {
    await ctx.close();
  }
});

t('the firm finds its entry by tax code; after the inspection it rates it and reports harassment', async () => {
  // The department starts and ends the inspection; the firm is given its code and secret.
  const s = await api(srv.url, 'POST', `/api/v1/business-inspections/${entryA.code}/start`, { body: { date: '2027-04-05' }, cookie: yte.cookie, csrf: yte.csrf });
  assert.equal(s.status, 200, s.text);
  const { code, secret } = s.json.rating;
  assert.equal((await api(srv.url, 'POST', `/api/v1/business-inspections/${entryA.code}/end`, { body: { date: '2027-04-09' }, cookie: yte.cookie, csrf: yte.csrf })).status, 200);
  const ctx = await newContext(browser, PHONE);
  const page = await ctx.newPage();
  try {
    await page.goto(`${srv.url}/doanh-nghiep`);
    await page.fill('input[name=q]', TAX);
    assert.equal((await submitForm(page, 'input[name=q]')).status(), 200);
    assert.equal((await follow(page, page.locator('a', { hasText: 'Chè Shan tuyết Tà Xùa' }))).status(), 200);
    const text = await bodyText(page);
    assert.ok(text.includes(entryA.code), text);
    assert.ok(!text.includes(entryB.code), 'the joined check is not listed on its own');
    assert.ok(await fitsWidth(page), 'no horizontal scroll at 390 px');
    assert.equal((await follow(page, page.locator('a', { hasText: 'Đánh giá cuộc thanh tra, kiểm tra' }))).status(), 200);
    await page.fill('input[name=code]', code);
    await page.fill('input[name=secret]', secret);
    await page.selectOption('select[name=level]', 'unsatisfied');
    await page.fill('textarea[name=comment]', 'Trưởng đoàn gợi ý doanh nghiệp mua thiết bị của một công ty quen');
    assert.equal((await submitForm(page, 'textarea[name=comment]')).status(), 200);
    assert.match(await bodyText(page), /Cảm ơn doanh nghiệp đã đánh giá/);
    assert.equal((await follow(page, page.locator('a', { hasText: 'Phản ánh nhũng nhiễu' }))).status(), 200);
    assert.match(page.url(), /\/report\?/);
    assert.equal(await page.inputValue('select[name=unit]'), 'so-y-te');
    assert.match(await page.inputValue('input[name=title]'), new RegExp(entryA.code));
    assert.equal(await page.inputValue('select[name=category]'), 'harassment');
    await page.check('input[name=anonymous]');
    await page.fill('textarea[name=body]', 'Trong buổi kiểm tra ngày 6/4, trưởng đoàn gợi ý mua thiết bị đo nhiệt độ của một công ty quen thì mới "cho qua".');
    const filed = await submitForm(page, 'textarea[name=body]');
    assert.equal(filed.status(), 200, await bodyText(page));
    assert.equal(await page.locator('code.passphrase').count(), 1, 'the report form did not lead to the receipt');
    // Filed about the inspection: the Inspectorate sees it on its page, linked to the inspection.
    const tt = await login(srv.url, 'thanhtra');
    const insp = await api(srv.url, 'GET', '/thanh-tra-doanh-nghiep?year=2027', { cookie: tt.cookie });
    assert.match(insp.text, new RegExp(`về cuộc <code>${entryA.code}</code>`));
    assert.deepEqual(ctx.problems, []);
  } finally {
    await ctx.close();
  }
});
