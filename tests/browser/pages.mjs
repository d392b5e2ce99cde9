// SPDX-License-Identifier: EUPL-1.2
//
// The pages for people in a real browser (headless Chromium driven by
// playwright-core): search, a facet, a dataset page, the language switch,
// the skip link from the keyboard, no console errors, no horizontal
// scrolling on a 375 px phone, and the hostile record of fixtures/xss/
// shown everywhere without anything of it running. Each case is named
// test_<what>_<expected>; a screenshot of every page visited is written
// to $HDC_SHOTS. Environment: HDC_BASE_URL, HDC_WEB_DIR (for
// playwright-core), HDC_CHROMIUM, HDC_SHOTS.
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(path.join(process.env.HDC_WEB_DIR, 'package.json'));
const { chromium } = require('playwright-core');

const base = process.env.HDC_BASE_URL;
const shots = process.env.HDC_SHOTS;

function check(cond, what) {
  if (!cond) throw new Error(`check failed: ${what}`);
}

// A page that records console errors, uncaught exceptions, failed
// requests and dialogs (an alert() from injected markup would be one).
async function openPage(browser, opts = {}) {
  const context = await browser.newContext({
    viewport: opts.viewport || { width: 1280, height: 900 },
    locale: opts.locale || 'fr-FR',
  });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`exception: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()}`));
  page.on('response', (r) => {
    if (r.status() >= 400 && !opts.allowErrors)
      problems.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  page.on('dialog', async (d) => {
    problems.push(`dialog (${d.type()}): ${d.message()}`);
    await d.dismiss();
  });
  return { context, page, problems };
}

async function shot(page, name) {
  await page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });
}

async function noHorizontalScroll(page) {
  const [sw, iw] = await page.evaluate(() => [
    document.documentElement.scrollWidth, window.innerWidth]);
  check(sw <= iw, `page ${page.url()} is ${sw} px wide in a ${iw} px window`);
}

// Elements or URLs only injected markup could have produced.
async function noInjection(page) {
  const found = await page.evaluate(() => {
    const sel = [
      'script:not([src]):not([type="application/ld+json"])',
      'img[src="x"]', 'iframe', 'svg[onload]', 'marquee', 'base', 'style',
      'b[onmouseover]', '[onerror]', '[onload]', '[onmouseover]',
      'a[href^="javascript:" i]', 'a[href^="data:" i]', 'a[href^="vbscript:" i]',
    ].join(',');
    return [...document.querySelectorAll(sel)].map((e) => e.outerHTML.slice(0, 120));
  });
  check(found.length === 0, `injected elements: ${found.join(' | ')}`);
}

const cases = {
  async test_home_page_loads_with_dsfr_clean(browser) {
    const { context, page, problems } = await openPage(browser);
    await page.goto(`${base}/`);
    check((await page.getAttribute('html', 'lang')) === 'fr', 'French by default');
    check(await page.isVisible('header.fr-header'), 'DSFR header');
    check(await page.isVisible('footer.fr-footer'), 'DSFR footer');
    // DSFR's CSS is applied: the header has its shadow/box model, fonts load.
    const font = await page.evaluate(() => getComputedStyle(document.body).fontFamily);
    check(/Marianne/.test(font), `Marianne font, got ${font}`);
    check((await page.locator('a.fr-tag').count()) > 0, 'catalogue at a glance');
    await shot(page, 'home');
    check(problems.length === 0, problems.join('\n'));
    await context.close();
  },

  async test_skip_link_keyboard_reaches_search_box(browser) {
    const { context, page, problems } = await openPage(browser);
    await page.goto(`${base}/`);
    // First Tab: the first skip link; the second leads to the search box.
    await page.keyboard.press('Tab');
    const first = await page.evaluate(() => document.activeElement.getAttribute('href'));
    check(first === '#content', `first Tab reaches the skip link, got ${first}`);
    await page.keyboard.press('Tab');
    const second = await page.evaluate(() => document.activeElement.getAttribute('href'));
    check(second === '#q', `second Tab reaches the search skip link, got ${second}`);
    await page.keyboard.press('Enter');
    const id = await page.evaluate(() => document.activeElement.id);
    check(id === 'q', `Enter on the skip link focuses the search box, got '${id}'`);
    await page.keyboard.type('cancer');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/search\?q=cancer/);
    check((await page.locator('.hdc-results li').count()) > 0, 'results after keyboard search');
    check(problems.length === 0, problems.join('\n'));
    await context.close();
  },

  async test_search_facet_narrows_results(browser) {
    const { context, page, problems } = await openPage(browser);
    await page.goto(`${base}/search?q=cancer`);
    const total0 = await page.locator('.hdc-results li').count();
    check(total0 > 1, `several results for cancer, got ${total0}`);
    check((await page.locator('.hdc-results mark').count()) > 0, 'highlighted matches');
    // Every input has a label.
    const unlabelled = await page.evaluate(() =>
      [...document.querySelectorAll('input:not([type=hidden]), select')]
        .filter((i) => !(i.labels && i.labels.length)).map((i) => i.name));
    check(unlabelled.length === 0, `inputs without label: ${unlabelled}`);
    await shot(page, 'search');
    const box = page.locator('input[name="health_category"]').first();
    const value = await box.getAttribute('value');
    await page.locator(`label[for="${await box.getAttribute('id')}"]`).click();
    await page.click('#apply-filters');
    await page.waitForURL(/health_category=/);
    const total1 = await page.locator('.hdc-results li').count();
    check(total1 >= 1 && total1 <= total0, `facet narrows ${total0} to ${total1}`);
    check(await page.locator(`input[name="health_category"][value="${value}"]`).isChecked(),
          'the chosen facet stays ticked');
    check((await page.locator('.fr-tags-group a.fr-tag').count()) >= 1, 'active filter tag');
    await shot(page, 'search-facet');
    // Removing the filter through its tag brings every result back.
    await page.locator('.fr-tags-group a.fr-tag').first().click();
    await page.waitForLoadState();
    check((await page.locator('.hdc-results li').count()) === total0, 'tag removes the filter');
    check(problems.length === 0, problems.join('\n'));
    await context.close();
  },

  async test_dataset_page_opens_with_fields_and_jsonld(browser) {
    const { context, page, problems } = await openPage(browser);
    await page.goto(`${base}/search?q=barom%C3%A8tre`);
    await Promise.all([page.waitForURL(/\/dataset\/\d+/),
                       page.locator('.hdc-results h3 a').first().click()]);
    const h1 = await page.textContent('h1');
    check(/Baromètre/.test(h1), `dataset title, got ${h1}`);
    for (const id of ['coverage', 'access', 'holder', 'distributions', 'quality', 'provenance'])
      check(await page.isVisible(`section#${id}`), `section ${id}`);
    check((await page.locator('link[rel=alternate][type="text/turtle"]').count()) === 1,
          'alternate Turtle link');
    const ld = await page.evaluate(() => JSON.parse(
      document.querySelector('script[type="application/ld+json"]').textContent));
    check(ld['@type'] === 'Dataset' && /Baromètre/.test(ld.name), 'schema.org JSON-LD');
    await shot(page, 'dataset');
    // The Turtle form answers.
    const ttl = await page.locator('a[type="text/turtle"]').getAttribute('href');
    const r = await page.request.get(`${base}${ttl}`);
    check(r.status() === 200 && /turtle/.test(r.headers()['content-type']), 'Turtle form');
    check(problems.length === 0, problems.join('\n'));
    await context.close();
  },

  async test_language_switch_keeps_page_english(browser) {
    const { context, page, problems } = await openPage(browser);
    await page.goto(`${base}/search?q=cancer`);
    await Promise.all([page.waitForURL(/lang=en/), page.click('#lang-switch')]);
    check((await page.getAttribute('html', 'lang')) === 'en', 'html lang=en');
    check(/q=cancer/.test(page.url()), 'the query is kept');
    check(/Results for/.test(await page.textContent('h1')), 'English heading');
    // Links of the English page stay English.
    await Promise.all([page.waitForURL(/\/dataset\/\d+/),
                       page.locator('.hdc-results h3 a').first().click()]);
    check((await page.getAttribute('html', 'lang')) === 'en', 'dataset page in English');
    await shot(page, 'dataset-en');
    await Promise.all([page.waitForURL(/lang=fr/), page.click('#lang-switch')]);
    check((await page.getAttribute('html', 'lang')) === 'fr', 'back to French');
    check(problems.length === 0, problems.join('\n'));
    await context.close();
  },

  async test_phone_width_no_horizontal_scroll(browser) {
    const { context, page, problems } = await openPage(browser, {
      viewport: { width: 375, height: 740 } });
    for (const [name, url] of [['home', '/'], ['search', '/search?q=cancer'],
                               ['sources', '/sources']]) {
      await page.goto(`${base}${url}`);
      await noHorizontalScroll(page);
      await shot(page, `phone-${name}`);
    }
    await page.goto(`${base}/search?q=barom%C3%A8tre`);
    await Promise.all([page.waitForURL(/\/dataset\/\d+/),
                       page.locator('.hdc-results h3 a').first().click()]);
    await noHorizontalScroll(page);
    await shot(page, 'phone-dataset');
    check(problems.length === 0, problems.join('\n'));
    await context.close();
  },

  async test_xss_record_never_runs(browser) {
    const { context, page, problems } = await openPage(browser, { allowErrors: true });
    const visit = async (url, name) => {
      await page.goto(`${base}${url}`);
      await page.waitForLoadState('load');
      await noInjection(page);
      await shot(page, name);
    };
    await visit('/', 'xss-home');
    await visit('/search?q=xss', 'xss-search');
    check(/Xss <script>/.test(await page.locator('.hdc-results h3').first().textContent()),
          'the hostile title is shown as text');
    const href = await page.locator('.hdc-results h3 a').first().getAttribute('href');
    await visit(href, 'xss-dataset');
    await visit(`${href}${href.includes('?') ? '&' : '?'}lang=en`, 'xss-dataset-en');
    // The JSON-LD still parses and holds the title verbatim.
    const ld = await page.evaluate(() => JSON.parse(
      document.querySelector('script[type="application/ld+json"]').textContent));
    check(/<script>/.test(ld.name), 'JSON-LD keeps the title as data');
    await visit('/search?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E&publisher=%22%3E%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E',
                'xss-query');
    await visit('/nowhere%3Cscript%3Ealert(1)%3C%2Fscript%3E', 'xss-404');
    const dialogs = problems.filter((p) => p.startsWith('dialog') || p.startsWith('exception'));
    check(dialogs.length === 0, dialogs.join('\n'));
    await context.close();
  },
};

const browser = await chromium.launch({
  executablePath: process.env.HDC_CHROMIUM,
  headless: true,
  // Containers run tests as root, where Chromium's sandbox cannot start.
  args: ['--no-sandbox', '--disable-dev-shm-usage'],
});
let failed = 0;
for (const [name, fn] of Object.entries(cases)) {
  try {
    await fn(browser);
    console.log(`ok   ${name}`);
  } catch (e) {
    failed++;
    console.log(`FAIL ${name}\n     ${String(e.message).split('\n').join('\n     ')}`);
  }
}
await browser.close();
console.log(failed ? `${failed} of ${Object.keys(cases).length} failed` :
            `all ${Object.keys(cases).length} passed`);
process.exit(failed ? 1 : 0);
