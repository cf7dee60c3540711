// Open311 with FixMyStreet's own client (perllib/Open311.pm of
// mysociety/fixmystreet).
//
// 1. When OPEN311_FMS_DIR names a FixMyStreet checkout or its git directory,
//    ../shared/tools/open311-client/run.pl drives FixMyStreet's client against
//    our server (its Perl modules: scripts/deps.sh --test). Otherwise the test
//    is skipped with a message saying so.
// 2. Always: the requests FixMyStreet makes, replayed from node as that client
//    sends them (learnt from Open311.pm, Open311/GetServiceRequestUpdates.pm and
//    Open311/UpdatesBase.pm): LWP's headers (no Accept), the .xml URLs, the
//    form fields of a report with its CRLF description, multipart when it
//    uploads photos, W3C-DTF dates in UTC with Z, and api_key on the updates
//    poll; then what FixMyStreet reads from each answer.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { startServer, runCli, api, login, withLog, REPO } from '../lib/server.mjs';
import { unitsCsv } from '../lib/check.mjs';
import { parseXml, kids, kid, txt, tags } from '../lib/open311.mjs';

let server;
let key;
before(async () => {
  server = await startServer({ demo: true, extraArgs: ['--trusted-proxy', '127.0.0.1'] });
  const r = await runCli(['open311-key', 'create', 'fixmystreet', '--db', server.dbPath]);
  assert.equal(r.code, 0, r.stderr);
  key = /o311_[0-9a-f]{40}/.exec(r.stdout)[0];
});
after(async () => { if (server) await server.cleanup(); });
const t = (name, fn, opts) => test(name, opts || {}, withLog(() => server, fn));

// --- 1. FixMyStreet's client itself ---

// ../shared beside the repository (as in CI); OPEN311_RUN_PL overrides it (e.g. from a worktree).
const RUN_PL = process.env.OPEN311_RUN_PL || path.resolve(REPO, '..', 'shared', 'tools', 'open311-client', 'run.pl');
const FMS_DIR = process.env.OPEN311_FMS_DIR;
const whyNotFms = !FMS_DIR ? 'OPEN311_FMS_DIR is not set (a FixMyStreet checkout or git dir: see ../shared/tools/open311-client/README.md)'
  : !fs.existsSync(FMS_DIR) ? `OPEN311_FMS_DIR=${FMS_DIR} does not exist`
    : !fs.existsSync(RUN_PL) ? `${RUN_PL} is missing (set OPEN311_RUN_PL)` : null;
if (whyNotFms) process.stderr.write(`[open311_fms] skipping FixMyStreet's own client: ${whyNotFms}\n`);

t("FixMyStreet's Open311.pm files, fetches, follows a token and polls updates (run.pl)", async () => {
  const out = await new Promise((resolve, reject) => {
    const p = spawn('perl', [RUN_PL, '--api-key', key, '--updates', '--timeout', '30', `${server.url}/open311/v2/`, FMS_DIR],
      { stdio: ['ignore', 'pipe', 'pipe'] });
    let text = '';
    p.stdout.setEncoding('utf8').on('data', (d) => { text += d; });
    p.stderr.setEncoding('utf8').on('data', (d) => { text += d; });
    p.once('error', reject);
    p.once('close', (code) => resolve({ code, text }));
  });
  process.stderr.write(`[open311_fms] run.pl:\n${out.text}`);
  assert.equal(out.code, 0, out.text);
  assert.match(out.text, /^# 11 ok, 0 failed, 0 skipped$/m);
}, { skip: whyNotFms || false });

// --- 2. The same requests, replayed ---

const BASE = '/open311/v2/';
const LWP_HEADERS = { 'User-Agent': 'libwww-perl/6.68' };   // and nothing else: LWP sends no Accept

/** One HTTP exchange with exactly these headers (node's fetch would add Accept and others). */
function lwp(method, pathname, { body, type } = {}) {
  const u = new URL(server.url + pathname);
  const headers = { ...LWP_HEADERS };
  if (body !== undefined) {
    headers['Content-Type'] = type;
    headers['Content-Length'] = Buffer.byteLength(body);
  }
  return new Promise((resolve, reject) => {
    const req = http.request({ host: u.hostname, port: u.port, path: u.pathname + u.search, method, headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, type: res.headers['content-type'] || '', text: Buffer.concat(chunks).toString('utf8') }));
    });
    req.once('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

/** URI's query_form: application/x-www-form-urlencoded, UTF-8, space as "+". */
const formEncode = (fields) => fields.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v).replace(/%20/g, '+')}`).join('&');
/** W3C-DTF in UTC, as DateTime::Format::W3CDTF writes it. */
const w3c = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

async function getXml(pathname) {
  const r = await lwp('GET', pathname);
  assert.equal(r.status, 200, `${pathname}: ${r.status} ${r.text.slice(0, 300)}`);
  return parseXml(r.text);
}

const DETAIL = 'Cán bộ một cửa đòi nộp thêm giấy xác nhận. Ünïcödé ✓';
/** The fields Open311.pm's _populate_service_request_params sends for a report. */
function report(marker, { unit, lat = '21.3050', long = '103.9350', extra = [] } = {}) {
  const fields = [
    ['api_key', key],
    ['service_code', 'harassment'],
    // title\n\ndetail\n\nurl\n, which HTTP::Request::Common sends with CRLF
    ['description', `Kiểm tra ${marker}\r\n\r\n${DETAIL}\r\n\r\nhttps://fixmystreet.invalid/report/424242\r\n`],
    ['first_name', 'Lò Văn'],
    ['last_name', 'An'],
    ['email', 'lo.van.an@example.org'],
    ['lat', lat],
    ['long', long],
    ['media_url', 'https://fixmystreet.invalid/photo/424242.0.full.jpeg'],
    ...extra,
  ];
  if (unit !== undefined) fields.push(['attribute[unit]', unit]);
  return fields;
}

async function postForm(fields) {
  const r = await lwp('POST', `${BASE}requests.xml`, { body: formEncode(fields), type: 'application/x-www-form-urlencoded' });
  assert.equal(r.status, 200, r.text);
  const x = parseXml(r.text);
  assert.equal(x.tag, 'service_requests');
  const req = kid(x, 'request');
  const id = txt(req, 'service_request_id');
  assert.match(id, /^DT-\d{6}-\d{4}$/);   // non-empty, not "0": FixMyStreet's truth test
  return { id, token: txt(req, 'token'), notice: txt(req, 'service_notice') };
}

/** The request as FixMyStreet's fetch-problems cron reads it. */
async function fetched(id) {
  const x = await getXml(`${BASE}requests.xml?service_request_id=${id}`);
  const reqs = kids(x, 'request');
  assert.equal(reqs.length, 1);
  const r = Object.fromEntries(reqs[0].children.map((c) => [c.tag, c.text]));
  return r;
}

const unitName = (code) => unitsCsv().find((u) => u.code === code).name_vi;

t('services.xml and the definition: the unit is a singlevaluelist of unit codes and names', async () => {
  const s = await getXml(`${BASE}services.xml`);
  const services = kids(s, 'service');
  assert.ok(services.length >= 1);
  for (const sv of services) {
    assert.ok(txt(sv, 'service_code') && txt(sv, 'service_name'));
    assert.equal(txt(sv, 'metadata'), 'true');
  }
  const d = await getXml(`${BASE}services/harassment.xml`);
  const attrs = kids(kid(d, 'attributes'), 'attribute');
  const unit = attrs.find((a) => txt(a, 'code') === 'unit');
  assert.equal(txt(unit, 'datatype'), 'singlevaluelist');
  assert.equal(txt(unit, 'required'), 'false');
  const values = kids(kid(unit, 'values'), 'value').map((v) => [txt(v, 'key'), txt(v, 'name')]);
  assert.deepEqual(new Map(values), new Map(unitsCsv().map((u) => [u.code, u.name_vi])));
  for (const a of attrs) assert.match(txt(a, 'order'), /^\d+$/);
});

t('a report with a unit from the list: filed, fetched by id, by date window and by token', async () => {
  const before = Date.now() - 1000;
  const p = await postForm(report('m1', { unit: 'phuong-chieng-sinh' }));
  const r = await fetched(p.id);
  assert.equal(r.agency_responsible, unitName('phuong-chieng-sinh'));
  assert.equal(r.status, 'open');
  assert.equal(r.service_code, 'harassment');
  assert.deepEqual([Number(r.lat), Number(r.long)], [21.305, 103.935]);
  // The text FixMyStreet posted comes back in <description>, UTF-8 intact, CRLF as LF.
  assert.ok(r.description.includes(DETAIL), r.description);
  assert.ok(r.description.includes('Kiểm tra m1'));
  assert.ok(!Number.isNaN(Date.parse(r.updated_datetime)) && !Number.isNaN(Date.parse(r.requested_datetime)));
  // The default fetch-problems cron: the last hour, W3C-DTF with Z.
  const w = await getXml(`${BASE}requests.xml?start_date=${w3c(before - 3600e3)}&end_date=${w3c(Date.now() + 1000)}`);
  assert.ok(kids(w, 'request').some((q) => txt(q, 'service_request_id') === p.id));
  for (const q of kids(w, 'request')) {
    for (const f of ['service_request_id', 'lat', 'long', 'updated_datetime']) assert.ok(txt(q, f), `${f} empty in ${txt(q, 'service_request_id')}`);
  }
  const tk = await getXml(`${BASE}tokens/${p.token}.xml`);
  assert.equal(txt(kid(tk, 'request'), 'service_request_id'), p.id);
});

t('no wrong door: without a valid unit, the nearest commune or ward by lat/long', async () => {
  const songMa = unitsCsv().find((u) => u.code === 'xa-song-ma');
  const lat = (Number(songMa.lat) + 0.01).toFixed(4);
  const long = (Number(songMa.lon) - 0.01).toFixed(4);
  const a = await postForm(report('m2', { lat, long }));   // no attribute[unit]: the client did not show it
  assert.equal((await fetched(a.id)).agency_responsible, unitName('xa-song-ma'));
  assert.match(a.notice, new RegExp(unitName('xa-song-ma')));
  const b = await postForm(report('m3', { unit: 'open311-client value', lat, long }));   // free text FixMyStreet's users typed
  assert.equal((await fetched(b.id)).agency_responsible, unitName('xa-song-ma'));
  const c = await postForm(report('m4', { unit: '', lat: String(songMa.lat), long: String(songMa.lon) }));
  assert.equal((await fetched(c.id)).agency_responsible, unitName('xa-song-ma'));
});

t("no wrong door: far from every commune (FixMyStreet's default London point) or without lat/long, the intake desk", async () => {
  const intake = unitName('van-phong-ubnd-tinh');
  const a = await postForm(report('m5', { unit: 'open311-client value', lat: '51.50101', long: '-0.14159' }));
  const r = await fetched(a.id);
  assert.equal(r.agency_responsible, intake);
  assert.deepEqual([Number(r.lat), Number(r.long)], [51.50101, -0.14159]);
  const noPlace = report('m6').filter(([k]) => k !== 'lat' && k !== 'long');
  noPlace.push(['address_string', 'Bản Mòng, Sơn La']);
  const b = await postForm(noPlace);
  assert.equal((await fetched(b.id)).agency_responsible, intake);
});

t('multipart/form-data, as FixMyStreet sends it when it uploads photos', async () => {
  const boundary = 'xYzZY';
  const fields = report('m7', { unit: 'phuong-to-hieu' });
  let body = '';
  for (const [k, v] of fields) body += `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`;
  body += `--${boundary}--\r\n`;
  const r = await lwp('POST', `${BASE}requests.xml`, { body, type: `multipart/form-data; boundary=${boundary}` });
  assert.equal(r.status, 200, r.text);
  const id = txt(kid(parseXml(r.text), 'request'), 'service_request_id');
  const got = await fetched(id);
  assert.equal(got.agency_responsible, unitName('phuong-to-hieu'));
  assert.ok(got.description.includes(DETAIL));
});

t('servicerequestupdates.xml: the fields FixMyStreet reads, inside the window it asked for', async () => {
  const p = await postForm(report('m8', { unit: 'phuong-chieng-coi' }));
  const head = await login(server.url, 'truongphuong');
  const acc = await api(server.url, 'POST', `/api/v1/cases/${p.id}/actions/accept`, { cookie: head.cookie, csrf: head.csrf, body: {} });
  assert.equal(acc.status, 200, acc.text);
  // GetServiceRequestUpdates: the last two hours, api_key always sent (maybe empty).
  const now = Date.now();
  const q = `start_date=${w3c(now - 2 * 3600e3)}&end_date=${w3c(now + 1000)}`;
  for (const k of [key, '']) {
    const x = await getXml(`${BASE}servicerequestupdates.xml?${q}&api_key=${k}`);
    assert.equal(x.tag, 'service_request_updates');
    const mine = kids(x, 'request_update').filter((u) => txt(u, 'service_request_id') === p.id);
    assert.deepEqual(mine.map((u) => txt(u, 'status')), ['open', 'in_progress']);
    assert.deepEqual(mine.map((u) => txt(u, 'external_status_code')), ['received', 'accepted']);
    const ids = new Set();
    for (const u of kids(x, 'request_update')) {
      assert.deepEqual(tags(u), ['update_id', 'service_request_id', 'status', 'updated_datetime', 'description', 'external_status_code']);
      ids.add(txt(u, 'update_id'));
      // UpdatesBase::check_date: inside [start, end] once in UTC.
      const at = Date.parse(txt(u, 'updated_datetime'));
      assert.ok(at >= now - 2 * 3600e3 - 1000 && at <= now + 1000, txt(u, 'updated_datetime'));
      assert.ok(txt(u, 'description').length > 0);
    }
    assert.equal(ids.size, kids(x, 'request_update').length, 'update_id is unique');
  }
  const j = await api(server.url, 'GET', `${BASE}servicerequestupdates.json?${q}`);
  assert.equal(j.status, 200);
  assert.ok(j.json.some((u) => u.service_request_id === p.id && u.status === 'in_progress'));
  // A wrong key is refused; an empty one is the public view.
  const bad = await lwp('GET', `${BASE}servicerequestupdates.xml?${q}&api_key=o311_${'0'.repeat(40)}`);
  assert.equal(bad.status, 403);
  assert.match(bad.text, /<errors><error><code>403<\/code>/);
});

t('updates: a denunciation filed through Open311 shows its status to the key that filed it, to nobody else', async () => {
  const fields = report('m9', { unit: 'phuong-chieng-coi', extra: [['attribute[kind]', 'denunciation'], ['attribute[reporter_address]', 'Bản Hìn, Chiềng Cơi']] });
  const p = await postForm(fields);
  const now = Date.now();
  const q = `start_date=${w3c(now - 3600e3)}&end_date=${w3c(now + 1000)}`;
  const withKey = await getXml(`${BASE}servicerequestupdates.xml?${q}&api_key=${key}`);
  const mine = kids(withKey, 'request_update').filter((u) => txt(u, 'service_request_id') === p.id);
  assert.equal(mine.length, 1);
  assert.ok(!txt(mine[0], 'description').includes('Kiểm tra'), 'no text of the denunciation');
  const pub = await getXml(`${BASE}servicerequestupdates.xml?${q}&api_key=`);
  assert.ok(!kids(pub, 'request_update').some((u) => txt(u, 'service_request_id') === p.id));
});
