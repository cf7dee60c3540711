// Obligations, heads' accountability and discipline through the JSON API: a
// case concluded at fault naming `motcua` (not the official the report named)
// opens the head's "report the action taken" item, and with corruption the
// consideration of the head's own responsibility (30 working days) at the
// level above; scoping (the head sees their unit's items, the level above its
// subtree, a processing official none of others'); the head records the action
// (no text: refused, nothing changed); the scorecard and the public totals;
// an item overdue then escalated once per level (`minhbach duty-tick --at`);
// a discipline case through its steps, refusing a form the law forbids for the
// post and a decision past the limitation period; the record shows it.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { startServer, api, login, ledgerHead, withLog, runCli } from '../lib/server.mjs';
import { assertError, page } from '../lib/check.mjs';

let srv, head, official, counter, inspector, overseer, citizen, otherHead, admin;
before(async () => {
  srv = await startServer({ demo: true });
  head = await login(srv.url, 'truongphuong');
  official = await login(srv.url, 'xuly');
  counter = await login(srv.url, 'motcua');
  inspector = await login(srv.url, 'thanhtra');
  overseer = await login(srv.url, 'giamsat');
  citizen = await login(srv.url, 'congdan');
  otherHead = await login(srv.url, 'giamdocsoyte');
  admin = await login(srv.url, 'quantri');
});
after(async () => { if (srv) await srv.cleanup(); });
const t = (name, fn) => test(name, withLog(() => srv, fn));
const sql = (q) => execFileSync('sqlite3', [srv.dbPath, q], { encoding: 'utf8' }).trim();
const get = (sess, p) => api(srv.url, 'GET', p, sess ? { cookie: sess.cookie } : {});
const post = (sess, p, body) => api(srv.url, 'POST', p, { body, cookie: sess.cookie, csrf: sess.csrf });
const act = (sess, code, action, body = {}) => post(sess, `/api/v1/cases/${code}/actions/${action}`, body);

/** A report on Phường Chiềng Cơi naming nobody, concluded at fault naming motcua. */
async function concluded({ corruption = false } = {}) {
  const r = await api(srv.url, 'POST', '/api/v1/cases', { body: {
    kind: 'feedback', category: 'money_demand', unit: 'phuong-chieng-coi',
    title: 'Bị đòi tiền "bồi dưỡng" khi nộp hồ sơ', body: 'Cán bộ một cửa đòi 200.000 đồng mới nhận hồ sơ đăng ký khai sinh.',
    name: 'Lò Thị Hoa', phone: '0912 345 678',
  } });
  assert.equal(r.status, 201, r.text);
  const code = r.json.code;
  assert.equal((await act(head, code, 'accept')).status, 200);
  assert.equal((await act(head, code, 'assign', { to_login: 'xuly' })).status, 200);
  assert.equal((await act(official, code, 'verify', { findings: 'Biên bản xác minh: cán bộ một cửa thừa nhận đã nhận tiền.' })).status, 200);
  const c = await act(official, code, 'conclude', {
    conclusion: 'Có sai phạm: cán bộ một cửa nhận tiền ngoài quy định.', at_fault: true,
    officials: ['motcua'], sanction: 'Khiển trách', corruption,
  });
  assert.equal(c.status, 200, c.text);
  return code;
}

const items = async (sess) => {
  const r = await get(sess, '/api/v1/duties');
  assert.equal(r.status, 200, r.text);
  return r.json.items;
};

t('a conclusion at fault naming an official the report did not name opens the head\'s item', async () => {
  const code = await concluded();
  assert.equal(sql(`SELECT count(*) FROM official_sanctions s JOIN accounts a ON a.id = s.account_id JOIN cases c ON c.id = s.case_id
                    WHERE a.login = 'motcua' AND c.code = '${code}'`), '1');
  const mine = (await items(head)).filter((x) => x.source_ref === code);
  assert.equal(mine.length, 1);
  const it = mine[0];
  assert.equal(it.kind, 'accountability.action');
  assert.equal(it.owner, 'truongphuong');
  assert.equal(it.unit, 'phuong-chieng-coi');
  assert.equal(it.state, 'open');
  // 15 working days (data/duty_rules.csv): more than 15 calendar days away.
  assert.ok(Date.parse(it.due_at) - Date.parse(it.opened_at) >= 15 * 86400e3, JSON.stringify(it));
  assert.equal(sql(`SELECT count(*) FROM events WHERE type = 'duty.opened' AND subject = 'duty:${it.id}'`), '1');
  // Without corruption, no consideration of the head's responsibility.
  assert.equal(sql(`SELECT count(*) FROM duties WHERE source_ref = '${code}' AND kind = 'accountability.head_review'`), '0');
});

t('scoping: the head and the level above see it; others of the unit, other branches and the public do not', async () => {
  const code = await concluded();
  const id = Number(sql(`SELECT id FROM duties WHERE source_ref = '${code}'`));
  assert.ok((await items(inspector)).some((x) => x.id === id));
  assert.ok(!(await items(official)).some((x) => x.id === id));
  assert.ok(!(await items(counter)).some((x) => x.id === id));
  assert.ok(!(await items(otherHead)).some((x) => x.id === id));
  assert.equal((await get(head, `/api/v1/duties/${id}`)).status, 200);
  for (const s of [official, counter, otherHead, overseer, citizen, admin]) {
    assertError(await get(s, `/api/v1/duties/${id}`), 404, 'not_found');
  }
  for (const s of [overseer, citizen, admin]) assertError(await get(s, '/api/v1/duties'), 404, 'not_found');
  assert.equal((await get(null, `/api/v1/duties/${id}`)).status, 401);
  // Nobody but the head (or above, or the Inspectorate) records the action.
  const before = await ledgerHead(srv.url);
  assertError(await post(official, `/api/v1/duties/${id}/done`, { note: 'Đã xử lý xong việc này rồi nhé.' }), 404, 'not_found');
  assertError(await post(otherHead, `/api/v1/duties/${id}/done`, { note: 'Đã xử lý xong việc này rồi nhé.' }), 404, 'not_found');
  // The head of the unit may not cancel their own item; only above.
  assertError(await post(head, `/api/v1/duties/${id}/cancel`, { reason: 'Không cần thực hiện việc này nữa.' }), 403, 'forbidden');
  assert.equal((await ledgerHead(srv.url)).seq, before.seq);
});

t('the head records the action: no text is refused and nothing changes; then done on time, on the scorecard and the public totals', async () => {
  const code = await concluded();
  const id = Number(sql(`SELECT id FROM duties WHERE source_ref = '${code}'`));
  const before = await ledgerHead(srv.url);
  const publicBefore = (await get(null, '/api/v1/duties/units')).json.units.find((u) => u.unit === 'phuong-chieng-coi') || { done_on_time: 0 };
  assertError(await post(head, `/api/v1/duties/${id}/done`, {}), 422, 'invalid_field', 'note');
  assertError(await post(head, `/api/v1/duties/${id}/done`, { note: '   ' }), 422, 'invalid_field', 'note');
  assertError(await post(head, `/api/v1/duties/${id}/done`, { note: 'ok' }), 422, 'invalid_field', 'note');
  assertError(await post(head, `/api/v1/duties/${id}/done`, { note: 5 }), 422, 'invalid_field', 'note');
  assert.equal((await ledgerHead(srv.url)).seq, before.seq);
  assert.equal(sql(`SELECT state FROM duties WHERE id = ${id}`), 'open');
  const r = await post(head, `/api/v1/duties/${id}/done`, {
    note: 'Đã họp kiểm điểm cán bộ một cửa, khiển trách, trả lại tiền cho công dân và chuyển vị trí công tác.',
  });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.state, 'done');
  assert.equal(r.json.on_time, true);
  assert.equal((await ledgerHead(srv.url)).seq, before.seq + 1);
  // Closed: a second record is a conflict.
  assertError(await post(head, `/api/v1/duties/${id}/done`, { note: 'Ghi lại lần nữa việc đã làm.' }), 409, 'closed');
  const card = await get(head, '/api/v1/duties/scorecard');
  assert.equal(card.status, 200, card.text);
  const me = card.json.heads.find((h) => h.login === 'truongphuong');
  assert.ok(me.done_on_time >= 1 && me.items >= me.done_on_time, JSON.stringify(me));
  // The level above and the Inspectorate see every head; a processing official no scorecard.
  assert.ok((await get(inspector, '/api/v1/duties/scorecard')).json.heads.some((h) => h.login === 'truongphuong'));
  assert.ok(!(await get(otherHead, '/api/v1/duties/scorecard')).json.heads.some((h) => h.login === 'truongphuong'));
  assertError(await get(official, '/api/v1/duties/scorecard'), 404, 'not_found');
  assertError(await get(overseer, '/api/v1/duties/scorecard'), 404, 'not_found');
  // Public totals per unit, no names.
  const pub = await get(null, '/api/v1/duties/units');
  assert.equal(pub.status, 200, pub.text);
  const ward = pub.json.units.find((u) => u.unit === 'phuong-chieng-coi');
  assert.equal(ward.done_on_time, publicBefore.done_on_time + 1);
  assert.ok(!pub.text.includes('truongphuong') && !pub.text.includes('motcua') && !pub.text.includes('Nguyễn Văn Trưởng'));
  // The province's figure includes its wards.
  const prov = pub.json.units.find((u) => u.unit === 'ubnd-tinh-son-la');
  assert.ok(prov.items >= ward.items);
});

t('corruption: the level above considers the head\'s responsibility within 30 working days', async () => {
  const code = await concluded({ corruption: true });
  assert.equal(sql(`SELECT corruption FROM official_sanctions s JOIN cases c ON c.id = s.case_id WHERE c.code = '${code}'`), '1');
  const row = sql(`SELECT d.kind || '|' || u.code || '|' || d.opened_at || '|' || d.due_at FROM duties d JOIN units u ON u.id = d.owner_unit_id
                   WHERE d.source_ref = '${code}' AND d.kind = 'accountability.head_review'`);
  const [kind, unit, opened, due] = row.split('|');
  assert.equal(kind, 'accountability.head_review');
  assert.equal(unit, 'ubnd-tinh-son-la');
  // 30 working days: at least six weeks.
  assert.ok(Date.parse(due) - Date.parse(opened) >= 41 * 86400e3, row);
  // The ward's head does not see the consideration of their own responsibility.
  assert.ok(!(await items(head)).some((x) => x.source_ref === code && x.kind === 'accountability.head_review'));
  assert.ok((await items(inspector)).some((x) => x.source_ref === code && x.kind === 'accountability.head_review'));
  // Corruption without a conclusion at fault naming officials: refused.
  const r = await api(srv.url, 'POST', '/api/v1/cases', { body: {
    kind: 'feedback', category: 'delay', unit: 'phuong-chieng-coi', title: 'Hồ sơ trễ hạn', body: 'Hồ sơ của tôi bị trễ hạn hai tuần.',
    name: 'Cầm Văn Pấn', phone: '0913 111 222',
  } });
  assert.equal(r.status, 201, r.text);
  const c2 = r.json.code;
  await act(head, c2, 'accept');
  await act(head, c2, 'assign', { to_login: 'xuly' });
  await act(official, c2, 'verify', { findings: 'Xác minh: hồ sơ trễ do thiếu cán bộ.' });
  assertError(await act(official, c2, 'conclude', { conclusion: 'Không có sai phạm.', at_fault: false, corruption: true }), 422,
    'invalid_field', 'corruption');
  assertError(await act(official, c2, 'conclude', { conclusion: 'x', at_fault: true, corruption: 'yes' }), 422, 'invalid_field', 'corruption');
});

t('overdue, then escalated once per level: the head above, then the Inspectorate', async () => {
  const code = await concluded();
  const id = Number(sql(`SELECT id FROM duties WHERE source_ref = '${code}'`));
  const due = Date.parse(sql(`SELECT due_at FROM duties WHERE id = ${id}`));
  const tick = async (ms) => {
    const r = await runCli(['duty-tick', '--db', srv.dbPath, '--at', new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z')]);
    assert.equal(r.code, 0, r.stderr);
    return r;
  };
  const events = (type) => Number(sql(`SELECT count(*) FROM events WHERE type = '${type}' AND subject = 'duty:${id}'`));
  await tick(due - 1000);
  assert.equal(sql(`SELECT state FROM duties WHERE id = ${id}`), 'open');
  await tick(due + 3600e3);
  assert.equal(sql(`SELECT state || ' ' || level FROM duties WHERE id = ${id}`), 'overdue 1');
  assert.equal(events('duty.overdue'), 1);
  const to = JSON.parse(sql(`SELECT payload FROM events WHERE type = 'duty.overdue' AND subject = 'duty:${id}'`)).to;
  assert.equal(to, 'ubnd-tinh-son-la');
  await tick(due + 2 * 3600e3);
  assert.equal(events('duty.overdue'), 1);
  // 5 working days after due (data): three weeks later is surely past it.
  await tick(due + 21 * 86400e3);
  assert.equal(sql(`SELECT state || ' ' || level FROM duties WHERE id = ${id}`), 'escalated 2');
  assert.equal(events('duty.escalated'), 1);
  assert.equal(JSON.parse(sql(`SELECT payload FROM events WHERE type = 'duty.escalated' AND subject = 'duty:${id}'`)).to, 'thanh-tra-tinh');
  await tick(due + 22 * 86400e3);
  assert.equal(events('duty.overdue'), 1);
  assert.equal(events('duty.escalated'), 1);
  // The scorecard counts it overdue now; recording it late moves it to "late".
  const me = (await get(head, '/api/v1/duties/scorecard')).json.heads.find((h) => h.login === 'truongphuong');
  assert.ok(me.overdue >= 1, JSON.stringify(me));
  const r = await post(head, `/api/v1/duties/${id}/done`, { note: 'Đã kiểm điểm và xử lý cán bộ, báo cáo muộn vì chờ họp.' });
  assert.equal(r.status, 200, r.text);
  const after = (await get(head, '/api/v1/duties/scorecard')).json.heads.find((h) => h.login === 'truongphuong');
  assert.equal(after.overdue, me.overdue - 1);
  // Done before its due time at the clock: on time (the test's due time is in the future).
  assert.equal(r.json.on_time, true);
});

const day = (offset) => new Date(Date.now() + offset * 86400e3 + 7 * 3600e3).toISOString().slice(0, 10);

t('discipline: the steps in order, a form the law forbids for the post and a decision past the limitation period refused', async () => {
  const code = await concluded();
  const open = (body) => post(head, '/api/v1/discipline', body);
  const base = { official: 'motcua', source: code, violation_date: day(-20), discovered_date: day(-10),
                 summary: 'Nhận tiền ngoài quy định khi tiếp nhận hồ sơ.' };
  assertError(await open({ ...base, official: 'congdan' }), 422, 'invalid_field', 'official');
  assertError(await open({ ...base, source: 'DT-000000-0000' }), 422, 'invalid_field', 'source');
  assertError(await open({ ...base, regime: 'nhan_vien' }), 422, 'invalid_field', 'regime');
  assertError(await open({ ...base, discovered_date: day(-30) }), 422, 'invalid_field', 'discovered_date');
  assertError(await post(otherHead, '/api/v1/discipline', base), 403, 'forbidden');
  assertError(await post(official, '/api/v1/discipline', base), 403, 'forbidden');
  const r = await open(base);
  assert.equal(r.status, 201, r.text);
  const k = r.json.code;
  assert.match(k, /^KL-\d{4}-\d{5}$/);
  assert.equal(r.json.step, 'review');
  assert.equal(r.json.warning, 'none');
  assert.ok(r.json.duty > 0);
  const step = (body) => post(head, `/api/v1/discipline/${k}/steps`, body);
  assertError(await step({ step: 'decision', date: day(0), form: 'khien_trach', decision_ref: '01/QĐ-UBND', deciding_body: 'Chủ tịch UBND phường' }),
    422, 'invalid_field', 'step');
  assertError(await step({ step: 'review', date: day(-11) }), 422, 'invalid_field', 'date');
  assertError(await step({ step: 'review', date: day(1) }), 422, 'invalid_field', 'date');
  let s = await step({ step: 'review', date: day(-5), note: 'Họp kiểm điểm tại phường.' });
  assert.equal(s.status, 200, s.text);
  assert.equal(s.json.step, 'council');
  // The review's obligation is done; the council's is open.
  assert.equal(sql(`SELECT group_concat(kind || ':' || state, ' ') FROM duties WHERE source_type = 'discipline' AND source_ref = '${k}'`),
    'discipline.review:done discipline.council:open');
  s = await step({ step: 'council', date: day(-2), note: 'Hội đồng kỷ luật đề nghị khiển trách.' });
  assert.equal(s.status, 200, s.text);
  assert.equal(s.json.step, 'decision');
  const before = await ledgerHead(srv.url);
  // Removal from post only for a leader: motcua holds none.
  assertError(await step({ step: 'decision', date: day(0), form: 'cach_chuc', decision_ref: '01/QĐ-UBND', deciding_body: 'Chủ tịch UBND phường' }),
    400, 'form_not_allowed', 'form');
  assertError(await step({ step: 'decision', date: day(0), form: 'ha_bac_luong', decision_ref: '01/QĐ-UBND', deciding_body: 'Chủ tịch UBND phường' }),
    422, 'invalid_field', 'form');
  assertError(await step({ step: 'decision', date: day(0), form: 'khien_trach', deciding_body: 'Chủ tịch UBND phường' }), 422, 'invalid_field', 'decision_ref');
  assert.equal((await ledgerHead(srv.url)).seq, before.seq);
  s = await step({ step: 'decision', date: day(0), form: 'khien_trach', decision_ref: '01/QĐ-UBND', deciding_body: 'Chủ tịch UBND phường Chiềng Cơi' });
  assert.equal(s.status, 200, s.text);
  assert.equal(s.json.step, 'decided');
  assert.equal(s.json.form, 'khien_trach');
  assert.equal(s.json.duty, null);
  assertError(await step({ step: 'decision', date: day(0), form: 'khien_trach', decision_ref: '02/QĐ', deciding_body: 'x' }), 409, 'decided');
  // The decision is on the official's record.
  const rec = await get(head, '/api/v1/officials/motcua/record');
  assert.equal(rec.status, 200, rec.text);
  const d = rec.json.discipline.find((x) => x.code === k);
  assert.equal(d.form, 'khien_trach');
  assert.equal(d.decision_ref, '01/QĐ-UBND');
  // Others read it only as before (the official and those who handle it).
  assertError(await get(otherHead, `/api/v1/discipline/${k}`), 404, 'not_found');
  assert.equal((await get(counter, `/api/v1/discipline/${k}`)).status, 200);
  assertError(await get(official, `/api/v1/discipline/${k}`), 404, 'not_found');
});

t('discipline: a decision past the limitation period is refused, unless a new violation restarted it', async () => {
  const code = await concluded();
  // A violation 5 years and 3 days ago, discovered today.
  const v = new Date(Date.now() + 7 * 3600e3);
  v.setUTCFullYear(v.getUTCFullYear() - 5);
  v.setUTCDate(v.getUTCDate() - 3);
  const old = v.toISOString().slice(0, 10);
  const upToDecision = async (login) => {
    const r = await post(inspector, '/api/v1/discipline', { official: login, source: code, violation_date: old,
      discovered_date: day(0), complex: true, summary: 'Vi phạm cũ mới được phát hiện qua thanh tra.' });
    assert.equal(r.status, 201, r.text);
    const k = r.json.code;
    const step = (body) => post(inspector, `/api/v1/discipline/${k}/steps`, body);
    assert.equal((await step({ step: 'review', date: day(0), note: 'Họp kiểm điểm.' })).status, 200);
    assert.equal((await step({ step: 'council', date: day(0), note: 'Hội đồng kỷ luật họp.' })).status, 200);
    return step;
  };
  // xuly has no other violation: a reprimand (5 years) is time-barred, a warning (10 years) is not.
  let step = await upToDecision('xuly');
  const before = await ledgerHead(srv.url);
  assertError(await step({ step: 'decision', date: day(0), form: 'khien_trach', decision_ref: '05/QĐ-TTT', deciding_body: 'Chánh Thanh tra tỉnh' }),
    400, 'time_barred', 'decision_date');
  assert.equal((await ledgerHead(srv.url)).seq, before.seq);
  const ok = await step({ step: 'decision', date: day(0), form: 'canh_cao', decision_ref: '05/QĐ-TTT', deciding_body: 'Chánh Thanh tra tỉnh' });
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.json.form, 'canh_cao');
  // motcua violated again 20 days ago (the case above), within those 5 years: the period restarted.
  step = await upToDecision('motcua');
  const again = await step({ step: 'decision', date: day(0), form: 'khien_trach', decision_ref: '06/QĐ-TTT', deciding_body: 'Chánh Thanh tra tỉnh' });
  assert.equal(again.status, 200, again.text);
});

t('discipline: a violation on a ground of Art. 5(4) is barred by no limitation period; an unknown ground is refused and changes nothing', async () => {
  const code = await concluded();
  // A violation 21 years ago: past every limitation period (5 and 10 years), and past any restart
  // by xuly's other violations in this file (all within the last 5 years).
  const v = new Date(Date.now() + 7 * 3600e3);
  v.setUTCFullYear(v.getUTCFullYear() - 21);
  const old = v.toISOString().slice(0, 10);
  const open = (extra) => post(inspector, '/api/v1/discipline', { official: 'xuly', source: code, violation_date: old,
    discovered_date: day(0), complex: true, summary: 'Sử dụng bằng cấp giả để được tuyển dụng, phát hiện qua thanh tra.', ...extra });
  const before = await ledgerHead(srv.url);
  assertError(await open({ no_limitation: 'khong-co-can-cu-nay' }), 422, 'invalid_field', 'no_limitation');
  assert.equal((await ledgerHead(srv.url)).seq, before.seq);
  const toDecision = async (extra) => {
    const r = await open(extra);
    assert.equal(r.status, 201, r.text);
    const k = r.json.code;
    const step = (body) => post(inspector, `/api/v1/discipline/${k}/steps`, body);
    assert.equal((await step({ step: 'review', date: day(0), note: 'Họp kiểm điểm.' })).status, 200);
    assert.equal((await step({ step: 'council', date: day(0), note: 'Hội đồng kỷ luật họp.' })).status, 200);
    return { r, step };
  };
  const decide = (step) => step({ step: 'decision', date: day(0), form: 'buoc_thoi_viec', decision_ref: '07/QĐ-TTT',
    deciding_body: 'Chánh Thanh tra tỉnh' });
  // Without a ground: even the heaviest form (10 years) is time-barred.
  const plain = await toDecision({});
  assert.equal(plain.r.json.no_limitation, null);
  assertError(await decide(plain.step), 400, 'time_barred', 'decision_date');
  // On the ground of a false diploma (Art. 5(4)(d)): decided, and the event says on which ground.
  const barred = await toDecision({ no_limitation: 'false_diploma' });
  assert.equal(barred.r.json.no_limitation, 'false_diploma');
  const ok = await decide(barred.step);
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.json.form, 'buoc_thoi_viec');
  assert.equal(ok.json.no_limitation, 'false_diploma');
});

t('discipline: the handling limit warns before it ends (90 days; 150 when complex)', async () => {
  const code = await concluded();
  const r = await post(head, '/api/v1/discipline', { official: 'motcua', source: code, violation_date: day(-85),
    discovered_date: day(-80), summary: 'Gây phiền hà khi tiếp nhận hồ sơ.' });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.warning, 'soon');
  assert.equal(r.json.handling_due, day(10));
  const c = await post(head, '/api/v1/discipline', { official: 'motcua', source: code, violation_date: day(-85),
    discovered_date: day(-80), complex: true, summary: 'Gây phiền hà khi tiếp nhận hồ sơ (phức tạp).' });
  assert.equal(c.json.warning, 'none');
  assert.equal(c.json.handling_due, day(70));
});

t('discipline: periods not counted in the limitation clock (Art. 5(6)): bad input changes nothing, overlaps count once, the decision on the extended last day', async () => {
  const code = await concluded();
  // A violation 5 years and 10 days ago by a leader with no other case: a reprimand's 5 years ended 10 days ago.
  const v = new Date(Date.now() + 7 * 3600e3);
  v.setUTCFullYear(v.getUTCFullYear() - 5);
  v.setUTCDate(v.getUTCDate() - 10);
  const vd = (n) => new Date(v.getTime() + n * 86400e3).toISOString().slice(0, 10);
  const r = await post(inspector, '/api/v1/discipline', { official: 'vanphongubnd', source: code, violation_date: vd(0),
    discovered_date: day(0), complex: true, summary: 'Vi phạm cũ, thời hiệu bị gián đoạn bởi thủ tục tố tụng.' });
  assert.equal(r.status, 201, r.text);
  const k = r.json.code;
  assert.deepEqual(r.json.exclusions, []);
  assert.equal(r.json.excluded_days, 0);
  const step = (body) => post(inspector, `/api/v1/discipline/${k}/steps`, body);
  assert.equal((await step({ step: 'review', date: day(0), note: 'Họp kiểm điểm.' })).status, 200);
  assert.equal((await step({ step: 'council', date: day(0), note: 'Hội đồng kỷ luật họp.' })).status, 200);
  const decide = () => step({ step: 'decision', date: day(0), form: 'khien_trach', decision_ref: '09/QĐ-TTT', deciding_body: 'Chánh Thanh tra tỉnh' });
  assertError(await decide(), 400, 'time_barred', 'decision_date');
  const exclude = (sess, body) => post(sess, `/api/v1/discipline/${k}/exclusions`, body);
  const good = { kind: 'criminal_proceedings', start_date: vd(30), end_date: vd(38), reason: 'Cơ quan điều tra khởi tố vụ án, quyết định số 12/QĐ-CSĐT.' };
  // Bad input: nothing changes (no event, no row).
  const head0 = await ledgerHead(srv.url);
  assertError(await exclude(inspector, { ...good, end_date: vd(29) }), 422, 'invalid_field', 'end_date');
  assertError(await exclude(inspector, { ...good, kind: 'nghi_phep' }), 422, 'invalid_field', 'kind');
  assertError(await exclude(inspector, { ...good, kind: undefined }), 422, 'invalid_field', 'kind');
  assertError(await exclude(inspector, { ...good, start_date: vd(-1) }), 422, 'invalid_field', 'start_date');
  assertError(await exclude(inspector, { ...good, start_date: '2026-13-01' }), 422, 'invalid_field', 'start_date');
  assertError(await exclude(inspector, { ...good, end_date: day(1) }), 422, 'invalid_field', 'end_date');
  assertError(await exclude(inspector, { ...good, reason: 'ngắn' }), 422, 'invalid_field', 'reason');
  assertError(await exclude(inspector, { ...good, until: vd(40) }), 422, 'invalid_field', 'until');
  assertError(await exclude(inspector, { ...good, end_date: 12 }), 422, 'invalid_field', 'end_date');
  // Only those who may act on the case: another unit's head and a citizen do not even see it (404).
  assertError(await exclude(otherHead, good), 404, 'not_found');
  assertError(await exclude(citizen, good), 404, 'not_found');
  assert.equal((await ledgerHead(srv.url)).seq, head0.seq, 'bad input: no event');
  assert.equal(sql(`SELECT count(*) FROM discipline_exclusions x JOIN discipline_cases c ON c.id = x.case_id WHERE c.code = '${k}'`), '0');
  // Nine days of criminal proceedings: the period now ends yesterday; today is still the day after.
  let x = await exclude(inspector, good);
  assert.equal(x.status, 201, x.text);
  assert.equal(x.json.exclusions.length, 1);
  assert.equal(x.json.exclusions[0].kind, 'criminal_proceedings');
  assert.equal(x.json.exclusions[0].end_date, vd(38));
  assert.equal(x.json.excluded_days, 9);
  assert.equal((await ledgerHead(srv.url)).seq, head0.seq + 1);
  assert.equal(sql(`SELECT type FROM events ORDER BY seq DESC LIMIT 1`), 'discipline.excluded');
  assertError(await decide(), 400, 'time_barred', 'decision_date');
  // An open complaint overlapping it: every day from its start to today is excluded (each day once).
  x = await exclude(inspector, { kind: 'complaint_lawsuit', start_date: vd(35), reason: 'Công chức khiếu nại quyết định, chờ quyết định thay thế.' });
  assert.equal(x.status, 201, x.text);
  const open = x.json.exclusions.find((p) => p.kind === 'complaint_lawsuit');
  assert.equal(open.end_date, null);
  assert.ok(x.json.excluded_days > 1800, String(x.json.excluded_days));
  // It ended on day 39: with the overlap counted once, 10 days (30–39), not 9 + 5.
  const before = await ledgerHead(srv.url);
  assertError(await post(inspector, `/api/v1/discipline/${k}/exclusions/${open.id}/end`, { end_date: vd(34) }), 422, 'invalid_field', 'end_date');
  assertError(await post(inspector, `/api/v1/discipline/${k}/exclusions/999999/end`, { end_date: vd(39) }), 404, 'not_found');
  assert.equal((await ledgerHead(srv.url)).seq, before.seq);
  x = await post(inspector, `/api/v1/discipline/${k}/exclusions/${open.id}/end`, { end_date: vd(39) });
  assert.equal(x.status, 200, x.text);
  assert.equal(x.json.excluded_days, 10);
  assert.equal(sql(`SELECT type FROM events ORDER BY seq DESC LIMIT 1`), 'discipline.exclusion_ended');
  assertError(await post(inspector, `/api/v1/discipline/${k}/exclusions/${open.id}/end`, { end_date: vd(39) }), 409, 'ended', 'end_date');
  // The page shows the periods, with the form (and its CSRF and form tokens) for those who act.
  const html = await page(srv.url, `/discipline/${k}`, { cookie: inspector.cookie });
  assert.equal(html.status, 200);
  assert.match(html.text, /Thời gian không tính vào thời hiệu/);
  assert.match(html.text, new RegExp(`action="/discipline/${k}/exclusions"`));
  assert.match(html.text, /name="_csrf"/);
  // Extended by 10 days, the period ends today: the decision today is in time.
  const ok = await decide();
  assert.equal(ok.status, 200, ok.text);
  assert.equal(JSON.parse(sql(`SELECT payload FROM events WHERE type = 'discipline.decided' ORDER BY seq DESC LIMIT 1`)).limitation_end, day(0));
  // A decided case takes no more periods.
  assertError(await exclude(inspector, good), 409, 'decided');
});
