// How a rerun of root-and-admin treats what exists: its own group, user and MFA device are reused when right, anything
// else under the same names is reported, never taken over.
import {
  DeleteVirtualMFADeviceCommand,
  EntityAlreadyExistsException,
  type Group,
  ListVirtualMFADevicesCommand,
} from '@aws-sdk/client-iam';
import { arnUnderLabPath, labPath } from '../../lab-runner/iam-path.js';
import type { LabContext } from '../../lab-runner/lab.js';
import { notMadeByLab } from '../../lab-runner/ownership.js';
import { ownPolicies, userIsTagged } from './lookups.js';
import { GROUP_NAME, MFA_DEVICE_NAME, USER_NAME } from './spec.js';

/** Groups cannot be tagged: the lab's group is the one under the lab's path. */
export function assertGroupIsOurs(ctx: LabContext, group: Group): void {
  if (group.Path === labPath(ctx.labId)) return;
  throw notMadeByLab({
    what: `IAM group ${GROUP_NAME} (path ${group.Path})`,
    labId: ctx.labId,
    tagCommand: `aws iam update-group --group-name ${GROUP_NAME} --new-path ${labPath(ctx.labId)}`,
    deleteCommand: `aws iam delete-group --group-name ${GROUP_NAME}, after removing its members and policies`,
  });
}

export async function assertUserIsOurs(ctx: LabContext): Promise<void> {
  if (await userIsTagged(ctx, USER_NAME)) return;
  throw notMadeByLab({
    what: `IAM user ${USER_NAME}`,
    labId: ctx.labId,
    tagCommand: `aws iam tag-user --user-name ${USER_NAME} --tags Key=workbook:lab,Value=${ctx.labId}`,
    deleteCommand: `aws iam delete-user --user-name ${USER_NAME}, after removing what it holds`,
  });
}

export async function assertAdminHasNoOwnPolicies(ctx: LabContext): Promise<void> {
  const own = await ownPolicies(ctx, USER_NAME);
  if (own.length === 0) return;
  throw new Error(
    `${USER_NAME} has policies of its own: ${own.join(', ')}. Permissions belong on the group, so that everyone in it has the same: ` +
      `detach or delete them (aws iam detach-user-policy / delete-user-policy --user-name ${USER_NAME}) or start over with \`npx lab reset ${ctx.labId}\`.`,
  );
}

/**
 * IAM shows a virtual MFA device's seed once, when it is created. A lab device that is not enabled (a run stopped
 * between creating and enabling it) can never be enabled by the lab, so it is removed to make way for a new one.
 */
export async function removeUnusedLabMfaDevice(ctx: LabContext): Promise<void> {
  const { VirtualMFADevices = [] } = await ctx.clients.iam.send(new ListVirtualMFADevicesCommand({ AssignmentStatus: 'Unassigned', MaxItems: 1000 }));
  const ours = VirtualMFADevices.filter((d) => arnUnderLabPath(d.SerialNumber, ctx.labId) && d.SerialNumber?.endsWith(`/${MFA_DEVICE_NAME}`));
  for (const device of ours) {
    await ctx.clients.iam.send(new DeleteVirtualMFADeviceCommand({ SerialNumber: device.SerialNumber }));
    ctx.say(`removed ${device.SerialNumber}, left unused by an earlier run (its seed is shown only at creation)`);
  }
}

/** Virtual MFA device names are unique in an account: say so in words when `admin` is taken by someone else's. */
export async function mfaDeviceNameTaken<T>(ctx: LabContext, creating: Promise<T>): Promise<T> {
  try {
    return await creating;
  } catch (error) {
    if (!(error instanceof EntityAlreadyExistsException)) throw error;
    throw new Error(
      `An MFA device named ${MFA_DEVICE_NAME} exists already and was not made by this lab. Find it with ` +
        '`aws iam list-virtual-mfa-devices`; delete it if it is unused (aws iam delete-virtual-mfa-device --serial-number <arn>) and run the lab again.',
    );
  }
}
