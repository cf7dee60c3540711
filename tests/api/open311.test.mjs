// Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2) conformance:
// discovery, services, service definitions, requests (GET and POST), one
// request and tokens, in XML (parsed with python3's xml.etree) and JSON; the
// spec's error format; API keys from the CLI; privacy of denunciations;
// bad inputs that change nothing; the per-address rate limit.
//
// The server trusts 127.0.0.1 as its proxy, so each group of tests speaks from
// its own address (X-Forwarded-For) and the POST limit of one group does not
// leak into another.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, runCli, api, login, ledgerHead, withLog } from '../lib/server.mjs';
import { ISO_RE, unitsCsv } from '../lib/check.mjs';
import { parseXml, kids, kid, txt, tags } from '../lib/open311.mjs';

let server;
let url;
let key;
const UNIT = 'phuong-chieng-coi';
const VI = /[àáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđ]/i;
const OFFSET_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+07:00$/;
const CODE_RE = /^DT-\d{6}-\d{4}$/;


// The ledger head without its signing time.
async function head() {
  const h = await ledgerHead(url);
  return { seq: h.seq, hash: h.hash };
}

async function get(path, headers = {}) {
  const res = await fetch(url + path, { headers });
  const text = await res.text();
  return { status: res.status, type: res.headers.get('content-type') || '', text, headers: res.headers };
}
async function getJson(path) {
  const r = await get(path);
  assert.equal(r.status, 200, `${path}: ${r.status} ${r.text.slice(0, 300)}`);
  assert.equal(r.type, 'application/json; charset=utf-8');
  return JSON.parse(r.text);
}
async function getXml(path) {
  const r = await get(path);
  assert.equal(r.status, 200, `${path}: ${r.status} ${r.text.slice(0, 300)}`);
  assert.equal(r.type, 'text/xml; charset=utf-8');
  return parseXml(r.text);
}
async function post(fmt, fields, from, { raw } = {}) {
  const body = raw ?? new URLSearchParams(fields).toString();
  const res = await fetch(`${url}/open311/v2/requests.${fmt}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Forwarded-For': from },
    body,
  });
  return { status: res.status, type: res.headers.get('content-type') || '', text: await res.text(), headers: res.headers };
}

/** Asserts the spec's error body in either format, with the code and a description naming `field`. */
function assertSpecError(r, fmt, status, field) {
  const ctx = `${r.status} ${r.text.slice(0, 400)}`;
  assert.equal(r.status, status, ctx);
  if (fmt === 'json') {
    assert.equal(r.type, 'application/json; charset=utf-8', ctx);
    const j = JSON.parse(r.text);
    assert.ok(Array.isArray(j) && j.length === 1, ctx);
    assert.deepEqual(Object.keys(j[0]), ['code', 'description'], ctx);
    assert.equal(j[0].code, status, ctx);
    assert.ok(j[0].description.length > 0, ctx);
    if (field) assert.ok(j[0].description.startsWith(`${field}:`), `description should name ${field}: ${ctx}`);
  } else {
    assert.equal(r.type, 'text/xml; charset=utf-8', ctx);
    const x = parseXml(r.text);
    assert.equal(x.tag, 'errors');
    const e = kid(x, 'error');
    assert.deepEqual(tags(e), ['code', 'description']);
    assert.equal(txt(e, 'code'), String(status));
    if (field) assert.ok(txt(e, 'description').startsWith(`${field}:`), `description should name ${field}: ${ctx}`);
  }
}

const good = (over = {}) => ({
  api_key: key,
  service_code: 'harassment',
  lat: '21.3271',
  long: '103.9144',
  'attribute[unit]': UNIT,
  description: 'Cán bộ một cửa yêu cầu nộp thêm giấy xác nhận không có trong danh mục thủ tục, hẹn đi hẹn lại ba lần.',
  ...over,
});

before(async () => {
  server = await startServer({ demo: true, extraArgs: ['--trusted-proxy', '127.0.0.1'] });
  url = server.url;
  const r = await runCli(['open311-key', 'create', 'test-app', '--db', server.dbPath]);
  assert.equal(r.code, 0, r.stderr);
  const m = /\b(o311_[0-9a-f]{40})\b/.exec(r.stdout);
  assert.ok(m, `no key in: ${r.stdout}`);
  key = m[1];
});
after(async () => { if (server) await server.cleanup(); });

test('discovery in XML and JSON', withLog(() => server, async () => {
  const j = await getJson('/open311/v2/discovery.json');
  assert.deepEqual(Object.keys(j), ['changeset', 'contact', 'key_service', 'endpoints']);
  assert.match(j.changeset, ISO_RE);
  assert.equal(j.endpoints.length, 1);
  const ep = j.endpoints[0];
  assert.deepEqual(Object.keys(ep), ['specification', 'url', 'changeset', 'type', 'formats']);
  assert.equal(ep.specification, 'http://wiki.open311.org/GeoReport_v2');
  assert.match(ep.url, /^http:\/\/127\.0\.0\.1:\d+\/open311\/v2$/);
  assert.equal(ep.type, 'production');
  assert.deepEqual(ep.formats, ['text/xml', 'application/json']);

  const x = await getXml('/open311/v2/discovery.xml');
  assert.equal(x.tag, 'discovery');
  assert.deepEqual(tags(x), ['changeset', 'contact', 'key_service', 'endpoints']);
  const e = kid(kid(x, 'endpoints'), 'endpoint');
  assert.deepEqual(tags(e), ['specification', 'url', 'changeset', 'type', 'formats']);
  assert.equal(txt(e, 'specification'), 'http://wiki.open311.org/GeoReport_v2');
  assert.deepEqual(kids(kid(e, 'formats'), 'format').map((f) => f.text), ['text/xml', 'application/json']);
}));

const SERVICE_KEYS = ['service_code', 'service_name', 'description', 'metadata', 'type', 'keywords', 'group'];

test('services: the case categories, Vietnamese names, in XML and JSON', withLog(() => server, async () => {
  const j = await getJson('/open311/v2/services.json');
  assert.ok(Array.isArray(j) && j.length >= 5);
  const codes = j.map((s) => s.service_code);
  for (const c of ['harassment', 'rudeness', 'delay']) assert.ok(codes.includes(c), `no service ${c} in ${codes}`);
  assert.equal(new Set(codes).size, codes.length);
  for (const s of j) {
    assert.deepEqual(Object.keys(s), SERVICE_KEYS);
    assert.equal(s.metadata, true);
    assert.equal(s.type, 'realtime');
    assert.match(s.service_name, VI, `service_name not Vietnamese: ${s.service_name}`);
    assert.ok(s.group.length > 0 && s.description.length > 0);
  }
  const en = await getJson('/open311/v2/services.json?lang=en');
  assert.deepEqual(en.map((s) => s.service_code), codes);
  assert.notEqual(en[0].service_name, j[0].service_name);

  const x = await getXml('/open311/v2/services.xml');
  assert.equal(x.tag, 'services');
  const svc = kids(x, 'service');
  assert.equal(svc.length, j.length);
  for (const s of svc) assert.deepEqual(tags(s), SERVICE_KEYS);
  assert.deepEqual(svc.map((s) => txt(s, 'service_code')), codes);
  assert.equal(txt(svc[0], 'metadata'), 'true');
}));

test('service definition: attributes unit, kind, dossier, official, reporter_address', withLog(() => server, async () => {
  const j = await getJson('/open311/v2/services/harassment.json');
  assert.deepEqual(Object.keys(j), ['service_code', 'attributes']);
  assert.equal(j.service_code, 'harassment');
  assert.deepEqual(j.attributes.map((a) => a.code), ['unit', 'kind', 'dossier', 'official', 'reporter_address']);
  assert.deepEqual(j.attributes.map((a) => a.order), [1, 2, 3, 4, 5]);
  for (const a of j.attributes) {
    assert.deepEqual(Object.keys(a).slice(0, 7),
      ['variable', 'code', 'datatype', 'required', 'datatype_description', 'order', 'description']);
    assert.equal(a.variable, true);
  }
  // The unit is a list of every unit (a client's users cannot know our codes),
  // optional: without it the report goes by its location.
  const unit = j.attributes[0];
  assert.equal(unit.datatype, 'singlevaluelist');
  assert.equal(unit.required, false);
  assert.deepEqual(unit.values.map((v) => v.key).sort(), unitsCsv().map((u) => u.code).sort());
  assert.equal(unit.values.find((v) => v.key === 'phuong-chieng-coi').name, 'Phường Chiềng Cơi');
  const kind = j.attributes[1];
  assert.equal(kind.datatype, 'singlevaluelist');
  assert.equal(kind.required, false);
  assert.deepEqual(kind.values.map((v) => v.key), ['feedback', 'petition', 'complaint', 'denunciation']);
  for (const v of kind.values) assert.deepEqual(Object.keys(v), ['key', 'name']);
  assert.equal(j.attributes[2].required, false);
  assert.equal(j.attributes[3].required, false);
  assert.equal(j.attributes[4].required, false);

  const x = await getXml('/open311/v2/services/harassment.xml');
  assert.equal(x.tag, 'service_definition');
  assert.equal(txt(x, 'service_code'), 'harassment');
  const attrs = kids(kid(x, 'attributes'), 'attribute');
  assert.equal(attrs.length, 5);
  assert.deepEqual(tags(attrs[0]), ['variable', 'code', 'datatype', 'required', 'datatype_description', 'order', 'description', 'values']);
  assert.equal(kids(kid(attrs[0], 'values'), 'value').length, unitsCsv().length);
  assert.deepEqual(tags(attrs[1]), ['variable', 'code', 'datatype', 'required', 'datatype_description', 'order', 'description', 'values']);
  const values = kids(kid(attrs[1], 'values'), 'value');
  assert.deepEqual(values.map((v) => txt(v, 'key')), ['feedback', 'petition', 'complaint', 'denunciation']);
  assert.equal(txt(attrs[0], 'required'), 'false');

  assertSpecError(await get('/open311/v2/services/potholes.json'), 'json', 404, 'service_code');
  assertSpecError(await get('/open311/v2/services/potholes.xml'), 'xml', 404, 'service_code');
}));

test('POST without a valid api_key: 403 in both formats, nothing changes', withLog(() => server, async () => {
  const from = '10.0.0.1';
  const h0 = await head();
  const { api_key: _, ...nokey } = good();
  assertSpecError(await post('xml', nokey, from), 'xml', 403, 'api_key');
  assertSpecError(await post('json', nokey, from), 'json', 403, 'api_key');
  assertSpecError(await post('json', good({ api_key: key.replace(/.$/, (c) => (c === '0' ? '1' : '0')) }), from), 'json', 403, 'api_key');
  // No CSRF token is asked for (the key authorises), but no key is still no.
  assertSpecError(await post('json', good({ api_key: '' }), from), 'json', 403, 'api_key');
  assert.deepEqual(await head(), h0);
}));

let created;     // {id, token, body}
let createdXml;

test('POST with a key creates a case; GET shows it open with Vietnamese notes', withLog(() => server, async () => {
  const from = '10.0.0.2';
  const fields = good({ first_name: 'Lò Thị', last_name: 'Báo', email: 'lo.thi.bao@example.org', phone: '0912345678',
    media_url: 'https://example.org/photo.jpg', address_string: 'Tổ 3, phường Chiềng Cơi' });
  const r = await post('json', fields, from);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.type, 'application/json; charset=utf-8');
  assert.equal(r.headers.get('cache-control'), 'no-store');
  const j = JSON.parse(r.text);
  assert.ok(Array.isArray(j) && j.length === 1);
  assert.deepEqual(Object.keys(j[0]).filter((k) => k !== 'token'), ['service_request_id', 'service_notice']);
  assert.ok(!('account_id' in j[0]));
  assert.match(j[0].service_request_id, CODE_RE);
  assert.match(j[0].token, /^[0-9a-f]{32}$/);
  assert.ok(j[0].service_notice.includes(j[0].service_request_id), j[0].service_notice);
  assert.match(j[0].service_notice, /mã tra cứu \S+/);
  created = { id: j[0].service_request_id, token: j[0].token, body: fields.description };

  const g = await getJson(`/open311/v2/requests/${created.id}.json`);
  assert.equal(g.length, 1);
  const q = g[0];
  assert.equal(q.service_request_id, created.id);
  assert.equal(q.status, 'open');
  assert.match(q.status_notes, VI);
  assert.match(q.status_notes, /\(.+\)$/, 'the English label in parentheses');
  assert.equal(q.service_code, 'harassment');
  assert.match(q.service_name, VI);
  assert.equal(q.description, fields.description.slice(0, 120).trim());
  assert.ok(q.agency_responsible.length > 0);
  for (const k of ['requested_datetime', 'updated_datetime', 'expected_datetime']) {
    assert.match(q[k], OFFSET_RE, `${k}: ${q[k]}`);
    assert.match(q[k], ISO_RE);
  }
  assert.ok(Date.parse(q.expected_datetime) > Date.parse(q.requested_datetime));
  assert.ok(Math.abs(Date.parse(q.requested_datetime) - Date.now()) < 10 * 60 * 1000, 'received now');
  assert.equal(q.lat, 21.3271);
  assert.equal(q.long, 103.9144);
  assert.equal(q.address, 'Tổ 3, phường Chiềng Cơi');
  assert.equal(q.media_url, 'https://example.org/photo.jpg');
  const all = JSON.stringify(g);
  for (const secret of ['Lò Thị', 'Báo', 'lo.thi.bao', '0912345678']) assert.ok(!all.includes(secret), `identity leaked: ${secret}`);

  const x = await getXml(`/open311/v2/requests/${created.id}.xml`);
  assert.equal(x.tag, 'service_requests');
  const req = kid(x, 'request');
  for (const t of ['service_request_id', 'status', 'status_notes', 'service_name', 'service_code', 'description',
    'agency_responsible', 'service_notice', 'requested_datetime', 'updated_datetime', 'expected_datetime', 'address',
    'lat', 'long', 'media_url']) kid(req, t);
  assert.equal(txt(req, 'status'), 'open');
  assert.match(txt(req, 'requested_datetime'), OFFSET_RE);

  const t = await getJson(`/open311/v2/tokens/${created.token}.json`);
  assert.deepEqual(t, [{ service_request_id: created.id, token: created.token }]);
  const tx = await getXml(`/open311/v2/tokens/${created.token}.xml`);
  assert.equal(txt(kid(tx, 'request'), 'service_request_id'), created.id);
  assertSpecError(await get(`/open311/v2/tokens/${'0'.repeat(32)}.json`), 'json', 404, 'token');
  assertSpecError(await get('/open311/v2/requests/DT-000101-0001.xml'), 'xml', 404, 'service_request_id');
  assertSpecError(await get('/open311/v2/requests/nonsense.json'), 'json', 404, 'service_request_id');
}));

test('POST in XML, by address_string only, anonymous', withLog(() => server, async () => {
  const { lat: _a, long: _b, ...nolat } = good({ service_code: 'delay', address_string: 'Bộ phận Một cửa phường Chiềng Cơi' });
  const r = await post('xml', nolat, '10.0.0.3');
  assert.equal(r.status, 200, r.text);
  assert.equal(r.type, 'text/xml; charset=utf-8');
  const x = parseXml(r.text);
  assert.equal(x.tag, 'service_requests');
  const req = kid(x, 'request');
  assert.deepEqual(tags(req), ['service_request_id', 'token', 'service_notice']);
  createdXml = txt(req, 'service_request_id');
  assert.match(createdXml, CODE_RE);
  const g = await getJson(`/open311/v2/requests/${createdXml}.json`);
  assert.equal(g[0].service_code, 'delay');
  // Without a location of its own, the request is placed at its unit's position.
  const u = unitsCsv().find((x) => x.code === UNIT);
  assert.deepEqual([g[0].lat, g[0].long], [Number(u.lat), Number(u.lon)]);
  assert.equal(g[0].address, 'Bộ phận Một cửa phường Chiềng Cơi');
  // address_id alone is a location too (kept in the address).
  const { lat: _c, long: _d, ...nolat2 } = good({ address_id: '545483' });
  const r2 = await post('json', nolat2, '10.0.0.3');
  assert.equal(r2.status, 200, r2.text);
  const g2 = await getJson(`/open311/v2/requests/${JSON.parse(r2.text)[0].service_request_id}.json`);
  assert.equal(g2[0].address, 'address_id: 545483');
}));

test('GET requests: the list, its filters and its bad filters', withLog(() => server, async () => {
  const j = await getJson('/open311/v2/requests.json');
  const ids = j.map((q) => q.service_request_id);
  assert.ok(ids.includes(created.id) && ids.includes(createdXml), `${ids}`);
  for (const q of j) {
    assert.ok(['open', 'closed'].includes(q.status));
    assert.match(q.requested_datetime, OFFSET_RE);
  }
  const x = await getXml('/open311/v2/requests.xml');
  assert.equal(x.tag, 'service_requests');
  assert.deepEqual(kids(x, 'request').map((q) => txt(q, 'service_request_id')), ids);

  const byCode = await getJson('/open311/v2/requests.json?service_code=delay');
  assert.ok(byCode.every((q) => q.service_code === 'delay') && byCode.some((q) => q.service_request_id === createdXml));
  const two = await getJson('/open311/v2/requests.json?service_code=delay,harassment');
  assert.ok(two.some((q) => q.service_request_id === created.id) && two.some((q) => q.service_request_id === createdXml));
  const open = await getJson('/open311/v2/requests.json?status=open');
  assert.ok(open.some((q) => q.service_request_id === created.id));
  const closed = await getJson('/open311/v2/requests.json?status=closed');
  assert.ok(!closed.some((q) => q.service_request_id === created.id));
  const byId = await getJson(`/open311/v2/requests.json?service_request_id=${created.id},${createdXml}&status=closed`);
  assert.deepEqual(byId.map((q) => q.service_request_id), [created.id, createdXml], 'ids ignore the other filters');
  const future = await getJson('/open311/v2/requests.json?start_date=2099-01-01T00:00:00Z');
  assert.deepEqual(future, []);
  const now = new Date();
  const start = new Date(now.getTime() - 86400000).toISOString().replace(/\.\d+Z$/, 'Z');
  const end = new Date(now.getTime() + 86400000).toISOString().replace(/\.\d+Z$/, '+00:00');
  const ranged = await getJson(`/open311/v2/requests.json?start_date=${start}&end_date=${encodeURIComponent(end)}`);
  assert.ok(ranged.some((q) => q.service_request_id === created.id));

  assertSpecError(await get('/open311/v2/requests.json?status=pending'), 'json', 400, 'status');
  assertSpecError(await get('/open311/v2/requests.xml?service_code=potholes'), 'xml', 400, 'service_code');
  assertSpecError(await get('/open311/v2/requests.json?start_date=yesterday'), 'json', 400, 'start_date');
  assertSpecError(await get('/open311/v2/requests.json?start_date=2026-01-01T00:00:00Z&end_date=2026-06-01T00:00:00Z'), 'json', 400, 'end_date');
  assertSpecError(await get('/open311/v2/nothing.json'), 'json', 404);
  assertSpecError(await get('/open311/v2/requests.csv'), 'xml', 404);
}));

test('a denunciation is not listed and shows only its status', withLog(() => server, async () => {
  const body = 'Ông cán bộ địa chính XYZ-BÍ-MẬT đòi 5 triệu đồng mới ký xác nhận hồ sơ đất.';
  const r = await post('json', good({ service_code: 'harassment', 'attribute[kind]': 'denunciation', description: body,
    first_name: 'Hà Văn', last_name: 'Tố', email: 'ha.van.to@example.org', address_string: 'Nhà riêng số 7',
    'attribute[reporter_address]': 'Bản Hẻo, xã Chiềng Ngần' }), '10.0.0.4');
  assert.equal(r.status, 200, r.text);
  const id = JSON.parse(r.text)[0].service_request_id;
  const list = await getJson('/open311/v2/requests.json');
  assert.ok(!list.some((q) => q.service_request_id === id), 'a denunciation must not be listed');
  assert.deepEqual(await getJson(`/open311/v2/requests.json?service_request_id=${id}`), []);
  const g = await getJson(`/open311/v2/requests/${id}.json`);
  assert.equal(g.length, 1);
  assert.equal(g[0].status, 'open');
  assert.equal(g[0].description, 'Tố cáo đã được tiếp nhận');
  for (const k of ['address', 'lat', 'long', 'media_url']) assert.ok(!(k in g[0]), `${k} shown for a denunciation`);
  const text = (await get(`/open311/v2/requests/${id}.xml`)).text + JSON.stringify(g);
  for (const secret of ['XYZ-BÍ-MẬT', '5 triệu', 'Hà Văn', 'ha.van.to', 'Nhà riêng', 'Bản Hẻo']) assert.ok(!text.includes(secret), `leaked: ${secret}`);
}));

test('bad inputs: the right status, the field named, nothing changed', withLog(() => server, async () => {
  const from = '10.0.0.5';
  const h0 = await head();
  const omit = (o, ...ks) => Object.fromEntries(Object.entries(o).filter(([k]) => !ks.includes(k)));
  const cases = [
    ['json', good({ service_code: 'potholes' }), 404, 'service_code'],
    ['xml', good({ service_code: 'potholes' }), 404, 'service_code'],
    ['json', omit(good(), 'service_code'), 400, 'service_code'],
    ['json', omit(good(), 'lat', 'long'), 400, 'lat'],
    ['xml', omit(good(), 'lat', 'long'), 400, 'lat'],
    ['json', good({ lat: 'abc' }), 400, 'lat'],
    ['json', good({ lat: '91' }), 400, 'lat'],
    ['json', good({ long: '1e2' }), 400, 'long'],
    ['json', omit(good(), 'long'), 400, 'long'],
    ['json', good({ 'attribute[colour]': 'red' }), 400, 'attribute[colour]'],
    ['json', good({ 'attribute[kind]': 'information' }), 400, 'attribute[kind]'],
    ['json', good({ description: '   ' }), 400, 'description'],
    ['json', good({ media_url: 'javascript:alert(1)' }), 400, 'media_url'],
    ['json', good({ email: 'chi.co.email@example.org' }), 400, 'first_name'],
    ['json', good({ 'attribute[kind]': 'denunciation', first_name: 'Có Tên' }), 400, 'attribute[reporter_address]'],
  ];
  for (const [fmt, fields, status, field] of cases) assertSpecError(await post(fmt, fields, from), fmt, status, field);
  const big = new URLSearchParams(good({ description: 'x'.repeat(40 * 1024) })).toString();
  assertSpecError(await post('json', null, from, { raw: big }), 'json', 413);
  assert.deepEqual(await head(), h0);
}));

test('a case closed through the cases API shows as closed', withLog(() => server, async () => {
  const s = await login(url, 'truongphuong');
  const r = await api(url, 'POST', `/api/v1/cases/${created.id}/actions/not_accept`,
    { cookie: s.cookie, csrf: s.csrf, body: { reason: 'Nội dung đã được giải quyết tại hồ sơ khác (thử nghiệm).' } });
  assert.equal(r.status, 200, r.text);
  const g = await getJson(`/open311/v2/requests/${created.id}.json`);
  assert.equal(g[0].status, 'closed');
  assert.match(g[0].status_notes, VI);
  assert.ok(!('expected_datetime' in g[0]));
  const closed = await getJson('/open311/v2/requests.json?status=closed');
  assert.ok(closed.some((q) => q.service_request_id === created.id));
  const open = await getJson('/open311/v2/requests.json?status=open');
  assert.ok(!open.some((q) => q.service_request_id === created.id));
}));

test('a revoked key stops working', withLog(() => server, async () => {
  const mk = await runCli(['open311-key', 'create', 'short-lived', '--db', server.dbPath]);
  assert.equal(mk.code, 0, mk.stderr);
  const k2 = /\b(o311_[0-9a-f]{40})\b/.exec(mk.stdout)[1];
  const again = await runCli(['open311-key', 'create', 'short-lived', '--db', server.dbPath]);
  assert.equal(again.code, 1, 'one active key per name');
  const ok = await post('json', good({ api_key: k2 }), '10.0.0.6');
  assert.equal(ok.status, 200, ok.text);
  const rv = await runCli(['open311-key', 'revoke', 'short-lived', '--db', server.dbPath]);
  assert.equal(rv.code, 0, rv.stderr);
  assertSpecError(await post('json', good({ api_key: k2 }), '10.0.0.6'), 'json', 403, 'api_key');
  const none = await runCli(['open311-key', 'revoke', 'short-lived', '--db', server.dbPath]);
  assert.equal(none.code, 1);
  const bad = await runCli(['open311-key', 'rotate', 'x', '--db', server.dbPath]);
  assert.equal(bad.code, 2);
}));

test('a burst of POSTs from one address gets 429 and changes nothing', withLog(() => server, async () => {
  const from = '10.0.0.7';
  let limited = null;
  let accepted = 0;
  for (let i = 0; i < 40 && !limited; i++) {
    const r = await post('json', good({ description: `Phản ánh số ${i} trong loạt gửi liên tiếp.` }), from);
    if (r.status === 429) limited = r;
    else { assert.equal(r.status, 200, r.text); accepted++; }
  }
  assert.ok(limited, 'no 429 after 40 POSTs');
  assert.ok(accepted >= 1, 'the first POSTs are accepted');
  assertSpecError(limited, 'json', 429);
  assert.ok(Number(limited.headers.get('retry-after')) > 0);
  const h0 = await head();
  const list0 = await getJson('/open311/v2/requests.json');
  assertSpecError(await post('xml', good(), from), 'xml', 429);
  assert.deepEqual(await head(), h0);
  assert.deepEqual(await getJson('/open311/v2/requests.json'), list0);
  // Another address is not limited.
  const other = await post('json', good(), '10.0.0.8');
  assert.equal(other.status, 200, other.text);
}));
