// The procedure pages as an HTTP client sees them: the catalogue, the
// Citizen's Charter page of each procedure (documents, time, fee formatting,
// who handles it, how to complain) and the administrators' edit form.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, login, ledgerHead, cookieFrom, withLog, DEMO_PASSWORD } from '../lib/server.mjs';
import { hiddenInput, htmlDecode, page } from '../lib/check.mjs';

let srv;
before(async () => { srv = await startServer({ demo: true }); });
after(async () => { if (srv) await srv.cleanup(); });
const t = (name, fn) => test(name, withLog(() => srv, fn));

const ID = { 'Accept-Encoding': 'identity' };
const get = async (p, opts = {}) => {
  const r = await page(srv.url, p, { headers: ID, ...opts });
  return { ...r, plain: htmlDecode(r.text) };
};
const getProc = async (code) => (await api(srv.url, 'GET', `/api/v1/procedures/${code}`)).json.procedure;

async function postForm(pathname, fields, cookie) {
  const h = { 'Content-Type': 'application/x-www-form-urlencoded', ...ID };
  if (cookie) h.Cookie = cookie;
  const res = await fetch(srv.url + pathname, { method: 'POST', headers: h, body: new URLSearchParams(fields).toString(), redirect: 'manual' });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

/** Signs in through the HTML form; resolves the cookie string. */
async function formLogin(name) {
  const p = await page(srv.url, '/login', { headers: ID });
  const csrf = hiddenInput(p.text, '_csrf');
  const pre = (p.headers.getSetCookie() || []).map((c) => c.split(';')[0]).join('; ');
  const r = await postForm('/login', { login: name, password: DEMO_PASSWORD, _csrf: csrf }, pre || undefined);
  return [pre, cookieFrom(r.headers, 'mb_session')].filter(Boolean).join('; ');
}

t('the Citizen\'s Charter page: documents numbered, fee with dots, time, unit, how to complain', async () => {
  const p = await get('/procedures/lltp-cap-phieu-ly-lich-tu-phap');
  assert.equal(p.status, 200);
  assert.match(p.headers.get('content-type'), /text\/html/);
  const ol = p.text.match(/<ol class="documents">([\s\S]*?)<\/ol>/);
  assert.ok(ol, 'no numbered list of documents');
  const items = [...ol[1].matchAll(/<li>([\s\S]*?)<\/li>/g)].map((m) => htmlDecode(m[1]));
  assert.deepEqual(items, [
    'Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp (theo mẫu)',
    'Bản chụp giấy tờ tùy thân (căn cước/hộ chiếu)',
    'Văn bản ủy quyền (nếu ủy quyền làm thủ tục Phiếu số 1)',
  ]);
  assert.ok(p.plain.includes('200.000 đồng'), 'fee formatted with dots');
  assert.ok(p.plain.includes('10 ngày<'), 'calendar days: "10 ngày"');
  assert.ok(!p.plain.includes('10 ngày làm việc'));
  assert.ok(p.text.includes('href="/units/cong-an-tinh"'), 'links the handling unit');
  assert.ok(p.plain.includes('Bị gây phiền hà? Phản ánh ngay'));
  assert.ok(p.plain.includes('Nghị định 118/2025/NĐ-CP'), 'the note on papers not on the list');
  assert.ok(p.plain.includes('Dịch vụ công trực tuyến toàn trình'));
  assert.ok(p.plain.includes('Luật Lý lịch tư pháp 2009'), 'the legal basis');
  assert.ok(!/<script/i.test(p.text), 'pages carry no JavaScript');
});

t('fee and time wording: free, same day, People\'s Council, working days, calendar days', async () => {
  const ks = await get('/procedures/ht-dang-ky-khai-sinh');
  assert.ok(ks.plain.includes('<dd>Miễn phí</dd>'), 'fee 0 is "Miễn phí"');
  assert.ok(ks.plain.includes('<dd>Trong ngày'), '0 days is "Trong ngày"');
  assert.ok(ks.plain.includes('Ủy ban nhân dân tất cả các xã, phường'), 'commune level: every commune and ward');
  const cm = await get('/procedures/ht-nhan-cha-me-con');
  assert.ok(cm.plain.includes('<dd>Theo Nghị quyết của HĐND tỉnh</dd>'), 'no fee: set by the People\'s Council');
  assert.ok(cm.plain.includes('03 ngày làm việc'));
  const kn = await get('/procedures/kn-khieu-nai-lan-dau-xa');
  assert.ok(kn.plain.includes('30 ngày<'), '30 calendar days');
  const ct = await get('/procedures/ct-hop-dong-giao-dich');
  assert.ok(ct.plain.includes('50.000 đồng'));
  assert.ok(ct.plain.includes('02 ngày làm việc'));
  const en = await get('/procedures/lltp-cap-phieu-ly-lich-tu-phap?lang=en');
  assert.ok(en.plain.includes('200,000 VND'), 'English: commas and VND');
  assert.ok(en.plain.includes('10 calendar days'));
  assert.ok(en.plain.includes('Issuance of judicial record certificate'));
  assert.ok(en.plain.includes('Required documents'));
  const missing = await get('/procedures/khong-co');
  assert.equal(missing.status, 404);
});

t('the catalogue: search, field and unit filters; links from the nav, the home page and unit pages', async () => {
  const all = await get('/procedures');
  assert.equal(all.status, 200);
  const links = new Set([...all.text.matchAll(/href="\/procedures\/([a-z0-9-]+)"/g)].map((m) => m[1]));
  assert.equal(links.size, 31);
  const q = await get('/procedures?q=dang+ky+kinh+doanh');
  assert.ok(q.text.includes('href="/procedures/kd-dang-ky-ho-kinh-doanh"'));
  assert.ok(!q.text.includes('href="/procedures/ht-dang-ky-khai-sinh"'));
  const unit = await get('/procedures?unit=cong-an-tinh');
  assert.ok(unit.text.includes('href="/procedures/lltp-cap-phieu-ly-lich-tu-phap"'));
  assert.ok(unit.text.includes('href="/units/cong-an-tinh"'));
  assert.equal([...unit.text.matchAll(/href="\/procedures\/[a-z0-9-]+"/g)].length, 1);
  const field = await get(`/procedures?field=${encodeURIComponent('Chứng thực')}`);
  assert.equal([...field.text.matchAll(/href="\/procedures\/[a-z0-9-]+"/g)].length, 3);
  const xss = await get(`/procedures?q=${encodeURIComponent('"><script>alert(1)</script>')}`);
  assert.equal(xss.status, 200);
  assert.ok(!xss.text.includes('<script>alert(1)'));
  assert.equal((await get('/procedures?unit=khong-co')).status, 422);
  const home = await get('/');
  assert.match(home.text, /<form[^>]*action="\/procedures"/);
  assert.ok(home.text.includes('href="/procedures"'), 'nav and home link the catalogue');
  const u = await get('/units/so-y-te');
  assert.ok(u.text.includes('href="/procedures?unit=so-y-te"'), 'the unit page links its procedures');
  assert.ok(u.plain.includes('Thủ tục hành chính do đơn vị giải quyết'));
});

t('edit form: refused to non-administrators; anonymous users are sent to sign in', async () => {
  const anon = await get('/procedures/ct-chu-ky/edit');
  assert.equal(anon.status, 303);
  assert.equal(anon.headers.get('location'), '/login?next=%2Fprocedures%2Fct-chu-ky%2Fedit');
  const cookie = await formLogin('truongphuong');
  const r = await get('/procedures/ct-chu-ky/edit', { cookie });
  assert.equal(r.status, 403);
  const post = await postForm('/procedures/ct-chu-ky/edit', { fee_vnd: '1' }, cookie);
  assert.equal(post.status, 403);
  assert.equal((await getProc('ct-chu-ky')).fee_vnd, 10000);
});

t('edit form: bad input is shown again with 422 and nothing is saved; good input saves with one event', async () => {
  const cookie = await formLogin('quantri');
  const charter = await get('/procedures/ct-chu-ky', { cookie });
  assert.ok(charter.text.includes('href="/procedures/ct-chu-ky/edit"'), 'administrators see the edit link');
  const e = await get('/procedures/ct-chu-ky/edit', { cookie });
  assert.equal(e.status, 200);
  const csrf = hiddenInput(e.text, '_csrf');
  assert.ok(csrf);
  for (const f of ['name_vi', 'name_en', 'field', 'level', 'unit', 'documents', 'processing_days', 'time_unit',
    'clock_policy', 'cutoff', 'fee_vnd', 'online_level', 'legal_basis', 'active'])
    assert.match(e.text, new RegExp(`name="${f}"`), `edit form lacks ${f}`);
  const docs = htmlDecode(e.text.match(/<textarea name="documents"[^>]*>([\s\S]*?)<\/textarea>/)[1]);
  assert.equal(docs.trim().split('\n').length, 2, 'one document per line');

  const before_ = await getProc('ct-chu-ky');
  const head = await ledgerHead(srv.url);
  const fields = {
    _csrf: csrf, name_vi: before_.name_vi, name_en: before_.name_en, field: before_.field, level: before_.level,
    unit: '', documents: `${docs}Giấy tờ mới thêm\n`, processing_days: '400', time_unit: before_.time_unit,
    clock_policy: 'pause', cutoff: '', fee_vnd: '10.000', online_level: 'partial', legal_basis: before_.legal_basis, active: '1',
  };
  const bad = await postForm('/procedures/ct-chu-ky/edit', fields, cookie);
  assert.equal(bad.status, 422);
  assert.match(bad.text, /<label class="bad">[^<]*<span class="muted">[^<]*<\/span><input name="processing_days" value="400"/,
    'the bad field is marked and keeps the typed value');
  assert.ok(htmlDecode(bad.text).includes('Giấy tờ mới thêm'), 'the typed documents are shown again');
  assert.deepEqual(await getProc('ct-chu-ky'), before_);
  assert.equal((await ledgerHead(srv.url)).seq, head.seq);

  const good = await postForm('/procedures/ct-chu-ky/edit', { ...fields, processing_days: '1', cutoff: '15:00',
    legal_basis: `${before_.legal_basis}\r\nbổ sung dòng hai` }, cookie);
  assert.equal(good.status, 303, good.text.slice(0, 300));
  assert.equal(good.headers.get('location'), '/procedures/ct-chu-ky');
  const p = await getProc('ct-chu-ky');
  assert.deepEqual(p.documents, [...before_.documents, 'Giấy tờ mới thêm']);
  assert.equal(p.processing_days, 1);
  assert.equal(p.cutoff, '15:00');
  assert.equal(p.fee_vnd, 10000);
  assert.equal(p.legal_basis, `${before_.legal_basis}  bổ sung dòng hai`, 'line breaks in the legal basis become spaces');
  assert.equal((await ledgerHead(srv.url)).seq, head.seq + 1);
  const shown = await get('/procedures/ct-chu-ky');
  assert.ok(shown.plain.includes('<li>Giấy tờ mới thêm</li>'));
  assert.ok(shown.plain.includes('01 ngày làm việc'));
  assert.ok(shown.plain.includes('15:00'));
});

t('text from the catalogue is escaped on the page', async () => {
  const s = await login(srv.url, 'quantri');
  const r = await api(srv.url, 'PATCH', '/api/v1/procedures/ct-ban-sao-tu-ban-chinh', {
    cookie: s.cookie, csrf: s.csrf, body: { documents: ['<script>alert(1)</script>', 'Bản "sao" & bản chính'] },
  });
  assert.equal(r.status, 200, r.text);
  const p = await get('/procedures/ct-ban-sao-tu-ban-chinh');
  assert.ok(!p.text.includes('<script>alert(1)'));
  assert.ok(p.text.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
  assert.ok(p.plain.includes('Bản "sao" & bản chính'));
});
