// The staff queues come a page at a time from a cursor (keyset), not an
// offset: GET /api/v1/cases?limit=K&after=<code of the last case seen> walks the
// queue newest first; following `next` lists every case of the queue exactly
// once, in order, and the last page says so (next: null). An unknown cursor is
// a clear error naming the field. (The plans behind it: tests/unit/test_queues_plan.c.)

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, login } from '../lib/server.mjs';
import { assertError } from '../lib/check.mjs';

let srv, inspector;
before(async () => {
  srv = await startServer({ demo: true, history: true });
  inspector = await login(srv.url, 'thanhtra');
});
after(async () => { if (srv) await srv.cleanup(); });

const list = (q) => api(srv.url, 'GET', `/api/v1/cases?${q}`, { cookie: inspector.cookie });

test('following next lists the whole queue once, newest first, page by page', async () => {
  const whole = await list('view=all&limit=500');
  assert.equal(whole.status, 200, whole.text);
  const all = whole.json.cases.map((c) => c.code);
  assert.ok(all.length > 7, `the demo history has cases (${all.length})`);
  assert.equal(whole.json.next, null);
  const seen = [];
  let after = '', pages = 0;
  for (;;) {
    const r = await list(`view=all&limit=3${after ? `&after=${after}` : ''}`);
    assert.equal(r.status, 200, r.text);
    assert.ok(r.json.cases.length <= 3);
    seen.push(...r.json.cases.map((c) => c.code));
    pages++;
    if (r.json.next === null) break;
    assert.equal(r.json.next, r.json.cases[r.json.cases.length - 1].code);
    after = r.json.next;
    assert.ok(pages < 1000);
  }
  assert.deepEqual(seen, all);
  assert.equal(pages, Math.ceil(all.length / 3) + (all.length % 3 === 0 ? 1 : 0));
});

test('an unknown cursor is refused, naming the field', async () => {
  const r = await list('view=all&limit=3&after=DT-000101-9999');
  assertError(r, 422, 'invalid_field', 'after');
});
