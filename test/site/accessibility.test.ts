// axe-core on every lesson, in light and dark, on a desktop and a phone: 0 violations, and a screenshot of each to
// test-results/screenshots/. Each page state is one line of STATES: a name, the site it needs (the static build, or
// the site as `npm start` serves it, with the runner, on LocalStack or on "AWS" stood in by LocalStack), the lessons it
// applies to, and what to do on the page first: the lab panel after each of its actions among them.
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { RunningSite } from '../../site/plugin/serve.js';
import { axeViolations } from './helpers/axe.js';
import { describeInBrowser, launchBrowser, type Browser } from './helpers/browser.js';
import { buildSite, projectRoot } from './helpers/build-site.js';
import { startDevSite } from './helpers/dev-site.js';
import { button, idle } from './helpers/live-page.js';
import { LESSON_FILES, type LessonFile } from './helpers/lesson-files.js';
import { serveStatic, type StaticServer } from './helpers/static-server.js';

const ACCOUNT = '000000006109';
/** The account of the `--target aws` site: "AWS" is the suite's LocalStack standing in. */
const AWS_ACCOUNT = '000000006110';
const SCREENSHOTS = join(projectRoot, 'test-results', 'screenshots');

type Site = 'built' | 'npm start' | 'npm start --target aws';

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
const labIs = (id: string) => (lesson: LessonFile) => lesson.lab === id;

/** The live panel is ready: its buttons there, nothing running, and its picture drawn. */
async function livePanelReady(page: Page): Promise<void> {
  await button(page, 'Run lab').waitFor({ timeout: 60_000 });
  await idle(page);
}

/** The panel once a button's action has ended and left what `shows`. */
const after = (name: string, shows: string) => async (page: Page) => {
  await livePanelReady(page);
  await button(page, name).click();
  await page.locator(shows).first().waitFor({ timeout: 120_000 });
  await idle(page);
};

/** Run lab on a lab whose prerequisites were just reset: the labs it builds on, listed as missing. */
async function missingPrerequisites(page: Page): Promise<void> {
  await livePanelReady(page);
  await page.evaluate(async () => {
    for (const lab of ['vpc', 'ec2-role']) await fetch(`/api/labs/${lab}/reset`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  });
  await after('Run lab', '.live-lab .missing')(page);
}

/** On a real account, Run solution asks first: the dialog open. */
async function consentDialog(page: Page): Promise<void> {
  await livePanelReady(page);
  await button(page, 'Run solution').click();
  await page.getByRole('dialog').waitFor({ timeout: 60_000 });
}

const STATES: PageState[] = [
  { name: 'lesson', site: 'built', lessons: everyLesson, prepare: async () => {} },
  { name: 'lab panel', site: 'npm start', lessons: withLab, prepare: livePanelReady },
  { name: 'lab panel after a run', site: 'npm start', lessons: labIs('vpc'), prepare: after('Run solution', '.run-log .note-done') },
  { name: 'lab panel at a TODO', site: 'npm start', lessons: labIs('vpc'), prepare: after('Run lab', '.run-log .note-todo') },
  { name: 'lab panel after a check', site: 'npm start', lessons: labIs('vpc'), prepare: after('Check', '.check-table') },
  { name: 'lab panel after a reset', site: 'npm start', lessons: labIs('vpc'), prepare: after('Reset', '.reset-summary') },
  { name: 'lab panel missing what it builds on', site: 'npm start', lessons: labIs('directory-app'), prepare: missingPrerequisites },
  { name: 'lab panel of connect after a run', site: 'npm start', lessons: labIs('connect'), prepare: after('Run solution', '.run-log .note-done') },
  { name: 'consent dialog', site: 'npm start --target aws', lessons: labIs('vpc'), prepare: consentDialog },
];

const MODES = [
  { name: 'desktop', viewport: { width: 1280, height: 900 }, scheme: 'light' },
  { name: 'desktop-dark', viewport: { width: 1280, height: 900 }, scheme: 'dark' },
  { name: 'mobile', viewport: { width: 390, height: 844 }, scheme: 'light' },
  { name: 'mobile-dark', viewport: { width: 390, height: 844 }, scheme: 'dark' },
] as const;

let built: { outDir: string; server: StaticServer } | undefined;
let live: RunningSite | undefined;
let aws: RunningSite | undefined;
let browser: Browser;

async function siteUrl(site: Site): Promise<string> {
  if (site === 'built') {
    if (!built) {
      const { outDir } = await buildSite();
      built = { outDir, server: await serveStatic(outDir) };
    }
    return built.server.url;
  }
  if (site === 'npm start --target aws') {
    aws ??= await startDevSite(AWS_ACCOUNT, { target: 'aws', region: 'us-east-1' }, { AWS_ENDPOINT_URL: 'http://127.0.0.1:4566', AWS_EC2_METADATA_DISABLED: 'true' });
    return aws.url;
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
  await aws?.close();
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
        // A fresh load each time: nothing of the last mode's state (an open dialog, a result) carries over.
        await page.goto('about:blank');
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
