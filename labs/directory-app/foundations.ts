// What the directory-app lab builds on, found by name and lab tag as every run finds it: the vpc lab's subnet public-a
// and security group web-sg in app-vpc, and the ec2-role lab's instance profile with its role in it.
import type { SecurityGroup, Subnet } from '@aws-sdk/client-ec2';
import { LabProblem, type LabContext } from '../../lab-runner/lab.js';
import { findInstanceProfile, findSecurityGroupByName, findSubnetByName, findVpcByName, requireFromLab } from '../../lab-runner/lookup.js';
import { PROFILE_NAME, ROLE_NAME, SECURITY_GROUP_NAME, SUBNET_NAME, VPC_NAME } from './spec.js';

export interface Foundations {
  subnet: Subnet;
  group: SecurityGroup;
}

export async function findFoundations(ctx: LabContext): Promise<Foundations> {
  const vpc = (await findVpcByName(ctx, VPC_NAME, { lab: 'vpc' })) ?? requireFromLab(`VPC ${VPC_NAME}`, 'vpc');
  const subnet = (await findSubnetByName(ctx, SUBNET_NAME, { lab: 'vpc', vpcId: vpc.VpcId })) ?? requireFromLab(`subnet ${SUBNET_NAME}`, 'vpc');
  const group = (await findSecurityGroupByName(ctx, SECURITY_GROUP_NAME, { lab: 'vpc', vpcId: vpc.VpcId })) ?? requireFromLab(`security group ${SECURITY_GROUP_NAME}`, 'vpc');
  const profile = (await findInstanceProfile(ctx, PROFILE_NAME)) ?? requireFromLab(`instance profile ${PROFILE_NAME}`, 'ec2-role');
  if (!(profile.Roles ?? []).some((r) => r.RoleName === ROLE_NAME)) {
    throw new LabProblem(
      'ProfileWithoutRole',
      `The instance profile ${PROFILE_NAME} holds no role ${ROLE_NAME}, so the instance would get no credentials.`,
      'Run `npx lab run ec2-role` (yours or with --solution) again: it puts the role into the profile.',
    );
  }
  return { subnet, group };
}
