// The lab panel as `npm start` serves it, laid out for reading, in Chromium: the checks on a phone, runner messages
// with their `code` shown as code, and the picture of what is built on a desktop and a phone. A LocalStack account of
// this file's own, with nothing built in it.
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { describeInBrowser } from './helpers/browser.js';
import { startDevSite } from './helpers/dev-site.js';
import { idle, press } from './helpers/live-page.js';
import { liveSite } from './helpers/live-site.js';
import { lessonWith } from './helpers/lesson-files.js';
import { watchPage } from './helpers/watch-page.js';

const ACCOUNT = '000000006111';
const DESKTOP = { width: 1280, height: 900 };
const MOBILE = { width: 390, height: 844 };

/** A lab with no prerequisite: its checks all fail, with details, in an empty account. */
const standalone = lessonWith('a lab that builds something on its own', (l) => ['billing-alarm', 'vpc', 'root-and-admin'].includes(l.lab ?? ''));
/** A lab that needs others first. */
const dependent = lessonWith('the lab that needs earlier labs', (l) => l.lab === 'directory-app');
/** A lab whose run says things with `code` in them. */
const talker = lessonWith('the connect lab', (l) => l.lab === 'connect');

const site = liveSite(ACCOUNT, { reset: [standalone.lab ?? '', dependent.lab ?? '', 'vpc', 'ec2-role'] });

async function openLab(slug: string, size: { width: number; height: number }, base = site.url): Promise<Page> {
  const page = await site.context.newPage();
  await page.setViewportSize(size);
  await page.goto(`${base}#/${slug}`);
  return page;
}

async function ready(page: Page): Promise<void> {
  await page.locator('.live-lab').getByRole('button', { name: 'Run lab', exact: true }).waitFor({ timeout: 60_000 });
  await idle(page);
}

describeInBrowser('the checks on a phone', () => {
  it('are stacked cards: the detail has the width of the card, not of a narrow column, and the list stays short', async () => {
    const page = await openLab(standalone.slug, MOBILE);
    await ready(page);
    await press(page, 'Check');
    await page.locator('.check-table').waitFor({ timeout: 60_000 });
    await page.locator('.check-table').screenshot({ path: 'test-results/screenshots/checks-mobile.png' });
    const layout = await page.evaluate(() => {
      const list = document.querySelector('.check-table') as HTMLElement;
      const details = [...list.querySelectorAll<HTMLElement>('.detail')].filter((d) => (d.textContent ?? '').trim() !== '');
      const lineHeight = (el: HTMLElement) => parseFloat(getComputedStyle(el).lineHeight) || 20;
      return {
        checks: details.length,
        listHeight: list.getBoundingClientRect().height,
        listWidth: list.getBoundingClientRect().width,
        narrowest: Math.min(...details.map((d) => d.getBoundingClientRect().width)),
        // Lines a detail takes, against the lines its text would need at the list's width (one letter per line shows).
        excessLines: Math.max(...details.map((d) => d.getBoundingClientRect().height / lineHeight(d) - Math.ceil(((d.textContent ?? '').length * 7.5) / d.getBoundingClientRect().width))),
        panelHeight: (document.querySelector('.lab-panel') as HTMLElement).getBoundingClientRect().height,
        pageWidth: document.documentElement.scrollWidth,
      };
    });
    expect(layout.checks).toBeGreaterThan(2);
    expect(layout.narrowest).toBeGreaterThan(layout.listWidth * 0.75);
    expect(layout.excessLines).toBeLessThan(2);
    expect(layout.listHeight).toBeLessThan(layout.checks * 260); // a card of a few lines each, not a column of letters
    expect(layout.panelHeight).toBeLessThan(8000);
    expect(layout.pageWidth).toBeLessThanOrEqual(MOBILE.width);
    await page.close();
  });
});

/** Text of the lab panel as the student sees it, and what of it is shown as code. */
async function panelText(page: Page, selector: string): Promise<{ text: string; code: string[] }> {
  return page.locator(selector).evaluate((panel) => ({
    text: (panel as HTMLElement).innerText,
    code: [...panel.querySelectorAll('code')].map((c) => c.textContent ?? ''),
  }));
}

describeInBrowser('runner messages', () => {
  it('show `code` as code in what a run says: no raw backticks, in the steps or the status line', async () => {
    const page = await openLab(talker.slug, DESKTOP);
    const watch = watchPage(page);
    await ready(page);
    await press(page, 'Run solution');
    await page.locator('.run-log .note-done').waitFor({ timeout: 60_000 });
    const shown = await panelText(page, '.live-lab');
    expect(shown.text).toMatch(/npx lab check connect/);
    expect(shown.text).not.toContain('`');
    expect(shown.code).toContain('npx lab check connect');
    const status = await panelText(page, '.live-lab [role="status"]');
    expect(status.text).not.toContain('`');
    expect(watch.errors).toEqual([]);
    await page.close();
  });

  it('show `code` as code when the runner cannot reach its cloud', async () => {
    // The local cloud, where nothing answers: the runner's advice is to start it, with `npx lab up`.
    const down = await startDevSite(ACCOUNT, {}, { AWS_ENDPOINT_URL: 'http://127.0.0.1:9' });
    try {
      const page = await openLab(standalone.slug, DESKTOP, down.url);
      await page.getByRole('button', { name: 'Ask again' }).waitFor({ timeout: 60_000 });
      const shown = await panelText(page, '.runner-down');
      expect(shown.text).toMatch(/npx lab up/);
      expect(shown.text).not.toContain('`');
      expect(shown.code).toContain('npx lab up');
      await page.close();
    } finally {
      await down.close();
    }
  });
});

interface PictureText {
  text: string;
  size: number;
  inside: boolean;
}

/** Each text of the picture: its rendered size in px, and whether it lies within its piece's box. */
function pictureTexts(page: Page): Promise<PictureText[]> {
  return page.evaluate(() => {
    const figure = document.querySelector('.built-picture') as HTMLElement;
    const texts: PictureText[] = [];
    const walker = document.createTreeWalker(figure, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const element = node.parentElement;
      if (!element || (node.textContent ?? '').trim() === '' || element.closest('.visually-hidden, title, desc')) continue;
      const scale = element instanceof SVGGraphicsElement ? (element.getScreenCTM()?.a ?? 1) : 1;
      const range = document.createRange();
      range.selectNodeContents(node);
      const box = range.getBoundingClientRect();
      const piece = element.closest('[data-piece]');
      const frame = piece?.querySelector(':scope > rect') ?? piece;
      const limits = frame?.getBoundingClientRect();
      const inside = !limits || (box.left >= limits.left - 1 && box.right <= limits.right + 1 && box.top >= limits.top - 1 && box.bottom <= limits.bottom + 1);
      texts.push({ text: (node.textContent ?? '').trim(), size: parseFloat(getComputedStyle(element).fontSize) * scale, inside });
    }
    return texts;
  });
}

describeInBrowser('the picture of what is built', () => {
  it('on a desktop: labels of 11 px or more, whole names, every text inside its box', async () => {
    const page = await openLab(dependent.slug, DESKTOP);
    await ready(page);
    const texts = await pictureTexts(page);
    expect(texts.length).toBeGreaterThan(20);
    expect(texts.filter((t) => t.size < 11).map((t) => `${t.text} ${t.size.toFixed(1)}px`)).toEqual([]);
    expect(texts.filter((t) => t.text.endsWith('…')).map((t) => t.text)).toEqual([]);
    expect(texts.filter((t) => !t.inside).map((t) => t.text)).toEqual([]);
    await expect(page.locator('.built-picture [data-piece="bucket"]').textContent()).resolves.toContain(`employee-photos-${ACCOUNT}-us-east-1`);
    await page.locator('.built-picture').screenshot({ path: 'test-results/screenshots/picture-desktop.png' });
    await page.close();
  });

  it('on a phone: reflows to the screen, with this lesson’s own pieces first and in view', async () => {
    for (const lesson of [standalone, dependent]) {
      const page = await openLab(lesson.slug, MOBILE);
      await ready(page);
      const layout = await page.evaluate(() => {
        const figure = document.querySelector('.built-picture') as HTMLElement;
        const shown = [figure, ...figure.querySelectorAll<HTMLElement>('*')].filter((el) => !el.closest('.visually-hidden'));
        const overflowing = shown.filter((el) => el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX !== 'visible');
        const mine = [...figure.querySelectorAll('.mine')].map((el) => el.getBoundingClientRect());
        const top = figure.getBoundingClientRect().top;
        const outsidePanel = [...figure.querySelectorAll<HTMLElement>('[data-piece]')].filter((piece) => {
          const [box, panel] = [piece.getBoundingClientRect(), piece.closest('.panel')?.getBoundingClientRect()];
          return !panel || box.left < panel.left - 1 || box.right > panel.right + 1;
        });
        return {
          overflowing: overflowing.map((el) => el.className),
          outsidePanel: outsidePanel.map((piece) => piece.dataset.piece),
          mineInView: mine.length > 0 && mine.every((box) => box.left >= 0 && box.right <= window.innerWidth),
          // With the picture's top at the top of the screen, one of this lesson's pieces is on the screen.
          mineFirst: Math.min(...mine.map((box) => box.top - top)) < window.innerHeight - 120,
          pageWidth: document.documentElement.scrollWidth,
        };
      });
      expect(layout, lesson.slug).toEqual({ overflowing: [], outsidePanel: [], mineInView: true, mineFirst: true, pageWidth: MOBILE.width });
      expect((await pictureTexts(page)).filter((t) => !t.inside || t.size < 11).map((t) => t.text), lesson.slug).toEqual([]);
      await page.locator('.built-picture').screenshot({ path: `test-results/screenshots/picture-mobile-${lesson.lab}.png` });
      await page.close();
    }
  });
});
