// The page cache (src/web/cache.c) as a client sees it: a cached answer has the
// same status, headers and body as the rendered one; an edit shows on the next
// anonymous GET of every page it touches; nothing personal (a signed-in
// visitor, a tracking lookup) is ever served from or stored in the cache; and
// random query strings are not cached. The cache's own counters at /metrics
// tell a hit from a render.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, login, withLog } from '../lib/server.mjs';

let srv;
const s = {};
before(async () => {
  srv = await startServer({ demo: true });
  for (const who of ['truongphuong', 'quantri', 'motcua', 'xuly']) s[who] = await login(srv.url, who);
});
after(async () => { if (srv) await srv.cleanup(); });
const t = (name, fn) => test(name, withLog(() => srv, fn));

const WARD = 'phuong-chieng-coi';
const PROC = 'ht-nhan-cha-me-con';
// Every public read page of the cache, as the benchmark measures them.
const TARGETS = ['/', '/units', '/units?q=chi%E1%BB%81ng', `/units/${WARD}`, '/procedures', `/procedures/${PROC}`,
  '/track', '/results', '/results/stats', '/open311/v2/services.xml', '/open311/v2/services.json', '/api/v1/units'];

async function counters() {
  const res = await fetch(`${srv.url}/metrics`);
  const text = await res.text();
  const num = (name) => {
    const m = text.match(new RegExp(`^${name} (\\d+)$`, 'm'));
    assert.ok(m, `${name} in /metrics`);
    return Number(m[1]);
  };
  return { hits: num('minhbach_page_cache_hits_total'), stores: num('minhbach_page_cache_stores_total'),
    renders: num('minhbach_page_cache_renders_total') };
}

async function get(path, { cookie, encoding = 'gzip', method = 'GET' } = {}) {
  const headers = { 'Accept-Encoding': encoding };
  if (cookie) headers.Cookie = cookie;
  const res = await fetch(srv.url + path, { method, headers, redirect: 'manual' });
  const text = await res.text();
  // Date and the connection's own headers are no part of the answer.
  const h = Object.fromEntries([...res.headers].filter(([k]) => !['date', 'connection', 'keep-alive'].includes(k)));
  return { status: res.status, headers: h, text };
}

/** GETs path and checks what the cache did: 'hit', 'store' or 'none'. */
async function getExpect(path, what, opts) {
  const c0 = await counters();
  const r = await get(path, opts);
  const c1 = await counters();
  // A render is counted for every cacheable request the cache could not
  // answer (what the benchmark reads to tell that a run was all hits).
  const did = { hits: c1.hits - c0.hits, stores: c1.stores - c0.stores, renders: c1.renders - c0.renders };
  const want = { hit: { hits: 1, stores: 0, renders: 0 }, store: { hits: 0, stores: 1, renders: 1 },
    none: { hits: 0, stores: 0, renders: did.renders } }[what];
  assert.deepEqual(did, want, `${opts?.method || 'GET'} ${path}: expected a ${what}`);
  return r;
}

t('a cached answer has the status, headers and body of the rendered one, gzip or not, GET or HEAD', async () => {
  // The same database served by a second server with the cache off renders every answer.
  process.env.MINHBACH_PAGE_CACHE = 'off';
  let plainSrv;
  try {
    plainSrv = await startServer({ dir: srv.dir, demo: false });
  } finally {
    delete process.env.MINHBACH_PAGE_CACHE;
  }
  try {
    const rendered = async (p, encoding) => {
      const res = await fetch(plainSrv.url + p, { headers: { 'Accept-Encoding': encoding }, redirect: 'manual' });
      const h = Object.fromEntries([...res.headers].filter(([k]) => !['date', 'connection', 'keep-alive'].includes(k)));
      return { status: res.status, headers: h, text: await res.text() };
    };
    const lenless = (h) => { const { 'content-length': _, ...rest } = h; return rest; };
    for (const p of TARGETS) {
      const want = await rendered(p, 'gzip');
      const wantPlain = await rendered(p, 'identity');
      assert.equal(want.status, 200, `${p}: ${want.text.slice(0, 200)}`);
      const first = await getExpect(p, 'store');
      const second = await getExpect(p, 'hit');
      for (const got of [first, second]) {
        // The cached gzip is compressed harder: only its length may differ.
        assert.deepEqual(lenless(got.headers), lenless(want.headers), `${p}: gzip headers`);
        assert.equal(got.text, want.text, `${p}: body`);
      }
      assert.equal(second.headers['content-length'], first.headers['content-length'], `${p}: the same bytes every time`);
      const plain = await getExpect(p, 'hit', { encoding: 'identity' });
      assert.deepEqual(plain.headers, wantPlain.headers, `${p}: plain headers`);
      assert.equal(plain.text, wantPlain.text, `${p}: plain body`);
      const head = await getExpect(p, 'hit', { method: 'HEAD', encoding: 'identity' });
      assert.equal(head.text, '', `${p}: HEAD has no body`);
      assert.deepEqual(head.headers, plain.headers, `${p}: HEAD headers`);
    }
  } finally {
    await plainSrv.stop();
  }
});

t('the query is normalised: the same known parameters in another order share an entry, unknown ones are not cached', async () => {
  await getExpect('/procedures?unit=phuong-chieng-coi&q=khai', 'store');
  const same = await getExpect('/procedures?q=khai&unit=phuong-chieng-coi', 'hit');
  assert.match(same.text, /khai sinh/i);
  // Its language switch keeps the filters, in the one (sorted) order.
  assert.ok(same.text.includes('href="/procedures?q=khai&amp;unit=phuong-chieng-coi&amp;lang=en"'), 'the switch link');
  await getExpect('/procedures?q=khai&zz=1', 'none');
  await getExpect('/procedures?q=khai&zz=1', 'none');
  await getExpect('/units?q=a&q=b', 'none');
  await getExpect(`/units?q=${'x'.repeat(600)}`, 'none');
  // A language choice sets a cookie: not cached.
  await getExpect('/units?lang=en', 'none');
  // The language is part of the key.
  await get('/units');
  const en = await getExpect('/units', 'store', { cookie: 'mb_lang=en' });
  assert.equal(en.headers['content-language'], 'en');
  assert.equal((await getExpect('/units', 'hit')).headers['content-language'], 'vi');
});

t('a signed-in visitor is never served from the cache nor stored in it', async () => {
  const anon = await get(`/units/${WARD}`);
  assert.equal(anon.status, 200);
  // The signed-in page carries the session's own token (the sign-out form).
  const me = s.truongphuong.csrf;
  assert.ok(me && me.length > 16);
  assert.ok(!anon.text.includes(me));
  for (const p of [`/units/${WARD}`, '/units', '/', '/results', '/procedures']) {
    await get(p);                                    // cached for the anonymous
    const mine = await getExpect(p, 'none', { cookie: s.truongphuong.cookie });
    assert.ok(mine.text.includes(me), `${p}: the signed-in page is the visitor's own`);
    assert.equal(mine.headers['cache-control'], 'no-store', `${p}: a personal page is not for shared caches`);
    const after_ = await getExpect(p, 'hit');
    assert.ok(!after_.text.includes(me), `${p}: the anonymous page never carries a visitor's token`);
  }
});

t('a tracking lookup is never served from the cache nor stored in it', async () => {
  const applicant = { name: 'Lò Thị Hoa', id_number: '014190000123', phone: '0912 345 678', email: 'hoa@example.vn', address: 'Bản Hìn, phường Chiềng Cơi' };
  const r = await api(srv.url, 'POST', '/api/v1/dossiers', {
    body: { action: 'receive', procedure: PROC, unit: WARD, applicant, documents: [1, 2, 3] },
    cookie: s.motcua.cookie, csrf: s.motcua.csrf,
  });
  assert.equal(r.status, 201, r.text);
  const { code, secret } = r.json.dossier;
  await get('/track');
  for (let i = 0; i < 2; i++) {
    const found = await getExpect(`/track?code=${code}&secret=${secret}`, 'none');
    assert.equal(found.status, 200);
    assert.ok(found.text.includes(code), 'the dossier is shown');
  }
  const form = await getExpect('/track', 'hit');
  assert.ok(!form.text.includes(code), 'the empty form shows no dossier');
});

t('an edit shows on the next anonymous GET of every cached page it touches', async () => {
  // Warm every page, then check they are hits.
  const pages = [`/units/${WARD}`, `/api/v1/units/${WARD}`, '/units', '/api/v1/units', '/procedures', `/procedures/${PROC}`,
    '/results', '/results/stats'];
  for (const p of pages) { await get(p); await getExpect(p, 'hit'); }

  // A unit's contact details (its head's PATCH).
  const phone = '0212 3999 777';
  const pr = await api(srv.url, 'PATCH', `/api/v1/units/${WARD}`, { body: { phone }, cookie: s.truongphuong.cookie, csrf: s.truongphuong.csrf });
  assert.equal(pr.status, 200, pr.text);
  assert.ok((await getExpect(`/units/${WARD}`, 'store')).text.includes(phone), 'the unit page shows the new phone');
  assert.equal(JSON.parse((await getExpect(`/api/v1/units/${WARD}`, 'store')).text).unit.phone, phone);
  await getExpect('/units', 'store');
  await getExpect('/api/v1/units', 'store');

  // A procedure's fee (the administrator's PATCH).
  await getExpect('/procedures', 'store');           // re-rendered after the unit edit: procedures name units
  await getExpect('/procedures', 'hit');
  const fr = await api(srv.url, 'PATCH', `/api/v1/procedures/${PROC}`, { body: { fee_vnd: 123000 }, cookie: s.quantri.cookie, csrf: s.quantri.csrf });
  assert.equal(fr.status, 200, fr.text);
  assert.match((await getExpect(`/procedures/${PROC}`, 'store')).text, /123\.000/);
  assert.match((await getExpect('/procedures', 'store')).text, /123\.000/);

  // A report's result, published.
  await getExpect('/results', 'store');
  await getExpect('/results', 'hit');
  const stats0 = (await getExpect('/results/stats', 'store')).text;
  await getExpect('/results/stats', 'hit');
  const filed = await api(srv.url, 'POST', '/api/v1/cases', {
    body: { unit: WARD, kind: 'feedback', category: 'money_demand', title: 'Đòi tiền', name: 'Hà Văn Thử', phone: '0987 000 111', body: 'Bị đòi tiền ngoài lệ phí.' },
  });
  assert.equal(filed.status, 201, filed.text);
  const code = filed.json.code;
  const act = async (who, action, body = {}) => {
    const r = await api(srv.url, 'POST', `/api/v1/cases/${code}/actions/${action}`, { body, cookie: s[who].cookie, csrf: s[who].csrf });
    assert.equal(r.status, 200, `${action}: ${r.text}`);
  };
  await act('truongphuong', 'accept');
  await act('truongphuong', 'assign', { to_login: 'xuly' });
  await act('xuly', 'verify', { findings: 'Đã xác minh.' });
  await act('xuly', 'conclude', { conclusion: 'Không có lỗi.', at_fault: 0 });
  const summary = 'Kết quả công khai Kiểmtrabộnhớđệm: phản ánh không có căn cứ.';
  await act('truongphuong', 'publish', { result_summary: summary });
  const list = await getExpect('/results', 'store');
  assert.ok(list.text.includes(code), 'the list shows the newly published result');
  const stats1 = await getExpect('/results/stats', 'store');
  assert.notEqual(stats1.text, stats0, 'the statistics count the newly published result');
});
