// axe-core on every lesson, in light and dark, on a desktop and a phone: 0 violations, and a screenshot of each to
// test-results/screenshots/. Each page state is one line of STATES: a name, the site it needs (the static build, or
// the site as `npm start` serves it, with the runner), the lessons it applies to, and what to do on the page first.
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { RunningSite } from '../../site/plugin/serve.js';
import { axeViolations } from './helpers/axe.js';
import { describeInBrowser, launchBrowser, type Browser } from './helpers/browser.js';
import { buildSite, projectRoot } from './helpers/build-site.js';
import { startDevSite } from './helpers/dev-site.js';
import { LESSON_FILES, type LessonFile } from './helpers/lesson-files.js';
import { serveStatic, type StaticServer } from './helpers/static-server.js';

const ACCOUNT = '000000006002';
const SCREENSHOTS = join(projectRoot, 'test-results', 'screenshots');

type Site = 'built' | 'npm start';

interface PageState {
  name: string;
  site: Site;
  /** The lessons where the state exists. */
  lessons: (lesson: LessonFile) => boolean;
  /** Brings the open lesson page to the state. */
  prepare: (page: Page) => Promise<void>;
}

const everyLesson = () => true;
const withLab = (lesson: LessonFile) => Boolean(lesson.lab);

/** The live panel is ready: its buttons enabled and its picture drawn. */
async function livePanelReady(page: Page): Promise<void> {
  await page.locator('.live-lab').getByRole('button', { name: 'Run lab', exact: true }).waitFor({ timeout: 60_000 });
  await page.waitForFunction(() => document.querySelector('.built-picture')?.getAttribute('aria-busy') === 'false', undefined, { timeout: 60_000 });
}

const STATES: PageState[] = [
  { name: 'lesson', site: 'built', lessons: everyLesson, prepare: async () => {} },
  { name: 'lab panel', site: 'npm start', lessons: withLab, prepare: livePanelReady },
];

const MODES = [
  { name: 'desktop', viewport: { width: 1280, height: 900 }, scheme: 'light' },
  { name: 'desktop-dark', viewport: { width: 1280, height: 900 }, scheme: 'dark' },
  { name: 'mobile', viewport: { width: 390, height: 844 }, scheme: 'light' },
  { name: 'mobile-dark', viewport: { width: 390, height: 844 }, scheme: 'dark' },
] as const;

let built: { outDir: string; server: StaticServer } | undefined;
let live: RunningSite | undefined;
let browser: Browser;

async function siteUrl(site: Site): Promise<string> {
  if (site === 'built') {
    if (!built) {
      const { outDir } = await buildSite();
      built = { outDir, server: await serveStatic(outDir) };
    }
    return built.server.url;
  }
  live ??= await startDevSite(ACCOUNT);
  return live.url;
}

beforeAll(async () => {
  browser = await launchBrowser();
  mkdirSync(SCREENSHOTS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await built?.server.close();
  if (built) rmSync(built.outDir, { recursive: true, force: true });
  await live?.close();
});

const cases = STATES.flatMap((state) => LESSON_FILES.filter(state.lessons).map((lesson) => [state.name, lesson.slug, state, lesson] as const));

describeInBrowser('accessibility (axe-core, WCAG 2.2 AA)', () => {
  it.each(cases)('%s of %s: no violations in light and dark, desktop and phone', async (_name, _slug, state, lesson) => {
    const url = await siteUrl(state.site);
    const page = await browser.context.newPage();
    try {
      const found: string[] = [];
      for (const mode of MODES) {
        await page.setViewportSize(mode.viewport);
        await page.emulateMedia({ colorScheme: mode.scheme });
        await page.goto(`${url}#/${lesson.slug}`);
        await page.locator('.lesson-body .prose').first().waitFor({ timeout: 60_000 });
        await state.prepare(page);
        for (const violation of await axeViolations(page)) found.push(`${mode.name}: ${violation}`);
        const suffix = state.name === 'lesson' ? '' : `-${state.name.replace(/\W+/g, '-')}`;
        await page.screenshot({ path: join(SCREENSHOTS, `${lesson.slug}${suffix}-${mode.name}.png`), fullPage: true });
      }
      expect(found).toEqual([]);
    } finally {
      await page.close();
    }
  });
});
