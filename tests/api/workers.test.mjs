// Handlers run on a pool of workers; the I/O threads only parse, answer
// /healthz and static files, and send. So a slow request holds one worker,
// never the other connections of its I/O thread; a request that waited in
// the queue past its deadline answers 503 without running; a full queue
// answers 503 at once; writers waiting on the write lock never deadlock.
//
// The slow request is the test-only route /api/v1/test/slow (served when the
// server starts with MINHBACH_TEST_SLOW_ROUTE=1): its query runs until its
// deadline (?hold_ms=N sets its own) or the server's stop. Synchronisation:
// the log line "slow request started", and /healthz's queue figures.

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { startServer, api, withLog } from '../lib/server.mjs';

async function startWith(env, extraArgs = []) {
  const saved = { ...process.env };
  Object.assign(process.env, { MINHBACH_TEST_SLOW_ROUTE: '1', ...env });
  try {
    return await startServer({ demo: true, extraArgs });
  } finally {
    for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
    Object.assign(process.env, saved);
  }
}

function count(srv, re) { return (srv.log().match(new RegExp(re.source, 'g')) || []).length; }

/** Resolves once the server's log holds `n` lines matching re. */
function logged(srv, re, n = 1) {
  return new Promise((resolve) => {
    if (count(srv, re) >= n) { resolve(); return; }
    const on = () => { if (count(srv, re) >= n) { srv.proc.stderr.off('data', on); resolve(); } };
    srv.proc.stderr.on('data', on);
  });
}

/** Polls /healthz (answered on the I/O thread) until pred(its JSON) holds. */
async function healthUntil(srv, pred) {
  for (;;) {
    const h = await api(srv.url, 'GET', '/healthz');
    assert.equal(h.status, 200, h.text);
    if (pred(h.json)) return h.json;
  }
}

let srv;
after(async () => { if (srv) await srv.cleanup(); });
// Each test starts its own server and stops it even when it fails: a server left running
// keeps this file's process alive, and the run hangs instead of reporting the failure.
const t = (name, fn) => test(name, { timeout: 60000 }, async (ctx) => {
  try {
    await withLog(() => srv, fn)(ctx);
  } finally {
    if (srv) { await srv.cleanup(); srv = null; }
  }
});

t('with one I/O thread, a slow request never stalls the other connections', async () => {
  srv = await startWith({ MINHBACH_REQUEST_DEADLINE_MS: '600000', MINHBACH_THREADS: '1', MINHBACH_WORKERS: '2' });
  const slow = api(srv.url, 'GET', '/api/v1/test/slow').catch((e) => e);
  await logged(srv, /slow request started/);
  // A read that needs a worker, a page, and /healthz: all answer while the
  // slow request still runs on the one I/O thread's connections.
  const units = await api(srv.url, 'GET', '/api/v1/units');
  assert.equal(units.status, 200, units.text);
  const home = await api(srv.url, 'GET', '/');
  assert.equal(home.status, 200);
  const h = await healthUntil(srv, () => true);
  assert.equal(h.working, 1);
  await srv.cleanup();
  srv = null;
  const r = await slow;
  assert.equal(r.status, 503);
});

t('a request that waited in the queue past its deadline answers 503 without running', async () => {
  srv = await startWith({ MINHBACH_REQUEST_DEADLINE_MS: '1500', MINHBACH_THREADS: '1', MINHBACH_WORKERS: '1' });
  // The one worker is held for 4 s, past the 1.5 s deadline of the next one.
  const first = api(srv.url, 'GET', '/api/v1/test/slow?hold_ms=4000');
  await logged(srv, /slow request started/);
  const queued = api(srv.url, 'GET', '/api/v1/test/slow');
  await healthUntil(srv, (h) => h.queued === 1);
  const q = await queued;
  assert.equal(q.status, 503, q.text);
  assert.equal(q.headers.get('retry-after'), '5');
  assert.equal(q.json.error.code, 'timeout');
  assert.equal(count(srv, /slow request started/), 1, 'the queued request must not run');
  const f = await first;
  assert.equal(f.status, 503);
  // The worker serves the next request as usual.
  assert.equal((await api(srv.url, 'GET', '/api/v1/units')).status, 200);
  await srv.cleanup();
  srv = null;
});

t('a full queue answers 503 with Retry-After at once', async () => {
  srv = await startWith({ MINHBACH_REQUEST_DEADLINE_MS: '600000', MINHBACH_THREADS: '1', MINHBACH_WORKERS: '1',
    MINHBACH_QUEUE: '1' });
  const running = api(srv.url, 'GET', '/api/v1/test/slow').catch((e) => e);
  await logged(srv, /slow request started/);
  const waiting = api(srv.url, 'GET', '/api/v1/test/slow').catch((e) => e);
  await healthUntil(srv, (h) => h.queued === 1 && h.working === 1);
  const r = await api(srv.url, 'GET', '/api/v1/units');
  assert.equal(r.status, 503, r.text);
  assert.equal(r.headers.get('retry-after'), '5');
  assert.equal(r.json.error.code, 'server_busy');
  assert.match(r.json.error.message_en, /busy/);
  await srv.cleanup();
  srv = null;
  // The stop answers both: the running one interrupted, the queued one without running.
  assert.equal((await running).status, 503);
  assert.equal((await waiting).status, 503);
});

t('every worker waiting on the write lock: all the writes are done, none deadlocks', async () => {
  srv = await startWith({ MINHBACH_THREADS: '1', MINHBACH_WORKERS: '3', MINHBACH_TRUSTED_PROXY: '127.0.0.1' });
  const body = (i) => ({
    kind: 'feedback', category: 'harassment', unit: 'phuong-chieng-coi',
    title: `Phản ánh số ${i}`, body: 'Cán bộ yêu cầu nộp thêm giấy tờ không có trong thủ tục.',
    name: 'Lò Văn Minh', address: 'Bản Nà Cạn, phường Chiềng Cơi', phone: '0987 654 321',
  });
  const n = 24;
  const rs = await Promise.all(Array.from({ length: n }, (_, i) =>
    api(srv.url, 'POST', '/api/v1/cases', { body: body(i), headers: { 'X-Forwarded-For': `198.51.100.${i + 1}` } })));
  for (const r of rs) assert.equal(r.status, 201, r.text);
  assert.equal(new Set(rs.map((r) => r.json.code)).size, n);
  assert.doesNotMatch(srv.log(), /database is locked/);
});

// The connections are spread over the I/O threads: one acceptor hands each new connection to
// libmicrohttpd, which gives it to a thread by its socket's number. When every I/O thread
// accepted on the shared socket itself, the first awake took them all (a load run's 32
// keep-alive connections on one thread, the other idle). Checked on /metrics'
// minhbach_io_thread_connections while 12 keep-alive connections are open, each having been
// answered once (so each is counted where it is served).
t('keep-alive connections are spread over the I/O threads', async () => {
  srv = await startWith({ MINHBACH_THREADS: '2' });
  const u = new URL(srv.url);
  const open = [];
  try {
    for (let i = 0; i < 12; i++) {
      const sock = net.connect({ host: u.hostname, port: Number(u.port) });
      await new Promise((resolve, reject) => { sock.once('connect', resolve); sock.once('error', reject); });
      const answered = new Promise((resolve, reject) => {
        let raw = '';
        sock.setEncoding('utf8');
        sock.on('data', (d) => { raw += d; if (/\r\n\r\n[\s\S]*\}/.test(raw)) resolve(raw); });
        sock.once('error', reject);
        sock.once('close', () => reject(new Error(`closed before an answer: ${raw}`)));
      });
      sock.write(`GET /healthz HTTP/1.1\r\nHost: ${u.host}\r\n\r\n`);
      assert.match(await answered, /^HTTP\/1\.1 200 /);
      open.push(sock);
    }
    const m = await api(srv.url, 'GET', '/metrics');
    assert.equal(m.status, 200, m.text);
    const per = [...m.text.matchAll(/^minhbach_io_thread_connections\{thread="(\d+)"\} (\d+)$/gm)].map((x) => Number(x[2]));
    assert.equal(per.length, 2, m.text);
    // 12 held, and the one asking: each thread serves at least a third of them.
    assert.ok(per[0] + per[1] >= 12, `${per}`);
    for (const n of per) assert.ok(n >= 4, `connections per I/O thread: ${per}`);
  } finally {
    for (const s of open) s.destroy();
  }
});
