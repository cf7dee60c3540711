// Test harness for Minh Bạch black-box tests: starts the server binary on a
// fresh demo database, talks to its JSON API, and runs its CLI.
//
// The binary is $MINHBACH_BIN, by default <repo>/build/minhbach.
// Synchronisation is by events only (a stdout line, a process exit, a
// response); the timers here are failure guards, never waits.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const REPO = path.resolve(here, '..', '..');
export const BIN = process.env.MINHBACH_BIN || path.join(REPO, 'build', 'minhbach');
export const DEMO_PASSWORD = 'minhbach-demo';

const START_GUARD_MS = Number(process.env.MB_START_TIMEOUT_MS || 30000);
const live = new Set();

process.on('exit', () => {
  for (const p of live) {
    try { p.kill('SIGKILL'); } catch { /* already gone */ }
  }
});

// Resolves when the process has exited AND its stdio streams are closed
// ('close', not 'exit'): output can still arrive after 'exit', and the log
// file must not be ended before the last of it is written. Called right after
// spawn, so the event cannot have passed.
function waitClosed(proc) {
  return new Promise((resolve) => {
    proc.once('close', (code, signal) => resolve({ code, signal }));
  });
}

/**
 * Runs the minhbach binary with `args`; resolves {code, signal, stdout, stderr}.
 */
export function runCli(args, { timeoutMs = 60000, env } = {}) {
  return new Promise((resolve, reject) => {
    const proc = spawn(BIN, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    live.add(proc);
    let stdout = '';
    let stderr = '';
    proc.stdout.setEncoding('utf8').on('data', (d) => { stdout += d; });
    proc.stderr.setEncoding('utf8').on('data', (d) => { stderr += d; });
    const guard = setTimeout(() => {
      proc.kill('SIGKILL');
    }, timeoutMs);
    proc.once('error', (e) => {
      clearTimeout(guard);
      live.delete(proc);
      reject(new Error(`cannot run ${BIN} ${args.join(' ')}: ${e.message}`));
    });
    proc.once('close', (code, signal) => {
      clearTimeout(guard);
      live.delete(proc);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/**
 * Starts a server.
 *  - demo (default true): load the demo data into a new database first.
 *  - history (default false): with the demo's months of generated history
 *    (`minhbach demo` makes it by default; tests that count rows start
 *    without it: `--months 0`).
 *  - dir: reuse this directory (and its mb.db) instead of making a new one;
 *    with an existing database pass demo:false.
 * Returns {url, dir, dbPath, proc, stop(), kill9(), log(), logPath}.
 */
export async function startServer({ demo = true, history = false, dir, extraArgs = [] } = {}) {
  if (!fs.existsSync(BIN)) {
    throw new Error(`server binary not found: ${BIN} (build it with 'make build' or set MINHBACH_BIN)`);
  }
  const ownDir = !dir;
  if (!dir) dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'minhbach-test-'));
  try {
    return await start(dir, ownDir, demo, history, extraArgs);
  } catch (e) {
    if (ownDir && !process.env.MB_KEEP_TMP) await fsp.rm(dir, { recursive: true, force: true });
    throw e;
  }
}

async function start(dir, ownDir, demo, history, extraArgs) {
  const dbPath = path.join(dir, 'mb.db');
  const logPath = path.join(dir, 'server.log');

  if (demo) {
    const r = await runCli(['demo', '--db', dbPath, ...(history ? [] : ['--months', '0'])]);
    if (r.code !== 0) {
      throw new Error(`'minhbach demo --db ${dbPath}' exited ${r.code} (${r.signal})\n` +
        `stdout:\n${r.stdout}\nstderr:\n${r.stderr}`);
    }
  }

  const proc = spawn(BIN, ['serve', '--db', dbPath, '--port', '0', '--listen', '127.0.0.1', ...extraArgs],
    { stdio: ['ignore', 'pipe', 'pipe'] });
  live.add(proc);
  let stdoutAll = '';
  let stderrAll = '';
  const logStream = fs.createWriteStream(logPath, { flags: 'a' });
  proc.stderr.setEncoding('utf8').on('data', (d) => { stderrAll += d; logStream.write(d); });
  const exited = waitClosed(proc).then((r) => { live.delete(proc); return r; });

  const url = await new Promise((resolve, reject) => {
    let pending = '';
    let done = false;
    const finish = (err, value) => {
      if (done) return;
      done = true;
      clearTimeout(guard);
      if (err) reject(err); else resolve(value);
    };
    const guard = setTimeout(() => {
      proc.kill('SIGKILL');
      finish(new Error(`server did not print 'listening on http://...' within ${START_GUARD_MS} ms\n` +
        `stdout:\n${stdoutAll}\nstderr:\n${stderrAll}`));
    }, START_GUARD_MS);
    proc.stdout.setEncoding('utf8').on('data', (d) => {
      stdoutAll += d;
      logStream.write(d);
      if (done) return;
      pending += d;
      let nl;
      while ((nl = pending.indexOf('\n')) >= 0) {
        const line = pending.slice(0, nl);
        pending = pending.slice(nl + 1);
        const m = /listening on (http:\/\/\S+)/.exec(line);
        if (m) { finish(null, m[1].replace(/\/+$/, '')); return; }
      }
    });
    proc.once('error', (e) => finish(new Error(`cannot start ${BIN}: ${e.message}`)));
    exited.then(({ code, signal }) => finish(new Error(
      `server exited (code ${code}, signal ${signal}) before listening\nstdout:\n${stdoutAll}\nstderr:\n${stderrAll}`)));
  });

  const server = {
    url,
    dir,
    dbPath,
    logPath,
    proc,
    exited,
    failed: false,
    /** stderr (and stdout) seen so far. */
    log() { return `--- server stdout ---\n${stdoutAll}\n--- server stderr ---\n${stderrAll}`; },
    /** SIGTERM and wait for exit; resolves {code, signal}. */
    async stop() {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGTERM');
      const r = await exited;
      logStream.end();
      return r;
    },
    /** SIGKILL and wait for exit. */
    async kill9() {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
      const r = await exited;
      logStream.end();
      return r;
    },
    /** Stops the server, and removes the directory unless a test failed (or MB_KEEP_TMP is set). */
    async cleanup() {
      await server.stop();
      if (server.failed || process.env.MB_KEEP_TMP) {
        process.stderr.write(`[harness] keeping ${dir} (server log: ${logPath})\n`);
      } else if (ownDir) {
        await fsp.rm(dir, { recursive: true, force: true });
      }
    },
  };
  return server;
}

/**
 * Wraps a test body so that when it fails the server's output is attached to
 * the error and the temp directory is kept. `getServer` is the server or a
 * function returning it (for servers started in before()).
 */
export function withLog(getServer, fn) {
  return async (t) => {
    try {
      await fn(t);
    } catch (e) {
      const s = typeof getServer === 'function' ? getServer() : getServer;
      if (s) {
        s.failed = true;
        const tail = s.log().slice(-6000);
        try { e.message = `${e.message}\n${tail}`; } catch { /* read-only message */ }
        process.stderr.write(`[harness] server log (${s.logPath}):\n${tail}\n`);
      }
      throw e;
    }
  };
}

/**
 * Calls the API. body: an object (sent as JSON) or a string (sent as is).
 * Returns {status, headers, json, text}.
 */
export async function api(url, method, pathname, { body, cookie, csrf, headers = {} } = {}) {
  const h = { Accept: 'application/json', ...headers };
  let payload;
  if (body !== undefined) {
    payload = typeof body === 'string' || body instanceof Uint8Array ? body : JSON.stringify(body);
    if (!Object.keys(h).some((k) => k.toLowerCase() === 'content-type')) h['Content-Type'] = 'application/json';
  }
  if (cookie) h.Cookie = cookie;
  if (csrf) h['X-CSRF-Token'] = csrf;
  const res = await fetch(url + pathname, { method, headers: h, body: payload, redirect: 'manual' });
  const text = await res.text();
  let json = null;
  if (text.length && (res.headers.get('content-type') || '').includes('json')) {
    try { json = JSON.parse(text); } catch { json = null; }
  }
  return { status: res.status, headers: res.headers, json, text };
}

/** The `name=value` part of a Set-Cookie for cookie `name`, or null. */
export function cookieFrom(headers, name) {
  const all = typeof headers.getSetCookie === 'function' ? headers.getSetCookie() : [headers.get('set-cookie') || ''];
  for (const c of all) {
    const first = c.split(';')[0].trim();
    if (first.startsWith(name + '=')) return first;
  }
  return null;
}

/** The whole Set-Cookie header line for cookie `name`, or null. */
export function setCookieLine(headers, name) {
  const all = typeof headers.getSetCookie === 'function' ? headers.getSetCookie() : [headers.get('set-cookie') || ''];
  return all.find((c) => c.trim().startsWith(name + '=')) || null;
}

/**
 * Signs in through the API. Resolves {cookie, csrf, account, status}; throws
 * unless the answer is 200 with a mb_session cookie.
 */
export async function login(url, loginName, password = DEMO_PASSWORD) {
  const r = await api(url, 'POST', '/api/v1/session', { body: { login: loginName, password } });
  if (r.status !== 200) {
    throw new Error(`login ${loginName}: expected 200, got ${r.status}: ${r.text}`);
  }
  const cookie = cookieFrom(r.headers, 'mb_session');
  if (!cookie) throw new Error(`login ${loginName}: no mb_session cookie in ${JSON.stringify(r.headers.getSetCookie())}`);
  if (!r.json || typeof r.json.csrf_token !== 'string') throw new Error(`login ${loginName}: no csrf_token in ${r.text}`);
  return { cookie, csrf: r.json.csrf_token, account: r.json.account, status: r.status };
}

/** The ledger head ({seq, hash, ...}). */
export async function ledgerHead(url) {
  const r = await api(url, 'GET', '/api/v1/ledger/head');
  if (r.status !== 200 || !r.json) throw new Error(`GET /api/v1/ledger/head: ${r.status} ${r.text}`);
  return r.json;
}

/** The unit object from GET /api/v1/units/{id}. */
export async function getUnit(url, id) {
  const r = await api(url, 'GET', `/api/v1/units/${encodeURIComponent(id)}`);
  if (r.status !== 200 || !r.json || !r.json.unit) throw new Error(`GET /api/v1/units/${id}: ${r.status} ${r.text}`);
  return r.json.unit;
}
