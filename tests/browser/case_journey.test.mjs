// A harassment report through the pages only, in Debian's Chromium: the
// counter receives a paper dossier; the citizen tracks it, follows "Bị gây
// phiền hà? Phản ánh ngay" to a report form prefilled with the dossier and
// the official holding it, and sends a feedback with name and phone; the
// receipt shows the code and the passphrase once, with a signed receipt that
// verifies; the ward head accepts and assigns to xuly; xuly verifies and
// concludes at fault with a sanction; the head publishes with the apology;
// the citizen reads the result and the apology and is not satisfied, and the
// case is reopened. Neither the handler nor the official reported on ever
// sees the reporter's name or phone. A second case: an inspector confirms a
// published result as resolved.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer, ledgerHead, withLog, DEMO_PASSWORD, REPO } from '../lib/server.mjs';
import { launchBrowser, newContext, submitForm, bodyText, follow, signedIn as signedInAs } from '../lib/browser.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const SHOTS = path.join(here, 'screenshots');

const UNIT = 'phuong-chieng-coi';
const PROC = 'ht-nhan-cha-me-con';
const REPORTER = { name: 'Lò Thị Mai', phone: '0912 888 777' };
const APOLOGY = {
  wrong: 'Cán bộ tiếp nhận hẹn công dân đến lần sau mà không nêu lý do.',
  done: 'Khiển trách cán bộ; rà soát quy trình tiếp nhận của Bộ phận Một cửa.',
  remedy: 'Hồ sơ của bà được giải quyết ngay trong ngày.',
};
const UNSATISFIED = 'Tôi vẫn phải đi lại hai lần nữa mới được giải quyết.';

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

const problems = (ctx, ...statuses) => ctx.problems.filter((p) =>
  !statuses.some((s) => p.includes(`the server responded with a status of ${s} `)));

const signedIn = (login) => signedInAs(browser, srv.url, login, DEMO_PASSWORD);

/** Submits the action form #act-<id> after fill(section); resolves the final response. */
async function act(page, id, fill = async () => {}) {
  const section = page.locator(`#act-${id}`);
  assert.equal(await section.count(), 1, `no "${id}" form on ${page.url()}:\n${await bodyText(page)}`);
  await fill(section);
  const [resp] = await Promise.all([
    page.waitForNavigation({ waitUntil: 'load' }),
    section.locator('button[type=submit]').click(),
  ]);
  assert.equal(resp.status(), 200, `${id}: ${resp.status()}\n${await bodyText(page)}`);
  assert.equal(await page.locator('main [role=alert]').count(), 0, `${id} was refused: ${await bodyText(page)}`);
  return resp;
}

const stateOf = (page) => page.locator('.case-summary .state').innerText();
const actions = (page) => page.$$eval('section.action', (s) => s.map((x) => x.id.replace(/^act-/, '')));

/** Opens a case from the signed-in official's queue (the given tab). */
async function openFromQueue(page, code, view) {
  await page.goto(`${srv.url}/cases?view=${view}`);
  const row = page.locator('table.cases tbody tr', { has: page.locator(`a[href="/cases/${code}"]`) });
  assert.equal(await row.count(), 1, `the case is not in the "${view}" queue:\n${await bodyText(page)}`);
  return row;
}

/** Asserts that nothing on the page carries the reporter's name or phone. */
async function noIdentity(page, who) {
  const html = await page.content();
  for (const v of [REPORTER.name, REPORTER.phone]) assert.ok(!html.includes(v), `${who} sees "${v}" on ${page.url()}`);
}

/** The counter receives a paper dossier for the ward; resolves {code, secret}. */
async function paperDossier() {
  const { ctx, page } = await signedIn('motcua');
  try {
    await page.goto(`${srv.url}/dossiers/new?procedure=${PROC}`);
    await page.fill('[name=applicant_name]', REPORTER.name);
    await page.fill('[name=applicant_phone]', REPORTER.phone);
    for (const box of await page.locator('input[type=checkbox][name^=doc_]').all()) await box.check();
    const [resp] = await Promise.all([
      page.waitForNavigation({ waitUntil: 'load' }),
      page.locator('button[name=action][value=receive]').click(),
    ]);
    assert.equal(resp.status(), 200);
    const slip = new URL(page.url());
    const m = /^\/dossiers\/([A-Z]+-\d{6}-\d{4})\/print\/01$/.exec(slip.pathname);
    assert.ok(m, `not on the slip: ${page.url()}`);
    // The secret is on the slip, shown once; never in the address.
    assert.equal(slip.searchParams.get('secret'), null);
    return { code: m[1], secret: (await page.locator('.secret').first().textContent()).trim() };
  } finally {
    await ctx.close();
  }
}

t('harassment at the counter: report from the tracking page, receipt, accept, assign, verify, conclude at fault, publish with apology, not satisfied → reopened', async () => {
  const dossier = await paperDossier();
  const citizenCtx = await newContext(browser);
  const citizen = await citizenCtx.newPage();
  const head = await signedIn('truongphuong');
  const official = await signedIn('xuly');
  const counter = await signedIn('motcua');
  const all = [{ ctx: citizenCtx }, head, official, counter];
  try {
    // --- The citizen tracks the dossier and follows the report link.
    await citizen.goto(srv.url + '/track');
    await citizen.fill('[name=code]', dossier.code);
    await citizen.fill('[name=secret]', dossier.secret);
    await submitForm(citizen, '[name=secret]');
    const link = citizen.locator('a', { hasText: 'Bị gây phiền hà? Phản ánh ngay' });
    assert.equal(await link.getAttribute('href'), `/report?dossier=${dossier.code}&unit=${UNIT}&official=motcua`,
      'the link does not carry the dossier, its unit and the official holding it');
    await follow(citizen, link);
    assert.equal(new URL(citizen.url()).pathname, '/report');
    assert.equal(await citizen.inputValue('[name=dossier]'), dossier.code, 'the dossier is not prefilled');
    assert.equal(await citizen.inputValue('select[name=unit]'), UNIT, 'the unit is not prefilled');
    assert.match(await citizen.locator('p.official').innerText(), /Cầm Thị Nhận/, 'the official is not named');
    assert.match(await citizen.inputValue('[name=subject_name]'), /^Cầm Thị Nhận/);
    assert.equal(await citizen.locator('input[type=hidden][name=official]').inputValue(), 'motcua');
    assert.equal(await citizen.isChecked('input[name=kind][value=feedback]'), true, 'feedback is not the default kind');

    // --- A harassment feedback with name and phone.
    await citizen.selectOption('select[name=category]', 'harassment');
    await citizen.fill('[name=title]', 'Bị hẹn lần sau nhiều lần không rõ lý do');
    await citizen.fill('[name=body]', 'Tôi nộp hồ sơ nhận cha, mẹ, con; cán bộ một cửa hẹn tôi quay lại ba lần mà không nói lý do.');
    await citizen.fill('[name=name]', REPORTER.name);
    await citizen.fill('[name=phone]', REPORTER.phone);
    const before = await ledgerHead(srv.url);
    const sent = await submitForm(citizen, '[name=title]');
    assert.equal(sent.status(), 200);
    assert.equal((await ledgerHead(srv.url)).seq, before.seq + 1, 'one event for the report');

    // --- The receipt: code, passphrase, due date, signed receipt.
    const code = (await citizen.locator('code.case-code').innerText()).trim();
    const secret = (await citizen.locator('code.passphrase').innerText()).trim();
    assert.match(code, /^DT-\d{6}-\d{4}$/);
    assert.match(secret, /^[A-Z2-9]{6,}$/);
    let text = await bodyText(citizen);
    assert.match(text, /Hãy ghi lại mã tra cứu/);
    assert.match(text, /Hạn xử lý bước đầu\s+\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}/);
    const message = await citizen.locator('pre.receipt-message').innerText();
    const signature = (await citizen.locator('code.receipt-signature').innerText()).trim();
    assert.ok(message.includes(`code=${code}`), 'the signed receipt does not name the case');
    await citizen.screenshot({ path: path.join(REPO, 'docs', 'screenshot-report.png'), fullPage: true });
    await citizen.screenshot({ path: path.join(SHOTS, 'case-receipt.png'), fullPage: true });
    // The receipt verifies on /receipts/verify.
    await follow(citizen, citizen.locator('a[href="/receipts/verify"]'));
    await citizen.fill('[name=message]', message);
    await citizen.fill('[name=signature]', signature);
    await submitForm(citizen, '[name=signature]');
    assert.match(await citizen.locator('.verdict').innerText(), /Hợp lệ/);

    // --- The ward head: the case in the unit queue, reporter encrypted; accept, assign to xuly.
    let page = head.page;
    const row = await openFromQueue(page, code, 'unit');
    assert.match(await row.innerText(), /\(đã mã hoá\)/);
    await follow(page, row.locator(`a[href="/cases/${code}"]`));
    assert.match(await stateOf(page), /Tiếp nhận|tiếp nhận/i);
    assert.deepEqual((await actions(page)).filter((a) => ['accept', 'not_accept', 'transfer'].includes(a)),
      ['accept', 'not_accept', 'transfer']);
    assert.ok(!(await actions(page)).includes('identity'), 'the head (not the handler) may open the vault');
    await noIdentity(page, 'the head');
    await act(page, 'accept');
    const options = await page.$$eval('#act-assign select[name=to_login] option', (o) => o.map((x) => x.value).filter(Boolean));
    assert.ok(options.includes('xuly'), 'xuly is not offered');
    assert.ok(!options.includes('motcua'), 'the official reported on is offered as handler');
    await act(page, 'assign', (f) => f.locator('select[name=to_login]').selectOption('xuly'));
    assert.match(await page.locator('.case-summary').innerText(), /Quàng Văn Xử/);

    // --- xuly: in "mine"; verifies, then concludes at fault with a sanction; never sees the reporter.
    page = official.page;
    const mine = await openFromQueue(page, code, 'mine');
    await noIdentity(page, 'xuly (queue)');
    await follow(page, mine.locator(`a[href="/cases/${code}"]`));
    await noIdentity(page, 'xuly (case)');
    assert.ok((await actions(page)).includes('identity'), 'the handler has no vault form');
    await act(page, 'verify', (f) => f.locator('[name=findings]').fill('Đã làm việc với bà Cầm Thị Nhận: có việc hẹn ba lần không lý do.'));
    await noIdentity(page, 'xuly (after verify)');
    await act(page, 'conclude', async (f) => {
      await f.locator('[name=conclusion]').fill('Cán bộ tiếp nhận hẹn lần sau không có lý do: sai phạm.');
      await f.locator('input[name=at_fault][value="1"]').check();
      await f.locator('[name=sanction]').fill('Khiển trách');
    });
    assert.match(await page.locator('.findings').innerText(), /Có sai phạm/);
    await noIdentity(page, 'xuly (after conclusion)');

    // --- The official reported on sees the case (a feedback in the ward) but never the reporter or the vault.
    page = counter.page;
    const seen = await page.goto(`${srv.url}/cases/${code}`);
    if (seen.status() === 200) {
      await noIdentity(page, 'the official reported on');
      assert.ok(!(await actions(page)).includes('identity'), 'the official reported on has the vault form');
    }

    // --- The head publishes the result with the apology.
    page = head.page;
    await page.goto(`${srv.url}/cases/${code}`);
    await act(page, 'publish', async (f) => {
      await f.locator('[name=result_summary]').fill('Phản ánh đúng: cán bộ đã hẹn lần sau không có lý do.');
      await f.locator('[name=what_wrong]').fill(APOLOGY.wrong);
      await f.locator('[name=what_done]').fill(APOLOGY.done);
      await f.locator('[name=remedy]').fill(APOLOGY.remedy);
    });
    assert.match(await page.locator('.case-apology').innerText(), /Lời xin lỗi/);

    // --- The citizen: the follow-up page with code and passphrase; the result and the apology; not satisfied.
    await citizen.goto(srv.url + '/report/track');
    await citizen.fill('[name=code]', code);
    await citizen.fill('[name=secret]', secret);
    const tracked = await submitForm(citizen, '[name=secret]');
    assert.equal(tracked.status(), 200);
    text = await bodyText(citizen);
    assert.ok(text.includes('Phản ánh đúng: cán bộ đã hẹn lần sau không có lý do.'), 'no result');
    const apology = await citizen.locator('.case-apology').innerText();
    for (const v of Object.values(APOLOGY)) assert.ok(apology.includes(v), `the apology lacks "${v}"`);
    const steps = await citizen.$$eval('table.case-steps tbody tr', (trs) => trs.map((tr) => tr.innerText));
    assert.ok(steps.some((s) => s.includes('Quàng Văn Xử')), 'the handler is not named in the timeline');
    assert.ok(!steps.some((s) => s.includes(REPORTER.name)), 'the reporter is named in the timeline');
    await act(citizen, 'rate-no', (f) => f.locator('[name=reason]').fill(UNSATISFIED));
    assert.equal(new URL(citizen.url()).pathname, '/report/track');
    assert.match(await citizen.locator('.case-summary').innerText(), /Số lần giải quyết lại\s+1/);
    assert.equal(await citizen.locator('.case-summary .state-reopened').count(), 1, 'the case is not shown reopened');
    assert.equal(await citizen.locator('#act-rate-no').count(), 0, 'rating offered again before a new result');

    // The head sees it reopened, still without the reporter.
    page = head.page;
    await page.goto(`${srv.url}/cases/${code}`);
    assert.equal(await page.locator('.case-summary .state-reopened').count(), 1);
    await noIdentity(page, 'the head (reopened)');
    for (const s of all) assert.deepEqual(problems(s.ctx, 404), [], 'console or page errors');
  } finally {
    for (const s of all) await s.ctx.close();
  }
});

t('a result confirmed by the inspector: the citizen sees it resolved and is no longer asked to rate', async () => {
  const citizenCtx = await newContext(browser);
  const citizen = await citizenCtx.newPage();
  const head = await signedIn('truongphuong');
  const official = await signedIn('xuly');
  const inspector = await signedIn('thanhtra');
  const all = [{ ctx: citizenCtx }, head, official, inspector];
  try {
    // Straight to the form, choosing the unit from the list.
    await citizen.goto(srv.url + '/report');
    await citizen.check('input[name=kind][value=petition]');
    await citizen.selectOption('select[name=category]', 'regulation');
    await citizen.selectOption('select[name=unit]', UNIT);
    await citizen.fill('[name=title]', 'Niêm yết lịch tiếp công dân');
    await citizen.fill('[name=body]', 'Đề nghị niêm yết lịch tiếp công dân ở cửa trụ sở.');
    await citizen.fill('[name=name]', REPORTER.name);
    await submitForm(citizen, '[name=title]');
    const code = (await citizen.locator('code.case-code').innerText()).trim();
    const secret = (await citizen.locator('code.passphrase').innerText()).trim();

    let page = head.page;
    await page.goto(`${srv.url}/cases/${code}`);
    await act(page, 'accept');
    await act(page, 'assign', (f) => f.locator('select[name=to_login]').selectOption('xuly'));
    page = official.page;
    await page.goto(`${srv.url}/cases/${code}`);
    await act(page, 'verify', (f) => f.locator('[name=findings]').fill('Trụ sở chưa niêm yết lịch.'));
    await act(page, 'conclude', async (f) => {
      await f.locator('[name=conclusion]').fill('Kiến nghị hợp lý, tiếp thu.');
      await f.locator('input[name=at_fault][value="0"]').check();
    });
    page = head.page;
    await page.goto(`${srv.url}/cases/${code}`);
    assert.equal(await page.locator('#act-publish [name=what_wrong]').count(), 0, 'an apology is asked without fault');
    await act(page, 'publish', (f) => f.locator('[name=result_summary]').fill('Đã niêm yết lịch tiếp công dân.'));
    assert.ok(!(await actions(page)).includes('confirm'), 'a unit head may confirm');

    page = inspector.page;
    await page.goto(`${srv.url}/cases?view=all`);
    assert.equal(await page.locator(`a[href="/cases/${code}"]`).count(), 1, 'not in the inspector\'s "all" queue');
    await page.goto(`${srv.url}/cases/${code}`);
    await act(page, 'confirm');
    assert.equal(await page.locator('.case-summary .state-resolved').count(), 1);

    await citizen.goto(`${srv.url}/report/track?code=${code}&secret=${secret}`);
    assert.equal(await citizen.locator('.case-summary .state-resolved').count(), 1, 'not resolved for the citizen');
    assert.equal(await citizen.locator('#act-rate-yes, #act-rate-no, #act-withdraw').count(), 0, 'actions on a resolved case');
    assert.match(await bodyText(citizen), /Đã niêm yết lịch tiếp công dân\./);
    for (const s of all) assert.deepEqual(problems(s.ctx, 404), [], 'console or page errors');
  } finally {
    for (const s of all) await s.ctx.close();
  }
});
