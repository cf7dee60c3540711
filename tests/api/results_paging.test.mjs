// Keyset paging of the public results: the "next" and "previous" links carry
// the last (first) row's publication time and id, so every row is seen once
// however many results are published meanwhile; old offset= links still
// answer; the apology register pages its two lists together; downloads say
// where the next file starts; a malformed page link is a clear 400.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, login, withLog } from '../lib/server.mjs';
import { assertError } from '../lib/check.mjs';

let srv, head, handler;
const WARD = 'phuong-chieng-coi';
const get = (p) => api(srv.url, 'GET', p);
const page = async (p) => {
  const res = await fetch(srv.url + p, { headers: { Accept: 'text/html', 'Accept-Encoding': 'identity' } });
  return { status: res.status, headers: res.headers, text: await res.text() };
};
const codes = (r) => r.json.results.map((x) => x.code);

async function act(sess, code, action, body = {}) {
  const r = await api(srv.url, 'POST', `/api/v1/cases/${code}/actions/${action}`, { body, cookie: sess.cookie, csrf: sess.csrf });
  assert.equal(r.status, 200, `${action} ${code}: ${r.text}`);
}

// Files a report in the ward and takes it to a published result.
async function publish(n, atFault = false) {
  const r = await api(srv.url, 'POST', '/api/v1/cases', {
    body: { unit: WARD, kind: 'feedback', category: 'delay', title: `Hồ sơ chậm ${n}`, body: 'Nội dung phản ánh.', anonymous: true },
  });
  assert.equal(r.status, 201, r.text);
  const code = r.json.code;
  await act(head, code, 'accept');
  await act(head, code, 'assign', { to_login: 'xuly' });
  await act(handler, code, 'verify', { findings: 'Đã xác minh.' });
  await act(handler, code, 'conclude', { conclusion: 'Kết luận.', at_fault: atFault ? 1 : 0 });
  await act(head, code, 'publish', {
    result_summary: `Kết quả phân trang số ${n}.`,
    ...(atFault ? { apology_what_wrong: 'Chậm.', apology_what_done: 'Đã nhắc nhở.', apology_remedy: 'Trả ngay.' } : {}),
  });
  return code;
}

before(async () => {
  srv = await startServer({ demo: true });
  head = await login(srv.url, 'truongphuong');
  handler = await login(srv.url, 'xuly');
  for (let i = 1; i <= 4; i++) await publish(i, i % 2 === 0);
});
after(async () => { if (srv) await srv.cleanup(); });
const t = (name, fn) => test(name, withLog(() => srv, fn));

// Follows `next` from `first` and returns the codes seen, page by page.
async function walk(first) {
  const seen = [];
  let url = first;
  for (let guard = 0; url && guard < 100; guard++) {
    const r = await get(url);
    assert.equal(r.status, 200, r.text);
    seen.push(...codes(r));
    url = r.json.next;
  }
  assert.equal(url, null, 'the last page has no next');
  return seen;
}

t('next links walk every published result once, in the order of the whole list', async () => {
  const all = await get('/api/v1/results?limit=500');
  assert.ok(all.json.total >= 6, all.text);
  assert.equal(all.json.next, null);
  assert.equal(all.json.previous, null);
  assert.deepEqual(await walk('/api/v1/results?limit=1'), codes(all));
  assert.deepEqual(await walk('/api/v1/results?limit=2&q=ph%C3%A2n%20trang'),
    codes(await get('/api/v1/results?limit=500&q=ph%C3%A2n%20trang')));
});

t('previous goes back to the same rows; a result published meanwhile neither repeats nor hides one', async () => {
  const p1 = await get('/api/v1/results?limit=2');
  assert.match(p1.json.next, /^\/api\/v1\/results\?limit=2&after=[0-9TZ:.-]+_\d+$/);
  const p2 = await get(p1.json.next);
  assert.match(p2.json.previous, /before=/);
  const back = await get(p2.json.previous);
  assert.deepEqual(codes(back), codes(p1));
  // A new result goes to the top; the next page of the old first page is unchanged.
  const fresh = await publish(99);
  const again = await get(p1.json.next);
  assert.deepEqual(codes(again), codes(p2));
  assert.ok(!codes(again).includes(fresh));
  assert.equal(codes(await get('/api/v1/results?limit=1'))[0], fresh);
  // Old offset links answer as before.
  const all = await get('/api/v1/results?limit=500');
  assert.equal(codes(await get('/api/v1/results?limit=1&offset=2'))[0], codes(all)[2]);
});

t('the HTML list links its pages with rel=next and rel=prev, keeping the filters and the page size', async () => {
  const p1 = await page(`/results?unit=${WARD}&limit=1`);
  assert.equal(p1.status, 200);
  const next = p1.text.match(/<a rel="next" href="([^"]+)"/);
  assert.ok(next, 'a next link');
  const href = next[1].replaceAll('&amp;', '&');
  assert.match(href, new RegExp(`^/results\\?unit=${WARD}&limit=1&after=`));
  const p2 = await page(href);
  assert.equal(p2.status, 200);
  const prev = p2.text.match(/<a rel="prev" href="([^"]+)"/);
  assert.ok(prev, 'a previous link');
  assert.match(prev[1], /before=/);
  assert.doesNotMatch(p1.text, /rel="prev"/);
});

t('the apology register pages its apologies and letters together, forward, with a link back to the first page', async () => {
  const all = await get('/api/v1/results/apologies?limit=500');
  assert.ok(all.json.apologies.length >= 2, all.text);
  const seen = [];
  let url = '/api/v1/results/apologies?limit=1';
  for (let guard = 0; url && guard < 50; guard++) {
    const r = await get(url);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.total, all.json.total);
    seen.push(...r.json.apologies.map((a) => a.code));
    if (guard > 0) assert.equal(r.json.previous, '/api/v1/results/apologies?limit=1');
    url = r.json.next;
    if (url) assert.match(url, /after=[^&]*_\d+&lafter=[^&]*_\d+$/);
  }
  assert.deepEqual(seen, all.json.apologies.map((a) => a.code));
  const html = await page('/results/apologies?limit=1');
  assert.match(html.text, /<a rel="next" href="\/results\/apologies\?limit=1&amp;after=/);
  assertError(await get('/api/v1/results/apologies?before=2026-01-01T00:00:00Z_1'), 400, 'bad_filter', 'before');
});

t('downloads: a file of at most limit rows says where the next one starts', async () => {
  const res = await fetch(`${srv.url}/results.csv?limit=1`);
  assert.equal(res.status, 200);
  assert.match(res.headers.get('link') ?? '', /^<\/results\.csv\?limit=1&after=[^>]+>; rel="next"$/);
  const res2 = await fetch(`${srv.url}/results/apologies.csv?limit=1`);
  assert.match(res2.headers.get('link') ?? '', /^<\/results\/apologies\.csv\?limit=1&after=[^>]+>; rel="next"$/);
  const whole = await fetch(`${srv.url}/results.csv`);
  assert.equal(whole.headers.get('link'), null);
});

t('a malformed page link is a 400 naming it', async () => {
  for (const [qs, field] of [['after=abc', 'after'], ['before=x_y', 'before'], ['after=2026%3Cscript_1', 'after'],
                             [`after=${'1'.repeat(40)}_1`, 'after'], ['after=_1&before=_2', 'before']]) {
    assertError(await get(`/api/v1/results?${qs}`), 400, 'bad_filter', field);
  }
  assertError(await get('/api/v1/results/apologies?lafter=zz'), 400, 'bad_filter', 'lafter');
});
