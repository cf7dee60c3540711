// The background jobs (deadline marks of dossiers and reports, mail, ledger
// checkpoints) run beside a write load without ever meeting a locked
// database: every pass does its work, none fails or is put off as busy.
//
// MINHBACH_JOB_INTERVAL=1 makes every job run each second; each pass logs
// "pass N done" at debug level. The load goes on until every job has made
// three passes during it and a checkpoint covers a head written under load.

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { startServer, api, ledgerHead, withLog } from '../lib/server.mjs';

let srv;
after(async () => { if (srv) await srv.cleanup(); });

const passes = (job) => (srv.log().match(new RegExp(`comp=${job} msg="pass \\d+ done"`, 'g')) || []).length;

function lastCheckpointSeq() {
  let text = '';
  try { text = fs.readFileSync(`${srv.dbPath}.checkpoints`, 'utf8'); } catch { return 0; }
  const lines = text.trim().split('\n').filter(Boolean);
  return lines.length ? JSON.parse(lines[lines.length - 1]).seq : 0;
}

test('background jobs beside a write load: every pass done, never "database is locked"', { timeout: 180000 },
  withLog(() => srv, async () => {
    const saved = { ...process.env };
    Object.assign(process.env, { MINHBACH_JOB_INTERVAL: '1', MINHBACH_TRUSTED_PROXY: '127.0.0.1' });
    try {
      srv = await startServer({ demo: true, extraArgs: ['--log-level', 'debug'] });
    } finally {
      for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
      Object.assign(process.env, saved);
    }
    const jobs = ['dossier', 'cases', 'mail', 'checkpoint'];
    const before = Object.fromEntries(jobs.map((j) => [j, passes(j)]));
    let n = 0;
    let underLoad = 0;
    const write = async () => {
      n++;
      const r = await api(srv.url, 'POST', '/api/v1/cases', {
        headers: { 'X-Forwarded-For': `198.51.${(n >> 8) & 255}.${n & 255}` },
        body: {
          kind: 'feedback', category: 'harassment', unit: 'phuong-chieng-coi',
          title: `Phản ánh số ${n}`, body: 'Cán bộ yêu cầu nộp thêm giấy tờ không có trong thủ tục.',
          name: 'Lò Văn Minh', address: 'Bản Nà Cạn, phường Chiềng Cơi', phone: '0987 654 321',
        },
      });
      assert.equal(r.status, 201, r.text);
    };
    for (;;) {
      await Promise.all(Array.from({ length: 6 }, write));
      if (!underLoad) underLoad = (await ledgerHead(srv.url)).seq;
      if (jobs.every((j) => passes(j) - before[j] >= 3) && lastCheckpointSeq() >= underLoad) break;
    }
    const log = srv.log();
    assert.doesNotMatch(log, /database is locked/);
    assert.doesNotMatch(log, /retried at the next pass/);
    assert.doesNotMatch(log, /level=(warn|error) comp=(dossier|cases|mail|ledger|checkpoint)/);
    assert.ok(n >= 6);
  }));
