// The main pages of the site, for checks that walk every page (layout at a
// phone's width, accessibility, the English UI): a demo server whose printed
// dossier codes and report passphrases are kept, and the list of pages a
// citizen, a unit head and the administrator open.

import assert from 'node:assert/strict';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startServer, runCli, api, DEMO_PASSWORD } from './server.mjs';
import { submitForm, newContext } from './browser.mjs';

export const UNIT = 'phuong-chieng-coi';
export const PROCEDURE = 'ht-dang-ky-khai-sinh';

/**
 * Loads the demo into a new directory, keeping what `minhbach demo` printed,
 * and starts a server on it. Resolves {srv, dossiers: [{code, secret}], reports: [{code, secret, state}]}.
 */
export async function startDemo() {
  const dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'minhbach-pages-'));
  const r = await runCli(['demo', '--db', path.join(dir, 'mb.db')]);
  assert.equal(r.code, 0, `minhbach demo: ${r.stdout}\n${r.stderr}`);
  // "  CODE   <word for the secret> SECRET  (…)": dossiers have a unit prefix, reports DT-.
  const lines = [...r.stdout.matchAll(/^\s*([A-Z]+-\d{6}-\d{4})\s+\S+\s+([A-Z2-9]{6,})\b/gm)];
  const dossiers = lines.filter((m) => !m[1].startsWith('DT-')).map((m) => ({ code: m[1], secret: m[2] }));
  const reports = lines.filter((m) => m[1].startsWith('DT-')).map((m) => ({ code: m[1], secret: m[2] }));
  assert.ok(dossiers.length > 0, `no demo dossier printed:\n${r.stdout}`);
  const srv = await startServer({ dir, demo: false });
  // Which reports are published: the public results list says.
  const res = await api(srv.url, 'GET', '/api/v1/results?limit=100');
  assert.equal(res.status, 200, res.text);
  const published = new Set(res.json.results.map((x) => x.code));
  for (const x of reports) x.state = published.has(x.code) ? 'published' : 'open';
  if (!reports.some((x) => x.state === 'published')) {
    await srv.cleanup();
    assert.fail(`no published demo report among those printed:\n${r.stdout}`);
  }
  return { srv, dossiers, reports };
}

/** Files a petition through the report form; leaves `page` on the receipt. */
export async function fileReport(page, url, query = '') {
  await page.goto(`${url}/report${query}`);
  await page.check('input[name=kind][value=petition]');
  await page.selectOption('select[name=category]', 'regulation');
  await page.selectOption('select[name=unit]', UNIT);
  await page.fill('[name=title]', 'Niêm yết lịch tiếp công dân ở cửa trụ sở');
  await page.fill('[name=body]', 'Đề nghị niêm yết lịch tiếp công dân ở cửa trụ sở phường.');
  await page.fill('[name=name]', 'Lò Văn Minh');
  const resp = await submitForm(page, '[name=title]');
  assert.equal(resp.status(), 200, `filing a report: ${resp.status()}: ${await page.locator('main').innerText()}`);
  assert.equal(await page.locator('code.passphrase').count(), 1, 'the report form did not lead to the receipt');
}

/**
 * The pages to walk: [{name, who, path, status?}] or [{name, who, open(page)}]
 * for a page reached by a form. `who` is null (not signed in) or a demo login;
 * `status` is the expected answer when it is not 200 (an error page).
 */
export function mainPages(demo) {
  const d = demo.dossiers[0];
  const published = demo.reports.find((x) => x.state === 'published');
  const open = demo.reports.find((x) => x.state !== 'published') || published;
  const pub = [
    ['home', '/'],
    ['units', '/units'],
    ['units search', '/units?q=chieng'],
    ['unit', `/units/${UNIT}`],
    ['procedures', '/procedures'],
    ['procedure', `/procedures/${PROCEDURE}`],
    ['tracking form', '/track'],
    ['tracking a dossier', `/track?code=${d.code}&secret=${d.secret}`],
    // The first demo dossiers have their results online and a fee paid (src/delivery/demo.c).
    ['tracking a dossier paid through the national platform', `/track?code=${demo.dossiers[2].code}&secret=${demo.dossiers[2].secret}`],
    ['rating form', '/rate'],
    // The first demo dossier's result was returned (src/delivery/demo.c): its rating page offers the form.
    ['rating a dossier', `/rate?code=${demo.dossiers[0].code}&secret=${demo.dossiers[0].secret}`],
    ['report form', '/report'],
    ['report follow-up form', '/report/track'],
    ['report follow-up (published)', `/report/track?code=${published.code}&secret=${published.secret}`],
    ['report follow-up (open)', `/report/track?code=${open.code}&secret=${open.secret}`],
    ['receipt check', '/receipts/verify'],
    ['results', '/results'],
    ['results, page 2 of 1 per page', '/results?limit=1&offset=1'],
    ['a result', `/results/${published.code}`],
    ['statistics', '/results/stats'],
    ['apology register', '/results/apologies'],
    ['dossier apologies', '/apologies'],
    ['scoreboard', '/scores'],
    ['scoreboard, a quarter', '/scores?period=2026-Q3'],
    ['a unit\'s scores', '/scores/units/xa-van-ho'],
    ['the province\'s scores', '/scores/units/ubnd-tinh-son-la'],
    ['scores methodology', '/scores/methodology'],
    ['sign-in', '/login'],
    ['citizen registration', '/register'],
    ['registration sent', '/register/sent'],
    // Inspections of businesses (src/biz/demo.c): the search, a business with its approved
    // plan, one with a published conclusion, and the page after a rating.
    ['businesses search', '/doanh-nghiep?q=che'],
    ['a business with an approved plan', '/doanh-nghiep/5500345629'],
    ['a business with a published conclusion', '/doanh-nghiep/5500890173'],
    ['a business\'s rating form', '/doanh-nghiep/danh-gia'],
    ['after a business rated an inspection', '/doanh-nghiep/danh-gia/KT-2026-000001'],
    ['heads\' accountability by unit', '/duty/units'],
    ['published public-duty inspections', '/inspections/published'],
  ].map(([name, p]) => ({ name, who: null, path: p }));
  pub.push({ name: 'report receipt', who: null, open: (page, url) => fileReport(page, url) });
  const head = [
    ['case queue', '/cases'],
    ['case queue (unit)', '/cases?view=unit'],
    ['a case', `/cases/${open.code}`],
    ['new case (counter)', '/cases/new'],
    ['dossier queue', '/dossiers'],
    ['overdue dossiers', '/dossiers?view=overdue'],
    ['dossier queue, a page of 2 (next link)', '/dossiers?view=unit&all=1&limit=2'],
    ['case queue, a page of 2 (next link)', '/cases?view=unit&limit=2'],
    ['a dossier', `/dossiers/${d.code}`],
    ['new dossier', '/dossiers/new'],
    ['unit edit', `/units/${UNIT}/edit`],
    ['an official\'s ratings', '/officials/xuly/ratings'],
    ['to do (a head)', '/duty'],
    ['heads\' scorecard', '/duty/heads'],
    ['an official\'s record', '/officials/motcua'],
    ['the unit\'s desks', `/units/${UNIT}/desks`],
    ['public-duty inspections', '/inspections'],
    ['a concluded inspection', `/inspections/${demoInspection()}`],
  ].map(([name, p]) => ({ name, who: 'truongphuong', path: p }));
  // An item and its form (the first in the head's list).
  head.push({ name: 'an item to do', who: 'truongphuong', open: async (page, url) => {
    await page.goto(`${url}/duty`);
    const href = await page.locator('main table a[href^="/duty/"]').first().getAttribute('href');
    const resp = await page.goto(url + href);
    assert.equal(resp.status(), 200, `${href} answered ${resp.status()}`);
  } });
  const admin = [
    ['accounts', '/admin/accounts'],
    ['holidays', '/admin/holidays'],
    ['procedure edit', `/procedures/${PROCEDURE}/edit`],
  ].map(([name, p]) => ({ name, who: 'quantri', path: p }));
  const citizen = [
    ['citizen dossiers', '/dossiers'],
    ['my dossiers and reports', '/me'],
    ['online submission', '/submit'],
    ['online submission form', `/submit?procedure=${PROCEDURE}`],
  ].map(([name, p]) => ({ name, who: 'congdan', path: p }));
  const others = [
    ['counter: dossiers', 'motcua', '/dossiers'],
    ['counter: paper dossier form', 'motcua', `/dossiers/new?procedure=${PROCEDURE}`],
    ['counter: a dossier', 'motcua', `/dossiers/${d.code}`],
    ['handler: my cases', 'xuly', '/cases?view=mine'],
    ['handler: a dossier', 'xuly', `/dossiers/${demo.dossiers[demo.dossiers.length - 1].code}`],
    ['handler: a dossier with its result online (replace, fee)', 'xuly', `/dossiers/${demo.dossiers[1].code}`],
    ['inspector: all cases', 'thanhtra', '/cases?view=all'],
    ['inspector: overdue cases', 'thanhtra', '/cases?view=overdue'],
    ['inspector: overlaps of the 2027 plans', 'thanhtra', '/thanh-tra-doanh-nghiep?year=2027'],
    ['inspector: early warning', 'thanhtra', '/oversight/warnings'],
    ['head: early warning', 'truongphuong', '/oversight/warnings?state=new'],
    ['inspector: to do (escalated first)', 'thanhtra', '/duty'],
    ['inspector: heads\' scorecard', 'thanhtra', '/duty/heads'],
    ['inspector: plan an inspection', 'thanhtra', '/inspections/new'],
    ['inspector: a concluded inspection with evidence links', 'thanhtra', `/inspections/${demoInspection()}`],
    ['overseer: cases', 'giamsat', '/cases'],
    ['inspector: counter recordings', 'thanhtra', '/recordings'],
    ['head: counter recordings', 'truongphuong', '/recordings'],
    ['head: upload a recording', 'truongphuong', '/recordings/new'],
    ['head: open a discipline case', 'truongphuong', '/discipline/new?official=motcua'],
    ['department: its plan of business inspections', 'giamdocsoyte', '/ke-hoach-kiem-tra'],
  ].map(([name, who, p]) => ({ name, who, path: p }));
  others.push({ name: 'inspector: a started inspection with its forms', who: 'thanhtra', open: (page, url) => startedInspection(page, url) });
  const errors = [['not found', '/units/khong-co-don-vi-nay', 404]].map(([name, p, status]) => ({ name, who: null, path: p, status }));
  return [...pub, ...errors, ...head, ...admin, ...citizen, ...others];
}

/** The demo's concluded inspection (the second planned by the demo, 20 days ago: src/inspections/inspections.c). */
export function demoInspection() {
  const year = new Date(Date.now() + 7 * 3600e3 - 20 * 86400e3).getUTCFullYear();
  return `KT-${year}-0002`;
}

/** Plans a surprise inspection through the form and starts it; leaves `page` on it with every form. */
export async function startedInspection(page, url) {
  await page.goto(`${url}/inspections/new`);
  await page.check('input[name=kind][value=surprise]');
  await page.fill('input[name=title]', 'Kiểm tra đột xuất giờ làm việc tại Bộ phận Một cửa');
  await page.fill('input[name=planned_on]', new Date(Date.now() + 7 * 3600e3).toISOString().slice(0, 10));
  await page.selectOption('select[name=units]', UNIT);
  await page.fill('input[name=officials]', 'motcua, xuly');
  assert.equal((await submitForm(page, 'input[name=title]')).status(), 200);
  const [resp] = await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.locator('form[action$="/start"] button').click()]);
  assert.equal(resp.status(), 200);
  assert.equal(await page.locator('#finding form').count(), 1, 'the started inspection shows no finding form');
}

/** Signs `page` in as `login` with the demo password. */
export async function signIn(page, url, login) {
  await page.goto(url + '/login');
  await page.fill('input[name=login]', login);
  await page.fill('input[name=password]', DEMO_PASSWORD);
  const resp = await submitForm(page, 'input[name=password]');
  assert.equal(resp.status(), 200, `sign-in of ${login}`);
  assert.equal(await page.locator('header form[action="/logout"]').count(), 1, `${login} is not signed in`);
}

/** Opens one page of mainPages(); asserts it answered 200. */
export async function openPage(page, url, p) {
  if (p.open) return p.open(page, url);
  const resp = await page.goto(url + p.path);
  assert.equal(resp.status(), p.status || 200, `${p.name} (${p.path}) answered ${resp.status()}`);
}

/**
 * Opens every page of mainPages(demo) in `browser`, one context per login
 * (signed in, then switched to `lang`), and calls visit(page, p) on each.
 * Console errors other than the expected 404s fail the walk.
 */
export async function walkPages(browser, demo, { viewport, lang = 'vi' }, visit) {
  const groups = new Map();
  for (const p of mainPages(demo)) {
    if (!groups.has(p.who)) groups.set(p.who, []);
    groups.get(p.who).push(p);
  }
  for (const [who, pages] of groups) {
    const ctx = await newContext(browser, viewport ? { viewport } : {});
    const page = await ctx.newPage();
    try {
      if (who) await signIn(page, demo.srv.url, who);
      if (lang !== 'vi') assert.equal((await page.goto(`${demo.srv.url}/?lang=${lang}`)).status(), 200);
      for (const p of pages) {
        await openPage(page, demo.srv.url, p);
        await visit(page, p);
      }
      assert.deepEqual(ctx.problems.filter((x) => !/status of 404/.test(x)), [], `console errors (${who || 'anonymous'})`);
    } finally {
      await ctx.close();
    }
  }
}
