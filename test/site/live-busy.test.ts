// While a lab runs: Stop ends the run; every open page shows it running and what it left once it ends (server-sent
// events); a second action from a page that did not know is refused with the runner's own words, not raced. A LocalStack
// account of this file's own behind the fault proxy, which holds one call of the run so that it runs long enough.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type FaultProxy, startFaultProxy } from '../support/fault-proxy.js';
import { describeInBrowser } from './helpers/browser.js';
import { ownPost, rawCall } from './helpers/dev-site.js';
import { button, idle, openLive, pieces, progressLine, status } from './helpers/live-page.js';
import { liveSite } from './helpers/live-site.js';

const ACCOUNT = '000000006107';
const LESSON = '11-vpc';

let proxy: FaultProxy;
beforeAll(async () => {
  proxy = await startFaultProxy();
});
afterAll(() => proxy?.stop());
const site = liveSite(ACCOUNT, { target: () => ({ endpoint: proxy.url }) });

const busy = (page: Page) => page.locator('.live-lab').getAttribute('aria-busy');

async function labBusy(): Promise<string | null> {
  const answer = JSON.parse((await rawCall(site.url, 'GET', '/api/status')).text) as { labs: { id: string; busy: string | null }[] };
  return answer.labs.find((lab) => lab.id === 'vpc')?.busy ?? null;
}

/** Nothing of the lab left, and no held call still on its way to the cloud. */
async function cleanSlate(): Promise<void> {
  await expect.poll(labBusy, { timeout: 60_000 }).toBe(null);
  await proxy.settled();
  expect((await ownPost(site.url, '/api/labs/vpc/reset')).status).toBe(200);
}

describeInBrowser('a run that is going', () => {
  it('stops with Stop: the run ends at once, says so, and focus goes back to the button that started it', async () => {
    await cleanSlate();
    const { page, watch } = await openLive(site.context, site.url, LESSON);
    proxy.delay('Action=CreateVpc', 1, 8000);
    const held = proxy.arrived('Action=CreateVpc');
    await button(page, 'Run solution').click();
    await held;
    const stop = page.locator('.live-lab').getByRole('button', { name: 'Stop', exact: true });
    await stop.click();
    const stopped = Date.now();
    await idle(page, 5000);
    expect(Date.now() - stopped).toBeLessThan(5000);
    await expect(status(page)).resolves.toMatch(/^Stopped during step 2\b/);
    await expect(stop.count()).resolves.toBe(0);
    await expect(page.locator('.run-log ol > li.ok').count()).resolves.toBe(1);
    await expect(page.evaluate(() => document.activeElement?.textContent?.trim())).resolves.toBe('Run solution');
    await expect(progressLine(page)).resolves.toMatch(/stopped at step 2/);
    expect(watch.errors).toEqual([]);
    await page.close();
  });

  it('shows on every open page while it runs and when it ends, without a reload', async () => {
    await cleanSlate();
    const { page: first } = await openLive(site.context, site.url, LESSON);
    const { page: second, watch } = await openLive(site.context, site.url, LESSON);
    proxy.delay('Action=CreateVpc', 1, 3000);
    await button(first, 'Run solution').click();
    await expect.poll(() => busy(second)).toBe('true');
    await expect(status(second)).resolves.toBe('Busy: a run of the solution is going on this lab, started elsewhere.');
    await expect(button(second, 'Check').getAttribute('aria-disabled')).resolves.toBe('true');
    await expect(second.locator('.live-lab').getByRole('button', { name: 'Stop', exact: true }).count()).resolves.toBe(1);
    await idle(second);
    await expect(status(second)).resolves.toBe('Done elsewhere. This lab: ran to the end by the solution, not checked yet.');
    await expect(progressLine(second)).resolves.toBe('Your progress: ran to the end by the solution, not checked yet.');
    await expect.poll(async () => (await pieces(second)).vpc).toBe(true);
    await idle(first);
    expect(watch.errors).toEqual([]);
    await first.close();
    await second.close();
  });

  it('refuses a second action from a page that did not hear the first, with the runner\'s message', async () => {
    await cleanSlate();
    const { page: first } = await openLive(site.context, site.url, LESSON);
    const deaf = await site.context.newPage();
    await deaf.route('**/api/events', (route) => route.abort());
    await deaf.goto(`${site.url}#/${LESSON}`);
    await button(deaf, 'Run lab').waitFor({ timeout: 60_000 });
    await idle(deaf);
    proxy.delay('Action=CreateVpc', 1, 4000);
    await button(first, 'Run solution').click();
    await expect.poll(labBusy).toBe('solution');
    await button(deaf, 'Check').click();
    await idle(deaf);
    await expect(deaf.locator('.live-lab .problem').textContent()).resolves.toContain('Lab vpc is busy: a run of the solution is still going.Wait for it to finish, or press Stop.');
    await expect(status(deaf)).resolves.toBe('Lab vpc is busy: a run of the solution is still going.');
    // The first run was not disturbed.
    await first.locator('.run-log .note-done').waitFor({ timeout: 60_000 });
    await first.close();
    await deaf.close();
  });
});
