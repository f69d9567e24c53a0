// Lab `connect`, completed: who am I, which regions exist, which availability zones the chosen region has.
import { DescribeAvailabilityZonesCommand, DescribeRegionsCommand } from '@aws-sdk/client-ec2';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { defineLab } from '../../lab-runner/lab.js';

export default defineLab({
  id: 'connect',
  title: 'Connect: who am I, and where can I run?',
  lesson: '02-global-infrastructure',
  goal:
    'Every call to AWS is made by someone, to somewhere. Ask STS which identity and account your credentials belong to, ' +
    'list the regions your account can use, and list the availability zones of the region you chose. Nothing is created.',
  region: 'target',
  requires: [],
  cost: 'Free: these calls only read.',
  steps: [
    {
      title: 'Ask STS who you are',
      command: 'aws sts get-caller-identity',
      hint: 'Send a GetCallerIdentityCommand with ctx.clients.sts and record the Account and Arn with ctx.output().',
      async run(ctx) {
        const me = await ctx.clients.sts.send(new GetCallerIdentityCommand({}));
        ctx.output('account', me.Account ?? '');
        ctx.output('arn', me.Arn ?? '');
      },
    },
    {
      title: 'List the regions your account can use',
      command: 'aws ec2 describe-regions --query "Regions[].RegionName"',
      hint: 'DescribeRegionsCommand on ctx.clients.ec2 returns Regions; record how many there are and their names.',
      async run(ctx) {
        const { Regions = [] } = await ctx.clients.ec2.send(new DescribeRegionsCommand({}));
        const names = Regions.map((r) => r.RegionName ?? '').sort();
        ctx.output('regions', String(names.length));
        ctx.say(names.join(', '));
      },
    },
    {
      title: 'List the availability zones of your region',
      command: 'aws ec2 describe-availability-zones --query "AvailabilityZones[].ZoneName"',
      hint: 'DescribeAvailabilityZonesCommand on ctx.clients.ec2 answers for the client\'s region, ctx.region.',
      async run(ctx) {
        const { AvailabilityZones = [] } = await ctx.clients.ec2.send(new DescribeAvailabilityZonesCommand({}));
        const zones = AvailabilityZones.map((z) => `${z.ZoneName} (${z.ZoneId})`);
        ctx.output('zones', zones.join(', '));
      },
    },
    {
      title: 'Sum it up',
      command: 'aws configure list',
      hint: 'Everything is in ctx.outputs now: say in one line which account you are in, and which region with how many zones.',
      async run(ctx) {
        const zoneCount = ctx.outputs.zones.split(', ').length;
        ctx.say(`account ${ctx.outputs.account} · region ${ctx.region} · ${zoneCount} availability zones`);
      },
    },
  ],
});
