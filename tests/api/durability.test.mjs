// SIGKILL durability: every acknowledged change survives a crash, and the
// ledger stays intact.

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fsp from 'node:fs/promises';
import { startServer, runCli, api, login, ledgerHead, getUnit, withLog } from '../lib/server.mjs';

const K = 30;          // sequential acknowledged changes
const CONCURRENT = 16; // changes in flight when the server is killed
const UNIT = 'phuong-chieng-coi';

let srv;
let srv2;
let dir;
after(async () => {
  if (srv2) await srv2.stop();
  if (srv) await srv.kill9();
  const failed = (srv && srv.failed) || (srv2 && srv2.failed);
  if (dir && !failed && !process.env.MB_KEEP_TMP) await fsp.rm(dir, { recursive: true, force: true });
});

test('acknowledged changes survive SIGKILL; verify passes; the last acknowledged value is served after restart',
  withLog(() => srv2 || srv, async (t) => {
    srv = await startServer({ demo: true });
    dir = srv.dir;
    const s = await login(srv.url, 'truongphuong');
    const patch = (place) => api(srv.url, 'PATCH', `/api/v1/units/${UNIT}`, {
      cookie: s.cookie, csrf: s.csrf, body: { reception_place: place },
    });

    const seq0 = (await ledgerHead(srv.url)).seq;
    const acked = [];
    for (let n = 1; n <= K; n++) {
      const place = `Phòng tiếp dân số ${n}`;
      const r = await patch(place);
      assert.equal(r.status, 200, `PATCH ${n}: ${r.text}`);
      assert.equal(r.json.unit.reception_place, place);
      acked.push(place);
    }
    assert.equal((await ledgerHead(srv.url)).seq, seq0 + K);

    // Fire more changes at once; kill the server as soon as the first answer
    // arrives, while the others are still in flight.
    const inflight = [];
    for (let n = K + 1; n <= K + CONCURRENT; n++) {
      const place = `Phòng tiếp dân số ${n}`;
      inflight.push(patch(place).then((r) => ({ place, r })));
    }
    await Promise.race(inflight.map((p) => p.catch(() => null)));
    const killed = await srv.kill9();
    assert.equal(killed.signal, 'SIGKILL', `server was not killed by SIGKILL: ${JSON.stringify(killed)}`);
    const settled = await Promise.allSettled(inflight);
    const concurrentAcked = settled
      .filter((x) => x.status === 'fulfilled' && x.value.r.status === 200)
      .map((x) => x.value.place);
    for (const x of settled) {
      if (x.status === 'fulfilled') {
        assert.equal(x.value.r.status, 200, `in-flight PATCH answered ${x.value.r.status}: ${x.value.r.text}`);
      }
    }
    const ackCount = K + concurrentAcked.length;
    t.diagnostic(`in flight: ${CONCURRENT}, acknowledged before the kill: ${concurrentAcked.length}`);

    const v = await runCli(['verify', '--db', srv.dbPath]);
    assert.equal(v.code, 0, `verify after SIGKILL exited ${v.code}\nstdout:${v.stdout}\nstderr:${v.stderr}`);

    srv2 = await startServer({ demo: false, dir: srv.dir });
    const head = await ledgerHead(srv2.url);
    t.diagnostic(`ledger seq before: ${seq0}, after restart: ${head.seq}`);
    assert.ok(head.seq >= seq0 + ackCount,
      `ledger seq ${head.seq} < ${seq0} + ${ackCount} acknowledged changes: acknowledged changes were lost`);
    assert.ok(head.seq <= seq0 + K + CONCURRENT, `ledger seq ${head.seq} counts more changes than were sent`);

    const u = await getUnit(srv2.url, UNIT);
    const concurrentAll = Array.from({ length: CONCURRENT }, (_, i) => `Phòng tiếp dân số ${K + 1 + i}`);
    if (concurrentAcked.length > 0) {
      // Some in-flight change was acknowledged: the value is one of the in-flight ones.
      assert.ok(concurrentAll.includes(u.reception_place),
        `after restart reception_place is ${JSON.stringify(u.reception_place)}, not one of the in-flight values though ${concurrentAcked.length} were acknowledged`);
    } else {
      assert.ok(u.reception_place === acked[acked.length - 1] || concurrentAll.includes(u.reception_place),
        `after restart reception_place is ${JSON.stringify(u.reception_place)}, expected ${JSON.stringify(acked[acked.length - 1])} (the last acknowledged) or an in-flight value`);
    }
    // The number of stored changes matches the value: the head's changes beyond K are in-flight ones.
    if (head.seq === seq0 + K) {
      assert.equal(u.reception_place, acked[acked.length - 1], 'no in-flight change was stored, so the value must be the last acknowledged');
    }

    // The restarted server verifies its own ledger too.
    const insp = await login(srv2.url, 'thanhtra');
    const rv = await api(srv2.url, 'GET', '/api/v1/ledger/verify', { cookie: insp.cookie });
    assert.equal(rv.status, 200, rv.text);
    assert.equal(rv.json.ok, true);
    assert.equal(rv.json.events, head.seq);

    // And keeps working.
    const a = await login(srv2.url, 'truongphuong');
    const r = await api(srv2.url, 'PATCH', `/api/v1/units/${UNIT}`, { cookie: a.cookie, csrf: a.csrf, body: { reception_place: 'Sau khi khởi động lại' } });
    assert.equal(r.status, 200, r.text);
    assert.equal((await ledgerHead(srv2.url)).seq, head.seq + 1);

    const st = await srv2.stop();
    assert.equal(st.code, 0, `SIGTERM exit: ${JSON.stringify(st)}`);
    const v2 = await runCli(['verify', '--db', srv.dbPath]);
    assert.equal(v2.code, 0, `verify after restart exited ${v2.code}\n${v2.stdout}${v2.stderr}`);
  }));
