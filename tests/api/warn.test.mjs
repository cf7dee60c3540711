// Early warning (issue #11 item 5) on the demo's months of history: the run
// from the command line and the inspector's button, what a signal shows (its
// formula, the official's numbers, the peers' baseline, the test and its
// thresholds), who reads it (inspectors, home-affairs inspectors, the heads
// of the official's unit and above; never the official, other staff, the
// administrator, the overseer or the public), who acts on it (inspectors
// only), bad input changing nothing, and a dismissed signal not reopened.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { startServer, api, login, ledgerHead, runCli, withLog } from '../lib/server.mjs';
import { assertError, page } from '../lib/check.mjs';

const ROLES = ['congdan', 'motcua', 'xuly', 'truongphuong', 'giamdocsoyte', 'thanhtra', 'thanhtranoivu', 'quantri', 'giamsat'];
let srv;
const s = {};
before(async () => {
  srv = await startServer({ demo: true, history: true, extraArgs: ['--trusted-proxy', '127.0.0.1'] });
  for (const r of ROLES) s[r] = await login(srv.url, r);
});
after(async () => { if (srv) await srv.cleanup(); });
const t = (name, fn) => test(name, withLog(() => srv, fn));
const sql = (q) => execFileSync('sqlite3', [srv.dbPath, q], { encoding: 'utf8' }).trim();
const get = (who, p) => api(srv.url, 'GET', p, who ? { cookie: s[who].cookie } : {});
const post = (who, p, body) => api(srv.url, 'POST', p, { body: body ?? {}, cookie: s[who].cookie, csrf: s[who].csrf });

t('the command line runs the warning and lists the open signals with their test', async () => {
  const r = await runCli(['warn', '--db', srv.dbPath, '--json']);
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.ok(out.run > 0);
  assert.equal(out.rules_version, '2026-1');
  assert.ok(out.officials > 0 && out.units > 0);
  assert.equal(out.opened, 0, 'the demo already ran it: nothing new');
  assert.ok(out.open_signals.length >= 1, r.stdout);
  const text = await runCli(['warn', '--db', srv.dbPath]);
  assert.equal(text.code, 0);
  assert.match(text.stdout, /early warning run \d+ \(rules 2026-1\)/);
});

t('inspectors read every signal with its formula, numbers, peers and test', async () => {
  const r = await get('thanhtra', '/api/v1/warnings');
  assert.equal(r.status, 200);
  assert.ok(r.json.signals.length >= 1);
  for (const x of r.json.signals) {
    assert.ok(x.formula_vi.length > 20, x.signal);
    assert.ok(['official', 'unit'].includes(x.subject_kind));
    assert.ok(x.own.events >= x.rule.min_events, JSON.stringify(x));
    assert.ok(x.own.exposure >= x.rule.min_exposure);
    assert.ok(x.peers.exposure >= x.rule.min_peer_exposure);
    assert.ok(x.ratio_lower > x.rule.ratio_min, JSON.stringify(x));
    assert.ok(x.ratio >= x.ratio_lower);
    assert.equal(x.rule.confidence, 0.95);
    // The expected count is the official's steps at the peers' rates; the ratio is events / expected.
    assert.ok(Math.abs(x.ratio - x.own.events / x.expected) < 0.01 * x.ratio + 0.002, JSON.stringify(x));
  }
  const hai = await get('thanhtranoivu', '/api/v1/warnings');
  assert.equal(hai.status, 200);
  assert.equal(hai.json.signals.length, r.json.signals.length);
  const one = await get('thanhtra', `/api/v1/warnings/${r.json.signals[0].id}`);
  assert.equal(one.status, 200);
  assert.equal(one.json.id, r.json.signals[0].id);
  const html = await page(srv.url, `/oversight/warnings/${r.json.signals[0].id}`, { cookie: s.thanhtra.cookie });
  assert.equal(html.status, 200);
  assert.match(html.text, /Công thức/);
  assert.match(html.text, /Cận dưới khoảng tin cậy/);
  // Each signal opened a review task for the Provincial Inspectorate (src/duty), one per signal.
  assert.equal(sql(`SELECT count(*) FROM duties d JOIN units u ON u.id = d.owner_unit_id
                    WHERE d.kind = 'warn.review' AND d.source_type = 'warn_signal' AND u.code = 'thanh-tra-tinh'`),
               sql('SELECT count(*) FROM warn_signals'));
  assert.equal(sql(`SELECT count(*) FROM warn_signals w WHERE NOT EXISTS
                    (SELECT 1 FROM duties d WHERE d.kind = 'warn.review' AND d.source_id = w.id)`), '0');
  const todo = await get('thanhtra', '/api/v1/duties');
  assert.ok(todo.json.items.some((x) => x.kind === 'warn.review'), 'the Inspectorate sees its review tasks');
});

t('heads read their own subtree only; the official, other staff, the administrator, the overseer and the public never', async () => {
  const all = (await get('thanhtra', '/api/v1/warnings')).json.signals;
  const ward = all.filter((x) => x.unit === 'phuong-chieng-coi');
  const other = all.filter((x) => x.unit !== 'phuong-chieng-coi');
  assert.ok(ward.length >= 1, JSON.stringify(all));
  const head = await get('truongphuong', '/api/v1/warnings');
  assert.equal(head.status, 200);
  assert.deepEqual(head.json.signals.map((x) => x.id).sort(), ward.map((x) => x.id).sort());
  for (const x of other) assert.equal((await get('truongphuong', `/api/v1/warnings/${x.id}`)).status, 404);
  // The head of another unit (Sở Y tế) sees none of the ward's.
  const soyte = await get('giamdocsoyte', '/api/v1/warnings');
  assert.equal(soyte.status, 200);
  assert.ok(!soyte.json.signals.some((x) => x.unit === 'phuong-chieng-coi'));
  assert.equal((await get('giamdocsoyte', `/api/v1/warnings/${ward[0].id}`)).status, 404);
  for (const who of ['xuly', 'motcua', 'congdan', 'quantri', 'giamsat']) {
    assertError(await get(who, '/api/v1/warnings'), 404, 'not_found');
    assert.equal((await get(who, `/api/v1/warnings/${ward[0].id}`)).status, 404, who);
    assert.equal((await page(srv.url, '/oversight/warnings', { cookie: s[who].cookie })).status, 404, who);
  }
  assert.equal((await get(null, '/api/v1/warnings')).status, 401);
  // Never on a public page by name.
  const named = all.filter((x) => x.official).map((x) => x.official);
  for (const p of ['/', '/results', '/results/stats', '/scores', '/units/phuong-chieng-coi']) {
    const r = await page(srv.url, p);
    assert.equal(r.status, 200, p);
    assert.doesNotMatch(r.text, /cảnh báo sớm/i, p);
    for (const n of named) assert.ok(!r.text.includes(`(${n})`), `${p} names ${n}`);
  }
});

t('only inspectors act: review, bad input changes nothing, inspection; closed is closed', async () => {
  const [x] = (await get('truongphuong', '/api/v1/warnings')).json.signals;
  assertError(await post('truongphuong', `/api/v1/warnings/${x.id}/review`), 403, 'forbidden');
  assert.equal((await post('xuly', `/api/v1/warnings/${x.id}/review`)).status, 404);
  const head0 = await ledgerHead(srv.url);
  assertError(await post('thanhtra', `/api/v1/warnings/${x.id}/dismiss`, { reason: 'ngắn' }), 422, 'invalid_field', 'reason');
  assertError(await post('thanhtra', `/api/v1/warnings/${x.id}/inspection`, {}), 422, 'invalid_field', 'reason');
  assertError(await post('thanhtra', `/api/v1/warnings/${x.id}/dismiss`, { reason: 12 }), 422, 'invalid_field', 'reason');
  assert.equal((await ledgerHead(srv.url)).seq, head0.seq, 'bad input: no event');
  assert.equal((await get('thanhtra', `/api/v1/warnings/${x.id}`)).json.state, 'new');
  const rv = await post('thanhtra', `/api/v1/warnings/${x.id}/review`);
  assert.equal(rv.status, 200);
  assert.equal(rv.json.state, 'review');
  assert.equal(rv.json.reviewer, 'thanhtra');
  assert.equal((await ledgerHead(srv.url)).seq, head0.seq + 1);
  assert.equal(sql(`SELECT type FROM events ORDER BY seq DESC LIMIT 1`), 'warn.reviewed');
  assertError(await post('thanhtra', `/api/v1/warnings/${x.id}/review`), 409, 'invalid_state');
  const ins = await post('thanhtranoivu', `/api/v1/warnings/${x.id}/inspection`,
    { reason: 'Kiểm tra công vụ đột xuất tại bộ phận một cửa, kế hoạch số 15/KH-TTr' });
  assert.equal(ins.status, 200);
  assert.equal(ins.json.state, 'inspection');
  assert.match(ins.json.reason, /15\/KH-TTr/);
  assertError(await post('thanhtra', `/api/v1/warnings/${x.id}/dismiss`, { reason: 'Không còn cần xem xét nữa' }), 409, 'invalid_state');
});

t('a dismissed signal is not opened again by the next run; only inspectors run it', async () => {
  const open = (await get('thanhtra', '/api/v1/warnings?state=new')).json.signals;
  assert.ok(open.length >= 1);
  const x = open[0];
  const d = await post('thanhtra', `/api/v1/warnings/${x.id}/dismiss`, { reason: 'Đã đối chiếu hồ sơ: các yêu cầu bổ sung đúng danh mục giấy tờ' });
  assert.equal(d.status, 200);
  assert.equal(d.json.state, 'dismissed');
  const before = (await get('thanhtra', '/api/v1/warnings')).json.signals.length;
  for (const who of ['xuly', 'truongphuong', 'quantri']) assertError(await post(who, '/api/v1/warnings/run'), 403, 'forbidden');
  assert.equal((await post('giamsat', '/api/v1/warnings/run')).status, 403);
  const run = await post('thanhtra', '/api/v1/warnings/run');
  assert.equal(run.status, 200);
  assert.equal(run.json.opened, 0);
  assert.equal((await get('thanhtra', '/api/v1/warnings')).json.signals.length, before);
  assert.equal((await get('thanhtra', `/api/v1/warnings/${x.id}`)).json.state, 'dismissed');
  assert.equal(sql(`SELECT type FROM events ORDER BY seq DESC LIMIT 1`), 'warn.run');
  assertError(await get('thanhtra', '/api/v1/warnings?state=bogus'), 422, 'invalid_field', 'state');
  assertError(await get('thanhtra', '/api/v1/warnings?before=x'), 422, 'invalid_field', 'before');
});

// Time held per step (signal `held`, sql/0043), on two generated wards whose steps are written as
// rows and then ended, so that the trigger keeps the histograms as every writer's would: in ward A
// one official of five holds each step three times as long as the others (flagged); in ward B one
// holds them ten per cent longer (nobody flagged). Each ward alone handles its own procedure.
function generatedWards() {
  const iso = (ms) => new Date(Math.round(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
  const now = Date.now();
  const lines = ['.timeout 10000', 'BEGIN;'];
  for (const w of ['a', 'b']) {
    lines.push(`INSERT INTO units(code, parent_id, kind, name_vi, name_en, name_fold) SELECT 'phuong-sinh-${w}', id, 'ward',
      'Phường sinh ${w.toUpperCase()}', 'Generated ward ${w.toUpperCase()}', 'phuong sinh ${w}' FROM units WHERE kind = 'province' LIMIT 1;`);
    lines.push(`INSERT INTO procedures(code, name_vi, name_en, name_fold, field, level, processing_days, legal_basis, unit_id)
      SELECT 'tt-sinh-${w}', 'Thủ tục sinh ${w}', 'Generated procedure ${w}', 'thu tuc sinh ${w}', 'Hộ tịch', 'commune', 5, 'Luật', id
      FROM units WHERE code = 'phuong-sinh-${w}';`);
    for (let i = 1; i <= 5; i++) {
      lines.push(`INSERT INTO accounts(login, display_name, role, unit_id, password_hash, created_at) SELECT 'sinh.${w}${i}',
        'Cán bộ sinh ${w}${i}', 'processing_officer', id, 'x', '2026-01-01T00:00:00Z' FROM units WHERE code = 'phuong-sinh-${w}';`);
      const factor = i === 1 ? (w === 'a' ? 3 : 1.1) : 1;
      for (let k = 0; k < 30; k++) {
        const held = (5400 + k * 3600 / 29) * factor * 1000;   // 1.5 h … 2.5 h, times the factor
        const end = now - (k + 1) * 86400e3 - 3600e3 * (i % 3);
        const code = `SINH-${w}${i}-${k}`;
        lines.push(`INSERT INTO dossiers(code, secret_hash, procedure_id, unit_id, rule_set_id, channel, applicant_name, state,
          received_at, holder_unit_id) SELECT '${code}', 'x', p.id, p.unit_id, (SELECT min(id) FROM rule_sets), 'counter',
          'Người nộp', 'processing', '${iso(end - held)}', p.unit_id FROM procedures p WHERE p.code = 'tt-sinh-${w}';`);
        lines.push(`INSERT INTO dossier_steps(dossier_id, kind, holder_account_id, holder_unit_id, holder_name, holder_title,
          started_at, note) SELECT d.id, 'processing', a.id, a.unit_id, a.display_name, '', '${iso(end - held)}', '${iso(end)}'
          FROM dossiers d, accounts a WHERE d.code = '${code}' AND a.login = 'sinh.${w}${i}';`);
      }
    }
  }
  // The steps end now: the triggers count them in the same transaction.
  lines.push(`UPDATE dossier_steps SET ended_at = note WHERE ended_at IS NULL AND dossier_id IN (SELECT id FROM dossiers WHERE code LIKE 'SINH-%');`);
  lines.push('COMMIT;');
  execFileSync('sqlite3', [srv.dbPath], { input: lines.join('\n'), encoding: 'utf8' });
}

t('time held per step: three times as long as the peers on the same procedure step is flagged; ten per cent longer is not', async () => {
  generatedWards();
  // Kept by the trigger: 300 steps in the histograms, as many as in the step counters.
  assert.equal(sql(`SELECT sum(h.steps) FROM warn_held_daily h JOIN accounts a ON a.id = h.account_id WHERE a.login LIKE 'sinh.%'`), '300');
  assert.equal(sql(`SELECT sum(w.held_steps) FROM warn_official_daily w JOIN accounts a ON a.id = w.account_id WHERE a.login LIKE 'sinh.%'`), '300');
  const run = await post('thanhtra', '/api/v1/warnings/run');
  assert.equal(run.status, 200, run.text);
  const flagged = sql(`SELECT group_concat(coalesce(a.login, u.code) || ':' || s.signal, ' ') FROM warn_signals s
    JOIN units u ON u.id = s.unit_id LEFT JOIN accounts a ON a.id = s.account_id
    WHERE u.code LIKE 'phuong-sinh-%' OR a.login LIKE 'sinh.%'`);
  assert.equal(flagged, 'sinh.a1:held', 'ward A: the slow official only; ward B: nobody');
  const id = sql(`SELECT s.id FROM warn_signals s JOIN accounts a ON a.id = s.account_id WHERE a.login = 'sinh.a1'`);
  const x = (await get('thanhtra', `/api/v1/warnings/${id}`)).json;
  assert.equal(x.signal, 'held');
  assert.equal(x.official, 'sinh.a1');
  assert.deepEqual(x.own, { events: 30, exposure: 30 });   // every step over twice the peers' median
  assert.deepEqual(x.peers, { events: 0, exposure: 120 });
  assert.ok(x.ratio_lower > x.rule.ratio_min, JSON.stringify(x));
  assert.equal(x.rule.quantile, 0.5);
  assert.equal(x.rule.multiple, 2);
  assert.match(x.formula_vi, /lâu hơn k lần phân vị q/);
  assert.ok(Math.abs(x.rule.held_hours_per_step - 6) < 0.05, JSON.stringify(x.rule));   // 4.5 h … 7.5 h
  // The page shows the formula with k and q.
  const html = await page(srv.url, `/oversight/warnings/${id}`, { cookie: s.thanhtra.cookie });
  assert.equal(html.status, 200);
  assert.match(html.text, /Giữ hồ sơ lâu ở một bước/);
  assert.match(html.text, /Công thức/);
  assert.match(html.text, /k = 2,00; q = 50,00%/);
});

// Results returned with a fee due and no payment recorded (signal `unpaid`, sql/0045). Through the
// real commands first: the counter officer who returns the result is the one counted, in the
// return's own transaction (the trigger on its dossier.return event); a fee waived with its reason
// is a recorded payment (fee 0, method none), not unpaid; a payment recorded after the return does
// not undo it; a free procedure is never counted.
const act = (who, code, body) => post(who, `/api/v1/dossiers/${code}/actions`, body);
const FEE_PROC = 'ct-hop-dong-giao-dich';   // commune level, fee 50.000 đồng, 3 documents
const FREE_PROC = 'ht-dang-ky-khai-sinh';   // fee 0

async function resultReady(procedure) {
  const r = await post('motcua', '/api/v1/dossiers', {
    action: 'receive', procedure, unit: 'phuong-chieng-coi', documents: [1, 2, 3],
    applicant: { name: 'Lò Thị Mai', phone: '0912 000 333', address: 'Phường Chiềng Cơi' } });
  assert.equal(r.status, 201, r.text);
  const { code } = r.json.dossier;
  assert.equal((await act('motcua', code, { action: 'assign', to: 'xuly' })).status, 200);
  assert.equal((await act('xuly', code, { action: 'result_ready', note: 'Đã ký' })).status, 200);
  return code;
}

// motcua's returns counted today on a procedure: [with a fee due, of which unpaid].
function returnsToday(procedure) {
  const row = sql(`SELECT coalesce(sum(w.returns_fee_due), 0) || ' ' || coalesce(sum(w.returns_unpaid), 0)
    FROM warn_official_daily w JOIN accounts a ON a.id = w.account_id JOIN procedures p ON p.id = w.procedure_id
    WHERE a.login = 'motcua' AND p.code = '${procedure}'
      AND w.day = strftime('%Y-%m-%dT%H:%M:%SZ', date('now', '+7 hours'), '-7 hours')`);
  return row.split(' ').map(Number);
}

t('results returned with a fee due: the returning officer counted in the return\'s transaction; a waiver is a payment; a free procedure never', async () => {
  const [due0, unpaid0] = returnsToday(FEE_PROC);
  const [freeDue0] = returnsToday(FREE_PROC);
  // Waived: fee 0, method none, with its reason (the catalogue says 50.000).
  const waived = await resultReady(FEE_PROC);
  const w = await post('motcua', `/api/v1/dossiers/${waived}/payment`,
    { fee_vnd: 0, fee_reason: 'Miễn lệ phí cho người có công với cách mạng' });
  assert.equal(w.status, 200, w.text);
  assert.equal(w.json.dossier.payment.method, 'none');
  assert.equal((await act('motcua', waived, { action: 'return' })).status, 200);
  assert.deepEqual(returnsToday(FEE_PROC), [due0 + 1, unpaid0], 'a waived fee is recorded: not unpaid');
  // Paid in cash with its receipt.
  const paid = await resultReady(FEE_PROC);
  assert.equal((await post('motcua', `/api/v1/dossiers/${paid}/payment`,
    { fee_vnd: 50000, method: 'cash', receipt_no: 'BL-2026-0107' })).status, 200);
  assert.equal((await act('motcua', paid, { action: 'return' })).status, 200);
  assert.deepEqual(returnsToday(FEE_PROC), [due0 + 2, unpaid0]);
  // Nothing recorded at the return: unpaid, and a payment recorded afterwards does not undo it.
  const unpaid = await resultReady(FEE_PROC);
  assert.equal((await act('motcua', unpaid, { action: 'return' })).status, 200);
  assert.deepEqual(returnsToday(FEE_PROC), [due0 + 3, unpaid0 + 1]);
  assert.equal((await post('motcua', `/api/v1/dossiers/${unpaid}/payment`,
    { fee_vnd: 50000, method: 'cash', receipt_no: 'BL-2026-0108' })).status, 200);
  assert.deepEqual(returnsToday(FEE_PROC), [due0 + 3, unpaid0 + 1]);
  // The one who returned it is the event's actor: the counter officer, not the processing official.
  assert.equal(sql(`SELECT a.login FROM events e JOIN accounts a ON a.id = e.actor_id
                    WHERE e.subject = 'dossier:${unpaid}' AND e.type = 'dossier.return'`), 'motcua');
  // A free procedure: not counted.
  const free = await resultReady(FREE_PROC);
  assert.equal((await act('motcua', free, { action: 'return' })).status, 200);
  assert.deepEqual(returnsToday(FREE_PROC), [freeDue0, 0]);
});

// Then the test, on two generated wards, each alone on its own procedure with a fee: in ward A one
// counter officer of five returns 8 of 12 dossiers with no payment recorded, the others 1 of 12
// (flagged); in ward B one returns 2 of 12 against the others' 1 of 12 (nobody). The paid ones are
// paid in cash, by transfer, on the national platform or waived. Each return is written as the
// service writes it, in one transaction: the dossier returned, then its dossier.return event by the
// officer (the trigger counts it then). The events stand for the service's: their hashes are not
// the chain's (this database is not verified afterwards).
function generatedReturns() {
  const iso = (ms) => new Date(Math.round(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
  const now = Date.now();
  const lines = ['.timeout 10000', 'BEGIN;'];
  const ways = [
    [50000, 'cash', '', 'BL-TRA'], [50000, 'bank_transfer', '', ''], [50000, 'national_platform', 'PAYGOV-TRA', ''],
    [0, 'none', '', ''],
  ];
  const returns = [];
  for (const w of ['a', 'b']) {
    lines.push(`INSERT INTO units(code, parent_id, kind, name_vi, name_en, name_fold) SELECT 'phuong-tra-${w}', id, 'ward',
      'Phường trả ${w.toUpperCase()}', 'Generated ward ${w.toUpperCase()} (returns)', 'phuong tra ${w}' FROM units WHERE kind = 'province' LIMIT 1;`);
    lines.push(`INSERT INTO procedures(code, name_vi, name_en, name_fold, field, level, processing_days, legal_basis, unit_id, fee_vnd)
      SELECT 'tt-tra-${w}', 'Thủ tục có lệ phí ${w}', 'Generated procedure with a fee ${w}', 'thu tuc co le phi ${w}', 'Chứng thực',
      'commune', 5, 'Luật', id, 50000 FROM units WHERE code = 'phuong-tra-${w}';`);
    for (let i = 1; i <= 5; i++) {
      lines.push(`INSERT INTO accounts(login, display_name, role, unit_id, password_hash, created_at) SELECT 'tra.${w}${i}',
        'Cán bộ một cửa ${w}${i}', 'counter_officer', id, 'x', '2026-01-01T00:00:00Z' FROM units WHERE code = 'phuong-tra-${w}';`);
      const unpaid = i === 1 ? (w === 'a' ? 8 : 2) : 1;
      for (let k = 0; k < 12; k++) {
        const at = now - (k + 1) * 86400e3 - 3600e3 * i;
        const code = `TRA-${w}${i}-${k}`;
        lines.push(`INSERT INTO dossiers(code, secret_hash, procedure_id, unit_id, rule_set_id, channel, applicant_name, state,
          received_at) SELECT '${code}', 'x', p.id, p.unit_id, (SELECT min(id) FROM rule_sets), 'counter', 'Người nộp',
          'result_ready', '${iso(at - 86400e3)}' FROM procedures p WHERE p.code = 'tt-tra-${w}';`);
        if (k >= unpaid) {
          const [fee, method, ref, receipt] = ways[(k + i) % ways.length];
          lines.push(`INSERT INTO dossier_payments(dossier_id, unit_id, fee_vnd, catalogue_fee_vnd, fee_reason, method, reference,
            receipt_no, first, recorded_at, recorded_by) SELECT d.id, d.unit_id, ${fee}, 50000,
            '${fee ? '' : 'Miễn lệ phí cho hộ nghèo theo quyết định của Ủy ban'}', '${method}', '${ref && `${ref}-${w}${i}-${k}`}',
            '${receipt && `${receipt}-${w}${i}-${k}`}', 1, '${iso(at - 3600e3)}', a.id
            FROM dossiers d, accounts a WHERE d.code = '${code}' AND a.login = 'tra.${w}${i}';`);
        }
        returns.push({ code, login: `tra.${w}${i}`, ward: `phuong-tra-${w}`, at: iso(at) });
      }
    }
  }
  lines.push('COMMIT;');
  for (const r of returns) {
    lines.push('BEGIN;');
    lines.push(`UPDATE dossiers SET state = 'returned', finished_at = '${r.at}' WHERE code = '${r.code}';`);
    lines.push(`INSERT INTO events(at, actor_id, actor_role, unit, type, subject, payload, prev_hash, hash)
      SELECT '${r.at}', a.id, 'counter_officer', '${r.ward}', 'dossier.return', 'dossier:${r.code}', '{"late":false}',
      (SELECT hash FROM events ORDER BY seq DESC LIMIT 1), lower(hex(randomblob(32))) FROM accounts a WHERE a.login = '${r.login}';`);
    lines.push('COMMIT;');
  }
  execFileSync('sqlite3', [srv.dbPath], { input: lines.join('\n'), encoding: 'utf8' });
}

t('results returned unpaid: 8 of 12 against the peers\' 1 of 12 on the same procedure is flagged; one extra (2 of 12) is not', async () => {
  generatedReturns();
  // Kept by the trigger: 120 returns with a fee due, 8 + 4 + 2 + 4 unpaid.
  assert.equal(sql(`SELECT sum(w.returns_fee_due) || '/' || sum(w.returns_unpaid) FROM warn_official_daily w
                    JOIN accounts a ON a.id = w.account_id WHERE a.login LIKE 'tra.%'`), '120/18');
  const run = await post('thanhtra', '/api/v1/warnings/run');
  assert.equal(run.status, 200, run.text);
  const flagged = sql(`SELECT group_concat(coalesce(a.login, u.code) || ':' || s.signal, ' ') FROM warn_signals s
    JOIN units u ON u.id = s.unit_id LEFT JOIN accounts a ON a.id = s.account_id
    WHERE u.code LIKE 'phuong-tra-%' OR a.login LIKE 'tra.%'`);
  assert.equal(flagged, 'tra.a1:unpaid', 'ward A: the one officer only; ward B: nobody');
  const id = sql(`SELECT s.id FROM warn_signals s JOIN accounts a ON a.id = s.account_id WHERE a.login = 'tra.a1'`);
  const x = (await get('thanhtra', `/api/v1/warnings/${id}`)).json;
  assert.equal(x.signal, 'unpaid');
  assert.equal(x.official, 'tra.a1');
  assert.deepEqual(x.own, { events: 8, exposure: 12 });
  assert.deepEqual(x.peers, { events: 4, exposure: 48 });
  assert.ok(Math.abs(x.expected - 1) < 0.001, JSON.stringify(x));
  assert.ok(x.ratio_lower > x.rule.ratio_min, JSON.stringify(x));
  assert.equal(x.rule.min_events, 3);
  assert.equal(x.rule.min_exposure, 10);
  assert.equal(x.rule.min_peer_exposure, 30);
  assert.equal(x.label_vi, 'Trả kết quả khi chưa ghi nhận phí, lệ phí');
  assert.match(x.formula_vi, /chưa ghi nhận khoản nộp nào/);
  const html = await page(srv.url, `/oversight/warnings/${id}`, { cookie: s.thanhtra.cookie });
  assert.equal(html.status, 200);
  assert.match(html.text, /Trả kết quả khi chưa ghi nhận phí, lệ phí/);
  assert.match(html.text, /Công thức/);
});
