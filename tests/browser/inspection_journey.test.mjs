// A surprise public-duty inspection in Debian's Chromium, on a phone: the
// Provincial Inspectorate (thanhtra) plans a surprise inspection of Phường
// Chiềng Cơi's one-stop counter — which the ward's head cannot see until it
// starts — starts it, fills in the checklist, records a finding against the
// counter officer (motcua) with a photo, opens the ward desk's counter recording
// with a reason and attaches it to the finding (by reference: it is held), and
// concludes with a recommendation to the ward's head with a deadline. The head
// then sees the inspection, the official's record page shows the finding, and
// the public summary of concluded inspections (no sign-in) lists it without
// the official's name.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { startServer, withLog, DEMO_PASSWORD, REPO } from '../lib/server.mjs';
import { launchBrowser, newContext, submitForm, bodyText, follow, signedIn, checkPage, fitsWidth, PHONE } from '../lib/browser.mjs';

const PHOTO = path.join(REPO, 'tests', 'fixtures', 'quay-1.png');

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

const today = (days = 0) => new Date(Date.now() + 7 * 3600e3 + days * 86400e3).toISOString().slice(0, 10);

t('thanhtra plans and runs a surprise inspection at Chiềng Cơi, records a finding against motcua with a photo, concludes; the record shows it', async () => {
  const insp = await signedIn(browser, srv.url, 'thanhtra', DEMO_PASSWORD, PHONE);
  const head = await signedIn(browser, srv.url, 'truongphuong', DEMO_PASSWORD, PHONE);
  try {
    const page = insp.page;
    assert.equal((await page.goto(`${srv.url}/inspections`)).status(), 200);
    assert.equal((await follow(page, page.locator('a', { hasText: 'Lập cuộc thanh tra, kiểm tra' }))).status(), 200);
    await page.check('input[name=kind][value=surprise]');
    await page.fill('input[name=title]', 'Thanh tra đột xuất Bộ phận Một cửa phường Chiềng Cơi');
    await page.fill('input[name=planned_on]', today());
    await page.selectOption('select[name=units]', 'phuong-chieng-coi');
    await page.fill('input[name=officials]', 'motcua');
    assert.equal((await submitForm(page, 'input[name=title]')).status(), 200, await bodyText(page));
    const m = /\/inspections\/(KT-\d{4}-\d{4})$/.exec(page.url());
    assert.ok(m, page.url());
    const code = m[1];
    assert.match(await bodyText(page), /Theo kế hoạch, chưa bắt đầu/);
    assert.ok(await fitsWidth(page), 'no horizontal scroll at 390 px (planned)');

    // The ward's head cannot see it, nor find it in the list, before it starts.
    assert.equal((await head.page.goto(`${srv.url}/inspections/${code}`)).status(), 404);
    await head.page.goto(`${srv.url}/inspections?year=${code.slice(3, 7)}`);
    assert.doesNotMatch(await bodyText(head.page), new RegExp(code));

    // Start, the checklist, a finding with a photo.
    assert.equal((await follow(page, page.locator('form[action$="/start"] button'))).status(), 200);
    assert.match(await bodyText(page), /Đang tiến hành/);
    await page.check('input[name=check_badge][value=fail]');
    await page.fill('input[name=note_badge]', 'Công chức tiếp nhận không đeo thẻ');
    await page.check('input[name=check_working_hours][value=pass]');
    assert.equal((await submitForm(page, 'input[name=note_badge]')).status(), 200);
    assert.match(await bodyText(page), /Kết quả bảng kiểm/);
    await page.selectOption('select[name=official]', 'motcua');
    await page.selectOption('#finding select[name=item]', 'badge');
    await page.selectOption('select[name=severity]', 'minor');
    await page.fill('#finding textarea[name=text]', 'Không đeo thẻ công chức khi tiếp nhận hồ sơ tại Quầy 1 (thanh tra đột xuất).');
    await page.setInputFiles('input[name=evidence]', PHOTO);
    assert.equal((await follow(page, page.locator('#finding button[type=submit]'))).status(), 200, await bodyText(page));
    const findings = page.locator('#findings');
    assert.match(await findings.innerText(), /Không đeo thẻ công chức khi tiếp nhận hồ sơ tại Quầy 1/);
    const photo = findings.locator('a', { hasText: 'Chứng cứ' });
    assert.equal(await photo.count(), 1);
    const got = await page.request.get(srv.url + await photo.getAttribute('href'));
    assert.equal(got.status(), 200);
    assert.equal(got.headers()['content-type'], 'image/png');
    assert.ok(await fitsWidth(page), 'no horizontal scroll at 390 px (started)');

    // The ward desk's counter recording as evidence of the finding: opened with a reason first, then attached by its number.
    assert.equal((await page.goto(`${srv.url}/recordings`)).status(), 200);
    const recLink = page.locator('main a[href^="/recordings/"]', { hasText: 'Bản ghi' }).first();
    const recId = (await recLink.getAttribute('href')).split('/').pop();
    assert.equal((await follow(page, recLink)).status(), 200);
    await page.fill('#open textarea[name=reason]', 'Xác minh phát hiện không đeo thẻ tại Quầy 1 của đoàn thanh tra đột xuất');
    assert.equal((await submitForm(page, 'textarea[name=reason]')).status(), 200, await bodyText(page));
    assert.equal((await page.goto(`${srv.url}/inspections/${code}`)).status(), 200);
    await page.fill('#recording input[name=recording]', recId);
    await page.selectOption('#recording select[name=finding]', { index: 1 });
    assert.equal((await follow(page, page.locator('#recording button[type=submit]'))).status(), 200, await bodyText(page));
    const evidence = await page.locator('#recording-evidence').innerText();
    assert.match(evidence, new RegExp(`Bản ghi ${recId}`));
    assert.match(evidence, /Quầy/);
    assert.equal(await findings.locator(`a[href="/recordings/${recId}"]`).count(), 1, 'the finding links the recording');
    await checkPage(page, 'the inspection with a recording as evidence');
    // A phone's layout viewport widens to fit content too wide for it, so scrollWidth alone would not see it.
    assert.equal(await page.evaluate(() => window.innerWidth), 390, 'nothing wider than the phone (the hash wraps)');
    // The recording's page says it is held for the inspection.
    await page.goto(`${srv.url}/recordings/${recId}`);
    assert.match(await bodyText(page), new RegExp(`Chứng cứ của cuộc thanh tra, kiểm tra ${code}`));
    await page.goto(`${srv.url}/inspections/${code}`);

    // Conclude with a recommendation to the ward's head.
    await page.fill('textarea[name=conclusion]', 'Bộ phận Một cửa thực hiện đúng giờ làm việc; một công chức không đeo thẻ khi tiếp nhận hồ sơ.');
    await page.fill('textarea[name=rec_text_1]', 'Chấn chỉnh ngay việc đeo thẻ công chức tại Bộ phận Một cửa.');
    await page.fill('input[name=rec_due_1]', today(30));
    assert.equal((await submitForm(page, 'textarea[name=conclusion]')).status(), 200, await bodyText(page));
    assert.match(await bodyText(page), /Đã kết luận/);
    assert.match(await page.locator('#recommendations').innerText(), /Chấn chỉnh ngay việc đeo thẻ công chức/);
    assert.deepEqual(insp.ctx.problems, []);

    // Now the head sees it, and the official's record shows the finding.
    assert.equal((await head.page.goto(`${srv.url}/inspections/${code}`)).status(), 200);
    assert.match(await bodyText(head.page), /Chấn chỉnh ngay việc đeo thẻ công chức/);
    assert.equal((await head.page.goto(`${srv.url}/officials/motcua`)).status(), 200);
    const rec = await head.page.locator('#inspection-findings').innerText();
    assert.match(rec, /Không đeo thẻ công chức khi tiếp nhận hồ sơ tại Quầy 1/);
    assert.match(rec, new RegExp(code));
    assert.ok(await fitsWidth(head.page), 'no horizontal scroll at 390 px (record)');
    assert.deepEqual(head.ctx.problems.filter((x) => !/status of 404/.test(x)), []);

    // Anyone reads the published summary: the inspection concluded, its findings by severity, no official's name.
    const pub = await newContext(browser, PHONE);
    try {
      const p = await pub.newPage();
      assert.equal((await p.goto(`${srv.url}/results`)).status(), 200);
      assert.equal((await follow(p, p.locator('a[href="/inspections/published"]'))).status(), 200);
      const card = p.locator(`article[id="${code}"]`);
      assert.equal(await card.count(), 1);
      const text = await card.innerText();
      assert.match(text, /Phường Chiềng Cơi/);
      assert.match(text, /nhẹ 1/);
      assert.match(text, /Chấn chỉnh ngay việc đeo thẻ công chức/);
      assert.match(text, /Đang thực hiện, còn hạn/);
      assert.doesNotMatch(await bodyText(p), /motcua/);
      await checkPage(p, 'the published summary of inspections');
      assert.equal(await p.evaluate(() => window.innerWidth), 390, 'nothing wider than the phone');
    } finally {
      await pub.close();
    }
  } finally {
    await insp.ctx.close();
    await head.ctx.close();
  }
});
