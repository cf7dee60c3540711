// Every request has a deadline; one slow request never stalls the others,
// and SIGTERM stops the server whatever is running.
//
// The slow request is the test-only route /test/slow (and /api/v1/test/slow):
// its query never ends by itself, so only the deadline (or the stop) ends it.
// The route exists only when the server starts with MINHBACH_TEST_SLOW_ROUTE=1.
// Synchronisation: the server logs "slow request started" when the query
// begins; the tests wait for that line.

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { startServer, api, withLog } from '../lib/server.mjs';

/** Starts a server with the test route and the given request deadline. */
async function startSlow(deadlineMs, extraArgs = []) {
  const saved = { ...process.env };
  process.env.MINHBACH_TEST_SLOW_ROUTE = '1';
  process.env.MINHBACH_REQUEST_DEADLINE_MS = String(deadlineMs);
  try {
    return await startServer({ demo: true, extraArgs });
  } finally {
    for (const k of ['MINHBACH_TEST_SLOW_ROUTE', 'MINHBACH_REQUEST_DEADLINE_MS']) {
      if (k in saved) process.env[k] = saved[k]; else delete process.env[k];
    }
  }
}

/** Resolves once the server's log holds `n` lines matching re. */
function logged(srv, re, n = 1) {
  const count = () => (srv.log().match(new RegExp(re.source, 'g')) || []).length;
  return new Promise((resolve) => {
    if (count() >= n) { resolve(); return; }
    const on = () => { if (count() >= n) { srv.proc.stderr.off('data', on); resolve(); } };
    srv.proc.stderr.on('data', on);
  });
}

let srv;
after(async () => { if (srv) await srv.cleanup(); });

test('a request past its deadline answers 503 with Retry-After while /healthz answers', { timeout: 60000 },
  withLog(() => srv, async () => {
    srv = await startSlow(1500);
    const slow = api(srv.url, 'GET', '/api/v1/test/slow');
    await logged(srv, /slow request started/);
    const h = await api(srv.url, 'GET', '/healthz');
    assert.equal(h.status, 200, h.text);
    assert.equal(h.json.status, 'ok');
    const r = await slow;
    assert.equal(r.status, 503, r.text);
    assert.equal(r.headers.get('retry-after'), '5');
    assert.equal(r.json.error.code, 'timeout');
    assert.match(r.json.error.message, /quá thời hạn/);
    assert.match(r.json.error.message_en, /ran out of time/);

    // A page answers with the HTML error page, in English when asked.
    const p = await api(srv.url, 'GET', '/test/slow?lang=en');
    assert.equal(p.status, 503, p.text);
    assert.equal(p.headers.get('retry-after'), '5');
    assert.match(p.headers.get('content-type') || '', /text\/html/);
    assert.match(p.headers.get('cache-control') || '', /no-store/);
    assert.match(p.text, /ran out of time/);

    // The worker that ran it serves the next requests as usual.
    for (let i = 0; i < 8; i++) assert.equal((await api(srv.url, 'GET', '/api/v1/units')).status, 200);
  }));

test('SIGTERM stops the server while slow requests run', { timeout: 60000 },
  withLog(() => srv, async () => {
    if (srv) { await srv.cleanup(); srv = null; }
    // A deadline of ten minutes: only the stop can end these requests.
    srv = await startSlow(600000);
    const pending = [];
    for (let i = 0; i < 8; i++) pending.push(api(srv.url, 'GET', '/api/v1/test/slow').catch((e) => e));
    for (let i = 0; i < 8; i++) pending.push(api(srv.url, 'GET', '/api/v1/units').catch((e) => e));
    await logged(srv, /slow request started/);
    const { code, signal } = await srv.stop();
    assert.equal(signal, null);
    assert.equal(code, 0, srv.log());
    assert.match(srv.log(), /msg="stopped"/);
    await Promise.all(pending);
  }));

test('a client that goes away stops its work', { timeout: 60000 },
  withLog(() => srv, async () => {
    if (srv) { await srv.cleanup(); srv = null; }
    // One worker and a ten-minute deadline: /healthz can answer only once the
    // abandoned request's query has stopped.
    srv = await startSlow(600000, ['--threads', '1']);
    const req = http.get(srv.url + '/api/v1/test/slow');
    req.on('error', () => {});
    await logged(srv, /slow request started/);
    req.destroy();
    const h = await api(srv.url, 'GET', '/healthz');
    assert.equal(h.status, 200, h.text);
    assert.equal(h.json.status, 'ok');
  }));
