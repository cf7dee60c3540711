// Connection limits that fit a reverse proxy, and the header deadline.
//
// - Behind the trusted proxy, clients are counted by the address the proxy
//   names in X-Forwarded-For (requests at once, 429 with Retry-After beyond
//   --per-ip-limit); the proxy's own address has no connection limit.
// - Beyond --max-connections open connections a request answers 503 with
//   Retry-After (and the connection is closed), not a reset.
// - A connection that has not completed its request headers within
//   --header-deadline seconds is closed, whatever it trickles.
//
// Requests are held open without sleeps: each sends its headers with
// "Expect: 100-continue" and its body only later; the server answers
// "100 Continue" once it has admitted (and counted) the request.

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { startServer, api, withLog } from '../lib/server.mjs';

async function startWith(env, extraArgs = []) {
  const saved = { ...process.env };
  Object.assign(process.env, env);
  try {
    return await startServer({ demo: true, extraArgs });
  } finally {
    for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
    Object.assign(process.env, saved);
  }
}

const BODY = '{}';

/** Parses a raw HTTP answer (the last one, after any 100 Continue). */
function parse(raw) {
  const parts = raw.split('\r\n\r\n');
  let i = 0;
  while (/^HTTP\/1\.1 100 /.test(parts[i] || '')) i++;
  const head = parts[i] || '';
  const status = Number((/^HTTP\/1\.1 (\d{3})/.exec(head) || [])[1] || 0);
  const headers = {};
  for (const line of head.split('\r\n').slice(1)) {
    const c = line.indexOf(':');
    if (c > 0) headers[line.slice(0, c).toLowerCase()] = line.slice(c + 1).trim();
  }
  const text = parts.slice(i + 1).join('\r\n\r\n');
  let json = null;
  try { json = JSON.parse(text); } catch { /* not JSON */ }
  return { status, headers, text, json };
}

/**
 * Opens a connection and sends a POST's headers. Resolves once the server
 * answered: `admitted` (100 Continue: the request is counted and waits for its
 * body) or `answered` (a final answer, e.g. 429). finish() sends the body and
 * resolves with the parsed answer.
 */
function hold(url, xff) {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const sock = net.connect({ host: u.hostname, port: Number(u.port) });
    let raw = '';
    let ended = null;
    const endP = new Promise((r) => { ended = r; });
    sock.setEncoding('utf8');
    // Closed (or reset) before any answer: refused at connect.
    // The message says how (a socket error's code, or the server's end of the stream) and
    // when, so that a refusal nobody expected can be told from the server's limits.
    const t0 = Date.now();
    const refused = (how) => {
      if (!raw) reject(Object.assign(new Error(`refused (${how} after ${Date.now() - t0} ms)`), { code: 'REFUSED' }));
    };
    sock.on('error', (e) => refused(e.code || e.message));
    sock.on('end', () => { refused('end of stream'); ended(parse(raw)); });
    sock.on('close', () => { refused('closed'); ended(parse(raw)); });
    sock.on('connect', () => {
      sock.write(`POST /api/v1/receipts/verify HTTP/1.1\r\nHost: ${u.host}\r\n` +
        `Content-Type: application/json\r\nContent-Length: ${BODY.length}\r\nExpect: 100-continue\r\n` +
        'Connection: close\r\n' + (xff ? `X-Forwarded-For: ${xff}\r\n` : '') + '\r\n');
    });
    const onData = (d) => {
      raw += d;
      if (/^HTTP\/1\.1 100 /.test(raw) && raw.includes('\r\n\r\n')) {
        sock.off('data', onData);
        sock.on('data', (more) => { raw += more; });
        resolve({ admitted: true, finish: () => { sock.write(BODY); return endP; } });
      } else if (/^HTTP\/1\.1 [2-5]\d\d /.test(raw)) {
        sock.off('data', onData);
        sock.on('data', (more) => { raw += more; });
        endP.then((a) => resolve({ admitted: false, answer: a }));
      }
    };
    sock.on('data', onData);
  });
}

/** Resolves once the server's log holds a line matching re. */
function logged(srv, re) {
  return new Promise((resolve) => {
    if (re.test(srv.log())) { resolve(); return; }
    const on = () => { if (re.test(srv.log())) { srv.proc.stderr.off('data', on); resolve(); } };
    srv.proc.stderr.on('data', on);
  });
}

let srv;
after(async () => { if (srv) await srv.cleanup(); });
// Each test starts its own server and stops it even when it fails: a server left running
// keeps this file's process alive, and the run hangs instead of reporting the failure.
const t = (name, fn) => test(name, { timeout: 120000 }, async (ctx) => {
  try {
    await withLog(() => srv, fn)(ctx);
  } finally {
    if (srv) { await srv.cleanup(); srv = null; }
  }
});

t('through the trusted proxy, 250 clients at once are all served, beyond the old 200 per address', async () => {
  srv = await startWith({ MINHBACH_TRUSTED_PROXY: '127.0.0.1' });
  const n = 250;
  const held = await Promise.all(Array.from({ length: n }, (_, i) =>
    hold(srv.url, `203.0.113.${i % 250 + 1}, 10.${i >> 8}.${i & 255}.9`)));
  for (const h of held) assert.equal(h.admitted, true);
  const answers = await Promise.all(held.map((h) => h.finish()));
  for (const a of answers) {
    assert.equal(a.status, 200, a.text);
    assert.equal(a.json.valid, false);
  }
  await srv.cleanup();
  srv = null;
});

t('one real client over its limit behind the proxy answers 429 with Retry-After; others are served', async () => {
  srv = await startWith({ MINHBACH_TRUSTED_PROXY: '127.0.0.1', MINHBACH_PER_IP_LIMIT: '3' });
  const client = '198.51.100.7';
  const held = [];
  for (let i = 0; i < 3; i++) held.push(await hold(srv.url, client));
  for (const h of held) assert.equal(h.admitted, true);
  const over = await hold(srv.url, client);
  assert.equal(over.admitted, false);
  assert.equal(over.answer.status, 429, over.answer.text);
  assert.equal(over.answer.headers['retry-after'], '5');
  assert.equal(over.answer.json.error.code, 'too_many_requests');
  assert.match(over.answer.json.error.message, /quá nhiều yêu cầu/);
  // Another client of the same proxy is served meanwhile.
  const other = await api(srv.url, 'GET', '/api/v1/units', { headers: { 'X-Forwarded-For': '198.51.100.8' } });
  assert.equal(other.status, 200);
  for (const h of held) assert.equal((await h.finish()).status, 200);
  // Its requests done, the client is served again.
  const again = await api(srv.url, 'GET', '/api/v1/units', { headers: { 'X-Forwarded-For': client } });
  assert.equal(again.status, 200);
  await srv.cleanup();
  srv = null;
});

t('without a trusted proxy, an address over its connection limit is refused at connect', async () => {
  srv = await startWith({ MINHBACH_PER_IP_LIMIT: '3' });
  const held = [];
  for (let i = 0; i < 3; i++) held.push(await hold(srv.url));
  const refused = await hold(srv.url).then(() => 'answered', (e) => e.code || 'error');
  assert.equal(refused, 'REFUSED');
  for (const h of held) assert.equal((await h.finish()).status, 200);
  await srv.cleanup();
  srv = null;
});

t('beyond the global connection limit a request answers 503 with Retry-After, not a reset', async () => {
  srv = await startWith({ MINHBACH_MAX_CONNECTIONS: '4' });
  const held = [];
  for (let i = 0; i < 4; i++) held.push(await hold(srv.url));
  for (const h of held) assert.equal(h.admitted, true);
  const over = await hold(srv.url);
  assert.equal(over.admitted, false);
  assert.equal(over.answer.status, 503, over.answer.text);
  assert.equal(over.answer.headers['retry-after'], '5');
  assert.equal(over.answer.json.error.code, 'server_full');
  for (const h of held) assert.equal((await h.finish()).status, 200);
  assert.equal((await api(srv.url, 'GET', '/healthz')).status, 200);
  await srv.cleanup();
  srv = null;
});

t('a connection trickling its headers is closed at the header deadline while others are served', async () => {
  srv = await startWith({ MINHBACH_HEADER_DEADLINE: '1' });
  const u = new URL(srv.url);
  const sock = net.connect({ host: u.hostname, port: Number(u.port) });
  sock.on('error', () => {});
  let received = '';
  sock.setEncoding('latin1').on('data', (d) => { received += d; });
  const closed = new Promise((resolve) => sock.on('close', () => resolve(true)));
  await new Promise((resolve) => sock.on('connect', resolve));
  sock.write('GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ');
  // One byte a second: 60 bytes would take a minute; the server must cut it short.
  let sent = 0;
  const trickle = (async () => {
    while (sent < 60 && !sock.destroyed && sock.writable) {
      sock.write('a');
      sent++;
      if (await Promise.race([closed, new Promise((r) => setTimeout(() => r(false), 1000))])) return;
    }
  })();
  // Meanwhile a normal request on another connection answers.
  const h = await api(srv.url, 'GET', '/healthz');
  assert.equal(h.status, 200);
  assert.equal(await closed, true);
  await trickle;
  assert.ok(sent < 60, `the server closed the connection only after ${sent} bytes`);
  assert.equal(received, '', 'no answer to a request whose headers never completed');
  await logged(srv, /sent no complete request headers within 1 s/);
  await srv.cleanup();
  srv = null;
});
