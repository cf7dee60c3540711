// Every staff queue comes a page at a time from a cursor (keyset), with a
// bounded page size: the dossier queues in the API (limit, after=<code>,
// `next`) and in HTML ("Trang sau" / "Trang đầu" links), the case queue in
// HTML, and the outbox (after=<id>). Following `next` from the first page
// lists every dossier of a queue exactly once, in the queue's order (open
// ones by due time, none last), and the last page says so (next: null). Bad
// cursors and sizes are clear errors naming the field.
// (The plans behind the pages: tests/unit/test_queues_plan.c.)

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { startServer, api, login, withLog } from '../lib/server.mjs';
import { assertError, htmlDecode, page } from '../lib/check.mjs';

let srv, counter, head, inspector, admin;
before(async () => {
  srv = await startServer({ demo: true, history: true });
  counter = await login(srv.url, 'motcua');
  head = await login(srv.url, 'truongphuong');
  inspector = await login(srv.url, 'thanhtra');
  admin = await login(srv.url, 'quantri');
  // More open dossiers in the counter's unit than a few pages hold.
  const applicant = { name: 'Lò Văn Phúc', id_number: '014190000777', phone: '0912 000 222', address: 'Bản Hẹo' };
  for (let i = 0; i < 7; i++) {
    const r = await api(srv.url, 'POST', '/api/v1/dossiers', { cookie: counter.cookie, csrf: counter.csrf,
      body: { action: 'receive', procedure: 'ht-nhan-cha-me-con', unit: 'phuong-chieng-coi', applicant, documents: [1, 2, 3] } });
    assert.equal(r.status, 201, r.text);
  }
});
after(async () => { if (srv) await srv.cleanup(); });
const t = (name, fn) => test(name, withLog(() => srv, fn));

const OPEN = new Set(['submitted', 'received', 'processing', 'supplement', 'result_ready']);
const dossiers = (sess, q) => api(srv.url, 'GET', `/api/v1/dossiers?${q}`, { cookie: sess.cookie });

/* Follows next from the first page; returns the codes seen and the pages. */
async function walk(sess, q, limit) {
  const seen = [], rows = [];
  let cursor = null, pages = 0;
  for (;;) {
    const r = await dossiers(sess, `${q}&limit=${limit}${cursor ? `&after=${cursor}` : ''}`);
    assert.equal(r.status, 200, r.text);
    assert.ok(r.json.dossiers.length <= limit);
    rows.push(...r.json.dossiers);
    seen.push(...r.json.dossiers.map((d) => d.code));
    pages++;
    if (r.json.next === null) break;
    assert.equal(typeof r.json.next, 'string');
    cursor = r.json.next;
    assert.ok(pages < 500, 'the walk ends');
  }
  return { seen, rows, pages };
}

t('the unit queue, walked by next, holds every open dossier once, by due time', async () => {
  const whole = await dossiers(counter, 'view=unit&limit=500');
  assert.equal(whole.status, 200, whole.text);
  assert.equal(whole.json.next, null);
  const all = whole.json.dossiers.map((d) => d.code);
  assert.ok(all.length >= 7, `the unit has open dossiers (${all.length})`);
  const { seen, rows, pages } = await walk(counter, 'view=unit', 3);
  assert.deepEqual(seen, all);
  assert.equal(new Set(seen).size, seen.length, 'each dossier once');
  assert.equal(pages, Math.ceil(all.length / 3), 'no empty last page');
  assert.equal(whole.json.open_total, all.length, 'the open count kept by the database');
  for (const d of rows) assert.ok(OPEN.has(d.state), `${d.code} is open (${d.state})`);
  const key = (d) => (d.due_at ? Date.parse(d.due_at) : Infinity);
  for (let i = 1; i < rows.length; i++) assert.ok(key(rows[i - 1]) <= key(rows[i]), `due order at ${rows[i].code}`);
});

t('every view pages the same as its whole list: mine, unit with finished ones, overdue', async () => {
  for (const [sess, q] of [[head, 'view=unit&all=1'], [head, 'view=overdue'], [counter, 'view=mine'], [head, 'view=unit']]) {
    const whole = await dossiers(sess, `${q}&limit=500`);
    assert.equal(whole.status, 200, whole.text);
    const { seen } = await walk(sess, q, 2);
    assert.deepEqual(seen, whole.json.dossiers.map((d) => d.code), q);
    if (q.includes('all=1') || q.includes('overdue')) assert.equal(whole.json.open_total, undefined, q);
    else assert.equal(whole.json.open_total, seen.length, `${q}: the open count`);
  }
  const overdue = (await dossiers(head, 'view=overdue&limit=500')).json.dossiers;
  assert.ok(overdue.length > 2, `the demo history has overdue dossiers (${overdue.length})`);
  for (const d of overdue) assert.equal(d.risk, 'overdue', d.code);
});

t('bad cursors and page sizes are refused, naming the field', async () => {
  assertError(await dossiers(counter, 'view=unit&after=XX-000000-0000'), 422, 'invalid_field', 'after');
  assertError(await dossiers(counter, 'view=unit&limit=0'), 422, 'invalid_field', 'limit');
  assertError(await dossiers(counter, 'view=unit&limit=501'), 422, 'invalid_field', 'limit');
  assertError(await dossiers(counter, 'view=unit&limit=x'), 422, 'invalid_field', 'limit');
  const r = await dossiers(counter, 'view=unit');
  assert.equal(r.status, 200, r.text);
  assert.ok(r.json.dossiers.length <= 100, 'the default page is bounded');
});

const html = async (sess, p) => {
  const r = await page(srv.url, p, { cookie: sess.cookie, headers: { 'Accept-Encoding': 'identity' } });
  assert.equal(r.status, 200, `${p}: ${r.status}`);
  return r.text;
};
const codesIn = (text, kind) => [...text.matchAll(new RegExp(`href="/${kind}/([^"/]+)"`, 'g'))].map((m) => decodeURIComponent(m[1]))
  .filter((c) => c !== 'new');
const relLink = (text, rel) => {
  const m = text.match(new RegExp(`<a rel="${rel}" href="([^"]+)"`));
  return m ? htmlDecode(m[1]) : null;
};

/* Follows the HTML page's "Trang sau" links; the pages after the first link back to it. */
async function walkHtml(sess, first, kind) {
  const seen = [];
  let p = first, pages = 0;
  while (p) {
    const text = await html(sess, p);
    seen.push(...codesIn(text, kind));
    if (pages > 0) assert.equal(relLink(text, 'first'), first.replace(/&$/, ''), `${p} links to the first page`);
    else assert.equal(relLink(text, 'first'), null, 'the first page has no link to itself');
    p = relLink(text, 'next');
    pages++;
    assert.ok(pages < 200, 'the walk ends');
  }
  return { seen, pages };
}

t('the HTML dossier queue has next and first-page links that walk the whole queue', async () => {
  const whole = (await dossiers(counter, 'view=unit&limit=500')).json.dossiers.map((d) => d.code);
  const { seen, pages } = await walkHtml(counter, '/dossiers?view=unit&limit=3', 'dossiers');
  assert.deepEqual(seen, whole);
  assert.equal(pages, Math.ceil(whole.length / 3));
  const first = await html(counter, '/dossiers?view=unit&limit=3');
  assert.match(first, /rel="next"[^>]*>Trang sau</);
  assert.ok(htmlDecode(first).includes(`(${whole.length} hồ sơ đang giải quyết)`), 'the open count on the page');
  const en = await html(counter, '/dossiers?view=unit&limit=3&lang=en');
  assert.match(en, />Next page</);
  const overdue = (await dossiers(head, 'view=overdue&limit=500')).json.dossiers.map((d) => d.code);
  assert.deepEqual((await walkHtml(head, '/dossiers?view=overdue&limit=2', 'dossiers')).seen, overdue);
});

t('the HTML case queue pages by next link over the whole queue, newest first', async () => {
  const whole = await api(srv.url, 'GET', '/api/v1/cases?view=all&limit=500', { cookie: inspector.cookie });
  assert.equal(whole.status, 200, whole.text);
  const all = whole.json.cases.map((c) => c.code);
  assert.ok(all.length > 7);
  const { seen, pages } = await walkHtml(inspector, '/cases?view=all&limit=3', 'cases');
  assert.deepEqual(seen, all);
  assert.equal(pages, Math.ceil(all.length / 3));
  const big = await html(inspector, '/cases?view=all&limit=100000');
  assert.ok(codesIn(big, 'cases').length <= 50, 'the HTML page size is bounded');
});

t('the outbox pages newest first by id with next; its counts match its states', async () => {
  // Messages as the services queue them (the counts are kept by the database's triggers).
  const sql = (q) => execFileSync('sqlite3', [srv.dbPath, q], { encoding: 'utf8' }).trim();
  for (let i = 0; i < 7; i++)
    sql(`INSERT INTO outbox(to_addr, subject, body, kind, created_at, next_attempt_at) VALUES ('a${i}@example.vn', 'Thư ${i}', 'x', 'status', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')`);
  sql("UPDATE outbox SET state = 'sent' WHERE id IN (SELECT id FROM outbox ORDER BY id LIMIT 3)");
  sql("UPDATE outbox SET state = 'failed' WHERE id = (SELECT max(id) FROM outbox)");
  const whole = await api(srv.url, 'GET', '/api/v1/outbox?limit=500', { cookie: admin.cookie });
  assert.equal(whole.status, 200, whole.text);
  const ids = whole.json.messages.map((m) => m.id);
  assert.ok(ids.length > 2, `the demo history queued mail (${ids.length})`);
  const seen = [];
  let cursor = null, pages = 0;
  for (;;) {
    const r = await api(srv.url, 'GET', `/api/v1/outbox?limit=2${cursor ? `&after=${cursor}` : ''}`, { cookie: admin.cookie });
    assert.equal(r.status, 200, r.text);
    seen.push(...r.json.messages.map((m) => m.id));
    pages++;
    if (r.json.next === null) break;
    cursor = r.json.next;
    assert.ok(pages < 500);
  }
  assert.deepEqual(seen, ids);
  if (ids.length < 500) {
    const by = (s) => whole.json.messages.filter((m) => m.state === s).length;
    assert.deepEqual(whole.json.counts, { queued: by('queued'), sent: by('sent'), failed: by('failed') });
  }
  assertError(await api(srv.url, 'GET', '/api/v1/outbox?after=abc', { cookie: admin.cookie }), 422, 'invalid_field', 'after');
});
