// Checks for `connect`: they ask the target themselves and never read the lab's output.
import { DescribeAvailabilityZonesCommand } from '@aws-sdk/client-ec2';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { defineChecks, expect } from '../../lab-runner/lab.js';

export default defineChecks([
  {
    id: 'credentials',
    title: 'Your credentials are valid and belong to a 12-digit AWS account',
    async run(ctx) {
      const me = await ctx.clients.sts.send(new GetCallerIdentityCommand({}));
      const account = me.Account ?? '';
      return expect(/^\d{12}$/.test(account), `account ${account || '(none)'}, ${me.Arn ?? 'no ARN'}`);
    },
  },
  {
    id: 'two-zones',
    title: 'Your region has at least two availability zones to spread an app across',
    async run(ctx) {
      const { AvailabilityZones = [] } = await ctx.clients.ec2.send(
        new DescribeAvailabilityZonesCommand({ Filters: [{ Name: 'state', Values: ['available'] }] }),
      );
      return expect(AvailabilityZones.length >= 2, `${ctx.region} has ${AvailabilityZones.length} available zones`);
    },
  },
]);
