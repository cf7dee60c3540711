// The whole satisfaction loop in Debian's Chromium, on a phone (issue #10's journey): a dossier's
// result is attached online by the official who holds it; the citizen, not signed in, opens the
// tracking page, downloads the result (the file's SHA-256 is the one shown), rates the dossier
// "Không hài lòng", files the report the rating page offers, prefilled with the dossier; then the
// unit's scoreboard page lists the dossier among those that cost it points (indicator 5.4), and its
// figure moved by exactly one. The staff steps run through the API (their pages have their own
// journeys: results_online, dossier_journey).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { startServer, api, login, withLog, REPO } from '../lib/server.mjs';
import { launchBrowser, newContext, submitForm, bodyText, follow, fitsWidth, PHONE } from '../lib/browser.mjs';

const PDF_PATH = path.join(REPO, 'data', 'demo_result.pdf');
const UNIT = 'phuong-chieng-coi';

let srv, browser;
before(async () => {
  srv = await startServer({ demo: true });
  browser = await launchBrowser();
});
after(async () => {
  if (browser) await browser.close();
  if (srv) await srv.cleanup();
});

const ind = (u, code) => u.indicators.find((i) => i.code === code);
const unitScore = async () => {
  const r = await api(srv.url, 'GET', `/api/v1/scores?unit=${UNIT}`);
  assert.equal(r.status, 200, r.text);
  return r.json.units[0];
};

test('result online → download → "không hài lòng" → the prefilled report → the unit\'s score and page', withLog(() => srv, async () => {
  // Staff, through the API: received, assigned, the PDF attached, the result ready.
  const counter = await login(srv.url, 'motcua');
  const official = await login(srv.url, 'xuly');
  const r = await api(srv.url, 'POST', '/api/v1/dossiers', {
    body: { action: 'receive', procedure: 'ct-hop-dong-giao-dich', unit: UNIT, documents: [1, 2, 3],
      applicant: { name: 'Lường Thị Ngân', phone: '0915 222 444', address: 'Bản Giàng Lắc, phường Chiềng Cơi' } },
    cookie: counter.cookie, csrf: counter.csrf });
  assert.equal(r.status, 201, r.text);
  const { code, secret } = r.json.dossier;
  const act = (sess, body) => api(srv.url, 'POST', `/api/v1/dossiers/${code}/actions`, { body, cookie: sess.cookie, csrf: sess.csrf });
  assert.equal((await act(counter, { action: 'assign', to: 'xuly' })).status, 200);
  const fd = new FormData();
  fd.append('file', new Blob([fs.readFileSync(PDF_PATH)], { type: 'application/pdf' }), 'ket-qua.pdf');
  const up = await fetch(`${srv.url}/api/v1/dossiers/${code}/result`, { method: 'POST', body: fd,
    headers: { cookie: official.cookie, 'X-CSRF-Token': official.csrf } });
  assert.equal(up.status, 200, await up.text());
  assert.equal((await act(official, { action: 'result_ready' })).status, 200);
  const before = await unitScore();

  const ctx = await newContext(browser, { ...PHONE, acceptDownloads: true });
  const page = await ctx.newPage();
  try {
    // Tracking, and the download whose hash the page shows.
    assert.equal((await page.goto(`${srv.url}/track?code=${code}&secret=${secret}`)).status(), 200);
    const result = page.locator('#result');
    assert.equal(await result.count(), 1, await bodyText(page));
    const shown = await result.locator('code.hash').innerText();
    const [download] = await Promise.all([page.waitForEvent('download'), result.locator('a.button').click()]);
    const got = crypto.createHash('sha256').update(fs.readFileSync(await download.path())).digest('hex');
    assert.equal(got, shown, 'the downloaded file is the one whose hash the tracking page shows');

    // The rating, from the same page.
    assert.equal((await follow(page, page.locator('a', { hasText: 'Đánh giá hồ sơ này' }))).status(), 200);
    await page.check('input[name=level][value=unsatisfied]');
    await page.check('input[name=c_on_time][value=no]');
    await page.fill('textarea[name=comment]', 'Hẹn trả kết quả nhưng phải đi lại hai lần mới nhận được.');
    assert.equal((await submitForm(page, 'textarea[name=comment]')).status(), 200);
    assert.match(await bodyText(page), /Cảm ơn bạn đã đánh giá/);

    // The report the rating page offers, prefilled with the dossier.
    assert.equal((await follow(page, page.locator('a', { hasText: 'Phản ánh về hồ sơ này' }))).status(), 200);
    assert.equal(await page.inputValue('input[name=dossier]'), code);
    assert.equal(await page.inputValue('select[name=unit]'), UNIT);
    await page.fill('textarea[name=body]', 'Đã có kết quả trực tuyến nhưng bộ phận một cửa vẫn yêu cầu đến nhận bản giấy hai lần.');
    await page.check('input[name=anonymous]');
    const filed = await submitForm(page, 'textarea[name=body]');
    assert.equal(filed.status(), 200, await bodyText(page));
    assert.equal(await page.locator('code.passphrase').count(), 1, 'the report led to its receipt');

    // The unit's score: 5.4 counts the dossier once (a dislike and a report about it), and its
    // page lists it among the dossiers that cost points.
    const after = await unitScore();
    assert.equal(ind(after, '5.4').numerator, ind(before, '5.4').numerator - 1,
      JSON.stringify([ind(before, '5.4'), ind(after, '5.4')]));
    assert.equal((await page.goto(`${srv.url}/scores/units/${UNIT}`)).status(), 200);
    const listed = await page.locator('#complained + ul.codes code').allInnerTexts();
    assert.ok(listed.includes(code), `${code} not among ${listed}`);
    assert.ok(await fitsWidth(page), 'no horizontal scroll at 390 px');
    assert.deepEqual(ctx.problems, []);
  } finally {
    await ctx.close();
  }
}));
