// The lab on the page, live: the dev server `npm start` runs (with its runner API) for a LocalStack account of this
// file's own, driven in Debian's Chromium by mouse and by keyboard alone.
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSite } from '../../site/plugin/serve.js';
import { browserTestsRun, describeInBrowser, launchBrowser, type Browser } from './helpers/browser.js';
import { projectRoot } from './helpers/build-site.js';
import { billingAlertsOn } from '../support/billing-alerts.js';
import { ownPost, rawCall, startDevSite } from './helpers/dev-site.js';
import { type PageWatch, watchPage } from './helpers/watch-page.js';

const ACCOUNT = '000000000801';
const SCREENSHOTS = join(projectRoot, 'test-results', 'screenshots');
const BILLING_PIECES = ['alarm', 'topic', 'queue'];

let site: RunningSite;
let browser: Browser;

beforeAll(async () => {
  // The lab's first step looks for billing data, which exists once billing alerts are on (through the gate).
  await billingAlertsOn(ACCOUNT);
  site = await startDevSite(ACCOUNT);
  if (browserTestsRun) browser = await launchBrowser();
  mkdirSync(SCREENSHOTS, { recursive: true });
  // Start from nothing built, whatever an earlier run of this file left in its account.
  expect((await ownPost(site.url, '/api/labs/billing-alarm/reset')).status).toBe(200);
});

afterAll(async () => {
  await browser?.close();
  await site?.close();
});

async function openLesson(path: string): Promise<{ page: Page; watch: PageWatch }> {
  const page = await browser.context.newPage();
  const watch = watchPage(page);
  await page.goto(`${site.url}#/${path}`);
  await button(page, 'Run solution').waitFor({ timeout: 60_000 });
  await idle(page);
  return { page, watch };
}

const button = (page: Page, name: string) => page.locator('.live-lab').getByRole('button', { name, exact: true });

/** Nothing running, and the picture drawn from the inventory asked for after the last action. */
async function idle(page: Page): Promise<void> {
  await page.waitForFunction(
    () => document.querySelectorAll('.live-lab button:disabled').length === 0 && document.querySelector('.built-picture')?.getAttribute('aria-busy') === 'false',
    undefined,
    { timeout: 60_000 },
  );
}

/** Every text the live region shows, in order, from now on. */
async function recordAnnouncements(page: Page): Promise<() => Promise<string[]>> {
  await page.evaluate(() => {
    const region = document.querySelector('.live-lab [role="status"]');
    const said: string[] = [];
    Object.assign(window, { said });
    if (!region) throw new Error('no live region');
    new MutationObserver(() => said.push(region.textContent?.trim() ?? '')).observe(region, { childList: true, subtree: true, characterData: true });
  });
  return () => page.evaluate(() => (window as unknown as { said: string[] }).said);
}

async function pieces(page: Page): Promise<Record<string, string>> {
  const all = await page.locator('.built-picture [data-piece]').evaluateAll((groups) =>
    groups.map((g) => [g.getAttribute('data-piece') ?? '', g.getAttribute('data-built') ?? '']),
  );
  return Object.fromEntries(all);
}

async function checkRows(page: Page): Promise<{ result: string; title: string; detail: string }[]> {
  return page.locator('.check-table tbody tr').evaluateAll((rows) =>
    rows.map((row) => ({
      result: row.querySelector('td.result')?.textContent?.trim() ?? '',
      title: row.querySelector('th')?.textContent?.trim() ?? '',
      detail: row.querySelector('td.detail')?.textContent?.trim() ?? '',
    })),
  );
}

const status = (page: Page) => page.locator('.live-lab [role="status"]').textContent();

describeInBrowser('the lab on the page, served by npm start', () => {
  it('runs the solution with its steps streaming in, checks it, resets it, and draws what exists', async () => {
    const { page, watch } = await openLesson('05-billing-alarm');
    await expect(page.locator('.live-lab .target').textContent()).resolves.toContain(ACCOUNT);
    expect(Object.keys(await pieces(page))).toEqual(expect.arrayContaining(['vpc', 'public-a', 'private-b', 'igw', 'route-table', 'web-sg', 'instance', 'role', 'profile', 'bucket', 'admin', 'admins', 'mfa', ...BILLING_PIECES]));
    for (const piece of BILLING_PIECES) expect((await pieces(page))[piece], piece).toBe('false');
    const announced = await recordAnnouncements(page);

    await button(page, 'Run solution').click();
    await expect(button(page, 'Check').isDisabled()).resolves.toBe(true);
    await page.locator('.run-log .note-done').waitFor({ timeout: 60_000 });
    await idle(page);
    const steps = page.locator('.run-log ol > li');
    const total = await steps.count();
    expect(total).toBeGreaterThan(3);
    await expect(page.locator('.run-log ol > li.ok').count()).resolves.toBe(total);
    await expect(steps.first().locator('.title').textContent()).resolves.toBe('Step 1: Create the SNS topic billing-alerts');
    await expect(steps.first().locator('.command').textContent()).resolves.toMatch(/^\$ aws sns create-topic --name billing-alerts/);
    await expect(steps.first().locator('.outputs').textContent()).resolves.toContain('arn:aws:sns:us-east-1:000000000801:billing-alerts');
    for (const ms of await steps.locator('.ms').allTextContents()) expect(ms).toMatch(/^\d+(\.\d)? m?s$/);
    // Streamed: the live region said steps as they started, before the run ended (a busy browser may read a few
    // events at once and show only the last of them, so not necessarily every step).
    const said = await announced();
    expect(said[0]).toBe('Running the solution…');
    expect(said.filter((s) => new RegExp(`^Step \\d of ${total}: `).test(s)).length).toBeGreaterThan(0);
    expect(said.at(-1)).toBe(`Done: ${total} of ${total} steps ran. Now press Check.`);
    for (const piece of BILLING_PIECES) expect((await pieces(page))[piece], piece).toBe('true');

    await button(page, 'Check').click();
    await page.locator('.check-table').waitFor({ timeout: 60_000 });
    await idle(page);
    const passing = await checkRows(page);
    expect(passing.length).toBeGreaterThan(3);
    for (const row of passing) expect(row, row.title).toMatchObject({ result: '✓ PASS', detail: expect.stringMatching(/\S/) });
    const summary = `${passing.length} of ${passing.length} checks passed`;
    await expect(page.locator('.check-table .summary').textContent()).resolves.toContain(summary);
    await expect(status(page)).resolves.toBe(summary);
    await expect(page.getByRole('button', { name: 'Lab passed' }).getAttribute('aria-pressed')).resolves.toBe('true');
    await page.locator('.lab-panel').screenshot({ path: join(SCREENSHOTS, '05-billing-alarm-live.png') });

    await button(page, 'Reset').click();
    await page.locator('.reset-summary').waitFor({ timeout: 60_000 });
    await idle(page);
    await expect(page.locator('.reset-summary').textContent()).resolves.toMatch(/Reset removed \d+ resources/);
    for (const piece of BILLING_PIECES) expect((await pieces(page))[piece], piece).toBe('false');

    await button(page, 'Check').click();
    await page.locator('.check-table').waitFor({ timeout: 60_000 });
    await idle(page);
    const failing = await checkRows(page);
    expect(failing.filter((row) => row.result === '✗ FAIL').length).toBeGreaterThan(0);
    await expect(status(page)).resolves.toMatch(new RegExp(`^\\d+ of ${failing.length} checks passed$`));
    await expect(status(page)).resolves.not.toBe(`${failing.length} of ${failing.length} checks passed`);

    expect(watch.errors).toEqual([]);
    expect(watch.offsite).toEqual([]);
    await page.close();
  });

  it('"Run lab" stops at the first step the student still has to write, and says where', async () => {
    const { page, watch } = await openLesson('10-vpc');
    await button(page, 'Run lab').click();
    const todo = page.locator('.run-log .note-todo');
    await todo.waitFor({ timeout: 60_000 });
    await idle(page);
    const text = (await todo.textContent()) ?? '';
    const [, step, file, line] = /^Step (\d+) is yours to write: (labs\/vpc\/lab\.ts):(\d+) — \S/.exec(text) ?? [];
    expect(step, text).toBeDefined();
    expect(readFileSync(join(projectRoot, file), 'utf8').split('\n')[Number(line) - 1]).toContain('todo(');
    await expect(status(page)).resolves.toBe(text);
    await expect(page.locator(`.run-log ol > li.todo .title`).textContent()).resolves.toMatch(new RegExp(`^Step ${step}: `));
    expect(watch.errors).toEqual([]);
    expect(watch.offsite).toEqual([]);
    await page.close();
  });

  it('works from the keyboard alone: Tab to the buttons, Enter and Space press them, focus stays put', async () => {
    const { page, watch } = await openLesson('05-billing-alarm/lab');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('lab');
    const focused = () => page.evaluate(() => document.activeElement?.textContent?.trim());

    await page.keyboard.press('Tab');
    await expect(focused()).resolves.toBe('Run lab');
    const ring = await page.evaluate(() => getComputedStyle(document.activeElement as HTMLElement).outlineStyle);
    expect(ring).not.toBe('none');
    await page.keyboard.press('Tab');
    await expect(focused()).resolves.toBe('Run solution');
    await page.keyboard.press('Enter');
    await page.locator('.run-log .note-done').waitFor({ timeout: 60_000 });
    await idle(page);
    await expect(focused()).resolves.toBe('Run solution');

    await page.keyboard.press('Tab');
    await expect(focused()).resolves.toBe('Check');
    await page.keyboard.press('Space');
    await page.locator('.check-table').waitFor({ timeout: 60_000 });
    await idle(page);
    await expect(status(page)).resolves.toMatch(/^(\d+) of \1 checks passed$/);

    await page.keyboard.press('Tab');
    await expect(focused()).resolves.toBe('Reset');
    await page.keyboard.press('Enter');
    await page.locator('.reset-summary').waitFor({ timeout: 60_000 });
    await idle(page);
    await expect(focused()).resolves.toBe('Reset');
    await expect(page.locator('.built-picture [data-piece="alarm"]').getAttribute('data-built')).resolves.toBe('false');

    expect(watch.errors).toEqual([]);
    expect(watch.offsite).toEqual([]);
    await page.close();
  });
});

describe('the runner API behind the real dev server', () => {
  it('answers the page itself', async () => {
    const answer = await rawCall(site.url, 'GET', '/api/status', { origin: new URL(site.url).origin });
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.text)).toMatchObject({ ready: true, target: 'localstack', account: ACCOUNT });
  });

  it.each([
    ['a foreign Origin', 'GET', '/api/status', { origin: 'http://evil.example' }],
    ['a foreign Origin posting', 'POST', '/api/labs/billing-alarm/reset', { origin: 'http://evil.example', 'content-type': 'application/json' }],
    ['another local page', 'POST', '/api/labs/billing-alarm/reset', { origin: 'http://127.0.0.1:1', 'content-type': 'application/json' }],
    ['a foreign Host (DNS rebinding)', 'GET', '/api/status', { host: 'evil.example' }],
    ['a foreign Host posting', 'POST', '/api/labs/billing-alarm/solution', { host: 'evil.example', origin: 'http://evil.example', 'content-type': 'application/json' }],
  ])('answers 403 to %s', async (_what, method, path, headers) => {
    const answer = await rawCall(site.url, method, path, headers, method === 'POST' ? '{}' : '');
    expect(answer.status).toBe(403);
  });
});

describeInBrowser('a runner that cannot reach its cloud', () => {
  it('says what is wrong and what to do, and asks again on request', async () => {
    const down = await startDevSite(ACCOUNT, { endpoint: 'http://127.0.0.1:9' });
    const page = await browser.context.newPage();
    const watch = watchPage(page);
    try {
      await page.goto(`${down.url}#/05-billing-alarm`);
      const again = page.getByRole('button', { name: 'Ask again' });
      await again.waitFor({ timeout: 60_000 });
      await expect(page.locator('.runner-down [role="status"]').textContent()).resolves.toContain('Nothing answers at http://127.0.0.1:9');
      await expect(page.getByRole('button', { name: 'Run lab' }).count()).resolves.toBe(0);
      await again.click();
      await expect.poll(() => watch.api.filter((call) => call === 'GET /api/status').length).toBe(2);
      await expect(again.isEnabled()).resolves.toBe(true);
      expect(watch.errors).toEqual([]);
      expect(watch.offsite).toEqual([]);
    } finally {
      await page.close();
      await down.close();
    }
  });
});
