// The check that acts as the role, on the gated local cloud, which enforces IAM as AWS does: as a session of
// EmployeeDirectoryAppRole the photos and the app's code are allowed and another bucket is refused; another bucket's
// policy that lets the role in is seen (reading the role's own policies cannot see it); a reach that comes from
// administrator-like statements is left to no-admin. What the lab shows of the role's credentials, too.
import { CreateBucketCommand, DeleteBucketCommand, PutBucketPolicyCommand } from '@aws-sdk/client-s3';
import { AttachRolePolicyCommand, DetachRolePolicyCommand } from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labEntry } from '../../../lab-runner/catalogue/read.js';
import { createContext, type LabContext } from '../../../lab-runner/context.js';
import { unlessMissing } from '../../../lab-runner/missing.js';
import type { Session } from '../../../lab-runner/session.js';
import { actAsRole, otherBucketName } from '../../../labs/ec2-role/act-as-role.js';
import { photosBucketName, ROLE_NAME } from '../../../labs/ec2-role/spec.js';
import { resetLab, solve } from '../../support/lab-cycle.js';
import { localSession } from '../../support/session.js';

const ADMINISTRATOR_ACCESS = 'arn:aws:iam::aws:policy/AdministratorAccess';

describe('acting as EmployeeDirectoryAppRole', () => {
  let session: Session;
  let ctx: LabContext;
  let as: string;
  let photos: string;
  let other: string;

  const removeOtherBucket = () => unlessMissing(ctx.clients.s3.send(new DeleteBucketCommand({ Bucket: other })));

  beforeAll(async () => {
    session = await localSession('000000002105');
    ctx = createContext({ target: session.target, lab: labEntry('ec2-role'), account: session.account });
    as = `as arn:aws:sts::${ctx.account}:assumed-role/EmployeeDirectoryAppRole/workbook-check`;
    photos = photosBucketName(ctx.account, ctx.region);
    other = otherBucketName(ctx.account);
    await removeOtherBucket();
    await resetLab(session, 'ec2-role');
  });
  afterAll(removeOtherBucket);

  it('fails without the role, saying so', async () => {
    expect(await actAsRole(ctx)).toEqual({ passed: false, detail: 'no role named EmployeeDirectoryAppRole: run the lab first' });
  });

  it('shows only the start of the access key id of the credentials the lab gets for the role', async () => {
    const events = await solve(session, 'ec2-role');
    const outputs = Object.fromEntries(events.flatMap((e) => (e.type === 'output' ? [[e.name, e.value]] : [])));
    expect(outputs.accessKey).toMatch(/^[A-Z]{4}… \(secret access key and session token not shown\)$/);
    expect(outputs.expires).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z, in (59|60) minutes$/);
  });

  it('sees the photos and the app allowed and another bucket refused, as IAM on AWS answers', async () => {
    expect(await actAsRole(ctx)).toEqual({
      passed: true,
      detail: `${as}: list s3://${photos}/employees/: allowed; read s3://${photos}/app/directory-app.mjs: allowed; list s3://${other}: denied`,
    });
  });

  it("sees another bucket's policy let the role in, which its own policies do not show", async () => {
    await ctx.clients.s3.send(new CreateBucketCommand({ Bucket: other }));
    try {
      const Policy = JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ctx.account}:role/${ROLE_NAME}` }, Action: 's3:ListBucket', Resource: `arn:aws:s3:::${other}` }],
      });
      await ctx.clients.s3.send(new PutBucketPolicyCommand({ Bucket: other, Policy }));
      expect(await actAsRole(ctx)).toEqual({
        passed: false,
        detail: `${as}: list s3://${photos}/employees/: allowed; read s3://${photos}/app/directory-app.mjs: allowed; list s3://${other}: allowed; expected list s3://${other} denied`,
      });
    } finally {
      await removeOtherBucket();
    }
  });

  it('leaves a reach that administrator-like statements give to the no-admin check', async () => {
    await ctx.clients.iam.send(new AttachRolePolicyCommand({ RoleName: ROLE_NAME, PolicyArn: ADMINISTRATOR_ACCESS }));
    try {
      expect(await actAsRole(ctx)).toEqual({
        passed: true,
        detail:
          `${as}: list s3://${photos}/employees/: allowed; read s3://${photos}/app/directory-app.mjs: allowed; list s3://${other}: allowed ` +
          '(through administrator-like statements, which no-admin reports)',
      });
    } finally {
      await ctx.clients.iam.send(new DetachRolePolicyCommand({ RoleName: ROLE_NAME, PolicyArn: ADMINISTRATOR_ACCESS }));
    }
  });
});
