// The English interface, in Debian's Chromium: the language switch keeps the
// page and its query (one lang parameter, escaped); every main page in
// English holds no Vietnamese outside the elements marked lang="vi" (data
// that only exists in Vietnamese: people's names, citizens' words, legal
// document lists); and reference data with an English name (units,
// procedures, holidays) shows it.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { withLog } from '../lib/server.mjs';
import { launchBrowser, newContext, follow } from '../lib/browser.mjs';
import { startDemo, walkPages, signIn, UNIT, PROCEDURE } from '../lib/pages.mjs';

let demo;
let browser;
before(async () => {
  demo = await startDemo();
  browser = await launchBrowser();
});
after(async () => {
  if (browser) await browser.close();
  if (demo) await demo.srv.cleanup();
});
const t = (name, fn) => test(name, withLog(() => demo && demo.srv, fn));

/** The header's language switch link. */
const switchLink = (page) => page.locator('header nav a[href*="lang="]');

t('the language switch keeps the page and its query, with one lang parameter, escaped', async () => {
  const ctx = await newContext(browser);
  const page = await ctx.newPage();
  try {
    const url = demo.srv.url;
    await page.goto(`${url}/results?q=abc&unit=${UNIT}`);
    assert.equal(await switchLink(page).getAttribute('href'), `/results?q=abc&unit=${UNIT}&lang=en`);
    // An existing lang parameter is replaced, not repeated.
    await page.goto(`${url}/results?lang=vi&q=abc`);
    assert.equal(await switchLink(page).getAttribute('href'), '/results?q=abc&lang=en');
    await page.goto(`${url}/units/${UNIT}`);
    assert.equal(await switchLink(page).getAttribute('href'), `/units/${UNIT}?lang=en`);
    // An error page keeps its own address, re-encoded.
    const missing = await page.goto(`${url}/units/kh%C3%B4ng-c%C3%B3%22%3Cb%3E`);
    assert.equal(missing.status(), 404);
    assert.equal(await switchLink(page).getAttribute('href'), '/units/kh%C3%B4ng-c%C3%B3%22%3Cb%3E?lang=en');
    // Characters that mean something in a URL or in HTML go through intact.
    const q = 'a&b=c "d" <e> #f Chiềng+Cơi';
    await page.goto(`${url}/results?q=${encodeURIComponent(q)}&unit=${UNIT}`);
    const href = await switchLink(page).getAttribute('href');
    const to = new URL(href, url);
    assert.equal(to.pathname, '/results');
    assert.deepEqual([...to.searchParams.keys()], ['q', 'unit', 'lang'], href);
    assert.equal(to.searchParams.get('q'), q);
    assert.equal(to.searchParams.get('lang'), 'en');
    await follow(page, switchLink(page));
    const now = new URL(page.url());
    assert.equal(now.pathname, '/results');
    assert.equal(now.searchParams.get('q'), q);
    assert.equal(now.searchParams.get('unit'), UNIT);
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
    assert.equal(await page.inputValue('input[name=q]'), q, 'the search box lost the query');
    // And back.
    assert.equal(await switchLink(page).innerText(), 'Tiếng Việt');
    await follow(page, switchLink(page));
    assert.equal(new URL(page.url()).searchParams.get('q'), q);
    assert.equal(new URL(page.url()).searchParams.getAll('lang').join(), 'vi');
    assert.equal(await page.getAttribute('html', 'lang'), 'vi');
  } finally {
    await ctx.close();
  }
});

/** Runs in the page: Vietnamese text shown outside the elements marked lang="vi". */
function vietnameseLeft() {
  const VI = /[ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]/i;
  const langOf = (el) => (el.closest('[lang]') || document.documentElement).getAttribute('lang');
  const where = (el) => {
    let s = el.tagName.toLowerCase();
    if (el.id) s += '#' + el.id;
    if (el.classList.length) s += '.' + [...el.classList].join('.');
    const p = el.parentElement;
    return p ? `${p.tagName.toLowerCase()}${p.className ? '.' + [...p.classList].join('.') : ''} > ${s}` : s;
  };
  const out = [];
  if (VI.test(document.title.replace(/Minh Bạch/g, ''))) out.push(`<title> "${document.title}"`);
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const el = n.parentElement;
    const text = n.nodeValue.trim();
    if (!text || !VI.test(text) || ['SCRIPT', 'STYLE', 'TEXTAREA'].includes(el.tagName)) continue;
    if (langOf(el) !== 'en') continue;
    const shownEl = el.tagName === 'OPTION' ? el.closest('select') : el;
    if (!shownEl || !shownEl.checkVisibility({ visibilityProperty: true })) continue;
    out.push(`${where(el)}: "${text.slice(0, 80)}"`);
  }
  // Text the browser shows or reads out from attributes.
  for (const el of document.body.querySelectorAll('[placeholder], [aria-label], [title], [alt], [data-label], input[type=submit][value]')) {
    if (langOf(el) !== 'en') continue;
    for (const a of ['placeholder', 'aria-label', 'title', 'alt', 'data-label', 'value']) {
      if (a === 'value' && el.type !== 'submit') continue;
      const v = el.getAttribute(a);
      if (v && VI.test(v)) out.push(`${where(el)} [${a}]: "${v.slice(0, 80)}"`);
    }
  }
  return [...new Set(out)];
}

t('every main page in English shows no Vietnamese outside elements marked lang="vi"', async () => {
  const found = [];
  await walkPages(browser, demo, { lang: 'en' }, async (page, p) => {
    assert.equal(await page.getAttribute('html', 'lang'), 'en', `${p.name} is not in English`);
    for (const s of await page.evaluate(vietnameseLeft)) found.push(`${p.name}${p.who ? ' (' + p.who + ')' : ''}: ${s}`);
  });
  assert.deepEqual(found, [], `${found.length} Vietnamese texts in the English pages:\n${found.join('\n')}`);
});

t('reference data with an English name shows it in English: units, procedures and their fields, holidays, the forms\' and queues\' units', async () => {
  const url = demo.srv.url;
  const ctx = await newContext(browser);
  const page = await ctx.newPage();
  const text = () => page.locator('main').innerText();
  try {
    await page.goto(`${url}/?lang=en`);
    await page.goto(`${url}/units`);
    assert.match(await text(), /Son La Provincial People's Committee/);
    await page.goto(`${url}/units?q=chieng%20coi`);
    assert.match(await text(), /Chieng Coi Ward/i);
    await page.goto(`${url}/units/${UNIT}`);
    assert.match(await page.locator('h1').innerText(), /Chieng Coi/i);
    await page.goto(`${url}/procedures`);
    assert.match(await text(), /Birth registration/);
    await page.goto(`${url}/procedures/${PROCEDURE}`);
    assert.match(await page.locator('h1').innerText(), /Birth registration/);
    await page.goto(`${url}/report`);
    const units = await page.locator('select[name=unit] option').allInnerTexts();
    assert.ok(units.some((u) => /Chieng Coi Ward/i.test(u)), `the report form lists units in Vietnamese: ${units.slice(0, 5)}`);
    await page.goto(`${url}/results`);
    const filter = await page.locator('select[name=unit] option').allInnerTexts();
    assert.ok(filter.some((u) => /Chieng Coi Ward/i.test(u)), `the results filter lists units in Vietnamese: ${filter.slice(0, 5)}`);
    await page.goto(`${url}/results/stats`);
    assert.match(await text(), /Chieng Coi Ward/i);
    await page.goto(`${url}/procedures?field=${encodeURIComponent('Hộ tịch')}`);
    assert.match(await page.locator('main h3').first().innerText(), /^Civil status$/, 'procedure fields are not in English');
  } finally {
    await ctx.close();
  }
  // Staff pages: the queues name units and procedures in English; holidays have English names.
  for (const [login, path_, re] of [
    ['truongphuong', '/dossiers', /Registration of parent-child recognition/],
    ['truongphuong', '/cases?view=unit', /Chieng Coi Ward/],
    ['quantri', '/admin/holidays?year=2026', /New Year's Day/],
  ]) {
    const staff = await newContext(browser);
    const p = await staff.newPage();
    try {
      await signIn(p, url, login);
      await p.goto(`${url}/?lang=en`);
      await p.goto(url + path_);
      assert.match(await p.locator('main').innerText(), re, `${path_} for ${login}`);
    } finally {
      await staff.close();
    }
  }
});
