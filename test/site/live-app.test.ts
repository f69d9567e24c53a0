// The directory app's address, once its lab has run: a link in the run's steps and on the instance in the picture, on
// every lesson whose panel draws the picture, after a reload too; gone once the lab is reset. A LocalStack account of
// this file's own, where the instance is booted on this computer.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { browserTestsRun, describeInBrowser } from './helpers/browser.js';
import { ownPost } from './helpers/dev-site.js';
import { button, idle, openLive, press } from './helpers/live-page.js';
import { liveSite } from './helpers/live-site.js';
import { lessonWith } from './helpers/lesson-files.js';

const ACCOUNT = '000000006106';
const appLesson = lessonWith('the directory-app lab', (l) => l.lab === 'directory-app');
const vpcLesson = lessonWith('the vpc lab', (l) => l.lab === 'vpc');

const site = liveSite(ACCOUNT, { reset: ['directory-app'] });

beforeAll(async () => {
  if (!browserTestsRun) return;
  for (const lab of ['vpc', 'ec2-role']) expect((await ownPost(site.url, `/api/labs/${lab}/solution`)).status).toBe(200);
});

// The instance is booted on this computer: take it down again.
afterAll(async () => {
  if (browserTestsRun) await ownPost(site.url, '/api/labs/directory-app/reset');
});

describeInBrowser("the directory app's address", () => {
  it('is a link wherever the picture shows the instance, survives a reload, and goes with a reset', async () => {
    const { page, watch } = await openLive(site.context, site.url, appLesson.slug);
    await button(page, 'Run solution').click();
    await page.locator('.run-log .note-done').waitFor({ timeout: 300_000 });
    await idle(page);
    const inLog = page.locator('.run-log .outputs a[href^="http://"]');
    const url = (await inLog.getAttribute('href')) ?? '';
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    await expect(inLog.textContent()).resolves.toBe(url);
    expect((await fetch(`${url}/health`)).status).toBe(200);
    const onInstance = page.locator('.built-picture [data-piece="instance"] .address a');
    await expect(onInstance.getAttribute('href')).resolves.toBe(url);

    await page.reload();
    await button(page, 'Run lab').waitFor({ timeout: 60_000 });
    await idle(page);
    await expect(onInstance.getAttribute('href')).resolves.toBe(url);

    await page.goto(`${site.url}#/${vpcLesson.slug}`);
    await button(page, 'Run lab').waitFor({ timeout: 60_000 });
    await idle(page);
    await expect(onInstance.getAttribute('href')).resolves.toBe(url);

    await page.goto(`${site.url}#/${appLesson.slug}`);
    await button(page, 'Run lab').waitFor({ timeout: 60_000 });
    await idle(page);
    await press(page, 'Reset');
    await expect(onInstance.count()).resolves.toBe(0);
    expect(watch.errors).toEqual([]);
    await page.close();
  });
});
