// The class dashboard (class.html) in Debian's Chromium: one file that asks nothing of the network, a students × labs
// grid coloured by state, a cell's checks on click or Enter, sorting by progress, a lab filter, light and dark, and
// no accessibility violation axe-core can find, with the details open or closed.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClassReport, GradedLab } from '../../lab-runner/grading/class-report.js';
import { classHtml } from '../../lab-runner/report/class-html.js';
import { type Browser, launchBrowser } from '../site/helpers/browser.js';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

function lab(id: string, states: ('passed' | 'failed' | 'unreachable' | 'skipped')[]): GradedLab {
  const checks = states.map((state, i) => ({ id: `check-${i + 1}`, title: `Check ${i + 1} of ${id}`, state, detail: `${state} because of reason ${i + 1}` }));
  const scored = checks.filter((c) => c.state !== 'skipped');
  const passed = scored.filter((c) => c.state === 'passed').length;
  const state = checks.some((c) => c.state === 'unreachable') ? 'unreachable' : passed === scored.length ? 'passed' : passed > 0 ? 'partial' : 'failed';
  return { lab: id, region: 'us-east-1', state, passed, total: scored.length, checks };
}

const report: ClassReport = {
  gradedAt: '2026-03-02T09:30:00.000Z',
  target: 'aws (each student’s profile)',
  writes: false,
  writeTestsSkipped: ['billing-alarm/check-3'],
  labs: [
    { id: 'billing-alarm', title: 'Billing alarm', checks: [1, 2, 3].map((i) => ({ id: `check-${i}`, title: `Check ${i} of billing-alarm` })) },
    { id: 'vpc', title: 'VPC', checks: [1, 2].map((i) => ({ id: `check-${i}`, title: `Check ${i} of vpc` })) },
  ],
  students: [
    { student: 'ada', account: '000000003101', target: 'aws profile ada', state: 'graded', gradedAt: '2026-03-02T09:30:00.000Z', passed: 3, total: 4, labs: [lab('billing-alarm', ['passed', 'passed', 'skipped']), lab('vpc', ['passed', 'failed'])] },
    { student: '<script>alert(1)</script>', account: '000000003102', target: 'aws profile x', state: 'graded', gradedAt: '2026-03-02T09:30:00.000Z', passed: 0, total: 5, labs: [lab('billing-alarm', ['failed', 'failed', 'failed']), lab('vpc', ['failed', 'failed'])] },
    { student: 'cleo', account: '000000003103', target: 'aws profile cleo', state: 'graded', gradedAt: '2026-03-02T09:30:00.000Z', passed: 4, total: 4, labs: [lab('billing-alarm', ['passed', 'passed', 'skipped']), lab('vpc', ['passed', 'passed'])] },
    { student: 'dan', account: '', target: 'aws profile dan', state: 'unreachable', error: 'Nothing answers at http://127.0.0.1:1.', gradedAt: '2026-03-02T09:30:00.000Z', passed: 0, total: 5, labs: [lab('billing-alarm', ['unreachable', 'unreachable', 'unreachable']), lab('vpc', ['unreachable', 'unreachable'])] },
  ],
};

let browser: Browser;
let page: Page;
const requests: string[] = [];
const dir = mkdtempSync(join(tmpdir(), 'dashboard-'));
const file = join(dir, 'class.html');

async function axeViolations(): Promise<string[]> {
  await page.evaluate(axeSource);
  const result = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }> } }).axe;
    return axe.run(document, { resultTypes: ['violations'] });
  });
  return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

const rowOrder = () => page.locator('table.grid > tbody > tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-student')));

describe('the class dashboard', () => {
  beforeAll(async () => {
    writeFileSync(file, classHtml(report));
    browser = await launchBrowser();
    page = await browser.context.newPage();
    page.on('request', (request) => void requests.push(request.url()));
    await page.goto(pathToFileURL(file).href);
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('is one file that asks nothing of the network', () => {
    expect(requests).toEqual([pathToFileURL(file).href]);
    const html = readFileSync(file, 'utf8');
    expect(html).toMatch(/<meta http-equiv="Content-Security-Policy" content="default-src 'none';/);
    expect(html).not.toMatch(/<(link|img)\b|src=|url\(/);
  });

  it('says when the class was graded, against what, and that write tests were skipped', async () => {
    const header = await page.locator('header').textContent();
    expect(header).toContain('2026-03-02 09:30 UTC');
    expect(header).toContain('aws (each student’s profile)');
    expect(header).toMatch(/Read-only: write tests skipped: billing-alarm\/check-3/);
  });

  it('shows a students × labs grid, each cell its score and state in words as well as colour', async () => {
    expect(await rowOrder()).toEqual(['ada', '<script>alert(1)</script>', 'cleo', 'dan']);
    const cell = (student: string, labId: string) => page.locator(`tr[data-student="${student}"] td[data-lab="${labId}"]`);
    await expect(cell('ada', 'billing-alarm').getAttribute('data-state')).resolves.toBe('passed');
    await expect(cell('ada', 'vpc').textContent()).resolves.toMatch(/1\/2.*partly done/);
    await expect(cell('dan', 'vpc').textContent()).resolves.toMatch(/unreachable/);
    await expect(page.locator('tr[data-student="<script>alert(1)</script>"] th').textContent()).resolves.toContain('<script>alert(1)</script>');
    const colours = await page.locator('td[data-lab="vpc"]').evaluateAll((cells) => cells.map((c) => getComputedStyle(c.querySelector('button') as Element).backgroundColor));
    expect(new Set(colours).size).toBe(4);
  });

  it("opens a cell's checks and details with the keyboard, and Escape gives focus back to the cell", async () => {
    const cellButton = page.locator('tr[data-student="ada"] td[data-lab="vpc"] button');
    await cellButton.focus();
    await page.keyboard.press('Enter');
    const dialog = page.locator('dialog[open]');
    await expect(dialog.locator('h2').textContent()).resolves.toBe('ada · vpc: 1/2 checks passed');
    const rows = await dialog.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('th, td')].map((c) => c.textContent?.trim())));
    expect(rows).toEqual([
      ['Check 1 of vpc', 'passed', 'passed because of reason 1'],
      ['Check 2 of vpc', 'failed', 'failed because of reason 2'],
    ]);
    expect(await axeViolations()).toEqual([]);
    await page.keyboard.press('Escape');
    await expect(page.locator('dialog[open]').count()).resolves.toBe(0);
    await expect(cellButton.evaluate((b) => b === document.activeElement)).resolves.toBe(true);
  });

  it('opens a cell with a click too, and closes with its button', async () => {
    await page.locator('tr[data-student="dan"] td[data-lab="billing-alarm"] button').click();
    await expect(page.locator('dialog[open]').textContent()).resolves.toContain('Nothing answers at http://127.0.0.1:1.');
    await page.locator('dialog[open] button', { hasText: 'Close' }).click();
    await expect(page.locator('dialog[open]').count()).resolves.toBe(0);
  });

  it('sorts by progress and filters by lab', async () => {
    await page.locator('select#sort').selectOption('progress-desc');
    expect(await rowOrder()).toEqual(['cleo', 'ada', '<script>alert(1)</script>', 'dan']);
    await page.locator('select#sort').selectOption('progress-asc');
    expect((await rowOrder())[0]).not.toBe('cleo');
    await page.locator('select#sort').selectOption('name');
    expect(await rowOrder()).toEqual(['<script>alert(1)</script>', 'ada', 'cleo', 'dan']);
    await page.locator('select#lab').selectOption('vpc');
    await expect(page.locator('td[data-lab="billing-alarm"]').first().isVisible()).resolves.toBe(false);
    await expect(page.locator('th[data-lab="billing-alarm"]').isVisible()).resolves.toBe(false);
    await expect(page.locator('td[data-lab="vpc"]').first().isVisible()).resolves.toBe(true);
    await page.locator('select#sort').selectOption('progress-desc');
    expect((await rowOrder())[0]).toBe('cleo');
    await page.locator('select#lab').selectOption('');
    await expect(page.locator('td[data-lab="billing-alarm"]').first().isVisible()).resolves.toBe(true);
  });

  it('has no accessibility violation, light or dark', async () => {
    await page.emulateMedia({ colorScheme: 'light' });
    expect(await axeViolations()).toEqual([]);
    const light = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    await page.emulateMedia({ colorScheme: 'dark' });
    expect(await axeViolations()).toEqual([]);
    expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).not.toBe(light);
  });
});
