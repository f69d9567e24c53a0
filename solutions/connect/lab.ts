// Lab `connect`: who am I, which regions exist, which availability zones the chosen region has. The calls only read;
// the last step leaves what they found in your account (an SSM parameter), where `npx lab check connect` reads it.
// Run it with `npx lab run connect`; stuck at a step? `npx lab hint connect <step>`.
import {
  DescribeAvailabilityZonesCommand,
  type DescribeAvailabilityZonesCommandOutput,
  DescribeRegionsCommand,
  type DescribeRegionsCommandOutput,
} from '@aws-sdk/client-ec2';
import { PutParameterCommand } from '@aws-sdk/client-ssm';
import { GetCallerIdentityCommand, type GetCallerIdentityCommandOutput } from '@aws-sdk/client-sts';
import { defineLab } from '../../lab-runner/lab.js';
import { parseZoneList, SUMMARY_PARAMETER, type Summary, summaryText, zoneList, zonesOf } from '../../labs/connect/summary.js';

/** What the steps hand each other. */
interface Outputs {
  account: string;
  arn: string;
  regions: number;
  /** e.g. `us-east-1a (use1-az1), us-east-1b (use1-az2)` */
  zones: string;
}

export default defineLab<Outputs>({
  id: 'connect',
  title: 'Connect: who am I, and where can I run?',
  lessons: ['03-global-infrastructure', '04-interacting-with-aws'],
  goal:
    'Every call to AWS is made by someone, to somewhere. Ask STS which identity and account your credentials belong to, ' +
    'list the regions your account can use, and list the availability zones of the region you chose, each with its AZ ID. ' +
    'The calls only read; the last step writes what they found into your account as the SSM parameter ' +
    '/workbook/connect/summary, which is what `npx lab check connect` reads.',
  region: 'target',
  requires: [],
  cost: 'Free: the calls only read, and a standard SSM parameter costs nothing.',
  services: ['sts', 'ec2', 'ssm'],
  resources: ['ssm:parameter'],
  steps: [
    {
      id: 'identity',
      title: 'Ask STS who you are',
      command: 'aws sts get-caller-identity',
      hint: 'Send a GetCallerIdentityCommand with ctx.clients.sts: it answers the Account and the Arn of whoever signed the request.',
      async run(ctx) {
        // solution: send a GetCallerIdentityCommand with ctx.clients.sts
        const me: GetCallerIdentityCommandOutput = await ctx.clients.sts.send(new GetCallerIdentityCommand({}));
        // end solution
        ctx.output('account', me.Account ?? '');
        ctx.output('arn', me.Arn ?? '');
      },
    },
    {
      id: 'regions',
      title: 'List the regions your account can use',
      command: 'aws ec2 describe-regions --query "Regions[].RegionName"',
      hint: 'Send a DescribeRegionsCommand with ctx.clients.ec2: its Regions are those your account can use (opt-in regions only once enabled).',
      async run(ctx) {
        // solution: send a DescribeRegionsCommand with ctx.clients.ec2
        const { Regions = [] }: DescribeRegionsCommandOutput = await ctx.clients.ec2.send(new DescribeRegionsCommand({}));
        // end solution
        const names = Regions.map((r) => r.RegionName ?? '').sort();
        ctx.output('regions', names.length);
        ctx.say(names.join(', '));
      },
    },
    {
      id: 'zones',
      title: 'List the availability zones of your region',
      command: 'aws ec2 describe-availability-zones --query "AvailabilityZones[].[ZoneName, ZoneId]" --output table',
      hint:
        "Send a DescribeAvailabilityZonesCommand with ctx.clients.ec2: it answers for the client's region, ctx.region. Each zone has a " +
        'ZoneName (us-east-1a), whose letter may point at another building in another account, and a ZoneId (use1-az1), the same everywhere.',
      async run(ctx) {
        // solution: send a DescribeAvailabilityZonesCommand with ctx.clients.ec2
        const { AvailabilityZones = [] }: DescribeAvailabilityZonesCommandOutput = await ctx.clients.ec2.send(new DescribeAvailabilityZonesCommand({}));
        // end solution
        ctx.output('zones', zoneList(zonesOf(AvailabilityZones)));
      },
    },
    {
      id: 'summary',
      title: 'Sum it up, and leave it in your account for the check',
      command:
        'aws sts get-caller-identity --query Account --output text && ' +
        'aws ec2 describe-availability-zones --query "AvailabilityZones[].[RegionName, ZoneName, ZoneId]" --output table',
      hint:
        'Nothing to write here: this step shows what your calls found (account, region, each zone with its ZoneId) and records it ' +
        'as the SSM parameter /workbook/connect/summary (PutParameter, tagged workbook:lab=connect). The check compares it with your ' +
        'account and region; if it stops here, the steps before it recorded something wrong.',
      async run(ctx) {
        const summary: Summary = {
          account: ctx.outputs.account,
          arn: ctx.outputs.arn,
          region: ctx.region,
          regions: ctx.outputs.regions,
          zones: parseZoneList(ctx.outputs.zones),
        };
        ctx.say(`account ${summary.account} (${summary.arn})`);
        ctx.say(`region ${summary.region}, one of ${summary.regions} your account can use, with ${summary.zones.length} availability zones:`);
        for (const zone of summary.zones) ctx.say(`  ${zone.name.padEnd(18)} ${zone.id}`);
        await ctx.clients.ssm.send(
          new PutParameterCommand({
            Name: SUMMARY_PARAMETER,
            Type: 'String',
            Value: summaryText(summary),
            Description: 'What the connect lab found: account, region and its availability zones',
            Tags: ctx.tags(),
          }),
        );
        ctx.say(`recorded in your account as the SSM parameter ${SUMMARY_PARAMETER}: \`npx lab check connect\` reads it there`);
      },
    },
  ],
});
