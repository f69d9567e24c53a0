// The static build opened from a folder (file://, where browsers refuse module scripts) and served over HTTP.
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeInBrowser, launchBrowser, type Browser } from './helpers/browser.js';
import { buildSite } from './helpers/build-site.js';
import { lessonAt } from './helpers/lesson-files.js';
import { serveStatic } from './helpers/static-server.js';
import { watchPage } from './helpers/watch-page.js';

let outDir: string;
let browser: Browser;
const copies: string[] = [];

beforeAll(async () => {
  ({ outDir } = await buildSite());
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  for (const dir of [outDir, ...copies]) if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Opens two lessons one after the other (the second through the sidebar), and searches. */
async function readAndSearch(page: Page, start: string): Promise<void> {
  const [first, second] = [lessonAt(1), lessonAt(3)];
  await page.goto(`${start}#/${first.slug}`);
  await expect(page.locator('h1').textContent()).resolves.toBe(first.title);
  await page.locator('.lesson-body .prose').first().waitFor();
  await page.locator(`nav.lesson-nav a[href="#/${second.slug}"]`).click();
  await page.locator('h1', { hasText: second.title }).waitFor();
  await page.locator('.lesson-body .prose').first().waitFor();
  await page.getByRole('searchbox', { name: 'Search lessons' }).fill('region');
  await page.locator('.search-results a').first().waitFor();
}

describeInBrowser('the static build', () => {
  it('works opened from its folder over file://: lessons, navigation, search, no errors', async () => {
    const page = await browser.context.newPage();
    const watch = watchPage(page);
    await readAndSearch(page, pathToFileURL(join(outDir, 'index.html')).href);
    const broken = await page.locator('.prose img').evaluateAll((images) => images.filter((img) => (img as HTMLImageElement).naturalWidth === 0).length);
    expect(broken).toBe(0);
    expect(watch.errors).toEqual([]);
    expect(watch.offsite).toEqual([]);
    await page.close();
  });

  it('served over HTTP loads the module build, lessons on demand, and never the folder bundle', async () => {
    const server = await serveStatic(outDir);
    const page = await browser.context.newPage();
    const watch = watchPage(page);
    const scripts: string[] = [];
    page.on('request', (request) => {
      if (request.resourceType() === 'script') scripts.push(new URL(request.url()).pathname);
    });
    try {
      await readAndSearch(page, server.url);
      expect(scripts.some((path) => /\/assets\/index-[\w-]+\.js$/.test(path))).toBe(true);
      expect(scripts.filter((path) => /folder/.test(path))).toEqual([]);
      expect(watch.errors).toEqual([]);
    } finally {
      await page.close();
      await server.close();
    }
  });

  it('says what to do, instead of showing a blank page, when its scripts cannot run from the folder', async () => {
    const copy = mkdtempSync(join(tmpdir(), 'workbook-site-copy-'));
    copies.push(copy);
    cpSync(outDir, copy, { recursive: true });
    // What a browser that refuses the page's scripts leaves: the HTML alone.
    for (const name of readdirSync(join(copy, 'assets')).filter((file) => file.endsWith('.js'))) rmSync(join(copy, 'assets', name));
    const page = await browser.context.newPage();
    await page.goto(pathToFileURL(join(copy, 'index.html')).href);
    const message = page.locator('#app');
    await expect.poll(() => message.isVisible(), { timeout: 10_000 }).toBe(true);
    await expect.poll(() => message.innerText(), { timeout: 10_000 }).toMatch(/npm start[\s\S]*npx vite preview[\s\S]*site\/README\.md/);
    await page.close();
  });
});
