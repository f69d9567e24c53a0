// The student's code on the page: a step that fails in it and code that does not type-check both show the code around
// the place, where to open it and what to copy; code that does all the steps passes as the student's own. The site is
// served from a throwaway copy of the project whose labs/vpc/lab.ts each test writes, for an account of its own.
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { RunningSite } from '../../site/plugin/serve.js';
import { copyProject, type ProjectCopy } from '../support/project-copy.js';
import { localEnv } from '../support/session.js';
import { browserTestsRun, describeInBrowser, launchBrowser, type Browser } from './helpers/browser.js';
import { projectRoot } from './helpers/build-site.js';
import { ownPost } from './helpers/dev-site.js';
import { openLive, press, progressLine, sidebarEntry, status } from './helpers/live-page.js';

const ACCOUNT = '000000006104';
const LAB_FILE = 'labs/vpc/lab.ts';
/** The first TODO of the vpc starter: the zones that offer t3.micro. */
const FIRST_TODO = /todo\('send a DescribeInstanceTypeOfferingsCommand[^\n]*?'\)/;

let copy: ProjectCopy;
let starter: string;
let site: RunningSite;
let browser: Browser;

beforeAll(async () => {
  if (!browserTestsRun) return;
  copy = copyProject();
  starter = copy.read(LAB_FILE);
  const { startSite } = (await import(join(copy.root, 'site', 'plugin', 'serve.ts'))) as typeof import('../../site/plugin/serve.js');
  site = await startSite({ port: 0, env: localEnv(ACCOUNT), logLevel: 'silent', cacheDir: join(copy.root, '.vite-cache') });
  browser = await launchBrowser();
  expect((await ownPost(site.url, '/api/labs/vpc/reset')).status).toBe(200);
});

afterAll(async () => {
  await browser?.close();
  await site?.close();
  copy?.remove();
});

/** The line of the starter where the first TODO is, 1-based. */
function todoLine(): number {
  const at = starter.search(FIRST_TODO);
  return starter.slice(0, at).split('\n').length;
}

/** The place box: path:line, the editor link, a copy button, and the frame around the line. */
async function expectPlace(page: Page, box: string, line: number): Promise<void> {
  const place = `${LAB_FILE}:${line}`;
  await expect(page.locator(`${box} .place code`).first().textContent()).resolves.toBe(place);
  await expect(page.locator(`${box} .place a`).first().getAttribute('href')).resolves.toMatch(new RegExp(`^vscode://file${join(copy.root, LAB_FILE).replace(/[.]/g, '\\.')}:${line}:\\d+$`));
  await expect(page.locator(box).getByRole('button', { name: `Copy ${place}` }).count()).resolves.toBeGreaterThan(0);
  await expect(page.locator(`${box} .code-frame`).first().textContent()).resolves.toMatch(new RegExp(`> ${line} \\|`));
}

describeInBrowser("the student's code on the page", () => {
  it('a step that fails in the code shows the code, where to open it, and the error', async () => {
    copy.write(LAB_FILE, starter.replace(FIRST_TODO, "JSON.parse('zones: not JSON')"));
    const { page, watch } = await openLive(browser.context, site.url, '11-vpc');
    await press(page, 'Run lab');
    const failed = '.run-log ol > li.fail .note-error';
    await expect(page.locator(failed).textContent()).resolves.toMatch(/SyntaxError/);
    await expectPlace(page, failed, todoLine());
    await expect(status(page)).resolves.toMatch(/^Step 1 of \d+ failed: SyntaxError\.$/);
    expect(watch.errors).toEqual([]);
    await page.close();
  });

  it('code that does not type-check shows each problem with its code and where to open it; nothing ran', async () => {
    copy.write(LAB_FILE, starter.replace(FIRST_TODO, 'ctx.region * 2'));
    const { page, watch } = await openLive(browser.context, site.url, '11-vpc');
    await press(page, 'Run lab');
    await expect(status(page)).resolves.toBe('Your code has type errors, so nothing ran.');
    const box = '.run-log .note-error';
    await expect(page.locator(`${box} .problem`).first().textContent()).resolves.toMatch(/TS\d+/);
    await expectPlace(page, box, todoLine());
    await expect(page.locator('.run-log ol > li').count()).resolves.toBe(0);
    await page.locator('.lab-panel').screenshot({ path: join(projectRoot, 'test-results', 'screenshots', '11-vpc-live-type-errors.png') });
    expect(watch.errors).toEqual([]);
    await page.close();
  });

  it("code that does every step passes as the student's own, in the panel and the sidebar", async () => {
    copy.write(LAB_FILE, copy.read('solutions/vpc/lab.ts'));
    const { page, watch } = await openLive(browser.context, site.url, '11-vpc');
    await press(page, 'Run lab');
    await press(page, 'Check');
    await expect(progressLine(page)).resolves.toBe('✓ Your lab passed: every check passes.');
    await expect(sidebarEntry(page, '11-vpc')).resolves.toContain(', lab passed');
    expect(watch.errors).toEqual([]);
    await page.close();
  });
});
