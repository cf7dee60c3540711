// Shared assertions and small helpers for the Minh Bạch black-box tests.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { REPO } from './server.mjs';

/**
 * Asserts that `r` (from api()) is the JSON error
 * {"error":{"code","field","message","message_en"}} with the given status and
 * code; `field` (when given, null included) must match too.
 */
export function assertError(r, status, code, field) {
  const ctx = `response ${r.status} ${r.text.slice(0, 500)}`;
  assert.equal(r.status, status, `status: ${ctx}`);
  assert.match(r.headers.get('content-type') || '', /application\/json/, `content-type: ${ctx}`);
  assert.ok(r.json && typeof r.json.error === 'object' && r.json.error !== null, `no error object: ${ctx}`);
  const e = r.json.error;
  assert.equal(e.code, code, `error.code: ${ctx}`);
  assert.ok('field' in e, `error.field missing: ${ctx}`);
  if (field !== undefined) assert.equal(e.field, field, `error.field: ${ctx}`);
  assert.equal(typeof e.message, 'string', `error.message: ${ctx}`);
  assert.ok(e.message.trim().length > 0, `error.message empty: ${ctx}`);
  assert.equal(typeof e.message_en, 'string', `error.message_en: ${ctx}`);
  assert.ok(e.message_en.trim().length > 0, `error.message_en empty: ${ctx}`);
}

/** Parses a CSV text with quoted fields (RFC 4180) into an array of objects. */
export function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') { field += '"'; i++; } else quoted = false;
      } else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(field); field = ''; }
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field); field = '';
      if (row.length > 1 || row[0] !== '') rows.push(row);
      row = [];
    } else field += c;
  }
  if (field !== '' || row.length) { row.push(field); rows.push(row); }
  const [head, ...body] = rows;
  return body.map((r) => Object.fromEntries(head.map((h, i) => [h, r[i] ?? ''])));
}

/** The rows of data/units.csv. */
export function unitsCsv() {
  return parseCsv(fs.readFileSync(path.join(REPO, 'data', 'units.csv'), 'utf8'));
}

/** The value of hidden input `name` (e.g. `_csrf`) in an HTML page, or null. */
export function hiddenInput(html, name) {
  for (const m of html.matchAll(/<input\b[^>]*>/gi)) {
    const tag = m[0];
    const n = /\bname\s*=\s*("([^"]*)"|'([^']*)'|([^\s>]+))/i.exec(tag);
    const nv = n && (n[2] ?? n[3] ?? n[4]);
    if (nv !== name) continue;
    const v = /\bvalue\s*=\s*("([^"]*)"|'([^']*)'|([^\s>]+))/i.exec(tag);
    return v ? (v[2] ?? v[3] ?? v[4]) : '';
  }
  return null;
}

/** Decodes the HTML character references that matter to these tests. */
export function htmlDecode(s) {
  return s
    .replace(/&#x([0-9a-f]+);/gi, (_, h) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_, d) => String.fromCodePoint(Number(d)))
    .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'").replace(/&nbsp;/g, '\u00a0').replace(/&amp;/g, '&');
}

/** Fetches a page as text; resolves {status, headers, text}. */
export async function page(url, pathname, { cookie, headers = {} } = {}) {
  const h = { Accept: 'text/html', ...headers };
  if (cookie) h.Cookie = cookie;
  const res = await fetch(url + pathname, { headers: h, redirect: 'manual' });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

export const ISO_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})$/;

/** A WAV file of n samples (8 kHz, 8-bit mono): a counter recording; seed makes distinct bytes. */
export function wav(n = 4000, seed = 1) {
  const b = Buffer.alloc(44 + n);
  b.write('RIFF', 0); b.writeUInt32LE(36 + n, 4); b.write('WAVEfmt ', 8); b.writeUInt32LE(16, 16);
  b.writeUInt16LE(1, 20); b.writeUInt16LE(1, 22); b.writeUInt32LE(8000, 24); b.writeUInt32LE(8000, 28);
  b.writeUInt16LE(1, 32); b.writeUInt16LE(8, 34); b.write('data', 36); b.writeUInt32LE(n, 40);
  for (let i = 0; i < n; i++) b[44 + i] = (128 + Math.round(50 * Math.sin((i * seed) / 3))) & 0xff;
  return b;
}
