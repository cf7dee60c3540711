// What Open311 shows of a case before any result is published is the
// reporter's own words: they go out without the phone numbers, e-mail
// addresses and ID numbers a reporter may have written into them.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, withLog } from '../lib/server.mjs';

let srv;
test('Open311 answers redact the personal data written into a report', withLog(() => srv, async () => {
  srv = await startServer({ demo: true });
  try {
    const title = 'Gọi tôi 0912 345 678 hoặc lo.van.kiem@example.vn, CCCD 012345678901';
    const r = await api(srv.url, 'POST', '/api/v1/cases', {
      body: { kind: 'feedback', category: 'delay', unit: 'phuong-chieng-coi', title,
              body: 'Hồ sơ quá hạn hai tuần.', name: 'Lò Văn Kiểm' },
    });
    assert.equal(r.status, 201, r.text);
    const code = r.json.code;
    for (const path of [`/open311/v2/requests/${code}.json`, '/open311/v2/requests.json']) {
      const g = await api(srv.url, 'GET', path);
      assert.equal(g.status, 200);
      const req = g.json.find((x) => x.service_request_id === code);
      assert.ok(req, `${code} listed at ${path}`);
      assert.match(req.description, /Gọi tôi/);
      for (const leak of ['0912 345 678', 'lo.van.kiem@example.vn', '012345678901'])
        assert.ok(!req.description.includes(leak), `${path}: ${leak} in ${req.description}`);
    }
  } finally {
    await srv.cleanup();
  }
}));
