// `npm start -- --target aws`: the page says plainly that it acts on a real account (account, region, identity, cost),
// and each action that creates or removes goes ahead only once the account id is typed in its dialog. "AWS" is the
// suite's LocalStack standing in (the runner honours AWS_ENDPOINT_URL for --target aws), in an account of this file's own.
import { DescribeVpcsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, expect, it } from 'vitest';
import { localSession } from '../support/session.js';
import { axeViolations } from './helpers/axe.js';
import { describeInBrowser } from './helpers/browser.js';
import { projectRoot } from './helpers/build-site.js';
import { button, idle, openLive, press, status } from './helpers/live-page.js';
import { liveSite } from './helpers/live-site.js';

const ACCOUNT = '000000006108';
const STAND_IN = { AWS_ENDPOINT_URL: 'http://127.0.0.1:4566', AWS_EC2_METADATA_DISABLED: 'true' };

const site = liveSite(ACCOUNT, { target: () => ({ target: 'aws', region: 'us-east-1' }), env: STAND_IN });
let ec2: EC2Client;

beforeAll(async () => {
  const session = await localSession(ACCOUNT);
  ec2 = new EC2Client({ region: 'us-east-1', endpoint: session.target.endpoint, credentials: session.target.credentials });
});

/** The lab's VPCs in the account, as the cloud has them. */
async function vpcs(): Promise<number> {
  const { Vpcs = [] } = await ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: 'tag:workbook:lab', Values: ['vpc'] }] }));
  return Vpcs.length;
}

const dialog = (page: Page) => page.getByRole('dialog');

/** Presses a button that asks first, and waits for its dialog. */
async function ask(page: Page, name: string): Promise<void> {
  await button(page, name).click();
  await dialog(page).waitFor({ timeout: 60_000 });
}

async function answer(page: Page, typed: string, confirm: string): Promise<void> {
  await dialog(page).getByLabel(/Type the account id/).fill(typed);
  await dialog(page).getByRole('button', { name: confirm, exact: true }).click();
  await idle(page);
}

describeInBrowser('a real account on the page', () => {
  it('says where it acts, and creates or removes nothing until the account id is typed; a wrong id does nothing', async () => {
    const { page, watch } = await openLive(site.context, site.url, '11-vpc');
    // Whatever an earlier run of this file left: removed, with the id typed.
    if ((await vpcs()) > 0) {
      await ask(page, 'Reset');
      await answer(page, ACCOUNT, 'Remove');
    }
    expect(await vpcs()).toBe(0);
    const target = (await page.locator('.live-lab .target').textContent()) ?? '';
    expect(target).toContain(ACCOUNT);
    expect(target).toContain('us-east-1');
    expect(target).toContain(`arn:aws:iam::${ACCOUNT}:root`);
    await expect(page.locator('.live-lab .real').textContent()).resolves.toMatch(/A real AWS account:.*type the account id when asked\. Cost: \S/s);

    // Asked: where, as whom, at what cost; accessible; focus inside.
    await ask(page, 'Run solution');
    const shown = (await dialog(page).textContent()) ?? '';
    for (const text of [ACCOUNT, 'us-east-1', `arn:aws:iam::${ACCOUNT}:root`, 'Cost']) expect(shown).toContain(text);
    await expect(page.evaluate(() => document.activeElement?.closest('dialog') !== null)).resolves.toBe(true);
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: join(projectRoot, 'test-results', 'screenshots', '11-vpc-live-consent.png') });
    expect(await vpcs()).toBe(0);

    // Cancel: nothing.
    await dialog(page).getByRole('button', { name: 'Cancel' }).click();
    await idle(page);
    await expect(status(page)).resolves.toBe('Cancelled: nothing was created.');
    await expect(page.evaluate(() => document.activeElement?.textContent?.trim())).resolves.toBe('Run solution');
    expect(await vpcs()).toBe(0);

    // A wrong id: refused, nothing made.
    await ask(page, 'Run solution');
    await answer(page, '123456789012', 'Create');
    await expect(status(page)).resolves.toBe(`The account id typed (123456789012) is not ${ACCOUNT}; nothing was done.`);
    expect(await vpcs()).toBe(0);

    // The right id: it runs.
    await ask(page, 'Run solution');
    await answer(page, ACCOUNT, 'Create');
    await page.locator('.run-log .note-done').waitFor();
    expect(await vpcs()).toBe(1);

    // Check only reads: it does not ask.
    await press(page, 'Check');
    await expect(dialog(page).count()).resolves.toBe(0);

    // Removing asks too, listing what goes; only the typed id removes it.
    await ask(page, 'Reset');
    await expect(dialog(page).textContent()).resolves.toContain('ec2:vpc app-vpc');
    await answer(page, '000000000000', 'Remove');
    await expect(status(page)).resolves.toBe(`The account id typed (000000000000) is not ${ACCOUNT}; nothing was done.`);
    expect(await vpcs()).toBe(1);
    await ask(page, 'Reset');
    await answer(page, ACCOUNT, 'Remove');
    await page.locator('.reset-summary').waitFor();
    expect(await vpcs()).toBe(0);
    // The refused wrong id and the answers asking for consent are the only failing requests.
    expect(watch.errors.filter((e) => !/\b(400|409)\b/.test(e))).toEqual([]);
    await page.close();
  });
});
