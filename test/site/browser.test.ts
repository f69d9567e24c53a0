// The built site in Debian's Chromium: every lesson, the keyboard, progress, search. One browser for the file.
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { splitFrontMatter } from '../../site/plugin/front-matter.js';
import type { SizeReport } from '../../site/plugin/gzip-report.js';
import { describeInBrowser, launchBrowser, type Browser } from './helpers/browser.js';
import { buildSite, projectRoot } from './helpers/build-site.js';
import { lessonAt } from './helpers/lesson-files.js';
import { serveStatic, type StaticServer } from './helpers/static-server.js';
import { watchPage } from './helpers/watch-page.js';

const SCREENSHOTS = join(projectRoot, 'test-results', 'screenshots');
const LESSONS = readdirSync(join(projectRoot, 'site', 'lessons'))
  .filter((name) => name.endsWith('.md'))
  .sort()
  .map((name) => {
    const { data } = splitFrontMatter(name, readFileSync(join(projectRoot, 'site', 'lessons', name), 'utf8'));
    const { title, minutes } = data as { title: string; minutes: number };
    return { slug: name.slice(0, -'.md'.length), title, minutes };
  });

let outDir: string;
let size: SizeReport;
let server: StaticServer;
let browser: Browser;

beforeAll(async () => {
  ({ outDir, size } = await buildSite());
  server = await serveStatic(outDir);
  browser = await launchBrowser();
  mkdirSync(SCREENSHOTS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (outDir) rmSync(outDir, { recursive: true, force: true });
});

/** A fresh tab that records console errors, any request that would leave this machine, and any to the runner API. */
async function openPage(): Promise<{ page: Page; errors: string[]; offsite: string[]; api: string[] }> {
  const page = await browser.context.newPage();
  return { page, ...watchPage(page) };
}

async function openLesson(page: Page, slug: string): Promise<void> {
  await page.goto(`${server.url}#/${slug}`);
  await page.locator('.lesson-body .prose').first().waitFor();
}

/** A panel step's link opens its lesson at the section whose `::: lab-steps` block shows that step, focused. */
async function opensItsSection(page: Page, link: Locator, slug: string): Promise<void> {
  const title = (await link.textContent())?.trim() ?? '';
  const href = (await link.getAttribute('href')) ?? '';
  expect(href).toMatch(new RegExp(`^#/${slug}/[a-z0-9-]+$`));
  const section = href.split('/').pop() ?? '';
  await link.click();
  await page.waitForURL(`**/${href}`);
  await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe(section);
  const shown = await page.evaluate((id) => {
    const heading = document.getElementById(id);
    const level = Number(heading?.tagName.slice(1));
    const titles: string[] = [];
    for (let node = heading?.nextElementSibling; node; node = node.nextElementSibling) {
      if (/^H[2-3]$/.test(node.tagName) && Number(node.tagName.slice(1)) <= level) break;
      titles.push(...[...node.querySelectorAll('ol.lab-steps > li strong')].map((strong) => strong.textContent ?? ''));
    }
    return titles;
  }, section);
  expect(shown, href).toContain(title);
}

describeInBrowser('the built site', () => {
  it('keeps a lesson page within 45 KB of gzipped JS and CSS, with no live lab controls in it', () => {
    expect(size.pageBytes).toBeLessThanOrEqual(45 * 1024);
    expect(size.appBytes).toBeGreaterThan(0);
    expect(size.lazyBytes).toBe(0);
  });

  it('renders every lesson with its title, no console errors, no request off this machine, none to the runner API', async () => {
    const { page, errors, offsite, api } = await openPage();
    for (const { slug, title, minutes } of LESSONS) {
      await openLesson(page, slug);
      await expect(page.locator('h1').textContent()).resolves.toBe(title);
      await expect(page.locator('.lesson-header .minutes').textContent()).resolves.toBe(`about ${minutes} minutes`);
      await expect(page.title()).resolves.toBe(`${title} · Cloud Workbook`);
      // Images must load: a broken diagram has no natural width (a busy machine may take a moment to finish one).
      const broken = () =>
        page.locator('.prose img').evaluateAll((images) =>
          images.filter((img) => !(img as HTMLImageElement).complete || (img as HTMLImageElement).naturalWidth === 0).length,
        );
      await expect.poll(broken, { message: slug }).toBe(0);
      await page.screenshot({ path: join(SCREENSHOTS, `${slug}.png`), fullPage: true });
    }
    expect(errors).toEqual([]);
    expect(offsite).toEqual([]);
    expect(api).toEqual([]);
    await expect(page.getByRole('button', { name: 'Run lab' }).count()).resolves.toBe(0);
    await page.close();
  });

  it('shows the lab panel with the lab commands where the lab exists', async () => {
    const { page } = await openPage();
    await openLesson(page, '03-global-infrastructure');
    const panel = page.locator('.lab-panel');
    await expect(panel.locator('h2').textContent()).resolves.toMatch(/^Lab: /);
    const commands = await panel.locator('.commands code').allTextContents();
    expect(commands.map((c) => c.replace(/^\$\s*/, ''))).toEqual([
      'npx lab run connect',
      'npx lab check connect',
      'npx lab hint connect',
      'npx lab reset connect',
    ]);
    await expect(panel.locator('.steps li').count()).resolves.toBeGreaterThan(0);
    await page.close();
  });

  it('links each step of the lab panel to the section that shows it, keeps its hint, and repeats no command', async () => {
    const { page, errors } = await openPage();
    await openLesson(page, '11-vpc');
    const steps = page.locator('.lab-panel .steps > li');
    await expect.poll(() => steps.count()).toBe(9);
    await expect(page.locator('.lab-panel .steps .command').count()).resolves.toBe(0);
    await expect(steps.first().locator('details summary').textContent()).resolves.toBe('Hint');
    await opensItsSection(page, steps.nth(2).locator('a'), '11-vpc');

    // connect's steps are shown in lesson 3; its panel in lesson 4 sends the reader there.
    await openLesson(page, '04-interacting-with-aws');
    await opensItsSection(page, page.locator('.lab-panel .steps > li a').first(), '03-global-infrastructure');
    await expect(page.locator('h1').textContent()).resolves.toBe(LESSONS.find((lesson) => lesson.slug === '03-global-infrastructure')?.title);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("shows the labs to do first, linked to their lessons, and the lab's steps where the lesson explains them", async () => {
    const { page, errors } = await openPage();
    await openLesson(page, '13-hosting-the-app');
    const links = page.locator('.lesson-header .prerequisites a');
    await expect(links.allTextContents()).resolves.toEqual([
      LESSONS.find((lesson) => lesson.slug === '11-vpc')?.title,
      LESSONS.find((lesson) => lesson.slug === '10-iam-roles')?.title,
    ]);
    await expect(page.locator('.lesson-header .prerequisites code').allTextContents()).resolves.toEqual(['vpc', 'ec2-role']);
    const steps = () => page.locator('.lesson-body ol.lab-steps > li').count();
    await expect.poll(steps).toBe(7);
    await links.first().click();
    await page.waitForURL('**/#/11-vpc');
    await expect.poll(steps).toBe(9);
    await expect(page.locator('.lesson-header .prerequisites').count()).resolves.toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("colours code as the GitHub themes do, light and dark, the system's or the toggle's", async () => {
    const { page, errors } = await openPage();
    await openLesson(page, '08-iam');
    const block = page.locator('.lesson-body pre.shiki').first();
    // From the block that starts `import { createHmac } from 'node:crypto';`: a keyword, a string, a parameter, plain text.
    const colours = () =>
      block.evaluate((pre) => {
        const colourOf = (text: string) => {
          const walker = document.createTreeWalker(pre, NodeFilter.SHOW_TEXT);
          for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            if (node.textContent?.trim() === text) return getComputedStyle(node.parentElement ?? pre).color;
          }
          return `no "${text}"`;
        };
        return { keyword: colourOf('function'), string: colourOf("'sha256'"), parameter: colourOf('key'), plain: colourOf('{ createHmac }'), block: getComputedStyle(pre).color };
      });
    const light = { keyword: 'rgb(207, 34, 46)', string: 'rgb(10, 48, 105)', parameter: 'rgb(149, 56, 0)', plain: 'rgb(31, 35, 40)', block: 'rgb(31, 35, 40)' };
    const dark = { keyword: 'rgb(255, 123, 114)', string: 'rgb(165, 214, 255)', parameter: 'rgb(255, 166, 87)', plain: 'rgb(230, 237, 243)', block: 'rgb(230, 237, 243)' };
    await expect(colours()).resolves.toEqual(light);
    await page.getByRole('button', { name: 'Dark theme' }).click();
    await expect(colours()).resolves.toEqual(dark);
    await page.getByRole('button', { name: 'Dark theme' }).click();
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.evaluate(() => window.localStorage.clear());
    await page.reload();
    await block.waitFor();
    await expect(colours()).resolves.toEqual(dark);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('looks right in the dark', async () => {
    const { page, errors } = await openPage();
    await page.emulateMedia({ colorScheme: 'dark' });
    await openLesson(page, '11-vpc');
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(background).toBe('rgb(15, 20, 26)');
    await page.screenshot({ path: join(SCREENSHOTS, '11-vpc-dark.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });
});

describeInBrowser('old addresses', () => {
  it('land on the lesson under its new number, section included (in the lesson it went to), and leave no extra history entry', async () => {
    const { page, errors } = await openPage();
    const titleOf = (slug: string) => LESSONS.find((lesson) => lesson.slug === slug)?.title;
    await page.goto(`${server.url}#/07-iam/policies`);
    await page.waitForURL('**/#/09-iam-policies/policies');
    await expect(page.locator('h1').textContent()).resolves.toBe(titleOf('09-iam-policies'));
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('policies');
    const entries = await page.evaluate(() => window.history.length);

    // A link followed inside the page (a hash change) is redirected too.
    await page.evaluate(() => (window.location.hash = '#/09-vpc'));
    await page.waitForURL('**/#/11-vpc');
    await expect(page.locator('h1').textContent()).resolves.toBe(titleOf('11-vpc'));
    await expect(page.evaluate(() => window.history.length)).resolves.toBe(entries + 1);
    await page.goBack();
    await page.waitForURL('**/#/09-iam-policies/policies');
    expect(errors).toEqual([]);
    await page.close();
  });
});

describeInBrowser('keyboard', () => {
  it('reaches the skip link first, and the skip link moves focus to the lesson', async () => {
    const { page } = await openPage();
    await openLesson(page, lessonAt(0).slug);
    await page.keyboard.press('Tab');
    await expect(page.evaluate(() => document.activeElement?.textContent?.trim())).resolves.toBe('Skip to content');
    await page.keyboard.press('Enter');
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('main');
    await page.close();
  });

  it('tabs to the sidebar links, shows where focus is, and Enter opens a lesson', async () => {
    const { page } = await openPage();
    await openLesson(page, lessonAt(0).slug);
    const target = lessonAt(2);
    for (let presses = 0; presses < 20; presses++) {
      await page.keyboard.press('Tab');
      const focused = await page.evaluate(() => document.activeElement?.getAttribute('href'));
      if (focused === `#/${target.slug}`) break;
    }
    const focus = await page.evaluate(() => {
      const element = document.activeElement as HTMLElement;
      return { inNav: Boolean(element.closest('nav.lesson-nav')), outline: getComputedStyle(element).outlineStyle };
    });
    expect(focus.inNav).toBe(true);
    expect(focus.outline).not.toBe('none');
    await page.keyboard.press('Enter');
    await page.waitForURL(`**/#/${target.slug}`);
    await expect(page.locator('h1').textContent()).resolves.toBe(target.title);
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('lesson-title');
    await page.close();
  });
});

describeInBrowser('progress', () => {
  it('remembers lessons read and labs passed across a reload', async () => {
    const { page } = await openPage();
    await openLesson(page, '03-global-infrastructure');
    await page.evaluate(() => window.localStorage.clear());
    await page.reload();
    await page.locator('.lesson-body .prose').first().waitFor();

    await page.getByRole('button', { name: 'Mark lesson as read' }).click();
    await page.getByRole('button', { name: 'Mark lab as passed' }).click();
    await page.reload();
    await page.locator('.lesson-body .prose').first().waitFor();

    await expect(page.getByRole('button', { name: 'Lesson read' }).getAttribute('aria-pressed')).resolves.toBe('true');
    await expect(page.getByRole('button', { name: 'Lab passed' }).getAttribute('aria-pressed')).resolves.toBe('true');
    const entry = page.locator('nav.lesson-nav a[href="#/03-global-infrastructure"]');
    await expect(entry.textContent()).resolves.toContain(', read');
    await expect(entry.textContent()).resolves.toContain(', lab passed');
    // connect is also the lab of lesson 4: its entry shows the lab passed too.
    await expect(page.locator('nav.lesson-nav a[href="#/04-interacting-with-aws"]').textContent()).resolves.toContain(', lab passed');
    await expect(page.locator('.nav-progress').textContent()).resolves.toContain(`1 of ${LESSONS.length} read`);
    await page.close();
  });
});

describeInBrowser('progress kept before the lessons were renumbered', () => {
  it('counts a lesson read under its old slug as read under its new one', async () => {
    const { page } = await openPage();
    await openLesson(page, '03-global-infrastructure');
    await page.evaluate(() =>
      window.localStorage.setItem('cloud-workbook:progress:v1', JSON.stringify({ read: ['02-global-infrastructure'], labsPassed: [] })),
    );
    await page.reload();
    await page.locator('.lesson-body .prose').first().waitFor();
    await expect(page.getByRole('button', { name: 'Lesson read' }).getAttribute('aria-pressed')).resolves.toBe('true');
    await expect(page.locator('nav.lesson-nav a[href="#/03-global-infrastructure"]').textContent()).resolves.toContain(', read');
    await page.evaluate(() => window.localStorage.clear());
    await page.close();
  });
});

describeInBrowser('search', () => {
  it('finds a lesson from words in its text, and Enter opens the best match', async () => {
    const { page, errors } = await openPage();
    await openLesson(page, lessonAt(0).slug);
    const input = page.getByRole('searchbox', { name: 'Search lessons' });
    await input.fill('EstimatedCharges');
    const results = page.locator('.search-results a');
    await results.first().waitFor();
    await expect(results.first().locator('.hit-title').textContent()).resolves.toBe('Exercise 1: a billing alarm');
    await expect(results.first().locator('mark').textContent()).resolves.toBe('EstimatedCharges');
    await input.press('Enter');
    await page.waitForURL('**/#/05-billing-alarm');
    await expect(page.locator('h1').textContent()).resolves.toBe('Exercise 1: a billing alarm');

    await input.fill('zzzz-not-a-word');
    await expect(page.locator('#search-status').textContent()).resolves.toContain('No lesson mentions');
    expect(errors).toEqual([]);
    await page.close();
  });
});

describeInBrowser('knowledge checks', () => {
  it('say whether the chosen answer is right, and explain', async () => {
    const { page } = await openPage();
    await openLesson(page, '11-vpc');
    const quiz = page.locator('fieldset.quiz').first();
    await quiz.getByRole('radio', { name: '256' }).check();
    await quiz.getByRole('button', { name: 'Check answer' }).click();
    await expect(quiz.locator('.verdict').textContent()).resolves.toMatch(/^Not quite\. Try again/);
    await quiz.getByRole('radio', { name: '251' }).check();
    await quiz.getByRole('button', { name: 'Check answer' }).click();
    await expect(quiz.locator('.verdict').textContent()).resolves.toBe('Correct.');
    await expect(quiz.locator('.explanation').textContent()).resolves.toContain('reserves five');
    await page.close();
  });
});
