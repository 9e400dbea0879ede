// pa11y (HTML_CodeSniffer runner, WCAG 2 AA) on every stage of one session of the app.
// Usage: node pa11y_stages.js <vendor node_modules dir> <chromium path> <json plan>
// The plan: {"url": ..., "width": 1280, "stages": [{"name": ..., "actions": [pa11y actions]}]}.
// One page is kept for the whole walk (the app's state lives in its websocket session); pa11y
// runs on it as it is (ignoreUrl), after that stage's actions. Prints one JSON object:
// {stage name: {h1: the page's h1 text, issues: [...]}}. Nothing is written to disk.
'use strict';
const path = require('path');
const [modules, chromium, planJson] = process.argv.slice(2);
const pa11y = require(path.join(modules, 'pa11y'));
const puppeteer = require(path.join(modules, 'puppeteer'));

(async () => {
  const plan = JSON.parse(planJson);
  const browser = await puppeteer.launch({
    executablePath: chromium, headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
           '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  const out = {};
  try {
    const page = await browser.newPage();
    await page.setViewport({width: plan.width || 1280, height: 900});
    await page.goto(plan.url, {waitUntil: 'load'});
    for (const stage of plan.stages) {
      const result = await pa11y(plan.url, {
        browser, page, ignoreUrl: true, runners: ['htmlcs'], standard: 'WCAG2AA',
        actions: stage.actions.concat([
          'wait for element [data-testid="stApp"][data-test-script-state="notRunning"] to be added']),
        includeNotices: false, includeWarnings: !!plan.warnings, timeout: 60000, wait: 300,
        viewport: {width: plan.width || 1280, height: 900},
      });
      const h1 = await page.evaluate(() => [...document.querySelectorAll('h1')].map(h => h.innerText.trim()));
      out[stage.name] = {h1, issues: result.issues};
    }
  } finally {
    await browser.close();
  }
  process.stdout.write(JSON.stringify(out));
})().catch(err => { process.stderr.write(String(err && err.stack || err)); process.exit(2); });
