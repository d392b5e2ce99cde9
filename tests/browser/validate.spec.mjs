// SPDX-License-Identifier: EUPL-1.2
//
// The upload validator (/validate) in a real browser (headless Chromium
// driven by playwright-core): a faulty description chosen as a file gives
// a report naming each violation with a link to the property's definition;
// a pasted one gives the same in English; a valid one conforms; markup in
// a pasted description stays text. No console errors, no dialogs. Each
// case is named test_<what>_<expected>; screenshots go to $HDC_SHOTS.
// Environment: HDC_BASE_URL, HDC_WEB_DIR (for playwright-core),
// HDC_CHROMIUM, HDC_SHOTS, HDC_FIXTURES.
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';

const require = createRequire(path.join(process.env.HDC_WEB_DIR, 'package.json'));
const { chromium } = require('playwright-core');

const base = process.env.HDC_BASE_URL;
const shots = process.env.HDC_SHOTS;
const good = fs.readFileSync(
  path.join(process.env.HDC_FIXTURES, 'demo/datasets/canto.ttl'), 'utf8');
// Two faults: no access rights (the rule set cannot be chosen) and an age
// that is not a number.
const faulty = good
  .replace('dct:accessRights', 'dct:rights')
  .replace('healthdcatap:minTypicalAge "18"^^xsd:nonNegativeInteger',
           'healthdcatap:minTypicalAge "dix-huit"');

function check(cond, what) {
  if (!cond) throw new Error(`check failed: ${what}`);
}

async function openPage(browser, opts = {}) {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    locale: opts.locale || 'fr-FR',
  });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`exception: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()}`));
  page.on('dialog', async (d) => {
    problems.push(`dialog (${d.type()}): ${d.message()}`);
    await d.dismiss();
  });
  return { context, page, problems };
}

async function shot(page, name) {
  await page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });
}

async function submit(page) {
  await Promise.all([
    page.waitForNavigation(),
    page.click('#validate-submit'),
  ]);
  await page.waitForSelector('#validate-summary');
}

const cases = {
  async test_upload_faulty_file_reports_each_violation(browser) {
    const { context, page, problems } = await openPage(browser);
    await page.goto(`${base}/validate`);
    check(await page.isVisible('#validate-form'), 'the form is shown');
    check(await page.isVisible('label[for="document"]'), 'the text area has a label');
    await page.setInputFiles('#file', {
      name: 'canto-faulty.ttl', mimeType: 'text/turtle', buffer: Buffer.from(faulty),
    });
    await submit(page);
    await shot(page, 'validate-faulty-file');
    const summary = page.locator('#validate-summary');
    check(/fr-alert--error/.test(await summary.getAttribute('class')),
          'the summary is an error');
    check(/n'est pas conforme/.test(await summary.textContent()), 'French summary');
    const violations = page.locator('#problems li[data-severity="violation"]');
    const n = await violations.count();
    check(n >= 2, `at least two violations listed (${n})`);
    const text = await page.locator('#problems').textContent();
    check(/dct:accessRights/.test(text), 'the missing access rights are named');
    check(/minTypicalAge/.test(text), 'the bad age is named');
    // Every violation on a property links to its definition.
    const links = await page.locator(
      '#problems li[data-severity="violation"] a.hdc-spec-link').evaluateAll(
      (as) => as.map((a) => a.href));
    check(links.length >= 1 && links.every((h) => h.startsWith('https://')),
          `definition links: ${links.join(' ')}`);
    check(links.some((h) => /#Dataset\.accessrights$/.test(h)),
          'the access rights link points at the Dataset property');
    check(problems.length === 0, problems.join('\n'));
    await context.close();
  },

  async test_paste_faulty_english_explains_rules(browser) {
    const { context, page, problems } = await openPage(browser, { locale: 'en-GB' });
    await page.goto(`${base}/validate?lang=en`);
    check((await page.getAttribute('html', 'lang')) === 'en', 'English page');
    await page.fill('#document', faulty);
    await submit(page);
    await shot(page, 'validate-faulty-paste-en');
    check(/does not conform/.test(await page.locator('#validate-summary').textContent()),
          'English summary');
    const rules = await page.locator('#problems dd').allTextContents();
    check(rules.some((t) => /required|must be/.test(t)), 'rules explained in English');
    // The description stays in the text area to be fixed.
    check((await page.inputValue('#document')).includes('dcat:Dataset'),
          'the pasted text is kept');
    check(problems.length === 0, problems.join('\n'));
    await context.close();
  },

  async test_paste_valid_description_conforms(browser) {
    const { context, page, problems } = await openPage(browser);
    await page.goto(`${base}/validate`);
    await page.fill('#document', good);
    await submit(page);
    await shot(page, 'validate-valid');
    check(/fr-alert--success/.test(
      await page.locator('#validate-summary').getAttribute('class')), 'success');
    check(await page.locator('#problems li[data-severity="violation"]').count() === 0,
          'no violation listed');
    check(problems.length === 0, problems.join('\n'));
    await context.close();
  },

  async test_paste_markup_stays_text(browser) {
    const { context, page, problems } = await openPage(browser);
    await page.goto(`${base}/validate`);
    await page.fill('#document',
      '</textarea><script>alert(1)</script><img src=x onerror=alert(2)> .');
    await submit(page);
    await shot(page, 'validate-markup');
    const inj = await page.evaluate(() =>
      document.querySelectorAll('script:not([src]), img[src="x"], [onerror]').length);
    check(inj === 0, 'no injected element');
    check((await page.inputValue('#document')).startsWith('</textarea><script>'),
          'the text is kept verbatim');
    check(problems.length === 0, problems.join('\n'));
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
