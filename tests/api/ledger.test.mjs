// The ledger's signed head, its public key, and the inspector's verify API.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { startServer, api, login, ledgerHead, withLog } from '../lib/server.mjs';
import { assertError, ISO_RE } from '../lib/check.mjs';

let srv;
before(async () => { srv = await startServer({ demo: true }); });
after(async () => { if (srv) await srv.cleanup(); });
const t = (name, fn) => test(name, withLog(() => srv, fn));

const SPKI_ED25519_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

async function publicKey() {
  const r = await api(srv.url, 'GET', '/api/v1/ledger/key');
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.algorithm, 'Ed25519');
  assert.match(r.json.public_key, /^[0-9a-f]{64}$/, 'public_key must be 64 lowercase hex digits');
  return crypto.createPublicKey({
    key: Buffer.concat([SPKI_ED25519_PREFIX, Buffer.from(r.json.public_key, 'hex')]),
    format: 'der', type: 'spki',
  });
}

function checkHeadShape(h) {
  assert.ok(Number.isInteger(h.seq) && h.seq >= 1, `seq: ${h.seq}`);
  assert.match(h.hash, /^[0-9a-f]{64}$/, 'hash');
  assert.match(h.signed_at, ISO_RE, 'signed_at');
  assert.equal(typeof h.message, 'string');
  assert.match(h.signature, /^[0-9a-f]{128}$/, 'signature');
  assert.ok(h.message.includes(h.hash), `message does not contain the hash: ${h.message}`);
  assert.ok(new RegExp(`(^|\\D)${h.seq}(\\D|$)`).test(h.message), `message does not contain the seq: ${h.message}`);
}

const verifySig = (key, h) => crypto.verify(null, Buffer.from(h.message, 'utf8'), key, Buffer.from(h.signature, 'hex'));

t('the ledger head is signed with the published Ed25519 key', async () => {
  const key = await publicKey();
  const h = await ledgerHead(srv.url);
  checkHeadShape(h);
  assert.equal(verifySig(key, h), true, 'signature does not verify');
});

t('a forged message or signature does not verify (the check has teeth)', async () => {
  const key = await publicKey();
  const h = await ledgerHead(srv.url);
  const otherSeq = { ...h, message: h.message.replace(String(h.seq), String(h.seq + 1)) };
  assert.notEqual(otherSeq.message, h.message);
  assert.equal(verifySig(key, otherSeq), false);
  const sig = Buffer.from(h.signature, 'hex');
  sig[5] ^= 0x01;
  assert.equal(verifySig(key, { ...h, signature: sig.toString('hex') }), false);
});

t('the key is stable and the head is re-signed after each change', async () => {
  const k1 = (await api(srv.url, 'GET', '/api/v1/ledger/key')).json.public_key;
  const key = await publicKey();
  const h1 = await ledgerHead(srv.url);
  const a = await login(srv.url, 'quantri');
  const r = await api(srv.url, 'PATCH', '/api/v1/units/so-noi-vu', {
    cookie: a.cookie, csrf: a.csrf, body: { reception_place: 'Phòng tiếp công dân, Sở Nội vụ' },
  });
  assert.equal(r.status, 200, r.text);
  const h2 = await ledgerHead(srv.url);
  checkHeadShape(h2);
  assert.equal(h2.seq, h1.seq + 1);
  assert.notEqual(h2.hash, h1.hash);
  assert.notEqual(h2.message, h1.message);
  assert.equal(verifySig(key, h2), true, 'new head signature does not verify');
  assert.equal((await api(srv.url, 'GET', '/api/v1/ledger/key')).json.public_key, k1, 'public key changed');
});

t('reading the head twice without changes gives the same seq and hash', async () => {
  const a = await ledgerHead(srv.url);
  const b = await ledgerHead(srv.url);
  assert.equal(a.seq, b.seq);
  assert.equal(a.hash, b.hash);
});

t('inspector verifies the ledger: 200 {ok:true, events:N}', async () => {
  const s = await login(srv.url, 'thanhtra');
  const h = await ledgerHead(srv.url);
  const r = await api(srv.url, 'GET', '/api/v1/ledger/verify', { cookie: s.cookie });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.ok, true);
  assert.ok(Number.isInteger(r.json.events), `events: ${r.json.events}`);
  assert.equal(r.json.events, h.seq, 'events verified should equal the head seq');
});

for (const who of ['quantri', 'giamsat', 'congdan', 'truongphuong', 'thanhtranoivu', 'motcua']) {
  t(`${who} may not call the verify API: 403 forbidden`, async () => {
    const s = await login(srv.url, who);
    assertError(await api(srv.url, 'GET', '/api/v1/ledger/verify', { cookie: s.cookie }), 403, 'forbidden');
  });
}

t('verify API without a session: 401 unauthenticated', async () => {
  assertError(await api(srv.url, 'GET', '/api/v1/ledger/verify'), 401, 'unauthenticated');
});

t('reading the ledger does not change it', async () => {
  const h = await ledgerHead(srv.url);
  const s = await login(srv.url, 'thanhtra');
  await api(srv.url, 'GET', '/api/v1/ledger/verify', { cookie: s.cookie });
  await api(srv.url, 'GET', '/api/v1/ledger/key');
  await api(srv.url, 'GET', '/api/v1/units/so-y-te');
  const h2 = await ledgerHead(srv.url);
  assert.equal(h2.seq, h.seq);
  assert.equal(h2.hash, h.hash);
});
