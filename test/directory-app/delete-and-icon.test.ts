// The directory asks before it deletes an employee, with JavaScript and without (the app sends none), and serves a
// favicon; in Debian's Chromium and over plain HTTP.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeInBrowser, launchBrowser, type Browser } from '../site/helpers/browser.js';
import { watchPage } from '../site/helpers/watch-page.js';
import { addEmployee, listedIds, pngBytes, useAppFixture } from './helpers.js';

const fixture = useAppFixture('000000006010');

describe('the delete confirmation and the favicon over HTTP', () => {
  it('asks on a page of its own, with a form that deletes and a way back', async () => {
    const id = await addEmployee(fixture.app, { name: 'Grace Hopper', photo: { bytes: pngBytes(), filename: 'grace.png' } });
    const list = await (await fetch(`${fixture.app.url}/`)).text();
    expect(list).toContain(`href="/employees/${id}/delete"`);
    expect(list).not.toContain(`action="/employees/${id}/delete"`);
    const confirm = await fetch(`${fixture.app.url}/employees/${id}/delete`);
    expect(confirm.status).toBe(200);
    const page = await confirm.text();
    expect(page).toContain('<h1>Delete Grace Hopper?</h1>');
    expect(page).toContain(`<form method="post" action="/employees/${id}/delete"`);
    expect(page).toContain('<a href="/">Cancel');
    expect(await listedIds(fixture.app)).toContain(id);
  });

  it('answers 404 for a confirmation of an employee that does not exist', async () => {
    const response = await fetch(`${fixture.app.url}/employees/00000000-0000-4000-8000-000000000000/delete`);
    expect(response.status).toBe(404);
  });

  it.each(['/favicon.svg', '/favicon.ico'])('serves %s as an SVG icon, and every page links it', async (path) => {
    const response = await fetch(`${fixture.app.url}${path}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/svg+xml');
    expect(await response.text()).toMatch(/^<svg [^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(await (await fetch(`${fixture.app.url}/`)).text()).toContain('<link rel="icon" href="/favicon.svg" type="image/svg+xml">');
  });
});

let browser: Browser;
let noScript: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
  noScript = await launchBrowser({ javaScriptEnabled: false });
});

afterAll(async () => {
  await browser?.close();
  await noScript?.close();
});

/** Adds an employee, opens the list, and walks through Cancel, then Delete, checking what is left each time. */
async function deleteWithConfirmation(page: Page, name: string): Promise<void> {
  const id = await addEmployee(fixture.app, { name, photo: { bytes: pngBytes(), filename: 'p.png' } });
  await page.goto(`${fixture.app.url}/`);
  await page.getByRole('link', { name: `Delete ${name}` }).click();
  await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(`Delete ${name}?`);
  await Promise.all([page.waitForURL(`${fixture.app.url}/`), page.getByRole('link', { name: 'Cancel' }).click()]);
  expect(await listedIds(fixture.app)).toContain(id);

  await page.getByRole('link', { name: `Delete ${name}` }).click();
  await Promise.all([page.waitForURL(`${fixture.app.url}/`), page.getByRole('button', { name: `Delete ${name}` }).click()]);
  expect(await listedIds(fixture.app)).not.toContain(id);
  expect((await fixture.bucket.keys()).filter((key) => key.startsWith(`employees/${id}/`))).toEqual([]);
}

describeInBrowser('in Chromium', () => {
  it('asks before deleting, with JavaScript on', async () => {
    const page = await browser.context.newPage();
    const watch = watchPage(page);
    await deleteWithConfirmation(page, 'Ada Lovelace');
    expect(watch.errors).toEqual([]);
    await page.close();
  });

  it('asks before deleting, with JavaScript off', async () => {
    const page = await noScript.context.newPage();
    await deleteWithConfirmation(page, 'Katherine Johnson');
    await page.close();
  });

  it('links a favicon the browser can draw (a headless browser does not fetch icons itself)', async () => {
    const page = await browser.context.newPage();
    const watch = watchPage(page);
    await page.goto(`${fixture.app.url}/`);
    const width = await page.evaluate(async () => {
      const link = document.querySelector<HTMLLinkElement>('link[rel="icon"]');
      if (!link) return 0;
      const icon = new Image();
      icon.src = link.href;
      await icon.decode();
      return icon.naturalWidth;
    });
    expect(width).toBeGreaterThan(0);
    expect(watch.errors).toEqual([]);
    await page.close();
  });
});
