// A lab that builds on others (directory-app, lesson 13, on vpc and ec2-role): the panel lists them with their progress
// and a button that runs each one's solution; a run out of order names every missing lab at once, as links to their
// lessons, never as terminal commands. A LocalStack account of this file's own.
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { describeInBrowser } from './helpers/browser.js';
import { projectRoot } from './helpers/build-site.js';
import { idle, openLive, press, status } from './helpers/live-page.js';
import { liveSite } from './helpers/live-site.js';
import { lessonWith } from './helpers/lesson-files.js';

const ACCOUNT = '000000006103';
const dependent = lessonWith('the directory-app lab', (l) => l.lab === 'directory-app');
const vpc = lessonWith('the vpc lab', (l) => l.lab === 'vpc');
const role = lessonWith('the ec2-role lab', (l) => l.lab === 'ec2-role');

const site = liveSite(ACCOUNT, { reset: ['directory-app', 'vpc', 'ec2-role'] });

describeInBrowser('what a lab builds on', () => {
  it('lists them with their state and runs their solutions; a run out of order names all that is missing, as links', async () => {
    const { page, watch } = await openLive(site.context, site.url, dependent.slug);
    const rows = page.locator('.live-lab .prerequisites li');
    await expect(rows.count()).resolves.toBe(2);
    await expect(rows.locator('a').evaluateAll((links) => links.map((a) => a.getAttribute('href')).sort())).resolves.toEqual([`#/${vpc.slug}`, `#/${role.slug}`].sort());
    for (const text of await rows.allTextContents()) expect(text).toMatch(/: (not started|reset: nothing built)/);

    await press(page, 'Run lab');
    const missing = page.locator('.live-lab .missing');
    await expect(missing.locator('li a').evaluateAll((links) => links.map((a) => a.getAttribute('href')).sort())).resolves.toEqual([`#/${vpc.slug}`, `#/${role.slug}`].sort());
    for (const text of await missing.locator('li').allTextContents()) expect(text).toMatch(/: not built$/);
    const panelText = (await page.locator('.live-lab').textContent()) ?? '';
    expect(panelText).not.toContain('`');
    expect(panelText).not.toContain('npx lab run');
    await expect(status(page)).resolves.toMatch(/^First build what this lab builds on: .+; .+\.$/);
    await page.locator('.lab-panel').screenshot({ path: join(projectRoot, 'test-results', 'screenshots', `${dependent.slug}-live-missing.png`) });

    // Each one's solution, from here: its state follows, and focus stays on the button pressed.
    for (const lesson of [vpc, role]) {
      const row = rows.filter({ has: page.locator(`a[href="#/${lesson.slug}"]`) });
      await row.getByRole('button', { name: /^Run its solution/ }).click();
      await expect(page.evaluate(() => document.activeElement?.textContent?.trim())).resolves.toBe('Run its solution');
      await idle(page);
      await expect.poll(() => row.textContent()).toMatch(/ran to the end by the solution, not checked yet/);
      await expect(page.locator('.run-log .note-done').count()).resolves.toBe(1);
    }
    await press(page, 'Run lab');
    await expect(missing.count()).resolves.toBe(0);
    // The run checked what it builds on first: they pass now, by the solution.
    await expect.poll(() => rows.allTextContents()).toEqual([expect.stringMatching(/passed with the solution’s code/), expect.stringMatching(/passed with the solution’s code/)]);
    // The refused run is the one failing answer, as the browser logs it.
    expect(watch.errors.filter((e) => !/\b400\b/.test(e))).toEqual([]);
    await page.close();
  });
});
