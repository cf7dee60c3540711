// Every main page at a phone's width (390×844) and at a desktop's (1280×900),
// in Debian's Chromium: nothing scrolls sideways or sticks out of the
// viewport, no two text-bearing boxes (labels, badges, cells, buttons)
// overlap, no stacked-table label spills out of its cell, the navigation's
// tap targets are at least 44×44 px, the first focusable element is the skip
// link to #main, and axe-core finds nothing serious or critical.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { withLog } from '../lib/server.mjs';
import { launchBrowser, newContext } from '../lib/browser.mjs';
import { startDemo, walkPages, signIn } from '../lib/pages.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const SHOTS = path.join(here, 'screenshots');
const AXE = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };
const SKIP_TEXT = 'Bỏ qua, đến nội dung chính';
const TAP_MIN = 44;

let demo;
let browser;
before(async () => {
  demo = await startDemo();
  browser = await launchBrowser();
  fs.mkdirSync(SHOTS, { recursive: true });
});
after(async () => {
  if (browser) await browser.close();
  if (demo) await demo.srv.cleanup();
});
const t = (name, fn) => test(name, withLog(() => demo && demo.srv, fn));

/**
 * Runs in the page: what sticks out of the viewport, what overlaps, which
 * stacked-table label spills out of its cell. Returns a list of sentences.
 */
function layoutProblems() {
  const out = [];
  const de = document.documentElement;
  const vw = de.clientWidth;
  if (de.scrollWidth > de.clientWidth) out.push(`the page scrolls sideways (scrollWidth ${de.scrollWidth} > ${de.clientWidth})`);
  const name = (el) => {
    let s = el.tagName.toLowerCase();
    if (el.id) s += '#' + el.id;
    if (el.classList.length) s += '.' + [...el.classList].join('.');
    const text = (el.innerText || el.value || '').trim().replace(/\s+/g, ' ').slice(0, 40);
    return text ? `${s} "${text}"` : s;
  };
  const shown = (el) => {
    const st = getComputedStyle(el);
    if (st.display === 'none' || st.visibility === 'hidden') return false;
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0;
  };
  // An element inside a box that clips (overflow other than visible) is judged by that box.
  const clipped = (el) => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      const st = getComputedStyle(p);
      if (st.overflowX !== 'visible' || st.overflowY !== 'visible') return true;
    }
    return false;
  };
  const FORM = new Set(['INPUT', 'SELECT', 'TEXTAREA', 'BUTTON', 'IMG', 'svg']);
  const bearsText = (el) => FORM.has(el.tagName) || (el.innerText || '').trim() !== '';
  const all = [...document.body.querySelectorAll('*')].filter((el) => !['SCRIPT', 'STYLE', 'OPTION', 'BR'].includes(el.tagName));
  for (const el of all) {
    if (!shown(el) || clipped(el)) continue;
    const r = el.getBoundingClientRect();
    if (r.right > vw + 1 || r.left < -1) {
      // A focusable element moved off-screen until focused (the skip link) is not on the page.
      if (!(el.matches('a.skip') && document.activeElement !== el))
        out.push(`${name(el)} sticks out of the viewport (${Math.round(r.left)}..${Math.round(r.right)} of ${vw})`);
    }
    // Text wider than its own box (a badge that does not wrap) spills over whatever is beside it.
    const cs = getComputedStyle(el);
    if (bearsText(el) && cs.display !== 'inline' && cs.overflowX === 'visible' && el.scrollWidth > el.clientWidth + 1 &&
        el.clientWidth > 0 && !FORM.has(el.tagName))
      out.push(`${name(el)} overflows its box (${el.scrollWidth} > ${el.clientWidth} px)`);
  }
  for (const parent of all) {
    if (!shown(parent)) continue;
    const kids = [...parent.children].filter((k) => shown(k) && bearsText(k) && !clipped(k) &&
      !(k.matches('a.skip') && document.activeElement !== k));
    for (let i = 0; i < kids.length; i++) {
      for (let j = i + 1; j < kids.length; j++) {
        const a = [...kids[i].getClientRects()];
        const b = [...kids[j].getClientRects()];
        const hit = a.some((x) => b.some((y) =>
          Math.min(x.right, y.right) - Math.max(x.left, y.left) > 1 &&
          Math.min(x.bottom, y.bottom) - Math.max(x.top, y.top) > 1));
        if (hit) out.push(`${name(kids[i])} overlaps ${name(kids[j])}`);
      }
    }
  }
  // Labels drawn by ::before (stacked tables): a label placed out of the flow must fit in its cell.
  for (const el of all) {
    if (!shown(el) || clipped(el)) continue;
    const st = getComputedStyle(el, '::before');
    if (st.content === 'none' || st.content === 'normal' || st.content === '""' || (st.position !== 'absolute' && st.float === 'none')) continue;
    const label = st.content.startsWith('"') ? JSON.parse(st.content) : '';
    if (!label) continue;
    const probe = document.createElement('div');
    probe.textContent = label;
    Object.assign(probe.style, {
      position: 'absolute', visibility: 'hidden', left: '0', top: '0', width: st.width,
      font: st.font, lineHeight: st.lineHeight, letterSpacing: st.letterSpacing, whiteSpace: st.whiteSpace,
      overflowWrap: st.overflowWrap, wordBreak: st.wordBreak, padding: st.padding,
    });
    document.body.appendChild(probe);
    const need = probe.getBoundingClientRect().height;
    const width = probe.scrollWidth - probe.clientWidth;
    probe.remove();
    const top = parseFloat(st.top) || 0;
    if (need + top > el.getBoundingClientRect().height + 1)
      out.push(`the label "${label}" of ${name(el)} is taller (${Math.round(need + top)} px) than its cell (${Math.round(el.getBoundingClientRect().height)} px) and spills over the next`);
    if (width > 1) out.push(`the label "${label}" of ${name(el)} is wider than its column`);
  }
  return [...new Set(out)];
}

/** Runs in the page: the navigation's targets (header, tabs, pager) smaller than min×min. */
function smallTargets(min) {
  return [...document.querySelectorAll('header nav a, header nav button, header .account a, header .account button, nav.tabs a, nav.pager a')]
    .map((el) => ({ el, r: el.getBoundingClientRect() }))
    .filter(({ r }) => r.width > 0 && (r.width < min || r.height < min))
    .map(({ el, r }) => `"${el.innerText.trim()}" is ${Math.round(r.width)}×${Math.round(r.height)} px`);
}

/** Runs in the page: the first element a keyboard reaches, and where #main is. */
function firstFocusable() {
  const sel = 'a[href], button, input:not([type=hidden]), select, textarea, [tabindex]:not([tabindex="-1"])';
  const first = document.querySelector(sel);
  const main = document.getElementById('main');
  return {
    first: first ? first.outerHTML.slice(0, 160) : null,
    href: first && first.getAttribute('href'),
    text: first && first.innerText.trim(),
    mainTag: main && main.tagName,
  };
}

async function axeSerious(page) {
  await page.evaluate(AXE);
  const res = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  return res.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `axe ${v.impact} ${v.id}: ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
}

/** Walks every main page at `viewport`; returns the problems found, prefixed by the page. */
async function walk(viewport, { audit, lang = 'vi' }) {
  const found = [];
  await walkPages(browser, demo, { viewport, lang }, async (page, p) => {
    const at = `${viewport.width} px${lang === 'vi' ? '' : ' ' + lang}, ${p.name}${p.who ? ' (' + p.who + ')' : ''}`;
    for (const s of await page.evaluate(layoutProblems)) found.push(`${at}: ${s}`);
    for (const s of await page.evaluate(smallTargets, TAP_MIN)) found.push(`${at}: tap target ${s}`);
    const f = await page.evaluate(firstFocusable);
    if (f.href !== '#main' || (lang === 'vi' && f.text !== SKIP_TEXT) || f.mainTag !== 'MAIN')
      found.push(`${at}: the first focusable element is ${f.first}, not a skip link "${SKIP_TEXT}" to <main id="main"> (found ${f.mainTag})`);
    if (audit) for (const s of await axeSerious(page)) found.push(`${at}: ${s}`);
  });
  return found;
}

t('every main page at 390 px: no sideways scroll, no overlap, 44 px navigation targets, skip link, no serious axe finding', async () => {
  const found = await walk(PHONE, { audit: true });
  assert.deepEqual(found, [], `${found.length} problems at 390 px:\n${found.join('\n')}`);
});

t('every main page at 1280 px: no sideways scroll, no overlap, 44 px navigation targets, skip link', async () => {
  const found = await walk(DESKTOP, { audit: false });
  assert.deepEqual(found, [], `${found.length} problems at 1280 px:\n${found.join('\n')}`);
});

t('every main page in English at 390 px: no sideways scroll, no overlap, 44 px navigation targets', async () => {
  const found = await walk(PHONE, { audit: false, lang: 'en' });
  assert.deepEqual(found, [], `${found.length} problems in English at 390 px:\n${found.join('\n')}`);
});

t('at 390 px the queue\'s next-page link is reachable and leads to the next page, which links back to the first', async () => {
  const ctx = await newContext(browser, { viewport: PHONE });
  const page = await ctx.newPage();
  try {
    await signIn(page, demo.srv.url, 'truongphuong');
    await page.goto(`${demo.srv.url}/dossiers?view=unit&all=1&limit=2`);
    const next = page.locator('nav.pager a[rel=next]');
    await next.scrollIntoViewIfNeeded();
    const box = await next.boundingBox();
    assert.ok(box && box.height >= TAP_MIN && box.width >= TAP_MIN, `next link box ${JSON.stringify(box)}`);
    assert.ok(box.x >= 0 && box.x + box.width <= PHONE.width, 'the next link is within the screen');
    assert.equal((await next.innerText()).trim(), 'Trang sau');
    const first = await page.locator('table.dossiers tbody tr a').first().innerText();
    await Promise.all([page.waitForURL(/after=/), next.click()]);
    assert.notEqual(await page.locator('table.dossiers tbody tr a').first().innerText(), first);
    assert.equal((await page.locator('nav.pager a[rel=first]').innerText()).trim(), 'Trang đầu');
  } finally {
    await ctx.close();
  }
});

t('the layout check catches a sideways overflow, overlapping badges and a stacked label spilling over the next row', async () => {
  const ctx = await newContext(browser, { viewport: PHONE });
  const page = await ctx.newPage();
  try {
    await page.goto(`${demo.srv.url}/results/stats`);
    assert.deepEqual(await page.evaluate(layoutProblems), []);
    await page.evaluate(() => {
      const main = document.querySelector('main');
      const row = document.createElement('p');
      row.id = 'probe-overlap';
      for (const text of ['Quá hạn', 'Đúng hạn']) {
        const b = document.createElement('span');
        b.className = 'badge late';
        b.textContent = text;
        row.appendChild(b);
      }
      row.lastChild.style.marginLeft = '-2rem';
      main.prepend(row);
      const wide = document.createElement('p');
      wide.id = 'probe-wide';
      const badge = document.createElement('span');
      badge.className = 'badge done';
      badge.style.whiteSpace = 'nowrap';
      badge.textContent = 'Tạm dừng tính thời hạn (chờ công dân bổ sung hồ sơ theo yêu cầu)';
      wide.appendChild(badge);
      main.prepend(wide);
      // The stacked-table labels as they were drawn before: absolutely placed, free to spill.
      const sheet = [...document.styleSheets].find((x) => x.href && x.href.endsWith('/static/style.css'));
      sheet.insertRule('table.stack td::before { position:absolute !important; float:none !important; margin-left:0 !important; }', sheet.cssRules.length);
    });
    const found = (await page.evaluate(layoutProblems)).join('\n');
    assert.match(found, /the page scrolls sideways/);
    assert.match(found, /span\.badge\.done "Tạm dừng.*overflows its box/);
    assert.match(found, /span\.badge\.late "Quá hạn" overlaps span\.badge\.late "Đúng hạn"/);
    assert.match(found, /the label "Số ngày giải quyết trung bình" of td.* spills over the next/);
  } finally {
    await ctx.close();
  }
});

t('the skip link is the first Tab stop, shows when focused and leads to the main content', async () => {
  const ctx = await newContext(browser, { viewport: PHONE });
  const page = await ctx.newPage();
  try {
    await page.goto(`${demo.srv.url}/results`);
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const el = document.activeElement;
      const r = el.getBoundingClientRect();
      return { href: el.getAttribute('href'), text: el.innerText.trim(), top: r.top, left: r.left, right: r.right, bottom: r.bottom };
    });
    assert.equal(focused.href, '#main', 'Tab does not reach the skip link first');
    assert.equal(focused.text, SKIP_TEXT);
    assert.ok(focused.top >= 0 && focused.left >= 0 && focused.right <= PHONE.width && focused.bottom > focused.top,
      `the focused skip link is not visible: ${JSON.stringify(focused)}`);
    await page.keyboard.press('Enter');
    // Following an in-page link is a same-document navigation that the key
    // press does not wait for: wait for the address to show it (fails on timeout).
    await page.waitForURL((u) => u.hash === '#main', { timeout: 5000 });
    assert.equal(new URL(page.url()).hash, '#main');
    assert.equal(await page.evaluate(() => document.activeElement.id || document.activeElement.closest('#main')?.id), 'main',
      'Enter on the skip link does not move the focus to the main content');
  } finally {
    await ctx.close();
  }
});

t('screenshots at 390 px: tracking a dossier and following a report', async () => {
  const ctx = await newContext(browser, { viewport: PHONE });
  const page = await ctx.newPage();
  try {
    const d = demo.dossiers[0];
    const rep = demo.reports.find((x) => x.state === 'published');
    await page.goto(`${demo.srv.url}/track?code=${d.code}&secret=${d.secret}`);
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), PHONE.width);
    await page.screenshot({ path: path.join(SHOTS, 'mobile-track.png'), fullPage: true });
    await page.goto(`${demo.srv.url}/report/track?code=${rep.code}&secret=${rep.secret}`);
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), PHONE.width);
    await page.screenshot({ path: path.join(SHOTS, 'mobile-report-follow.png'), fullPage: true });
    await page.goto(`${demo.srv.url}/results/stats`);
    await page.screenshot({ path: path.join(SHOTS, 'mobile-stats.png'), fullPage: true });
  } finally {
    await ctx.close();
  }
});
