// Inspections of businesses (R16, docs/inspections.md): the register by tax
// code, annual plans with their deadline in data, the overlap check on every
// change (INS-1, INS-2, INS-3, the State Audit, Decree 59 Art. 63), the
// Inspectorate's resolutions and approval, ad-hoc inspections with their
// scope fixed, execution with the conclusion published, the public page, and
// the business's rating leading to the report form. Bad input changes nothing.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { startServer, api, login, ledgerHead, withLog, REPO } from '../lib/server.mjs';
import { assertError, page } from '../lib/check.mjs';

let srv, admin, yte, ct, inspector, citizen, overseer;
before(async () => {
  srv = await startServer({ demo: true });
  admin = await login(srv.url, 'quantri');
  yte = await login(srv.url, 'giamdocsoyte');
  inspector = await login(srv.url, 'thanhtra');
  citizen = await login(srv.url, 'congdan');
  overseer = await login(srv.url, 'giamsat');
  // A second department: the head of the Department of Industry and Trade.
  const r = await api(srv.url, 'POST', '/api/v1/accounts', {
    body: { login: 'giamdoccongthuong', display_name: 'Cầm Văn Thương', role: 'unit_head', unit: 'so-cong-thuong' },
    cookie: admin.cookie, csrf: admin.csrf });
  assert.equal(r.status, 201, r.text);
  ct = await login(srv.url, 'giamdoccongthuong', r.json.password);
});
after(async () => { if (srv) await srv.cleanup(); });
const t = (name, fn) => test(name, withLog(() => srv, fn));

const W = [31, 29, 23, 19, 17, 13, 7, 5, 3];
/** A valid tax code from a 9-digit prefix whose check digit is not 10. */
function taxCode(n) {
  for (;; n++) {
    const p = String(n).padStart(9, '0');
    let s = 0;
    for (let i = 0; i < 9; i++) s += W[i] * +p[i];
    const c = 10 - (s % 11);
    if (c !== 10) return p + c;
  }
}
let next = 556600000;
const fresh = () => { const c = taxCode(next); next = +c.slice(0, 9) + 1; return c; };

const post = (sess, p, body) => api(srv.url, 'POST', p, { body, cookie: sess?.cookie, csrf: sess?.csrf });
const register = (sess, body) => post(sess, '/api/v1/businesses', body);
const firm = (tax, name = 'Công ty TNHH Chè Mộc Châu') =>
  ({ tax_code: tax, kind: 'enterprise', name, address: 'Tiểu khu 4, phường Mộc Châu', commune: 'phuong-moc-chau', lines: 'Chế biến chè' });
const entry = (tax, kind, subject, months = '3,4') =>
  ({ tax_code: tax, kind, subject, legal_basis: 'Luật Thanh tra 2025; Nghị định 216/2025/NĐ-CP', months, team_lead: 'Nguyễn Văn Đoàn' });

function sql(q) {
  const r = spawnSync('sqlite3', ['-json', srv.dbPath, q], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim() ? JSON.parse(r.stdout) : [];
}

async function plan(sess, year) {
  const r = await post(sess, '/api/v1/inspection-plans', { year });
  assert.ok(r.status === 201 || r.status === 200, r.text);
  return r.json;
}

async function registered(tax = fresh(), name) {
  const r = await register(admin, firm(tax, name));
  assert.equal(r.status, 201, r.text);
  return tax;
}

t('register: a valid tax code and a branch code; a malformed one is refused naming the field, nothing changes', async () => {
  const ok = await register(admin, firm('0100109106', 'Công ty Cổ phần Sữa Việt Nam'));
  assert.equal(ok.status, 201, ok.text);
  assert.equal(ok.json.tax_code, '0100109106');
  const br = await register(admin, { ...firm('0100109106-001', 'Chi nhánh Sơn La'), kind: 'enterprise' });
  assert.equal(br.status, 201, br.text);
  const h = await ledgerHead(srv.url);
  for (const bad of ['0100109107', '010010910', '01001091060', '0100109106-000', '0100109106-01', 'ABCDEFGHIJ', '5501000000']) {
    assertError(await register(admin, firm(bad)), 422, 'invalid_field', 'tax_code');
  }
  assertError(await register(admin, { ...firm(fresh()), commune: 'so-y-te' }), 422, 'invalid_field', 'commune');
  assertError(await register(admin, { ...firm(fresh()), kind: 'corporation' }), 422, 'invalid_field', 'kind');
  assert.deepEqual(await ledgerHead(srv.url), h);
  assertError(await register(citizen, firm(fresh())), 403, 'forbidden');
});

t('CSV import is all or nothing, and reports every bad row', async () => {
  const a = fresh(), b = fresh(), c = fresh();
  const good = `tax_code,kind,name,address,commune,lines\n${a},household,Hộ kinh doanh Lò Thị Én,Bản Hụm,phuong-chieng-coi,Ăn uống\n${b},individual,Cá nhân Quàng Văn Sáng,Bản Nà Có,phuong-chieng-coi,Vận tải\n`;
  const bad = good + `123,enterprise,Sai mã,Đâu đó,phuong-chieng-coi,\n${c},enterprise,,Không tên,phuong-chieng-coi,\n`;
  const h = await ledgerHead(srv.url);
  const r = await api(srv.url, 'POST', '/api/v1/businesses/import', { body: bad, cookie: admin.cookie, csrf: admin.csrf, headers: { 'Content-Type': 'text/csv' } });
  assert.equal(r.status, 422, r.text);
  assert.equal(r.json.error.code, 'rows_rejected');
  assert.deepEqual(r.json.error.rows.map((x) => [x.line, x.field]), [[4, 'tax_code'], [5, 'name']]);
  assert.deepEqual(await ledgerHead(srv.url), h);
  assert.equal(sql(`SELECT count(*) n FROM biz_businesses WHERE tax_code IN ('${a}','${b}')`)[0].n, 0);
  const ok = await api(srv.url, 'POST', '/api/v1/businesses/import', { body: good, cookie: admin.cookie, csrf: admin.csrf, headers: { 'Content-Type': 'text/csv' } });
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.json.created, 2);
  // Search ignoring diacritics, by name and by tax code.
  const s = await api(srv.url, 'GET', '/api/v1/businesses?q=' + encodeURIComponent('lo thi en'));
  assert.ok(s.json.businesses.some((x) => x.tax_code === a), s.text);
  const s2 = await api(srv.url, 'GET', '/api/v1/businesses?q=' + b);
  assert.equal(s2.json.businesses[0].tax_code, b);
});

t('two departments plan the same firm in one year: INS-2 found at once; thanhtra resolves as joint and approves; the public sees it', async () => {
  const tax = await registered();
  const p1 = await plan(yte, 2028), p2 = await plan(ct, 2028);
  const e1 = await post(yte, `/api/v1/inspection-plans/${p1.id}/entries`, entry(tax, 'kiem_tra', 'attp', '3,4'));
  assert.equal(e1.status, 201, e1.text);
  const e2 = await post(ct, `/api/v1/inspection-plans/${p2.id}/entries`, entry(tax, 'kiem_tra', 'thuong-mai', '5'));
  assert.equal(e2.status, 201, e2.text);
  for (const [s, p] of [[yte, p1], [ct, p2]]) assert.equal((await post(s, `/api/v1/inspection-plans/${p.id}/submit`, {})).status, 200);
  // Not approved while the overlap is open.
  assertError(await post(inspector, `/api/v1/inspection-plans/${p2.id}/approve`, {}), 409, 'open_conflicts');
  const list = await api(srv.url, 'GET', '/api/v1/inspection-conflicts?year=2028', { cookie: inspector.cookie });
  const c = list.json.conflicts.find((x) => x.tax_code === tax);
  assert.ok(c, list.text);
  assert.equal(c.rule, 'INS-2');
  assert.equal(c.a.code, e1.json.code);
  assert.equal(c.b.code, e2.json.code);
  assert.deepEqual(c.resolutions, ['joint', 'move', 'drop', 'keep']);
  // Keep needs a justification.
  assertError(await post(inspector, `/api/v1/inspection-conflicts/${c.id}/resolve`, { resolution: 'keep' }), 422, 'invalid_field', 'justification');
  assertError(await post(yte, `/api/v1/inspection-conflicts/${c.id}/resolve`, { resolution: 'joint' }), 403, 'forbidden');
  const res = await post(inspector, `/api/v1/inspection-conflicts/${c.id}/resolve`, { resolution: 'joint' });
  assert.equal(res.status, 200, res.text);
  assert.equal(res.json.state, 'resolved');
  assert.equal(sql(`SELECT state FROM biz_entries WHERE code = '${e2.json.code}'`)[0].state, 'joined');
  assert.equal(sql(`SELECT count(*) n FROM events WHERE type = 'biz.conflict_resolved' AND subject = 'biz_conflict:${c.id}'`)[0].n, 1);
  for (const p of [p1, p2]) {
    const a = await post(inspector, `/api/v1/inspection-plans/${p.id}/approve`, {});
    assert.equal(a.status, 200, a.text);
    assert.equal(a.json.state, 'approved');
  }
  const pub = await api(srv.url, 'GET', `/api/v1/businesses/${tax}`);
  assert.equal(pub.status, 200);
  assert.deepEqual(pub.json.inspections.map((x) => x.code), [e1.json.code]);
  assert.deepEqual(pub.json.per_year, [{ year: 2028, thanh_tra: 0, kiem_tra: 1, adhoc: 0 }]);
  const html = await page(srv.url, `/doanh-nghiep/${tax}`);
  assert.equal(html.status, 200);
  assert.ok(html.text.includes(e1.json.code));
});

t('plan after the deadline without a reason is refused naming late_reason; with it, the reason is recorded', async () => {
  const tax = await registered();
  const p = await plan(ct, 2026);   // deadline 2025-12-20: passed
  assert.equal((await post(ct, `/api/v1/inspection-plans/${p.id}/entries`, entry(tax, 'kiem_tra', 'attp'))).status, 201);
  const h = await ledgerHead(srv.url);
  assertError(await post(ct, `/api/v1/inspection-plans/${p.id}/submit`, {}), 422, 'invalid_field', 'late_reason');
  assertError(await post(ct, `/api/v1/inspection-plans/${p.id}/submit`, { late_reason: 'muộn' }), 422, 'invalid_field', 'late_reason');
  assert.deepEqual(await ledgerHead(srv.url), h);
  const ok = await post(ct, `/api/v1/inspection-plans/${p.id}/submit`, { late_reason: 'Sở mới được hợp nhất, chờ phân công nhiệm vụ' });
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.json.late_reason, 'Sở mới được hợp nhất, chờ phân công nhiệm vụ');
  // Another body may not submit or add to it.
  assertError(await post(yte, `/api/v1/inspection-plans/${p.id}/entries`, entry(tax, 'kiem_tra', 'attp')), 403, 'forbidden');
});

t('INS-3: thanh tra and kiểm tra on the same subject conflict; on different subjects they do not; the year boundary separates', async () => {
  const tax = await registered();
  const pi = await plan(inspector, 2029), py = await plan(yte, 2029), py28 = await plan(yte, 2030);
  assert.equal((await post(inspector, `/api/v1/inspection-plans/${pi.id}/entries`, entry(tax, 'thanh_tra', 'thue', '12'))).status, 201);
  assert.equal((await post(yte, `/api/v1/inspection-plans/${py.id}/entries`, entry(tax, 'kiem_tra', 'attp', '12'))).status, 201);
  assert.equal(sql(`SELECT count(*) n FROM biz_conflicts WHERE tax_code = '${tax}' AND state = 'open'`)[0].n, 0);
  assert.equal((await post(yte, `/api/v1/inspection-plans/${py28.id}/entries`, entry(tax, 'kiem_tra', 'thue', '1'))).status, 201);
  assert.equal(sql(`SELECT count(*) n FROM biz_conflicts WHERE tax_code = '${tax}' AND state = 'open'`)[0].n, 0);
  const e = await post(yte, `/api/v1/inspection-plans/${py.id}/entries`, entry(tax, 'kiem_tra', 'thue', '6'));
  assert.equal(e.status, 201);
  const rules = sql(`SELECT rule_id FROM biz_conflicts WHERE tax_code = '${tax}' AND state = 'open' ORDER BY rule_id`).map((x) => x.rule_id);
  assert.deepEqual(rules, ['INS-2', 'INS-3']);
  // On demand over all plans: the same answer, nothing new.
  const chk = await post(inspector, '/api/v1/inspection-check', { year: 2029 });
  assert.equal(chk.status, 200, chk.text);
  assert.equal(chk.json.found, 0);
  // Dropping the later check removes both conflicts.
  const cs = sql(`SELECT id FROM biz_conflicts WHERE tax_code = '${tax}' AND rule_id = 'INS-3'`);
  assert.equal((await post(inspector, `/api/v1/inspection-conflicts/${cs[0].id}/resolve`, { resolution: 'drop' })).status, 200);
  assert.equal(sql(`SELECT count(*) n FROM biz_conflicts WHERE tax_code = '${tax}' AND state = 'open'`)[0].n, 0);
});

t('the State Audit plan is imported and a coincidence is flagged (INS-5); joint is not offered', async () => {
  const tax = await registered();
  const p = await plan(inspector, 2028);
  assert.equal((await post(inspector, `/api/v1/inspection-plans/${p.id}/entries`, entry(tax, 'thanh_tra', 'thue', '9'))).status, 201);
  const bad = `tax_code,year,subject,months,note\n${tax},2028,khong-co,9,x\n`;
  const h = await ledgerHead(srv.url);
  const r = await api(srv.url, 'POST', '/api/v1/state-audit/import', { body: bad, cookie: inspector.cookie, csrf: inspector.csrf, headers: { 'Content-Type': 'text/csv' } });
  assert.equal(r.status, 422, r.text);
  assert.deepEqual(await ledgerHead(srv.url), h);
  const ok = await api(srv.url, 'POST', '/api/v1/state-audit/import', {
    body: `tax_code,year,subject,months,note\n${tax},2028,thue,8-9,Kiểm toán chuyên đề thuế\n`, cookie: inspector.cookie, csrf: inspector.csrf, headers: { 'Content-Type': 'text/csv' } });
  assert.equal(ok.status, 200, ok.text);
  const c = sql(`SELECT id, rule_id FROM biz_conflicts WHERE tax_code = '${tax}' AND state = 'open'`);
  assert.deepEqual(c.map((x) => x.rule_id), ['INS-5']);
  assertError(await post(inspector, `/api/v1/inspection-conflicts/${c[0].id}/resolve`, { resolution: 'joint' }), 422, 'invalid_field', 'resolution');
  const mv = await post(inspector, `/api/v1/inspection-conflicts/${c[0].id}/resolve`, { resolution: 'move' });
  assert.equal(mv.status, 200, mv.text);
  assert.deepEqual(sql(`SELECT year, state FROM biz_entries WHERE tax_code = '${tax}' ORDER BY id`), [{ year: 2028, state: 'moved' }, { year: 2029, state: 'planned' }]);
});

t('ad-hoc: grounds and decision number required; the exception to INS-1; scope widening refused and recorded; flagged', async () => {
  const tax = await registered();
  const p = await plan(inspector, 2026);
  assert.equal((await post(inspector, `/api/v1/inspection-plans/${p.id}/entries`, entry(tax, 'thanh_tra', 'thue', '2'))).status, 201);
  const adhoc = { ...entry(tax, 'thanh_tra', 'thue'), months: undefined, grounds: 'Hóa đơn khống phát hiện qua đối chiếu dữ liệu thuế', decision_no: '123/QĐ-TTr',
    decision_date: '2026-11-02', period_from: '2025-01-01', period_to: '2025-12-31', content: 'Việc sử dụng hóa đơn năm 2025' };
  delete adhoc.months;
  const h = await ledgerHead(srv.url);
  assertError(await post(inspector, '/api/v1/business-inspections/adhoc', { ...adhoc, grounds: undefined }), 422, 'invalid_field', 'grounds');
  assertError(await post(inspector, '/api/v1/business-inspections/adhoc', { ...adhoc, grounds: '' }), 422, 'invalid_field', 'grounds');
  assertError(await post(inspector, '/api/v1/business-inspections/adhoc', { ...adhoc, decision_no: '' }), 422, 'invalid_field', 'decision_no');
  assert.deepEqual(await ledgerHead(srv.url), h);
  const r = await post(inspector, '/api/v1/business-inspections/adhoc', adhoc);
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.adhoc, true);
  // The exception: no INS-1 conflict with the planned one (same body, so no INS-7 either).
  assert.equal(sql(`SELECT count(*) n FROM biz_conflicts WHERE tax_code = '${tax}' AND state = 'open'`)[0].n, 0);
  assert.deepEqual(sql(`SELECT thanh_tra, adhoc FROM biz_year_counts WHERE tax_code = '${tax}' AND year = 2026`), [{ thanh_tra: 2, adhoc: 1 }]);
  const flags = await api(srv.url, 'GET', '/api/v1/inspection-flags', { cookie: inspector.cookie });
  assert.ok(flags.json.flags.some((f) => f.inspection === r.json.code && f.kind === 'adhoc'));
  // ...and the Inspectorate has it to review (src/duty).
  assert.deepEqual(sql(`SELECT d.state, u.code FROM duties d JOIN units u ON u.id = d.owner_unit_id
                        WHERE d.kind = 'biz.adhoc_review' AND d.source_ref = '${r.json.code}'`), [{ state: 'open', code: 'thanh-tra-tinh' }]);
  // Widening refused, recorded; the scope unchanged.
  const code = r.json.code;
  const before = await ledgerHead(srv.url);
  const w = await api(srv.url, 'PATCH', `/api/v1/business-inspections/${code}/scope`, { body: { period_from: '2024-01-01' }, cookie: inspector.cookie, csrf: inspector.csrf });
  assertError(w, 409, 'scope_fixed');
  assert.equal((await ledgerHead(srv.url)).seq, before.seq + 1);
  assert.equal(sql(`SELECT count(*) n FROM events WHERE type = 'biz.scope_widening_refused' AND subject = 'biz_entry:${code}'`)[0].n, 1);
  assertError(await api(srv.url, 'PATCH', `/api/v1/business-inspections/${code}/scope`, { body: { subject: 'pccc' }, cookie: inspector.cookie, csrf: inspector.csrf }), 409, 'scope_fixed');
  assertError(await api(srv.url, 'PATCH', `/api/v1/business-inspections/${code}/scope`, { body: { content: 'Hóa đơn và lao động' }, cookie: inspector.cookie, csrf: inspector.csrf }), 409, 'scope_fixed');
  assert.deepEqual(sql(`SELECT subject, period_from, period_to FROM biz_entries WHERE code = '${code}'`), [{ subject: 'thue', period_from: '2025-01-01', period_to: '2025-12-31' }]);
  // Narrowing is allowed.
  const n = await api(srv.url, 'PATCH', `/api/v1/business-inspections/${code}/scope`, { body: { period_from: '2025-06-01' }, cookie: inspector.cookie, csrf: inspector.csrf });
  assert.equal(n.status, 200, n.text);
  assert.equal(n.json.period_from, '2025-06-01');
});

t('execution: start gives the business its code and secret; duration limit from data; conclusion PDF published; the business rates and is led to the report form', async () => {
  const tax = await registered(undefined, 'Hợp tác xã Nông nghiệp Tà Xùa');
  const p = await plan(yte, 2025);
  const e = await post(yte, `/api/v1/inspection-plans/${p.id}/entries`, entry(tax, 'kiem_tra', 'attp', '11'));
  assert.equal(e.status, 201);
  const code = e.json.code;
  assertError(await post(yte, `/api/v1/business-inspections/${code}/start`, { date: '2025-11-10' }), 409, 'plan_not_approved');
  assert.equal((await post(yte, `/api/v1/inspection-plans/${p.id}/submit`, { late_reason: 'Bổ sung kế hoạch theo chỉ đạo của tỉnh' })).status, 200);
  assert.equal((await post(inspector, `/api/v1/inspection-plans/${p.id}/approve`, {})).status, 200);
  const s = await post(yte, `/api/v1/business-inspections/${code}/start`, { date: '2025-11-10' });
  assert.equal(s.status, 200, s.text);
  const { secret } = s.json.rating;
  assert.match(secret, /^[A-Z0-9]{8}$/);
  // DUR-KT: 30 days in data; 2025-11-10 .. 2025-12-10 is 31 days.
  assertError(await post(yte, `/api/v1/business-inspections/${code}/end`, { date: '2025-12-10' }), 422, 'invalid_field', 'extension_reason');
  assert.equal((await post(yte, `/api/v1/business-inspections/${code}/end`, { date: '2025-11-20' })).status, 200);
  // The body owes the conclusion from the end (src/duty); publishing it closes the item.
  const owed = () => sql(`SELECT state FROM duties WHERE kind = 'biz.conclusion' AND source_ref = '${code}'`)[0].state;
  assert.equal(owed(), 'open');
  const pdf = fs.readFileSync(path.join(REPO, 'data', 'demo_result.pdf'));
  const fd = new FormData();
  fd.append('findings', 'Cơ sở chưa lưu mẫu thức ăn đủ 24 giờ');
  fd.append('sanctions', 'Nhắc nhở, yêu cầu khắc phục');
  fd.append('file', new Blob([Buffer.from('not a pdf')], { type: 'application/pdf' }), 'x.pdf');
  let res = await fetch(`${srv.url}/api/v1/business-inspections/${code}/conclusion`, { method: 'POST', body: fd, headers: { cookie: yte.cookie, 'X-CSRF-Token': yte.csrf } });
  assert.equal(res.status, 422);
  fd.set('file', new Blob([pdf], { type: 'application/pdf' }), 'ket-luan.pdf');
  res = await fetch(`${srv.url}/api/v1/business-inspections/${code}/conclusion`, { method: 'POST', body: fd, headers: { cookie: yte.cookie, 'X-CSRF-Token': yte.csrf } });
  assert.equal(res.status, 200, await res.text());
  assert.equal(owed(), 'done');
  const pub = await api(srv.url, 'GET', `/api/v1/businesses/${tax}`);
  assert.equal(pub.json.inspections[0].conclusion.findings, 'Cơ sở chưa lưu mẫu thức ăn đủ 24 giờ');
  const dl = await fetch(srv.url + pub.json.inspections[0].conclusion.pdf);
  assert.equal(dl.status, 200);
  assert.equal(Buffer.compare(Buffer.from(await dl.arrayBuffer()), pdf), 0);
  // The rating: wrong secret refused; unsatisfied needs a comment; then the report link.
  assertError(await post(null, '/api/v1/inspection-ratings', { code, secret: 'WRONG123', level: 'satisfied' }), 404, 'not_found');
  assertError(await post(null, '/api/v1/inspection-ratings', { code, secret, level: 'unsatisfied' }), 422, 'invalid_field', 'comment');
  const rt = await post(null, '/api/v1/inspection-ratings', { code, secret: secret.toLowerCase(), level: 'unsatisfied', comment: 'Đoàn gợi ý mua sản phẩm của người quen' });
  assert.equal(rt.status, 201, rt.text);
  assert.match(rt.json.report, new RegExp(`^/report\\?kind=feedback&category=harassment&unit=so-y-te&inspection=${code}&title=`));
  const form = await page(srv.url, rt.json.report);
  assert.equal(form.status, 200);
  assert.ok(form.text.includes(`name="inspection" value="${code}"`), 'the report form carries the inspection');
  // The report is linked to the inspection: checked when filed, named in its event, shown to the staff.
  const report = { kind: 'feedback', category: 'harassment', unit: 'so-y-te', title: `Phản ánh về cuộc kiểm tra ${code}`,
    body: 'Đoàn kiểm tra gợi ý cơ sở mua sản phẩm của người quen để được bỏ qua lỗi.', name: 'Vàng A Dơ', phone: '0912 345 000' };
  const before = sql('SELECT count(*) AS n FROM cases')[0].n;
  assertError(await post(null, '/api/v1/cases', { ...report, inspection: 'KT-2099-999999' }), 422, 'invalid_field', 'inspection');
  assert.equal(sql('SELECT count(*) AS n FROM cases')[0].n, before, 'nothing filed');
  const filed = await post(null, '/api/v1/cases', { ...report, inspection: code });
  assert.equal(filed.status, 201, filed.text);
  assert.equal(sql(`SELECT json_extract(payload, '$.inspection') AS i FROM events WHERE type = 'case.receive' AND subject = 'case:${filed.json.code}'`)[0].i, code);
  const seen = await api(srv.url, 'GET', `/api/v1/cases/${filed.json.code}`, { cookie: inspector.cookie });
  assert.equal(seen.status, 200, seen.text);
  assert.equal(seen.json.case.inspection, code);
  const page2 = await page(srv.url, '/thanh-tra-doanh-nghiep?year=2025', { cookie: inspector.cookie });
  assert.ok(page2.text.includes(filed.json.code) && page2.text.includes(code), 'the Inspectorate sees the report about the inspection');
});

t('who may do what: the citizen and the overseer plan nothing; bad JSON fields are named', async () => {
  assertError(await post(citizen, '/api/v1/inspection-plans', { year: 2027 }), 403, 'forbidden');
  const o = await post(overseer, '/api/v1/inspection-plans', { year: 2027 });
  assert.equal(o.status, 403, o.text);
  assertError(await post(yte, '/api/v1/inspection-plans', { year: 2027, extra: 1 }), 422, 'invalid_field', 'extra');
  assertError(await post(yte, '/api/v1/inspection-check', { year: 2027 }), 403, 'forbidden');
  const pub = await api(srv.url, 'GET', '/api/v1/businesses/0100109107');
  assert.equal(pub.status, 404);
});
