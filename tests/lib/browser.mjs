// Launches Debian's Chromium through playwright-core (never downloads a browser).

import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_BIN || '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

export function launchBrowser() {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
}

/**
 * A new context whose pages record console errors, page errors and CSP
 * violations; `ctx.problems` lists them.
 */
export async function newContext(browser, options = {}) {
  const ctx = await browser.newContext({ locale: 'vi-VN', viewport: { width: 1280, height: 900 }, ...options });
  ctx.problems = [];
  ctx.on('page', (p) => watch(ctx, p));
  return ctx;
}

function watch(ctx, p) {
  p.on('pageerror', (e) => ctx.problems.push(`pageerror: ${e.message}`));
  p.on('console', (m) => { if (m.type() === 'error') ctx.problems.push(`console: ${m.text()}`); });
}

/** Submits the form that contains `fieldSelector` by clicking its submit button; resolves the main response. */
export async function submitForm(page, fieldSelector) {
  const form = page.locator('form', { has: page.locator(fieldSelector) });
  const button = form.locator('button[type=submit], input[type=submit], button:not([type])').first();
  const [resp] = await Promise.all([
    page.waitForNavigation({ waitUntil: 'load' }),
    button.click(),
  ]);
  return resp;
}

/** The visible text of the page's body. */
export const bodyText = (page) => page.locator('body').innerText();

/** A new context signed in as `login` (password `password`) on the server at `url`. */
export async function signedIn(browser, url, login, password, options) {
  const ctx = await newContext(browser, options);
  const page = await ctx.newPage();
  await page.goto(url + '/login');
  await page.fill('input[name=login]', login);
  await page.fill('input[name=password]', password);
  const resp = await submitForm(page, 'input[name=password]');
  assert.equal(resp.status(), 200, `sign-in of ${login}`);
  return { ctx, page };
}

/** Clicks a link and waits for the page it opens. */
export async function follow(page, locator) {
  assert.ok(await locator.count() > 0, `no link ${locator} on ${page.url()}`);
  const [resp] = await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), locator.first().click()]);
  return resp;
}

/** A phone's context options (390 px wide, touch). */
export const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };

let axeSource;
/** Asserts that the page has no sideways scroll and no serious or critical axe-core finding; `at` names it in failures. */
/**
 * Whether the page fits its viewport's width. On a phone (isMobile) the layout
 * viewport widens to take in anything wider than the screen, so that
 * scrollWidth ≤ innerWidth holds even then: the window's own width must still
 * be the viewport's.
 */
export async function fitsWidth(page) {
  const w = page.viewportSize().width;
  return page.evaluate((vw) => window.innerWidth === vw && document.documentElement.scrollWidth <= vw + 1, w);
}

/** The innermost elements reaching past the viewport's width (to say what to fix), at most 5. */
export async function wideElements(page) {
  const w = page.viewportSize().width;
  return page.evaluate((vw) => {
    const out = [];
    for (const el of document.body.querySelectorAll('*')) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.right <= vw + 1) continue;
      if ([...el.children].some((c) => c.getBoundingClientRect().right > vw + 1)) continue;
      const cls = el.classList.length ? '.' + [...el.classList].join('.') : '';
      out.push(`${el.tagName.toLowerCase()}${cls} (${Math.round(r.right)} px) "${(el.textContent || '').trim().slice(0, 40)}"`);
      if (out.length >= 5) break;
    }
    return out;
  }, w);
}

export async function checkPage(page, at) {
  if (!(await fitsWidth(page)))
    assert.fail(`${at}: wider than the ${page.viewportSize().width} px screen: ${(await wideElements(page)).join('; ')}`);
  axeSource = axeSource || fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  await page.evaluate(axeSource);
  const res = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  const bad = res.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help}`);
  assert.deepEqual(bad, [], at);
}
