// What a case publishes — the result summary and every apology field — is
// redacted by meaning: the reporter's and the official's names in any case,
// e-mails written out, phones, ID numbers and addresses disappear; amounts,
// dates and legal references stay (the whole table is tests/unit/test_redact.c).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, login, withLog } from '../lib/server.mjs';

let srv, head, official;
before(async () => {
  srv = await startServer({ demo: true });
  head = await login(srv.url, 'truongphuong');
  official = await login(srv.url, 'xuly');
});
after(async () => { if (srv) await srv.cleanup(); });
const t = (name, fn) => test(name, withLog(() => srv, fn));

const act = (sess, code, action, body = {}) =>
  api(srv.url, 'POST', `/api/v1/cases/${code}/actions/${action}`, { body, cookie: sess.cookie, csrf: sess.csrf });

t('every published field of an apology is redacted by meaning, and keeps the amount refunded', async () => {
  const filed = await api(srv.url, 'POST', '/api/v1/cases', { body: {
    kind: 'feedback', category: 'money_demand', unit: 'phuong-chieng-coi', subject_name: 'Lò Văn Một',
    title: 'Bị thu tiền ngoài lệ phí', body: 'Cán bộ một cửa thu thêm 500.000 đồng không có biên lai.',
    name: 'Hoàng Thị Xuyến', address: 'Bản Nà Cạn, phường Chiềng Cơi', phone: '0987 654 321', email: 'xuyen.hoang@example.vn',
  } });
  assert.equal(filed.status, 201, filed.text);
  const c = filed.json;
  for (const [who, action, body] of [
    [head, 'accept', {}],
    [head, 'assign', { to_login: 'xuly' }],
    [official, 'verify', { findings: 'Cán bộ thừa nhận đã thu thêm tiền.' }],
    [official, 'conclude', { conclusion: 'Có sai phạm.', at_fault: true }],
  ]) assert.equal((await act(who, c.code, action, body)).status, 200, action);
  const personal = 'bà HOÀNG THỊ XUYẾN (xuyen.hoang (at) example (dot) vn, 0987.654.321, bản Nà Cạn) và ông lo van mot';
  const r = await act(head, c.code, 'publish', {
    result_summary: `Đơn vị đã hoàn trả 500.000 đồng cho ${personal} ngày 12/03/2026 theo Điều 5 Nghị định 118/2025/NĐ-CP.`,
    apology_what_wrong: `Thu 500.000 đồng của ${personal} ngoài lệ phí.`,
    apology_what_done: `Đã hoàn trả 500.000 đồng cho ${personal}.`,
    apology_remedy: `Kiểm điểm ${personal}; niêm yết lệ phí 1.500.000đ.`,
  });
  assert.equal(r.status, 200, r.text);
  const f = await api(srv.url, 'POST', `/api/v1/cases/${c.code}/follow`, { body: { secret: c.secret } });
  assert.equal(f.status, 200, f.text);
  const pub = f.json.case;
  const fields = { result_summary: pub.result_summary, ...Object.fromEntries(['what_wrong', 'what_done', 'remedy'].map((k) => [k, pub.apology[k]])) };
  for (const [k, v] of Object.entries(fields)) {
    for (const gone of ['HOÀNG', 'XUYẾN', 'xuyen.hoang', 'example', '654', 'Nà Cạn', 'lo van mot'])
      assert.ok(!v.includes(gone), `${k} still holds ${gone}: ${v}`);
    assert.ok(v.includes('[đã ẩn]'), `${k}: nothing masked: ${v}`);
  }
  assert.ok(fields.result_summary.includes('500.000 đồng') && fields.result_summary.includes('12/03/2026') &&
            fields.result_summary.includes('Điều 5 Nghị định 118/2025/NĐ-CP'), fields.result_summary);
  assert.ok(fields.what_done.includes('500.000 đồng'), fields.what_done);
  assert.ok(fields.remedy.includes('1.500.000đ'), fields.remedy);
});
