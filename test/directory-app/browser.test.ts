// The employee directory as a student meets it: the vpc, ec2-role and directory-app solutions run through the `lab`
// CLI in a fresh LocalStack account, the URL the lab printed opened in Debian's Chromium, an employee added with a
// photo, seen with the photo loaded, edited and deleted; then `lab reset` stops the app's local boot for good.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { readLocalInstance } from '../../lab-runner/local-instance/index.js';
import { samplePng } from '../../labs/directory-app/sample-photo.js';
import { photosBucketName } from '../../labs/directory-app/spec.js';
import { describeInBrowser, launchBrowser, type Browser } from '../site/helpers/browser.js';
import { runCli } from '../support/cli.js';
import { isRunning } from '../support/processes.js';
import { localEnv, localSession } from '../support/session.js';

const account = '000000000302';
const env = localEnv(account);
const NAME = 'Ada Lovelace';

let browser: Browser;
let page: Page;
let url = '';
let instanceId = '';
let resetDone = false;

/** Runs `lab <args>` and fails with what it printed when it does not exit 0. */
async function lab(...args: string[]): Promise<string> {
  const result = await runCli(args, env);
  expect(result.code, `lab ${args.join(' ')}\n${result.stdout}\n${result.stderr}`).toBe(0);
  return result.stdout;
}

async function photoKeys(): Promise<string[]> {
  const session = await localSession(account);
  const s3 = new S3Client({ region: 'us-east-1', endpoint: session.target.endpoint, credentials: session.target.credentials, forcePathStyle: true });
  const { Contents = [] } = await s3.send(new ListObjectsV2Command({ Bucket: photosBucketName(account, 'us-east-1'), Prefix: 'employees/' }));
  return Contents.map((o) => o.Key ?? '');
}

/** Waits until the card's photo has loaded and answers its natural width (0: the browser could not show it). */
async function photoWidth(alt: string): Promise<number> {
  const photo = page.getByAltText(alt);
  await photo.waitFor();
  await page.waitForFunction((text) => Array.from(document.images).some((img) => img.alt === text && img.complete), alt);
  return photo.evaluate((img: HTMLImageElement) => img.naturalWidth);
}

beforeAll(async () => {
  await lab('reset', 'directory-app', '--yes');
  await lab('run', 'vpc', '--solution');
  await lab('run', 'ec2-role', '--solution');
  const output = await lab('run', 'directory-app', '--solution');
  url = /^\s*url: (http:\/\/\S+)\s*$/m.exec(output)?.[1] ?? '';
  instanceId = /^\s*instance: (i-[0-9a-f]+)\s*$/m.exec(output)?.[1] ?? '';
  expect(url, output).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  browser = await launchBrowser();
  page = await browser.context.newPage();
});

afterAll(async () => {
  await browser?.close();
  if (!resetDone) await runCli(['reset', 'directory-app', '--yes'], env);
});

describeInBrowser('the employee directory in a browser, booted by the lab on LocalStack', () => {
  it('opens at the URL the lab printed', async () => {
    const response = await page.goto(url);
    expect(response?.status()).toBe(200);
    await expect(page.getByRole('heading', { name: 'Employees', level: 1 }).isVisible()).resolves.toBe(true);
  });

  it('adds an employee with a photo, and shows the photo from the bucket', async () => {
    await page.getByRole('link', { name: 'Add employee' }).click();
    await page.locator('#name').fill(NAME);
    await page.locator('#location').fill('London');
    await page.locator('#jobTitle').fill('Analyst');
    await page.locator('#photo').setInputFiles({ name: 'ada.png', mimeType: 'image/png', buffer: samplePng(32) });
    await Promise.all([page.waitForURL(`${url}/`), page.getByRole('button', { name: 'Add employee' }).click()]);
    await expect(page.getByRole('heading', { name: NAME, level: 2 }).isVisible()).resolves.toBe(true);
    expect(await photoWidth(`Photo of ${NAME}`)).toBe(32);
    expect(await photoKeys()).toHaveLength(1);
  });

  it('edits the employee and keeps the photo', async () => {
    await page.getByRole('link', { name: `Edit ${NAME}` }).click();
    await page.locator('#jobTitle').fill('Chief Analyst');
    await Promise.all([page.waitForURL(`${url}/`), page.getByRole('button', { name: 'Save changes' }).click()]);
    await expect(page.getByText('Chief Analyst').isVisible()).resolves.toBe(true);
    expect(await photoWidth(`Photo of ${NAME}`)).toBe(32);
  });

  it('deletes the employee, and its photo with it', async () => {
    await page.getByRole('link', { name: `Delete ${NAME}` }).click();
    await Promise.all([page.waitForURL(`${url}/`), page.getByRole('button', { name: `Delete ${NAME}` }).click()]);
    await expect(page.getByText('No employees yet').isVisible()).resolves.toBe(true);
    expect(await photoKeys()).toEqual([]);
  });

  it('is stopped by lab reset: the process is gone and nothing answers', async () => {
    const boot = readLocalInstance(instanceId);
    expect(boot?.url).toBe(url);
    const pid = boot?.pid ?? 0;
    expect(isRunning(pid)).toBe(true);
    const stdout = await lab('reset', 'directory-app', '--yes');
    resetDone = true;
    expect(stdout).toContain(`ec2:instance employee-directory (${instanceId})`);
    expect(isRunning(pid)).toBe(false);
    expect(readLocalInstance(instanceId)).toBeUndefined();
    expect(spawnSync('ps', ['-eo', 'args='], { encoding: 'utf8' }).stdout).not.toContain(join(instanceId, 'directory-app.mjs'));
    await expect(fetch(`${url}/health`, { signal: AbortSignal.timeout(2000) })).rejects.toThrow();
  });
});
