// A one-stop-shop dossier through the pages only, in Debian's Chromium: the
// citizen submits online with attachments, the counter receives and assigns
// it, the official hands it over, the ward head asks for ONE supplement (a
// second request is not offered), the citizen supplements, the head
// apologises with a new date and finishes, the counter returns the result;
// the public tracking page shows every step without personal data; the
// printable forms; a paper intake with a document missing is refused; a
// wrong tracking secret shows nothing. The only API call reads the ledger head.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer, ledgerHead, withLog, DEMO_PASSWORD } from '../lib/server.mjs';
import { launchBrowser, newContext, submitForm, bodyText, follow, signedIn as signedInAs, PHONE } from '../lib/browser.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const SHOTS = path.join(here, 'screenshots');

const UNIT = 'phuong-chieng-coi';
const PROC = 'ht-nhan-cha-me-con';   // commune level, 3 working days, 3 documents, online "partial"
const applicant = {
  name: 'Lò Thị Hoa', id: '014190000123', phone: '0912 345 678', email: 'hoa@example.vn',
  address: 'Bản Hìn, phường Chiềng Cơi',
};
const SUPPLEMENT_REASON = 'Bản sao giám định ADN chưa có chứng thực';
const APOLOGY_REASON = 'Chờ kết quả xác minh của cơ quan công an';

// Small attachments, recognised by their content.
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

const DATE_TIME = /\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}/;

let srv;
let browser;
before(async () => {
  srv = await startServer({ demo: true });
  browser = await launchBrowser();
  fs.mkdirSync(SHOTS, { recursive: true });
});
after(async () => {
  if (browser) await browser.close();
  if (srv) await srv.cleanup();
});
const t = (name, fn) => test(name, withLog(() => srv, fn));

/** Console and page errors, less Chromium's note on each refusal the test asked for (4xx answers). */
const problems = (ctx, ...statuses) => ctx.problems.filter((p) =>
  !statuses.some((s) => p.includes(`the server responded with a status of ${s} `)));
/** A Vietnam-time "YYYY-MM-DDTHH:MM" for a datetime-local input, ms from now. */
const vnLocal = (fromNowMs) => new Date(Date.now() + fromNowMs + 7 * 3600e3).toISOString().slice(0, 16);
/** "dd/mm/yyyy hh:mm" as the pages show a "YYYY-MM-DDTHH:MM" local value. */
const shown = (local) => `${local.slice(8, 10)}/${local.slice(5, 7)}/${local.slice(0, 4)} ${local.slice(11, 16)}`;

const signedIn = (login, options) => signedInAs(browser, srv.url, login, DEMO_PASSWORD, options);

/** Submits the action form #act-<action> after fill(section); resolves the final response. */
async function act(page, action, fill = async () => {}) {
  const section = page.locator(`#act-${action}`);
  assert.equal(await section.count(), 1, `no "${action}" form on ${page.url()}:\n${await bodyText(page)}`);
  await fill(section);
  const [resp] = await Promise.all([
    page.waitForNavigation({ waitUntil: 'load' }),
    section.locator('button[type=submit]').click(),
  ]);
  return resp;
}

const stateOf = (page) => page.locator('.summary .state').innerText();
const actions = (page) => page.$$eval('section.action', (s) => s.map((x) => x.id.replace(/^act-/, '')));

async function openDossier(page, code) {
  const resp = await page.goto(`${srv.url}/dossiers/${code}`);
  assert.equal(resp.status(), 200, `GET /dossiers/${code}`);
}

/** The rows of the steps table as {step, holder, from, to, due, status, late}. */
function stepRows(page) {
  return page.$$eval('table.steps tbody tr', (trs) => trs.map((tr) => {
    const c = [...tr.querySelectorAll('td')].map((td) => td.innerText.trim());
    return { step: c[0], holder: c[1], from: c[2], to: c[3], due: c[4], status: c[5], late: tr.classList.contains('late') };
  }));
}

let journey;   // {code, secret} of the online dossier, for the later tests

t('the whole journey through the pages: submit online, receive, assign, hand over, ONE supplement, apology, result, return', async () => {
  const citizen = await signedIn('congdan');
  const counter = await signedIn('motcua');
  const official = await signedIn('xuly');
  const head = await signedIn('truongphuong');
  const all = [citizen, counter, official, head];
  try {
    // --- The citizen: the header leads to the dossiers; /submit asks for a unit, then a procedure.
    let page = citizen.page;
    for (const href of ['/track', '/results/apologies', '/dossiers']) {
      assert.equal(await page.locator(`header nav a[href="${href}"]`).count(), 1, `header lacks ${href}`);
    }
    await follow(page, page.locator('header nav a[href="/dossiers"]'));
    assert.match(await page.locator('h1').innerText(), /Hồ sơ của tôi/);
    await follow(page, page.locator('main a[href="/submit"]'));
    assert.equal(await page.locator('input[name=unit]').count(), 0, 'the unit is chosen from a list, not typed');
    const unitOptions = await page.$$eval('select[name=unit] option', (o) => o.map((x) => x.value));
    assert.ok(unitOptions.includes(UNIT), 'the ward is not offered');
    assert.ok(unitOptions.includes('cong-an-tinh'), 'the provincial police (judicial records, online) is not offered');
    assert.ok(!unitOptions.includes('so-y-te'), 'a department that takes no online dossier is offered');
    await page.selectOption('select[name=unit]', UNIT);
    await submitForm(page, 'select[name=unit]');
    assert.equal(new URL(page.url()).searchParams.get('unit'), UNIT);
    const procOptions = await page.$$eval('select[name=procedure] option', (o) => o.map((x) => x.value));
    assert.ok(procOptions.includes(PROC) && procOptions.includes('ht-dang-ky-khai-sinh'), 'commune procedures are not offered');
    assert.ok(!procOptions.includes('lltp-cap-phieu-ly-lich-tu-phap'), 'a provincial procedure is offered by a ward');
    await page.selectOption('select[name=procedure]', PROC);
    await submitForm(page, 'select[name=procedure]');
    assert.equal(await page.locator('input[type=file]').count(), 3, 'one file input per published document');

    await page.fill('[name=applicant_name]', applicant.name);
    await page.fill('[name=applicant_id_number]', applicant.id);
    await page.fill('[name=applicant_phone]', applicant.phone);
    await page.fill('[name=applicant_email]', applicant.email);
    await page.fill('[name=applicant_address]', applicant.address);
    await page.setInputFiles('input[name=file_1]', { name: 'to-khai.pdf', mimeType: 'application/pdf', buffer: PDF });
    await page.setInputFiles('input[name=file_2]', { name: 'giam-dinh-adn.png', mimeType: 'image/png', buffer: PNG });
    await page.setInputFiles('input[name=file_3]', { name: 'giay-khai-sinh.pdf', mimeType: 'application/pdf', buffer: PDF });
    const before = await ledgerHead(srv.url);
    const submitted = await submitForm(page, '[name=applicant_name]');
    assert.equal(submitted.status(), 200);
    assert.equal((await ledgerHead(srv.url)).seq, before.seq + 1, 'one event for the submission');

    // The submission slip (Form 01): the code, the secret once, a QR code, the national header.
    const slip = new URL(page.url());
    const m = /^\/dossiers\/([A-Z]+-\d{6}-\d{4})\/print\/01$/.exec(slip.pathname);
    assert.ok(m, `not on the slip: ${page.url()}`);
    const code = m[1];
    // The secret is on the slip, shown once; never in the address.
    assert.equal(slip.searchParams.get('secret'), null);
    const secret = (await page.locator('.secret').first().textContent()).trim();
    assert.match(secret, /^[A-Z2-9]{8}$/);
    let text = await bodyText(page);
    assert.ok(text.includes(code) && text.includes(secret), 'the slip does not show the code and the secret');
    assert.ok(text.includes('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM'));
    assert.ok(text.includes('Độc lập - Tự do - Hạnh phúc'));
    assert.equal(await page.locator('svg.qr').count(), 1, 'no QR code on the slip');
    assert.ok(text.includes('Đăng ký nhận cha, mẹ, con'), 'the slip does not name the procedure');
    await page.screenshot({ path: path.join(SHOTS, 'dossier-receipt-online.png'), fullPage: true });
    journey = { code, secret };

    // --- The counter: the queue lists it; receive, then assign to the official.
    page = counter.page;
    await page.goto(srv.url + '/dossiers');
    const row = page.locator('table.dossiers tbody tr', { has: page.locator(`a[href="/dossiers/${code}"]`) });
    assert.equal(await row.count(), 1, 'the new dossier is not in the counter queue');
    assert.match(await row.innerText(), /Đã nộp trực tuyến, chờ tiếp nhận/);
    await follow(page, row.locator(`a[href="/dossiers/${code}"]`));
    assert.match(await stateOf(page), /Đã nộp trực tuyến/);
    text = await bodyText(page);
    assert.ok(text.includes(applicant.id) && text.includes(applicant.phone), 'staff see the applicant');
    assert.equal((text.match(/có tệp đính kèm/g) || []).length, 3, 'three attachments are listed');
    assert.deepEqual(await actions(page), ['receive', 'refuse', 'withdraw']);
    await act(page, 'receive');
    assert.equal(new URL(page.url()).pathname, `/dossiers/${code}`);
    assert.equal(await stateOf(page), 'Đã tiếp nhận');
    assert.match(await page.locator('.summary').innerText(), DATE_TIME);
    await act(page, 'assign', (f) => f.locator('[name=to]').fill('xuly'));
    assert.equal(await stateOf(page), 'Đang giải quyết');
    assert.match(await page.locator('.summary').innerText(), /Quàng Văn Xử/);

    // --- The official: in "my dossiers"; hands over to the ward head with a step due time.
    page = official.page;
    await page.goto(srv.url + '/dossiers');
    assert.match(await page.locator('h1').innerText(), /Hồ sơ tôi đang giữ/);
    await follow(page, page.locator(`a[href="/dossiers/${code}"]`));
    const stepDue = vnLocal(2 * 3600e3);
    await act(page, 'handover', async (f) => {
      await f.locator('[name=to]').fill('truongphuong');
      await f.locator('[name=step_due]').fill(stepDue);
    });
    assert.equal(await stateOf(page), 'Đang giải quyết');
    assert.deepEqual(await actions(page), [], 'the official no longer holds the dossier');
    const afterHandover = await stepRows(page);
    assert.equal(afterHandover.at(-1).due, shown(stepDue), 'the step due time is not shown');
    assert.match(afterHandover.at(-1).holder, /Nguyễn Văn Trưởng/);

    // --- The ward head asks for ONE supplement: document 2, with the reason.
    page = head.page;
    await openDossier(page, code);
    await act(page, 'request_supplement', async (f) => {
      await f.locator('[name=missing_2]').check();
      await f.locator('[name=reason_2]').fill(SUPPLEMENT_REASON);
    });
    assert.equal(await stateOf(page), 'Chờ công dân bổ sung hồ sơ');
    text = await page.locator('.summary').innerText();
    assert.match(text, /1\/1/);
    assert.ok((await bodyText(page)).includes(SUPPLEMENT_REASON), 'the requested document and its reason are not shown');
    assert.ok(!(await actions(page)).includes('request_supplement'), 'no second request while the citizen supplements');

    // --- The citizen supplements the requested document from their dossier page.
    page = citizen.page;
    await page.goto(srv.url + '/dossiers');
    await follow(page, page.locator(`a[href="/dossiers/${code}"]`));
    assert.equal(await stateOf(page), 'Chờ công dân bổ sung hồ sơ');
    assert.ok((await bodyText(page)).includes(SUPPLEMENT_REASON), 'the citizen does not see why');
    await act(page, 'supplement', (f) => f.locator('input[name=file_2]').setInputFiles(
      { name: 'giam-dinh-adn-chung-thuc.pdf', mimeType: 'application/pdf', buffer: PDF }));
    assert.equal(await stateOf(page), 'Đang giải quyết');

    // --- A SECOND supplement request is not offered at all (the API refuses and records it:
    //     tests/api/dossiers_truth.test.mjs); the summary says the one request was used.
    page = head.page;
    await openDossier(page, code);
    assert.equal(await page.locator('#act-request_supplement').count(), 0, 'a forbidden action is offered');
    assert.ok(!(await actions(page)).includes('request_supplement'));
    assert.equal(await stateOf(page), 'Đang giải quyết');
    assert.match(await page.locator('.summary').innerText(), /Số lần yêu cầu bổ sung đã dùng\s+1\/1/);

    // --- The apology letter with a reason and ONE new date; the dossier is not late yet, and the page says so.
    const apologyForm = await page.locator('#act-apologize').innerText();
    assert.match(apologyForm, /Hồ sơ chưa trễ hạn/);
    const newDue = vnLocal(30 * 86400e3).slice(0, 11) + '10:00';
    await act(page, 'apologize', async (f) => {
      await f.locator('[name=reason]').fill(APOLOGY_REASON);
      await f.locator('[name=new_due]').fill(newDue);
    });
    text = await page.locator('.apology').innerText();
    assert.ok(text.includes(APOLOGY_REASON), 'the apology reason is not shown');
    assert.ok(text.includes(shown(newDue)), 'the new date is not shown');
    assert.match(text, /trước khi hồ sơ trễ hạn/);
    assert.match(await page.locator('.summary').innerText(), new RegExp(shown(newDue)));
    assert.ok(!(await actions(page)).includes('apologize'), 'a second apology is offered');

    // --- Result ready, then the counter returns it.
    await act(page, 'result_ready', (f) => f.locator('[name=note]').fill('Đã ký quyết định'));
    assert.equal(await stateOf(page), 'Đã có kết quả, chờ trả');
    page = counter.page;
    await openDossier(page, code);
    await act(page, 'return');
    assert.equal(await stateOf(page), 'Đã trả kết quả');
    assert.deepEqual(await actions(page), []);
    await page.screenshot({ path: path.join(SHOTS, 'dossier-staff.png'), fullPage: true });

    // --- The printable forms.
    await page.goto(`${srv.url}/dossiers/${code}/print/01`);
    text = await bodyText(page);
    assert.ok(text.includes('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM'));
    assert.ok(!text.includes(secret), 'the secret is printed again');
    await page.goto(`${srv.url}/dossiers/${code}/print/02`);
    text = await bodyText(page);
    assert.match(text, /PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ/);
    const requested = await page.$$eval('table.grid tbody tr', (trs) => trs.map((tr) => tr.innerText));
    assert.equal(requested.length, 1, 'Form 02 lists exactly the requested document');
    assert.match(requested[0], /giám định/i);
    assert.ok(requested[0].includes(SUPPLEMENT_REASON));
    await page.goto(`${srv.url}/dossiers/${code}/print/04`);
    text = await bodyText(page);
    assert.ok(text.includes(APOLOGY_REASON) && text.includes(shown(newDue)), 'Form 04 lacks the reason or the new date');
    await page.goto(`${srv.url}/dossiers/${code}/print/06`);
    const slipRows = await page.$$eval('table.grid tbody tr', (trs) => trs.map((tr) => tr.innerText));
    assert.equal(slipRows.length, 7, `Form 06 lists every step: ${slipRows.join('\n')}`);
    for (const [i, who] of ['Bộ phận Một cửa', 'Cầm Thị Nhận', 'Quàng Văn Xử', 'Nguyễn Văn Trưởng', 'Người nộp hồ sơ',
      'Nguyễn Văn Trưởng', 'Bộ phận Một cửa'].entries()) {
      assert.ok(slipRows[i].includes(who), `Form 06 step ${i + 1} lacks ${who}: ${slipRows[i]}`);
    }
    for (const s of all) assert.deepEqual(problems(s.ctx, 409), [], 'console or page errors');
  } finally {
    for (const s of all) await s.ctx.close();
  }
});

t('the public tracking page: every step, who held it, when, due, on time or late, 1/1, the apology; no personal data', async () => {
  assert.ok(journey, 'the journey test did not run');
  for (const [name, options] of [['dossier-tracking.png', {}], ['dossier-tracking-phone.png', PHONE]]) {
    const ctx = await newContext(browser, options);
    const page = await ctx.newPage();
    try {
      await page.goto(srv.url + '/');
      await follow(page, page.locator('header nav a[href="/track"]'));
      await page.fill('[name=code]', journey.code);
      await page.fill('[name=secret]', journey.secret.toLowerCase());
      const resp = await submitForm(page, '[name=secret]');
      assert.equal(resp.status(), 200);
      assert.equal(await page.locator('header form[action="/logout"]').count(), 0, 'signed in?');
      const text = await bodyText(page);
      assert.ok(text.includes(journey.code));
      assert.match(text, /Đã trả kết quả/);

      const steps = await stepRows(page);
      assert.deepEqual(steps.map((s) => s.step.replace(/^\d+\.\s*/, '')), [
        'Nộp trực tuyến, chờ tiếp nhận', 'Tiếp nhận tại Bộ phận Một cửa', 'Xử lý', 'Xử lý', 'Công dân bổ sung hồ sơ',
        'Xử lý', 'Trả kết quả tại Bộ phận Một cửa']);
      const holders = [
        [/Bộ phận Một cửa/, /Bộ phận tiếp nhận và trả kết quả/],
        [/Cầm Thị Nhận/, /Công chức Văn phòng - Thống kê/],
        [/Quàng Văn Xử/, /Công chức Tư pháp - Hộ tịch/],
        [/Nguyễn Văn Trưởng/, /Chủ tịch UBND phường/],
        [/Người nộp hồ sơ/, /./],
        [/Nguyễn Văn Trưởng/, /Chủ tịch UBND phường/],
        [/Bộ phận Một cửa/, /Bộ phận tiếp nhận và trả kết quả/],
      ];
      steps.forEach((s, i) => {
        assert.match(s.holder, holders[i][0], `step ${i + 1}: holder`);
        assert.match(s.holder, holders[i][1], `step ${i + 1}: position`);
        assert.match(s.from, DATE_TIME, `step ${i + 1}: from`);
        assert.match(s.to, DATE_TIME, `step ${i + 1}: until`);
        if (i === 0 || i === 4) {
          assert.equal(s.due, '—', `step ${i + 1}: no due time (not counted)`);
          assert.equal(s.status, 'Không tính hạn');
        } else {
          assert.match(s.due, DATE_TIME, `step ${i + 1}: due`);
          assert.ok(['Đúng hạn', 'Trễ hạn'].includes(s.status), `step ${i + 1}: status ${s.status}`);
          assert.equal(s.late, s.status === 'Trễ hạn', `step ${i + 1}: a late step is marked`);
        }
      });
      assert.match(await page.locator('.summary').innerText(), /Số lần yêu cầu bổ sung đã dùng\s+1\/1/);
      const apology = await page.locator('.apology').innerText();
      assert.ok(apology.includes(APOLOGY_REASON), 'no apology notice');
      assert.match(apology, /hẹn lại ngày trả kết quả/);
      const report = page.locator('a', { hasText: 'Bị gây phiền hà? Phản ánh ngay' });
      assert.equal(await report.count(), 1, 'no "Bị gây phiền hà? Phản ánh ngay" link');
      assert.equal(await report.getAttribute('href'), `/report?dossier=${journey.code}&unit=${UNIT}`, 'a returned dossier: nobody holds it, the unit only');

      // No personal data: ID number, phone, e-mail, address, not even the applicant's name.
      const html = await page.content();
      for (const v of [applicant.id, applicant.phone, applicant.email, applicant.address, applicant.name]) {
        assert.ok(!text.includes(v) && !html.includes(v), `the public page shows "${v}"`);
      }
      await page.screenshot({ path: path.join(SHOTS, name), fullPage: true });

      // The same page in English.
      await page.goto(`${srv.url}/track?code=${journey.code}&secret=${journey.secret}&lang=en`);
      const en = await bodyText(page);
      assert.match(en, /Who holds my dossier/);
      assert.match(en, /Report it now/);
      assert.match(en, /Result returned/);
      assert.deepEqual(ctx.problems, [], 'console or page errors');
    } finally {
      await ctx.close();
    }
  }
});

t('the counter: a paper dossier with a required document unticked is refused and nothing is created; then received with a QR receipt', async () => {
  const { ctx, page } = await signedIn('motcua');
  try {
    await page.goto(srv.url + '/dossiers/new');
    assert.equal(await page.locator('input[name=procedure], input[name=unit]').count(), 0, 'codes are typed, not chosen');
    const options = await page.$$eval('select[name=procedure] option', (o) => o.map((x) => x.value).filter(Boolean));
    assert.ok(options.includes(PROC), 'the ward procedure is not offered');
    assert.ok(!options.includes('lltp-cap-phieu-ly-lich-tu-phap'), 'a provincial procedure is offered at the ward');
    await page.selectOption('select[name=procedure]', PROC);
    await submitForm(page, 'select[name=procedure]');
    assert.equal(await page.locator('input[type=checkbox][name^=doc_]').count(), 3);
    await page.fill('[name=applicant_name]', 'Cầm Văn Bản');
    await page.fill('[name=applicant_phone]', '0988 111 222');
    await page.check('[name=doc_1]');
    await page.check('[name=doc_3]');

    const before = await ledgerHead(srv.url);
    await page.goto(srv.url + '/dossiers?view=unit&all=1');
    const listed = await page.locator('table.dossiers tbody tr a').count();
    await page.goBack();
    assert.equal(await page.isChecked('[name=doc_1]'), true);
    const [resp] = await Promise.all([
      page.waitForNavigation({ waitUntil: 'load' }),
      page.locator('button[name=action][value=receive]').click(),
    ]);
    assert.equal(resp.status(), 422);
    const alert = await page.locator('main [role=alert]').innerText();
    assert.match(alert, /chưa đủ giấy tờ theo thủ tục đã công bố/);
    assert.equal(await page.inputValue('[name=applicant_name]'), 'Cầm Văn Bản', 'the entered name is lost');
    assert.equal(await page.isChecked('[name=doc_1]'), true, 'the ticked documents are lost');
    assert.equal(await page.isChecked('[name=doc_2]'), false);
    assert.match(await page.locator('label.missing').innerText(), /còn thiếu/);
    assert.equal((await ledgerHead(srv.url)).seq, before.seq, 'a refused intake wrote an event');
    await page.screenshot({ path: path.join(SHOTS, 'dossier-intake-refused.png'), fullPage: true });

    // With every document ticked: received, and the receipt carries the QR code and the secret.
    await page.check('[name=doc_2]');
    const [ok] = await Promise.all([
      page.waitForNavigation({ waitUntil: 'load' }),
      page.locator('button[name=action][value=receive]').click(),
    ]);
    assert.equal(ok.status(), 200);
    const slip = new URL(page.url());
    assert.match(slip.pathname, /^\/dossiers\/PCC-\d{6}-\d{4}\/print\/01$/);
    const text = await bodyText(page);
    assert.ok(text.includes('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM'));
    assert.match(text, /Thời gian hẹn trả kết quả:\s*\d{2}\/\d{2}\/\d{4}/);
    assert.equal(await page.locator('svg.qr').count(), 1);
    await page.screenshot({ path: path.join(SHOTS, 'dossier-receipt.png'), fullPage: true });
    await page.goto(srv.url + '/dossiers?view=unit&all=1');
    assert.equal(await page.locator('table.dossiers tbody tr a').count(), listed + 1, 'exactly one dossier was created');
    await page.setViewportSize(PHONE.viewport);
    await page.screenshot({ path: path.join(SHOTS, 'dossier-queue-phone.png'), fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });

    // A refusal needs a reason; Form 03 gives it with the code and secret to follow the dossier.
    await page.goto(`${srv.url}/dossiers/new?procedure=${PROC}`);
    await page.fill('[name=applicant_name]', 'Lường Văn Từ');
    await page.locator('details summary').click();
    await page.fill('[name=reason]', 'Giấy tờ tùy thân đã hết hạn sử dụng');
    const [refused] = await Promise.all([
      page.waitForNavigation({ waitUntil: 'load' }),
      page.locator('button[name=action][value=refuse]').click(),
    ]);
    assert.equal(refused.status(), 200);
    assert.match(new URL(page.url()).pathname, /^\/dossiers\/PCC-\d{6}-\d{4}\/print\/03$/);
    const form03 = await bodyText(page);
    assert.match(form03, /PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ/);
    assert.ok(form03.includes('Giấy tờ tùy thân đã hết hạn sử dụng'), 'Form 03 lacks the reason');
    assert.match((await page.locator('.secret').first().textContent()).trim(), /^[A-Z2-9]{8}$/, 'Form 03 lacks the tracking secret');
    assert.deepEqual(problems(ctx, 422), [], 'console or page errors');
  } finally {
    await ctx.close();
  }
});

t('a wrong tracking secret shows the error and no data', async () => {
  assert.ok(journey, 'the journey test did not run');
  const ctx = await newContext(browser);
  const page = await ctx.newPage();
  try {
    await page.goto(srv.url + '/track');
    await page.fill('[name=code]', journey.code);
    await page.fill('[name=secret]', journey.secret === 'AAAAAAAA' ? 'BBBBBBBB' : 'AAAAAAAA');
    const resp = await submitForm(page, '[name=secret]');
    assert.equal(resp.status(), 404);
    assert.match(await page.locator('main [role=alert]').innerText(), /Mã hồ sơ hoặc mã tra cứu không đúng/);
    assert.equal(await page.locator('table.steps, .summary, .apology').count(), 0, 'dossier data on a failed look-up');
    const text = await bodyText(page);
    assert.ok(!text.includes('Đăng ký nhận cha, mẹ, con'), 'the procedure is named on a failed look-up');
    assert.ok(!text.includes('Quàng Văn Xử'));
    assert.equal(await page.inputValue('[name=secret]'), '', 'the wrong secret is echoed back');
    assert.deepEqual(problems(ctx, 404), [], 'console or page errors');
  } finally {
    await ctx.close();
  }
});
