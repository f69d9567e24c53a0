// The lab on the page, live: the dev server `npm start` runs (with its runner API) for a LocalStack account of this
// file's own, driven in Debian's Chromium by mouse and by keyboard alone.
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSite } from '../../site/plugin/serve.js';
import { browserTestsRun, describeInBrowser, launchBrowser, type Browser } from './helpers/browser.js';
import { projectRoot } from './helpers/build-site.js';
import { ownPost, rawCall, startDevSite } from './helpers/dev-site.js';
import { billingAlertsOn, button, idle, openLive, pieces, status } from './helpers/live-page.js';
import { watchPage } from './helpers/watch-page.js';

const ACCOUNT = '000000006101';
const SCREENSHOTS = join(projectRoot, 'test-results', 'screenshots');
const BILLING_PIECES = ['alarm', 'topic', 'queue'];

let site: RunningSite;
let browser: Browser;

beforeAll(async () => {
  site = await startDevSite(ACCOUNT);
  if (browserTestsRun) browser = await launchBrowser();
  mkdirSync(SCREENSHOTS, { recursive: true });
  await billingAlertsOn(ACCOUNT);
  // Start from nothing built, whatever an earlier run of this file left in its account.
  for (const lab of ['billing-alarm', 'vpc']) expect((await ownPost(site.url, `/api/labs/${lab}/reset`)).status).toBe(200);
});

afterAll(async () => {
  await browser?.close();
  await site?.close();
});

const openLesson = (path: string) => openLive(browser.context, site.url, path);

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

/** Where focus is, every time it moves, from now on: the body included. */
async function recordFocus(page: Page): Promise<() => Promise<string[]>> {
  await page.evaluate(() => {
    const seen: string[] = [];
    Object.assign(window, { seen });
    const note = () => seen.push(document.activeElement === document.body || !document.activeElement ? 'BODY' : (document.activeElement.textContent?.trim() ?? ''));
    document.addEventListener('focusin', note);
    document.addEventListener('focusout', () => setTimeout(note));
  });
  return () => page.evaluate(() => (window as unknown as { seen: string[] }).seen);
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

describeInBrowser('the lab on the page, served by npm start', () => {
  it('runs the solution with its steps streaming in, checks it, resets it, and draws what exists', async () => {
    const { page, watch } = await openLesson('05-billing-alarm');
    await expect(page.locator('.live-lab .target').textContent()).resolves.toContain(ACCOUNT);
    expect(Object.keys(await pieces(page))).toEqual(expect.arrayContaining(['vpc', 'public-a', 'private-b', 'igw', 'route-table', 'web-sg', 'instance', 'role', 'profile', 'bucket', 'admin', 'admins', 'mfa', ...BILLING_PIECES]));
    for (const piece of BILLING_PIECES) expect((await pieces(page))[piece], piece).toBe(false);
    const announced = await recordAnnouncements(page);

    await button(page, 'Run solution').click();
    await expect(button(page, 'Check').getAttribute('aria-disabled')).resolves.toBe('true');
    await page.locator('.run-log .note-done').waitFor({ timeout: 60_000 });
    await idle(page);
    const steps = page.locator('.run-log ol > li');
    const total = await steps.count();
    expect(total).toBeGreaterThan(3);
    await expect(page.locator('.run-log ol > li.ok').count()).resolves.toBe(total);
    await expect(page.locator('.run-log ol > li .title').allTextContents()).resolves.toContain('Step 2: Create the SNS topic billing-alerts');
    const topicStep = steps.filter({ hasText: 'Create the SNS topic billing-alerts' });
    await expect(topicStep.locator('.command').textContent()).resolves.toMatch(/^\$ aws sns create-topic --name billing-alerts/);
    await expect(topicStep.locator('.outputs').textContent()).resolves.toContain(`arn:aws:sns:us-east-1:${ACCOUNT}:billing-alerts`);
    for (const ms of await steps.locator('.ms').allTextContents()) expect(ms).toMatch(/^\d+(\.\d)? m?s$/);
    // Streamed: the live region said steps as they started, before the run ended (a busy browser may read a few
    // events at once and show only the last of them, so not necessarily every step).
    const said = await announced();
    expect(said[0]).toBe('Running the solution…');
    expect(said.filter((s) => new RegExp(`^Step \\d of ${total}: `).test(s)).length).toBeGreaterThan(0);
    expect(said.at(-1)).toBe(`Done: ${total} of ${total} steps ran. Now press Check.`);
    for (const piece of BILLING_PIECES) expect((await pieces(page))[piece], piece).toBe(true);

    await button(page, 'Check').click();
    await page.locator('.check-table').waitFor({ timeout: 60_000 });
    await idle(page);
    const passing = await checkRows(page);
    expect(passing.length).toBeGreaterThan(3);
    for (const row of passing) expect(row, row.title).toMatchObject({ result: '✓ PASS', detail: expect.stringMatching(/\S/) });
    await expect(status(page)).resolves.toBe(`${passing.length} of ${passing.length} checks passed`);
    await page.locator('.lab-panel').screenshot({ path: join(SCREENSHOTS, '05-billing-alarm-live.png') });

    await button(page, 'Reset').click();
    await page.locator('.reset-summary').waitFor({ timeout: 60_000 });
    await idle(page);
    await expect(status(page)).resolves.toMatch(/^Reset removed \d+ resources\.$/);
    await expect(page.locator('.reset-summary').textContent()).resolves.toContain('sns:topic billing-alerts');
    for (const piece of BILLING_PIECES) expect((await pieces(page))[piece], piece).toBe(false);

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

  it('"Run lab" stops at the first step still to write: its code, the hint, where to open it; the status line only says it stopped', async () => {
    const { page, watch } = await openLesson('11-vpc');
    await button(page, 'Run lab').click();
    const todo = page.locator('.run-log .note-todo');
    await todo.waitFor({ timeout: 60_000 });
    await idle(page);
    const step = Number(/^Step (\d+) is yours to write/.exec((await todo.locator('p').first().textContent()) ?? '')?.[1]);
    expect(step).toBeGreaterThan(0);
    await expect(page.locator('.run-log ol > li.todo .title').textContent()).resolves.toMatch(new RegExp(`^Step ${step}: `));

    // The place: path:line to copy, and a link that opens it in VS Code at its line and column.
    const place = (await todo.locator('.place code').textContent()) ?? '';
    const [, file = '', line = ''] = /^(labs\/vpc\/lab\.ts):(\d+)$/.exec(place) ?? [];
    expect(file, place).toBe('labs/vpc/lab.ts');
    const source = readFileSync(join(projectRoot, file), 'utf8').split('\n');
    expect(source[Number(line) - 1]).toContain('todo(');
    const href = (await todo.locator('.place a').getAttribute('href')) ?? '';
    expect(href).toMatch(new RegExp(`^vscode://file${join(projectRoot, file).replace(/[.]/g, '\\.')}:${line}:\\d+$`));
    await expect(todo.getByRole('button', { name: `Copy ${place}` }).count()).resolves.toBe(1);
    // The code around it, the line marked.
    const frame = (await todo.locator('.code-frame').textContent()) ?? '';
    expect(frame).toMatch(new RegExp(`> ${line} \\|.*todo\\(`));
    expect(frame.split('\n').length).toBeGreaterThan(3);
    // A few lines tall, the long ones scrolling sideways: not the page's layout grid.
    const frameBox = await todo.locator('.code-frame').boundingBox();
    expect(frameBox?.height).toBeLessThan(frame.split('\n').length * 30);
    // The hint of that step, right there.
    const entry = JSON.parse(readFileSync(join(projectRoot, 'labs', 'vpc', 'lab.json'), 'utf8')) as { steps: { hint: string }[] };
    await expect(todo.locator('.hint').textContent()).resolves.toContain(entry.steps[step - 1]?.hint.slice(0, 60));
    // The status line says it stopped there, and does not repeat the box.
    const said = await status(page);
    expect(said).toBe(`Stopped at step ${step} of ${entry.steps.length}: it is yours to write.`);
    expect(said).not.toContain(place);

    await page.locator('.lab-panel').screenshot({ path: join(SCREENSHOTS, '11-vpc-live-todo.png') });
    expect(watch.errors).toEqual([]);
    expect(watch.offsite).toEqual([]);
    await page.close();
  });

  it('keeps focus on the pressed button while its action runs and after, and shows only the last action\'s outcome', async () => {
    const { page, watch } = await openLesson('11-vpc');
    const focus = await recordFocus(page);
    await button(page, 'Run lab').click();
    await page.locator('.run-log .note-todo').waitFor({ timeout: 60_000 });
    await idle(page);
    await button(page, 'Run solution').click();
    await page.locator('.run-log .note-done').waitFor({ timeout: 60_000 });
    await idle(page);
    await expect(page.locator('.run-log').count()).resolves.toBe(1);
    await button(page, 'Check').click();
    await page.locator('.check-table').waitFor({ timeout: 60_000 });
    await idle(page);
    // The check's table replaces the run's steps: one outcome at a time.
    await expect(page.locator('.run-log').count()).resolves.toBe(0);
    await expect(page.locator('.run-log .note-todo').count()).resolves.toBe(0);
    await button(page, 'Reset').click();
    await page.locator('.reset-summary').waitFor({ timeout: 60_000 });
    await idle(page);
    await expect(page.locator('.check-table').count()).resolves.toBe(0);
    await expect(page.locator('.reset-summary').count()).resolves.toBe(1);

    expect(await focus()).not.toContain('BODY');
    await expect(page.evaluate(() => document.activeElement?.textContent?.trim())).resolves.toBe('Reset');
    expect(watch.errors).toEqual([]);
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
    await expect(focused()).resolves.toBe('Run solution');
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
    expect(JSON.parse(answer.text)).toMatchObject({ ready: true, target: 'localstack', account: ACCOUNT, root: projectRoot.replace(/\/$/, '') });
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
      const asked = watch.api.filter((call) => call === 'GET /api/status').length;
      await again.click();
      await expect.poll(() => watch.api.filter((call) => call === 'GET /api/status').length).toBe(asked + 1);
      await expect.poll(() => again.isEnabled(), { timeout: 15_000 }).toBe(true);
      expect(watch.errors).toEqual([]);
      expect(watch.offsite).toEqual([]);
    } finally {
      await page.close();
      await down.close();
    }
  });
});
