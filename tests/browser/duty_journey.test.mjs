// Heads' accountability in the browser: a report on Phường Chiềng Cơi that
// names nobody is concluded at fault by the handler (xuly) naming `motcua`;
// the ward's head (truongphuong) finds "report the action taken" in "Việc phải
// làm", is refused without text, records what was done with a photo; the item
// shows done on time with the photo's SHA-256, the heads' scorecard counts it
// done on time, and the public totals per unit show it without any name.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, login, withLog, DEMO_PASSWORD } from '../lib/server.mjs';
import { launchBrowser, submitForm, bodyText, follow, signedIn as signedInAs } from '../lib/browser.mjs';

let srv, browser;
before(async () => {
  srv = await startServer({ demo: true });
  browser = await launchBrowser();
});
after(async () => {
  if (browser) await browser.close();
  if (srv) await srv.cleanup();
});
const t = (name, fn) => test(name, { timeout: 120000 }, withLog(() => srv, fn));
const signedIn = (who) => signedInAs(browser, srv.url, who, DEMO_PASSWORD);

// A 1×1 PNG.
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000' +
  '1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082', 'hex');

/** Counts of the ward head's scorecard row (done on time), read from the page. */
async function onTimeOf(page) {
  await page.goto(`${srv.url}/duty/heads`);
  const row = page.locator('table tbody tr', { hasText: 'Nguyễn Văn Trưởng' });
  assert.equal(await row.count(), 1, await bodyText(page));
  return Number(await row.locator('td').nth(3).innerText());
}

t('a case concluded at fault naming motcua; the head records the action with a photo; the scorecard shows it done on time', async () => {
  // The report, accepted, assigned and verified through the API.
  const head = await login(srv.url, 'truongphuong');
  const xuly = await login(srv.url, 'xuly');
  const r = await api(srv.url, 'POST', '/api/v1/cases', { body: {
    kind: 'feedback', category: 'extra_papers', unit: 'phuong-chieng-coi', title: 'Bị yêu cầu giấy tờ ngoài thủ tục',
    body: 'Tôi bị yêu cầu nộp thêm giấy xác nhận cư trú khi đăng ký khai sinh cho con.', name: 'Tòng Thị Mai', phone: '0915 222 333',
  } });
  assert.equal(r.status, 201, r.text);
  const code = r.json.code;
  const act = (s, a, body = {}) => api(srv.url, 'POST', `/api/v1/cases/${code}/actions/${a}`, { body, cookie: s.cookie, csrf: s.csrf });
  assert.equal((await act(head, 'accept')).status, 200);
  assert.equal((await act(head, 'assign', { to_login: 'xuly' })).status, 200);
  assert.equal((await act(xuly, 'verify', { findings: 'Xác minh tại bộ phận một cửa: có yêu cầu giấy tờ ngoài thủ tục.' })).status, 200);

  // The handler concludes at fault in the browser, naming motcua (the report named nobody).
  const official = await signedIn('xuly');
  const h = await signedIn('truongphuong');
  try {
    let page = official.page;
    await page.goto(`${srv.url}/cases/${code}`);
    const f = page.locator('#act-conclude');
    assert.equal(await f.count(), 1, await bodyText(page));
    await f.locator('[name=conclusion]').fill('Cán bộ một cửa yêu cầu giấy tờ không có trong thủ tục: có sai phạm.');
    await f.locator('input[name=at_fault][value="1"]').check();
    await f.locator('[name=officials]').fill('motcua');
    await f.locator('[name=sanction]').fill('Khiển trách');
    const [resp] = await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), f.locator('button[type=submit]').click()]);
    assert.equal(resp.status(), 200, await bodyText(page));
    assert.equal(await page.locator('main [role=alert]').count(), 0, await bodyText(page));

    // The head: "Việc phải làm" lists the item; open it.
    page = h.page;
    const before = await onTimeOf(page);
    await page.goto(`${srv.url}/duty`);
    const link = page.locator('main table a', { hasText: code });
    assert.equal(await link.count(), 1, await bodyText(page));
    await follow(page, link);
    assert.match(await bodyText(page), /Đang thực hiện/);
    // Without text: refused, the form again with the message.
    await page.locator('[name=note]').fill('   xong   ');
    let sent = await submitForm(page, '[name=note]');
    assert.equal(sent.status(), 422);
    assert.match(await page.locator('main [role=alert]').innerText(), /ít nhất 10 chữ/);
    assert.match(await bodyText(page), /Đang thực hiện/);
    // With the note and a photo.
    await page.locator('[name=note]').fill('Đã họp kiểm điểm công chức một cửa, khiển trách, gỡ yêu cầu giấy xác nhận cư trú khỏi quầy.');
    await page.locator('input[name=evidence]').setInputFiles({ name: 'bien-ban.png', mimeType: 'image/png', buffer: PNG });
    sent = await submitForm(page, '[name=note]');
    assert.equal(sent.status(), 200);
    const text = await bodyText(page);
    assert.match(text, /Đã thực hiện/);
    assert.match(text, /đúng hạn/);
    assert.match(await page.locator('code.hash').innerText(), /^[0-9a-f]{64}$/);
    assert.equal(await page.locator('[name=note]').count(), 0, 'the form is gone once done');
    // The scorecard.
    assert.equal(await onTimeOf(page), before + 1);
  } finally {
    await official.ctx.close();
    await h.ctx.close();
  }

  // The public totals: the ward, no names.
  const pub = await browser.newPage();
  try {
    await pub.goto(`${srv.url}/duty/units`);
    const text = await bodyText(pub);
    assert.match(text, /Phường Chiềng Cơi/);
    assert.ok(!text.includes('Nguyễn Văn Trưởng') && !text.includes('Cầm Thị Nhận'), text);
  } finally {
    await pub.close();
  }
});
