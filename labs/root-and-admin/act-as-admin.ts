// Proof that admin really is an administrator: act as admin, with an access key made for the proof and deleted right
// after, and see an administrator's action allowed; taken out of Admins, the same action is denied. Only a cloud that
// enforces IAM can answer truly: AWS, or the local cloud through its gate (LocalStack alone allows everything).
import { CreateAccessKeyCommand, DeleteAccessKeyCommand, IAMClient, ListUsersCommand } from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { describeError } from '../../lab-runner/aws-errors.js';
import { type Check, fail, type LabContext, pass } from '../../lab-runner/lab.js';
import { USER_NAME } from './spec.js';

/** What acting as admin showed. */
export interface ActedAs {
  /** Who the calls were made as (GetCallerIdentity with the key). */
  arn: string;
  allowed: boolean;
  /** The service's answer in words. */
  detail: string;
}

/** A new key is not usable everywhere at once on AWS: calls with it may be refused as unknown for a few seconds. */
const NEW_KEY_WAITS_MS = [1_000, 2_000, 4_000, 8_000, 8_000];

/** The proof and the listing of admin's keys take turns: the one that asks first goes first, the other waits. */
let lastTurn: Promise<unknown> = Promise.resolve();

function inTurn<T>(work: () => Promise<T>): Promise<T> {
  const mine = lastTurn.catch(() => undefined).then(work);
  lastTurn = mine.catch(() => undefined);
  return mine;
}

/**
 * Runs `work` while no key of admin made by this proof exists. Checks run side by side: the check that admin has no
 * access keys takes its turn here, so it never sees the proof's own key, whichever of the two starts first.
 */
export function whileNoProofKey<T>(work: () => Promise<T>): Promise<T> {
  return inTurn(work);
}

/** Acts as admin and tries an administrator's action (listing the account's users). The key is always deleted. */
export function actAsAdmin(ctx: LabContext): Promise<ActedAs> {
  return inTurn(() => withProofKey(ctx));
}

async function withProofKey(ctx: LabContext): Promise<ActedAs> {
  const { AccessKey } = await ctx.clients.iam.send(new CreateAccessKeyCommand({ UserName: USER_NAME }));
  const credentials = { accessKeyId: AccessKey?.AccessKeyId ?? '', secretAccessKey: AccessKey?.SecretAccessKey ?? '' };
  try {
    const config = { ...ctx.clientConfig, credentials, region: ctx.region };
    const { Arn = '' } = await whenKeyKnown(() => new STSClient(config).send(new GetCallerIdentityCommand({})));
    try {
      await new IAMClient(config).send(new ListUsersCommand({ MaxItems: 1 }));
      return { arn: Arn, allowed: true, detail: `as ${Arn}, iam:ListUsers was allowed` };
    } catch (error) {
      const { code, message } = describeError(error);
      if (!/^AccessDenied/.test(code)) throw error;
      return { arn: Arn, allowed: false, detail: `as ${Arn}, iam:ListUsers was denied: ${message}` };
    }
  } finally {
    await ctx.clients.iam.send(new DeleteAccessKeyCommand({ UserName: USER_NAME, AccessKeyId: credentials.accessKeyId }));
  }
}

async function whenKeyKnown<T>(call: () => Promise<T>): Promise<T> {
  for (let i = 0; ; i++) {
    try {
      return await call();
    } catch (error) {
      const wait = NEW_KEY_WAITS_MS[i];
      if (wait === undefined || describeError(error).code !== 'InvalidClientTokenId') throw error;
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
}

/** The check in labs/root-and-admin/checks.ts. */
export const adminCanAdminister: Check = {
  id: 'admin-can-administer',
  title: `Acting as ${USER_NAME} (with an access key made for the check, then deleted), an administrator's action is allowed`,
  async run(ctx) {
    const acted = await actAsAdmin(ctx);
    return acted.allowed ? pass(acted.detail) : fail(acted.detail);
  },
};
