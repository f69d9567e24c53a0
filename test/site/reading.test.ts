// Reading and finding in the built site, in Chromium: search to the matching section, quizzes that let the student try
// again, Back to the same place, wide things on a phone, a remembered light/dark choice, the mobile menu and targets.
import { rmSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parseQuiz } from '../../site/plugin/quiz.js';
import { describeInBrowser, launchBrowser, type Browser } from './helpers/browser.js';
import { buildSite, LAB_IDS } from './helpers/build-site.js';
import { LESSON_FILES, lessonAt, lessonWith } from './helpers/lesson-files.js';
import { serveStatic, type StaticServer } from './helpers/static-server.js';
import { watchPage } from './helpers/watch-page.js';

const MOBILE = { width: 390, height: 844 };

let outDir: string;
let server: StaticServer;
let browser: Browser;

beforeAll(async () => {
  ({ outDir } = await buildSite());
  server = await serveStatic(outDir);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (outDir) rmSync(outDir, { recursive: true, force: true });
});

async function newPage(size?: { width: number; height: number }): Promise<Page> {
  const page = await browser.context.newPage();
  if (size) await page.setViewportSize(size);
  return page;
}

async function openLesson(page: Page, slug: string): Promise<void> {
  await page.goto(`${server.url}#/${slug}`);
  await page.locator('.lesson-body .prose').first().waitFor();
}

/** A code word of one lesson only, first written in a section (not the lesson's opening): where search should go. */
function sectionOnlyTerm(): { slug: string; term: string } {
  for (const lesson of LESSON_FILES) {
    let heading = false;
    let skipping = false;
    for (const line of lesson.body.split('\n')) {
      if (/^```|^:::\s*quiz/.test(line.trim())) skipping = !skipping && !line.trim().startsWith('```') ? true : !skipping;
      if (line.trim() === ':::') skipping = false;
      if (skipping) continue;
      if (/^#{2,3} /.test(line)) {
        heading = true;
        continue;
      }
      if (!heading) continue;
      for (const [, term] of line.matchAll(/`([A-Za-z][\w:.-]{9,29})`/g)) {
        if (term === undefined) continue;
        const lower = term.toLowerCase();
        const inOthers = LESSON_FILES.some((other) => other !== lesson && other.body.toLowerCase().includes(lower));
        const before = lesson.body.toLowerCase().indexOf(lower);
        const firstHeading = lesson.body.search(/^#{2,3} /m);
        if (!inOthers && before > firstHeading) return { slug: lesson.slug, term };
      }
    }
  }
  throw new Error('no lesson has a code word of its own in a section');
}

/** What the page highlights for a search, and whether it is in view. */
function searchHighlight(page: Page): Promise<{ text: string; inView: boolean; section: string | null }> {
  return page.evaluate(() => {
    const ranges = [...(CSS.highlights.get('search-match') ?? [])];
    const range = ranges[0];
    if (!(range instanceof Range)) return { text: '', inView: false, section: null };
    const box = range.getBoundingClientRect();
    const headings = [...document.querySelectorAll('.lesson-body h2[id], .lesson-body h3[id]')];
    const before = headings.filter((h) => range.comparePoint(h, 0) < 0);
    return { text: range.toString(), inView: box.top >= 0 && box.bottom <= window.innerHeight, section: before.at(-1)?.id ?? null };
  });
}

describeInBrowser('search', () => {
  it('opens the section that matches, not the top of the lesson, and highlights the match in view', async () => {
    const { slug, term } = sectionOnlyTerm();
    const page = await newPage();
    const watch = watchPage(page);
    await openLesson(page, lessonAt(0).slug);
    const input = page.getByRole('searchbox', { name: 'Search lessons' });
    await input.fill(term);
    await page.locator('.search-results a').first().waitFor();
    await input.press('Enter');
    await page.waitForURL(new RegExp(`#/${slug}/[a-z0-9-]+$`));
    const section = new URL(page.url()).hash.split('/')[2];
    await expect.poll(() => searchHighlight(page)).toEqual({ text: expect.stringMatching(new RegExp(`^${term.replace(/[.]/g, '\\.')}$`, 'i')), inView: true, section });
    expect(watch.errors).toEqual([]);
    await page.close();
  });

  it('shows snippets with code written as in the lesson: no stray spaces around it, no backticks', async () => {
    const terms = [...new Set(LESSON_FILES.flatMap((lesson) => [...lesson.body.matchAll(/\(`([a-z][a-z0-9-]{5,20})`\)/g)].flatMap(([, term]) => (term ? [term] : []))))].slice(0, 4);
    expect(terms.length, 'lessons with (`code`) in their text').toBeGreaterThan(0);
    const page = await newPage();
    await openLesson(page, lessonAt(0).slug);
    for (const term of terms) {
      await page.getByRole('searchbox', { name: 'Search lessons' }).fill(term);
      await page.locator('.search-results a').first().waitFor();
      for (const snippet of await page.locator('.hit-snippet').allTextContents()) {
        expect(snippet, term).not.toMatch(/\s[.,;:)]|\(\s|`/);
      }
    }
    await page.close();
  });

  it('loads its results and index only when the reader goes to the box, and Escape on a result empties it', async () => {
    const page = await newPage();
    const scripts: string[] = [];
    page.on('request', (request) => {
      if (request.resourceType() === 'script') scripts.push(new URL(request.url()).pathname);
    });
    await openLesson(page, lessonAt(0).slug);
    const searchCode = () => scripts.filter((path) => /\/(SearchResults|search-index)-[^/]*\.js$/.test(path));
    expect(searchCode()).toEqual([]);
    await page.keyboard.press('/');
    await expect.poll(searchCode).toHaveLength(1);
    const input = page.getByRole('searchbox', { name: 'Search lessons' });
    await input.fill('region');
    const first = page.locator('.search-results a').first();
    await first.focus();
    await page.keyboard.press('Escape');
    await expect(input.inputValue()).resolves.toBe('');
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('search-input');
    await expect(page.locator('.search-results').count()).resolves.toBe(0);
    await page.close();
  });

  it('moves through the results with the arrow keys', async () => {
    const page = await newPage();
    await openLesson(page, lessonAt(0).slug);
    const input = page.getByRole('searchbox', { name: 'Search lessons' });
    await input.fill('region');
    const results = page.locator('.search-results a');
    await results.nth(1).waitFor();
    const focused = () => page.evaluate(() => document.activeElement?.getAttribute('href') ?? document.activeElement?.id ?? '');
    const hrefs = await results.evaluateAll((links) => links.map((link) => link.getAttribute('href')));
    await input.press('ArrowDown');
    await expect(focused()).resolves.toBe(hrefs[0]);
    await page.keyboard.press('ArrowDown');
    await expect(focused()).resolves.toBe(hrefs[1]);
    await page.keyboard.press('ArrowUp');
    await expect(focused()).resolves.toBe(hrefs[0]);
    await page.keyboard.press('ArrowUp');
    await expect(focused()).resolves.toBe('search-input');
    await page.close();
  });

  it.each([
    ['/', 'desktop', undefined],
    ['Control+K', 'desktop', undefined],
    ['/', 'mobile, menu closed', MOBILE],
  ])('%s focuses search (%s)', async (key, _where, size) => {
    const page = await newPage(size);
    await openLesson(page, lessonAt(1).slug);
    await page.locator('h1').click();
    await page.keyboard.press(key);
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('search-input');
    await expect(page.locator('#search-input').isVisible()).resolves.toBe(true);
    await expect(page.locator('#search-input').inputValue()).resolves.toBe('');
    await page.close();
  });
});

describeInBrowser('knowledge checks', () => {
  it('let the student try again after a wrong answer, before showing the right one', async () => {
    const lesson = lessonWith('a quiz', (l) => l.body.includes('::: quiz'));
    const source = /^::: quiz\n([\s\S]*?)\n:::$/m.exec(lesson.body)?.[1] ?? '';
    const choices = parseQuiz(source, (problem) => new Error(problem)).choices;
    const wrong = choices.findIndex((c) => !c.correct);
    const right = choices.findIndex((c) => c.correct);
    const page = await newPage();
    await openLesson(page, lesson.slug);
    const quiz = page.locator('fieldset.quiz').first();
    await quiz.getByRole('radio').nth(wrong).check();
    await quiz.getByRole('button', { name: 'Check answer' }).click();
    await expect(quiz.locator('.verdict').textContent()).resolves.toMatch(/Not quite.*try again/i);
    await expect(quiz.locator('.choice.right').count()).resolves.toBe(0);
    await expect(quiz.locator('.explanation').count()).resolves.toBe(0);
    await expect(quiz.getByText('right answer').count()).resolves.toBe(0);

    await quiz.getByRole('radio').nth(right).check();
    await quiz.getByRole('button', { name: 'Check answer' }).click();
    await expect(quiz.locator('.verdict').textContent()).resolves.toMatch(/^Correct/);
    await expect(quiz.locator('.explanation').isVisible()).resolves.toBe(true);
    await page.close();
  });

  it('show the right answer when the student asks, after a wrong try', async () => {
    const lesson = lessonWith('a quiz', (l) => l.body.includes('::: quiz'));
    const page = await newPage();
    await openLesson(page, lesson.slug);
    const quiz = page.locator('fieldset.quiz').nth(1);
    await expect(quiz.getByRole('button', { name: 'Show the answer' }).count()).resolves.toBe(0);
    const radios = quiz.getByRole('radio');
    for (let index = 0; index < (await radios.count()); index++) {
      await radios.nth(index).check();
      await quiz.getByRole('button', { name: 'Check answer' }).click();
      if ((await quiz.locator('.verdict').textContent())?.startsWith('Not quite')) break;
    }
    await quiz.getByRole('button', { name: 'Show the answer' }).click();
    await expect(quiz.locator('.choice.right').count()).resolves.toBe(1);
    await expect(quiz.locator('.explanation').isVisible()).resolves.toBe(true);
    await page.close();
  });
});

describeInBrowser('history', () => {
  it('Back returns to where the student was reading, not to the section heading they came by', async () => {
    const page = await newPage();
    const lesson = lessonWith('two sections', (l) => (l.body.match(/^## /gm) ?? []).length >= 2);
    await openLesson(page, lesson.slug);
    await page.locator('.toc a').first().click();
    await page.waitForURL(new RegExp(`#/${lesson.slug}/[a-z0-9-]+$`));
    await page.mouse.wheel(0, 900);
    await expect.poll(() => page.evaluate(() => window.scrollY)).toBeGreaterThan(800);
    await page.waitForTimeout(300); // a reader pauses before following a link
    const reading = await page.evaluate(() => window.scrollY);
    const other = LESSON_FILES.find((l) => l.slug !== lesson.slug) ?? lesson;
    await page.locator(`nav.lesson-nav a[href="#/${other.slug}"]`).click(); // the sidebar stays in view: no scrolling to it
    await page.locator('h1', { hasText: other.title }).waitFor();
    await page.goBack();
    await page.locator('h1', { hasText: lesson.title }).waitFor();
    // The position comes back once the lesson has rendered, which a busy machine takes longer to do.
    const distance = () => page.evaluate((was) => Math.abs(window.scrollY - was), reading);
    await expect.poll(distance, { timeout: 5_000, message: `back to where the student was reading, at ${reading}` }).toBeLessThan(5);
    await page.close();
  });
});

/** Every text range that holds a lab id as a word of its own, and on how many lines it is drawn. */
function labIdLines(page: Page, ids: string[]): Promise<{ id: string; lines: number; in: string }[]> {
  return page.evaluate((labIds) => {
    const found: { id: string; lines: number; in: string }[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent ?? '';
      for (const id of labIds) {
        for (let at = text.indexOf(id); at >= 0; at = text.indexOf(id, at + id.length)) {
          // The id as a word of its own, not a part of a path or a longer name.
          if (/[\w/.-]/.test(text[at - 1] ?? '') || /[\w/.-]/.test(text[at + id.length] ?? '')) continue;
          const range = document.createRange();
          range.setStart(node, at);
          range.setEnd(node, at + id.length);
          const rects = [...range.getClientRects()].filter((r) => r.width > 0);
          if (rects.length === 0) continue;
          found.push({ id, lines: new Set(rects.map((r) => Math.round(r.top))).size, in: `${node.parentElement?.tagName}: ${text.slice(0, 60)}` });
        }
      }
    }
    return found;
  }, ids);
}

describeInBrowser('on a phone (390 × 844)', () => {
  it('wide tables and diagrams scroll sideways with a visible cue and by keyboard, and nothing widens the page', async () => {
    const page = await newPage(MOBILE);
    for (const { slug } of LESSON_FILES) {
      await openLesson(page, slug);
      await expect(page.evaluate(() => document.documentElement.scrollWidth), slug).resolves.toBeLessThanOrEqual(MOBILE.width);
      const wide = await page.locator('.lesson-body .prose *').evaluateAll((elements) =>
        elements
          .filter((el) => el.scrollWidth > el.clientWidth + 1 && ['auto', 'scroll'].includes(getComputedStyle(el).overflowX))
          .map((el) => ({
            what: el.tagName + (el.firstElementChild ? `>${el.firstElementChild.tagName}` : ''),
            cue: getComputedStyle(el, '::after').content,
            tabindex: el.getAttribute('tabindex'),
          })),
      );
      for (const block of wide.filter((w) => !w.what.startsWith('PRE'))) {
        expect(block.cue, `${slug} ${block.what}`).toMatch(/scroll/i);
        expect(block.tabindex, `${slug} ${block.what}`).toBe('0');
      }
    }
    await page.close();
  });

  it.each([MOBILE.width, 340])('keeps every lab id on one line, %i px wide', async (width) => {
    const page = await newPage({ ...MOBILE, width });
    for (const { slug } of LESSON_FILES) {
      await openLesson(page, slug);
      const broken = (await labIdLines(page, LAB_IDS)).filter((found) => found.lines > 1);
      expect(broken, slug).toEqual([]);
    }
    await page.close();
  });

  it('Escape closes the lessons menu and gives focus back to its button', async () => {
    const page = await newPage(MOBILE);
    await openLesson(page, lessonAt(0).slug);
    const menu = page.getByRole('button', { name: 'Lessons' });
    await menu.click();
    await expect(page.locator('#sidebar').isVisible()).resolves.toBe(true);
    await page.locator('#sidebar a').first().focus();
    await page.keyboard.press('Escape');
    await expect(page.locator('#sidebar').isVisible()).resolves.toBe(false);
    await expect(page.evaluate(() => document.activeElement?.getAttribute('aria-controls'))).resolves.toBe('sidebar');
    await page.close();
  });

  it('gives every tap target at least 24 × 24 px (links inside sentences aside)', async () => {
    const page = await newPage(MOBILE);
    const lesson = lessonWith('a lab and a quiz', (l) => Boolean(l.lab) && l.body.includes('::: quiz'));
    await openLesson(page, lesson.slug);
    await page.getByRole('button', { name: 'Lessons' }).click();
    const small = await page.evaluate(() => {
      const targets = [...document.querySelectorAll<HTMLElement>('a[href], button, input, summary, select, textarea')];
      const inSentence = (el: HTMLElement) => {
        const block = el.closest('p, li, td, dd, legend, label');
        return el.tagName === 'A' && block !== null && (block.textContent ?? '').trim().length > (el.textContent ?? '').trim().length + 1;
      };
      return targets
        .filter((el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden')
        .filter((el) => !(el.getAttribute('aria-hidden') === 'true' && el.tabIndex < 0))
        .filter((el) => !inSentence(el))
        .map((el) => ({ el, box: el.getBoundingClientRect() }))
        .filter(({ box }) => box.width < 24 || box.height < 24)
        .map(({ el, box }) => `${el.tagName} "${(el.textContent ?? el.getAttribute('aria-label') ?? '').trim().slice(0, 30)}" ${Math.round(box.width)}×${Math.round(box.height)}`);
    });
    expect(small).toEqual([]);
    await page.close();
  });
});

/** The hue of a CSS colour, in degrees, and whether it is saturated enough to have one. */
function hueOf(rgb: string): { hue: number; saturated: boolean } {
  const [r, g, b] = (rgb.match(/\d+(\.\d+)?/g) ?? []).slice(0, 3).map((n) => Number(n) / 255);
  if (r === undefined || g === undefined || b === undefined) throw new Error(`not an rgb() colour: ${rgb}`);
  const max = Math.max(r, g, b);
  const min = Math.min(r, g, b);
  if (max - min < 0.15) return { hue: 0, saturated: false };
  const d = max - min;
  const hue = max === r ? ((g - b) / d) % 6 : max === g ? (b - r) / d + 2 : (r - g) / d + 4;
  return { hue: (hue * 60 + 360) % 360, saturated: true };
}

describeInBrowser('focus', () => {
  it('shows a focus ring on search that does not look like an error (not red or orange)', async () => {
    for (const scheme of ['light', 'dark'] as const) {
      const page = await newPage();
      await page.emulateMedia({ colorScheme: scheme });
      await openLesson(page, lessonAt(0).slug);
      await page.keyboard.press('Tab'); // the skip link
      for (let i = 0; i < 10 && (await page.evaluate(() => document.activeElement?.id)) !== 'search-input'; i++) await page.keyboard.press('Tab');
      const ring = await page.evaluate(() => {
        const style = getComputedStyle(document.activeElement as HTMLElement);
        return { style: style.outlineStyle, color: style.outlineColor };
      });
      expect(ring.style).not.toBe('none');
      const { hue, saturated } = hueOf(ring.color);
      expect(saturated && (hue < 50 || hue > 330), `${scheme}: ${ring.color}`).toBe(false);
      await page.close();
    }
  });
});

/** How light a diagram looks, 0 (black) to 1 (white), from a screenshot of it. */
async function diagramLightness(page: Page): Promise<number> {
  const image = page.locator('.prose img.diagram').first();
  await image.scrollIntoViewIfNeeded();
  const png = await image.screenshot();
  return page.evaluate(async (data) => {
    const picture = new Image();
    picture.src = `data:image/png;base64,${data}`;
    await picture.decode();
    const canvas = document.createElement('canvas');
    [canvas.width, canvas.height] = [picture.width, picture.height];
    const context = canvas.getContext('2d');
    if (!context) return -1;
    context.drawImage(picture, 0, 0);
    const pixels = context.getImageData(0, 0, canvas.width, canvas.height).data;
    let sum = 0;
    // Red, green and blue count; every fourth byte is alpha.
    pixels.forEach((value, index) => {
      if (index % 4 !== 3) sum += value;
    });
    return sum / 765 / (pixels.length / 4);
  }, png.toString('base64'));
}

const background = (page: Page) => page.evaluate(() => getComputedStyle(document.body).backgroundColor);

/** A lesson with a diagram, on a system of the given scheme, with no choice remembered. */
async function freshLesson(scheme: 'light' | 'dark'): Promise<Page> {
  const page = await newPage();
  await page.emulateMedia({ colorScheme: scheme });
  await openLesson(page, lessonWith('a diagram', (l) => l.body.includes('](/diagrams/')).slug);
  await page.evaluate(() => window.localStorage.clear());
  await page.reload();
  await page.locator('.lesson-body .prose').first().waitFor();
  return page;
}

describeInBrowser('light and dark', () => {
  it('follows the system at first, and a choice of the toggle wins and is remembered, diagrams included', async () => {
    const page = await freshLesson('light');
    const toggle = page.getByRole('button', { name: 'Dark theme' });
    await expect(toggle.getAttribute('aria-pressed')).resolves.toBe('false');
    await expect(background(page)).resolves.toBe('rgb(255, 255, 255)');
    expect(await diagramLightness(page)).toBeGreaterThan(0.7);

    await toggle.click();
    await expect(toggle.getAttribute('aria-pressed')).resolves.toBe('true');
    await expect(background(page)).resolves.toBe('rgb(15, 20, 26)');
    await expect.poll(() => diagramLightness(page)).toBeLessThan(0.3);

    await page.reload();
    await page.locator('.lesson-body .prose').first().waitFor();
    await expect(background(page)).resolves.toBe('rgb(15, 20, 26)');
    await expect(page.getByRole('button', { name: 'Dark theme' }).getAttribute('aria-pressed')).resolves.toBe('true');
    expect(await diagramLightness(page)).toBeLessThan(0.3);
    await page.close();
  });

  it('on a dark system starts dark, and light chosen there stays light', async () => {
    const page = await freshLesson('dark');
    await expect(background(page)).resolves.toBe('rgb(15, 20, 26)');
    const toggle = page.getByRole('button', { name: 'Dark theme' });
    await expect(toggle.getAttribute('aria-pressed')).resolves.toBe('true');
    await toggle.click();
    await expect(background(page)).resolves.toBe('rgb(255, 255, 255)');
    await expect.poll(() => diagramLightness(page)).toBeGreaterThan(0.7);
    await page.reload();
    await page.locator('.lesson-body .prose').first().waitFor();
    await expect(background(page)).resolves.toBe('rgb(255, 255, 255)');
    await page.close();
  });
});
