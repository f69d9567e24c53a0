// Checks for `connect`. The calls a student writes only read, so the lab's last step leaves what they found in the
// student's account (the SSM parameter /workbook/connect/summary) and these checks judge that against the account
// itself: a student who never ran the lab has no summary and passes nothing. They never read the lab's output or
// local files.
import { DescribeAvailabilityZonesCommand } from '@aws-sdk/client-ec2';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { type CheckOutcome, defineChecks, fail, type LabContext, pass } from '../../lab-runner/lab.js';
import { findSummary, noSummary } from './lookups.js';
import { readSummary, SUMMARY_PARAMETER, type Summary, zoneList, zonesOf } from './summary.js';

export default defineChecks([
  {
    id: 'credentials',
    title: 'Your credentials are valid, belong to a 12-digit AWS account, and the lab ran with them: its summary names this account',
    run: checkCredentials,
  },
  {
    id: 'summary',
    title: `The lab's summary ${SUMMARY_PARAMETER} is in your account, tagged by the lab, and names this region and its availability zones with their ZoneIds`,
    run: checkSummary,
  },
]);

async function checkCredentials(ctx: LabContext): Promise<CheckOutcome> {
  const me = await ctx.clients.sts.send(new GetCallerIdentityCommand({}));
  const account = me.Account ?? '';
  const who = `account ${account || '(none)'}, ${me.Arn ?? 'no ARN'}`;
  if (!/^\d{12}$/.test(account)) return fail(`${who}: not a 12-digit AWS account`);
  const valid = `your credentials are valid (${who})`;
  const found = await findSummary(ctx);
  if (!found) return fail(`${valid}, but there is ${noSummary(ctx)}`);
  const read = readSummary(found.value);
  if ('problem' in read) return fail(`${valid}, but ${SUMMARY_PARAMETER} cannot be read: ${read.problem}`);
  const { summary } = read;
  const arnAccount = summary.arn.split(':')[4];
  if (summary.account !== account || arnAccount !== account) {
    return fail(`${valid}, but the lab's summary names account ${summary.account} (${summary.arn}): it was not made with these credentials`);
  }
  return pass(`${valid}; the lab's summary names the same account (${summary.arn})`);
}

async function checkSummary(ctx: LabContext): Promise<CheckOutcome> {
  const found = await findSummary(ctx);
  if (!found) return fail(noSummary(ctx));
  if (found.lab !== 'connect') return fail(`${SUMMARY_PARAMETER} is not tagged workbook:lab=connect (${found.lab ? `its tag says ${found.lab}` : 'no lab tag'}): the lab did not write it`);
  const read = readSummary(found.value);
  if ('problem' in read) return fail(`${SUMMARY_PARAMETER} is not a summary the lab writes: ${read.problem}`);
  const { summary } = read;
  if (summary.region !== ctx.region) return fail(`${SUMMARY_PARAMETER} in ${ctx.region} names the region ${summary.region}`);
  const { AvailabilityZones = [] } = await ctx.clients.ec2.send(new DescribeAvailabilityZonesCommand({}));
  const actual = zoneList(zonesOf(AvailabilityZones));
  const recorded = zoneList(sorted(summary));
  if (recorded !== zoneList(sorted({ zones: zonesOf(AvailabilityZones) }))) {
    return fail(`the summary's zones are ${recorded}, but ${ctx.region}'s are ${actual}`);
  }
  return pass(`${ctx.region}, one of ${summary.regions} regions, with ${summary.zones.length} zones: ${recorded}`);
}

function sorted({ zones }: Pick<Summary, 'zones'>): Summary['zones'] {
  return [...zones].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
