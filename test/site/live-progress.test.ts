// "Passed" is the truth: what the panel and the sidebar say about a lab is the runner's progress for this target,
// account and region, following every check and reset (from this page or any other caller), and a pass by the
// solution says so. A LocalStack account of this file's own; the vpc lab (lesson 11), which needs no other.
import { expect, it } from 'vitest';
import { describeInBrowser } from './helpers/browser.js';
import { ownPost } from './helpers/dev-site.js';
import { button, idle, openLive, press, progressLine, sidebarEntry } from './helpers/live-page.js';
import { liveSite } from './helpers/live-site.js';

const ACCOUNT = '000000006102';
const LESSON = '11-vpc';

const site = liveSite(ACCOUNT, { reset: ['vpc'] });

describeInBrowser('progress on the page is the runner\'s', () => {
  it('a pass by the solution says so; a reset and a check after it take the pass away, in the panel and the sidebar', async () => {
    const { page, watch } = await openLive(site.context, site.url, LESSON);
    // With a runner, there is no mark to set by hand: the runner says.
    await expect(page.getByRole('button', { name: /Mark lab as passed|Lab passed/ }).count()).resolves.toBe(0);

    await press(page, 'Run solution');
    await expect(progressLine(page)).resolves.toBe('Your progress: ran to the end by the solution, not checked yet.');
    await press(page, 'Check');
    await expect(progressLine(page)).resolves.toMatch(/^Passed with the solution’s code/);
    await expect(progressLine(page)).resolves.not.toMatch(/Your lab passed/);
    await expect(sidebarEntry(page, LESSON)).resolves.toContain(", passed with the solution's code, not yours yet");
    await expect(sidebarEntry(page, LESSON)).resolves.not.toContain(', lab passed');

    await press(page, 'Reset');
    await expect(progressLine(page)).resolves.toBe('Your progress: reset: nothing built.');
    await expect(sidebarEntry(page, LESSON)).resolves.not.toContain('passed');
    await press(page, 'Check');
    await expect(progressLine(page)).resolves.toMatch(/^Your progress: \d+ checks? failing\.$/);
    await expect(sidebarEntry(page, LESSON)).resolves.not.toContain('passed');

    // What another caller does (a terminal, another page) shows here too, without a reload.
    await ownPost(site.url, '/api/labs/vpc/solution');
    await ownPost(site.url, '/api/labs/vpc/check');
    await expect.poll(() => progressLine(page)).toMatch(/^Passed with the solution’s code/);
    await expect.poll(() => sidebarEntry(page, LESSON)).toContain(', passed with the solution');

    // A reload reads the same from the runner.
    await page.reload();
    await button(page, 'Run lab').waitFor({ timeout: 60_000 });
    await idle(page);
    await expect(progressLine(page)).resolves.toMatch(/^Passed with the solution’s code/);
    expect(watch.errors).toEqual([]);
    await page.close();
  });
});
