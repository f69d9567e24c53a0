// Virtual MFA devices, found by the lab's IAM path (LocalStack ignores their tags; on AWS a tag also marks them).
// Creating one converges by name: its seed, which IAM shows only at creation, is kept privately (./mfa-seeds.ts) so a
// rerun can answer it again; an unused device whose seed was not kept can never be enabled, so it is replaced.
// Enabling one for a user is a link, made once; codes AWS rejects are explained by the clocks (./clock-skew.ts).
import {
  CreateVirtualMFADeviceCommand,
  type CreateVirtualMFADeviceCommandInput,
  type CreateVirtualMFADeviceCommandOutput,
  DeactivateMFADeviceCommand,
  DeleteVirtualMFADeviceCommand,
  type EnableMFADeviceCommandInput,
  ListMFADeviceTagsCommand,
  type VirtualMFADevice,
} from '@aws-sdk/client-iam';
import { describeError } from '../../aws-errors.js';
import type { Clients } from '../../clients.js';
import { convergeNamed } from '../../converge/named.js';
import { StepProblem, unnamed } from '../../converge/problem.js';
import { type ConvergeCall, rule } from '../../converge/rule.js';
import { labOfPath, labPath, pathOfArn } from '../../iam-path.js';
import { unlessMissing } from '../../missing.js';
import { LAB_TAG, labOf } from '../../tags.js';
import type { FoundResource, KindContext, ResourceKind } from '../kind.js';
import { spareCaller } from './caller.js';
import { explainRejectedCodes, serviceDate } from './clock-skew.js';
import { unmarked } from './groups.js';
import { virtualMfaDevices } from './lookups.js';
import { forgetSeed, keepSeed, keptSeed, seedFolder } from './mfa-seeds.js';

const createVirtualMfaDevice = rule<CreateVirtualMFADeviceCommandInput>('iam', 'CreateVirtualMFADeviceCommand', async (call) => {
  const answer = await convergeNamed<CreateVirtualMFADeviceCommandInput, VirtualMFADevice, CreateVirtualMFADeviceCommandOutput>(
    {
      kind: 'iam:mfa-device',
      what: 'virtual MFA device',
      nameOf: (input) => input.VirtualMFADeviceName ?? '',
      validate(input, { labId }) {
        if (!input.VirtualMFADeviceName) throw unnamed('CreateVirtualMFADevice', 'Give it a VirtualMFADeviceName.');
        if (input.Path !== labPath(labId)) throw unmarked('CreateVirtualMFADevice', labId, 'virtual MFA device');
      },
      find: (c, name) => findDevice(c.clients, name),
      idOf: (device) => device.SerialNumber ?? '',
      isOurs: async (c, device) => (await deviceLab(c, device)) === c.labId,
      adoptOrDelete: (c, device) => ({
        tag: `aws iam tag-mfa-device --serial-number ${device.SerialNumber} --tags Key=${LAB_TAG},Value=${c.labId}`,
        remove: `aws iam delete-virtual-mfa-device --serial-number ${device.SerialNumber}${device.User ? ` (after aws iam deactivate-mfa-device --user-name ${device.User.UserName} --serial-number ${device.SerialNumber})` : ''}`,
      }),
      async differences(c, device) {
        if (device.User || keptSeed(c.account, device.SerialNumber ?? '')) return [];
        return [{ what: 'seed', have: 'not kept (IAM shows it only when the device is made)', want: 'known, to enable it', inPlace: false }];
      },
      async remove(c, device) {
        await c.clients.iam.send(new DeleteVirtualMFADeviceCommand({ SerialNumber: device.SerialNumber }));
        forgetSeed(c.account, device.SerialNumber ?? '');
      },
      async create(c) {
        const made = await c.once.iam.send(new CreateVirtualMFADeviceCommand(c.input));
        const { SerialNumber = '', Base32StringSeed, QRCodePNG } = made.VirtualMFADevice ?? {};
        // Kept before anything else can fail: an enabled device whose seed is lost locks its user out.
        if (Base32StringSeed) keepSeed(c.account, SerialNumber, Buffer.from(Base32StringSeed).toString('ascii'), QRCodePNG);
        return made;
      },
      answer: async (c, device) => ({ VirtualMFADevice: withKeptSeed(c.account, device), $metadata: {} }),
      idInAnswer: (answer) => answer.VirtualMFADevice?.SerialNumber ?? '',
    },
    call,
  );
  const serial = answer.VirtualMFADevice?.SerialNumber ?? '';
  if (keptSeed(call.account, serial)) call.say(seedNote(call, serial));
  return answer;
});

const enableMfaDevice = rule<EnableMFADeviceCommandInput>('iam', 'EnableMFADeviceCommand', async (call) => {
  const { UserName = '', SerialNumber = '' } = call.input;
  const device = (await virtualMfaDevices(call.clients)).find((d) => d.SerialNumber === SerialNumber);
  const what = { kind: 'iam:mfa-device', name: SerialNumber.split('/').pop() ?? SerialNumber, id: SerialNumber };
  const holder = device?.User?.UserName;
  if (holder === UserName) {
    call.report('reused', { ...what, detail: `enabled for ${UserName} already` });
    return { $metadata: {} };
  }
  if (holder) {
    throw new StepProblem(
      'MfaDeviceInUse',
      `${SerialNumber} is enabled for ${holder}: a virtual MFA device serves one user.`,
      `Take it off ${holder} (aws iam deactivate-mfa-device --user-name ${holder} --serial-number ${SerialNumber}) or start over with \`npx lab reset ${call.labId}\`, then run the lab again.`,
    );
  }
  try {
    const answer = await call.send(call.input);
    call.report('updated', { ...what, detail: `enabled for ${UserName}` });
    return answer;
  } catch (error) {
    if (!/^InvalidAuthenticationCode/.test(describeError(error).code)) throw error;
    const { message, advice } = explainRejectedCodes(Date.now(), serviceDate(error));
    throw new StepProblem('InvalidAuthenticationCode', message, advice);
  }
});

const mfaDevices: ResourceKind = {
  kind: 'iam:mfa-device',
  global: true,
  order: 20,
  async findTagged(ctx) {
    const devices = await virtualMfaDevices(ctx.clients);
    const labelled = await Promise.all(devices.map(async (device) => ({ device, lab: await deviceLab(ctx, device) })));
    return labelled.flatMap(({ device, lab }): FoundResource[] => {
      const serial = device.SerialNumber ?? '';
      return lab ? [{ kind: 'iam:mfa-device', id: serial, name: serial.split('/').pop() ?? serial, lab }] : [];
    });
  },
  async remove(ctx, device) {
    const holder = (await virtualMfaDevices(ctx.clients)).find((d) => d.SerialNumber === device.id)?.User?.UserName;
    spareCaller(ctx, holder, `your MFA device ${device.name ?? device.id}`);
    // An enabled device is first taken off its user; only then can it be deleted.
    if (holder) await unlessMissing(ctx.clients.iam.send(new DeactivateMFADeviceCommand({ UserName: holder, SerialNumber: device.id })));
    await unlessMissing(ctx.clients.iam.send(new DeleteVirtualMFADeviceCommand({ SerialNumber: device.id })));
    forgetSeed(ctx.account, device.id);
  },
  rules: [createVirtualMfaDevice, enableMfaDevice],
};

export const mfaDeviceKinds: ResourceKind[] = [mfaDevices];

/** MFA device names are unique in an account, whatever their path. */
async function findDevice(clients: Clients, name: string): Promise<VirtualMFADevice | undefined> {
  return (await virtualMfaDevices(clients)).find((d) => d.SerialNumber?.split('/').pop() === name);
}

/** The lab of a device: its path, or on AWS its tag (LocalStack keeps no MFA device tags). */
async function deviceLab(ctx: Pick<KindContext, 'clients' | 'isLocal'>, device: VirtualMFADevice): Promise<string | undefined> {
  const byPath = labOfPath(pathOfArn(device.SerialNumber));
  if (byPath || ctx.isLocal) return byPath;
  return labOf((await unlessMissing(ctx.clients.iam.send(new ListMFADeviceTagsCommand({ SerialNumber: device.SerialNumber }))))?.Tags);
}

/** The device as IAM lists it, with its seed when it was kept: what creating it answered. */
function withKeptSeed(account: string, device: VirtualMFADevice): VirtualMFADevice {
  const { SerialNumber, User, EnableDate } = device;
  const seed = keptSeed(account, SerialNumber ?? '');
  return { SerialNumber, User, EnableDate, ...(seed ? { Base32StringSeed: Buffer.from(seed, 'ascii') } : {}) };
}

function seedNote(call: ConvergeCall, serial: string): string {
  return (
    `its seed is kept in ${seedFolderShown(call.account)} (a folder only you can open), as ${serial.split('/').pop() ?? ''}.otpauth: ` +
    'add it to your authenticator app from there (the otpauth:// link, or the QR code on AWS); `lab reset` deletes it with the device'
  );
}

function seedFolderShown(account: string): string {
  const home = process.env.HOME ?? process.env.USERPROFILE;
  const folder = seedFolder(account);
  return home && folder.startsWith(home) ? `~${folder.slice(home.length)}` : folder;
}

