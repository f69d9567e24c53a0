// Access keys a lab makes for its own users, to act as them: the secret lives only in the memory of the process that
// made the key, which deletes it when it is done. A key cannot be tagged, so who holds it is written where the console
// writes an access key's description: a tag on its user whose key is the access key id (iam:TagUser "for adding and
// editing descriptions for the access key": https://docs.aws.amazon.com/IAM/latest/UserGuide/access-keys_required-permissions.html).
// A process stopped before it could delete its key (Ctrl-C, a step's time limit) leaves it behind, and nobody can use
// it any more: whoever makes the user a key next deletes every key whose holder has ended, and `lab reset` deletes
// them all. A key the lab did not make (no such description) is never deleted, except with its user.
import { hostname } from 'node:os';
import {
  type AccessKey,
  CreateAccessKeyCommand,
  type CreateAccessKeyCommandInput,
  type CreateAccessKeyCommandOutput,
  DeleteAccessKeyCommand,
  ListAccessKeysCommand,
  ListUserTagsCommand,
  TagUserCommand,
  UntagUserCommand,
} from '@aws-sdk/client-iam';
import type { Clients } from '../../clients.js';
import { StepProblem, unnamed } from '../../converge/problem.js';
import { rule } from '../../converge/rule.js';
import { unlessMissing } from '../../missing.js';
import { isAlive } from '../../process-alive.js';
import type { FoundResource, ResourceKind } from '../kind.js';
import { spareCaller } from './caller.js';
import { labUsers } from './lookups.js';
import { assertLabUser } from './users.js';

/** IAM allows a user two access keys at a time. */
export const ACCESS_KEY_LIMIT = 2;
/** No run or check holds a key this long (a step may take five minutes): past it, a key is left over, whoever held it. */
const HELD_AT_MOST_MS = 30 * 60_000;

export interface Holder {
  lab: string;
  pid: number;
  host: string;
}

export interface UserKey {
  id: string;
  created?: Date;
  /** Who holds it, from its description; undefined for a key the lab did not make. */
  holder?: Holder;
}

const HOLDER = /^workbook (\S+) key held in memory by process (\d+) on (\S+)$/;

/** This computer's name, in the characters a tag value may have. */
export function thisHost(): string {
  return hostname().replace(/[^\p{L}\p{N}_.:/=+\-@]/gu, '-').slice(0, 100) || 'unknown';
}

export function holderNote(lab: string, pid = process.pid, host = thisHost()): string {
  return `workbook ${lab} key held in memory by process ${pid} on ${host}`;
}

export function parseHolder(note: string | undefined): Holder | undefined {
  const match = HOLDER.exec(note ?? '');
  return match ? { lab: match[1] ?? '', pid: Number(match[2]), host: match[3] ?? '' } : undefined;
}

/** `AKIAIOSFODNN7EXAMPLE` → `AKIA…MPLE`: an access key id is not a secret, but it is not shown whole either. */
export function maskKey(id: string | undefined): string {
  return id && id.length > 8 ? `${id.slice(0, 4)}…${id.slice(-4)}` : '(a key)';
}

/** The user's access keys, each with its holder when a lab made it. */
export async function userKeys(clients: Clients, user: string): Promise<UserKey[]> {
  const [keys, tags] = await Promise.all([
    unlessMissing(clients.iam.send(new ListAccessKeysCommand({ UserName: user }))),
    unlessMissing(clients.iam.send(new ListUserTagsCommand({ UserName: user }))),
  ]);
  const notes = new Map((tags?.Tags ?? []).map((t) => [t.Key ?? '', t.Value]));
  return (keys?.AccessKeyMetadata ?? []).flatMap((k) => (k.AccessKeyId ? [{ id: k.AccessKeyId, created: k.CreateDate, holder: parseHolder(notes.get(k.AccessKeyId)) }] : []));
}

/** Nobody can use the key any more: its holder, on this computer, has ended, or it has been held longer than any run takes. */
export function isLeftover(key: UserKey, now = Date.now(), alive: (pid: number) => boolean = isAlive): boolean {
  if (!key.holder) return false;
  if (now - (key.created?.getTime() ?? now) > HELD_AT_MOST_MS) return true;
  return key.holder.host === thisHost() && !alive(key.holder.pid);
}

/** Deletes the key and its description; either already gone is no error. */
export async function releaseKey(clients: Clients, user: string, keyId: string): Promise<void> {
  await unlessMissing(clients.iam.send(new DeleteAccessKeyCommand({ UserName: user, AccessKeyId: keyId })));
  await unlessMissing(clients.iam.send(new UntagUserCommand({ UserName: user, TagKeys: [keyId] })));
}

/** Writes who holds the key, as its description. */
export async function markHeld(clients: Clients, user: string, keyId: string, lab: string): Promise<void> {
  await clients.iam.send(new TagUserCommand({ UserName: user, Tags: [{ Key: keyId, Value: holderNote(lab) }] }));
}

/** Deletes the user's left-over keys, saying so, and refuses when IAM's limit still leaves no room for another key. */
export async function makeRoomForKey(clients: Clients, user: string, lab: string, say: (line: string) => void): Promise<void> {
  const keys = await userKeys(clients, user);
  const leftovers = keys.filter((k) => isLeftover(k));
  for (const key of leftovers) {
    await releaseKey(clients, user, key.id);
    say(`deleted the access key ${maskKey(key.id)} of ${user}, left behind by process ${key.holder?.pid} (${key.holder?.lab}), which stopped before it could delete it`);
  }
  const kept = keys.filter((k) => !leftovers.includes(k));
  if (kept.length < ACCESS_KEY_LIMIT) return;
  throw new StepProblem(
    'AccessKeyLimit',
    `${user} has ${kept.length} access keys already, IAM's limit: ${kept.map(describeKey).join('; ')}.`,
    `Wait until what holds them is done, or delete a key nobody uses (aws iam delete-access-key --user-name ${user} --access-key-id <id>); \`npx lab reset ${lab}\` deletes the user with its keys.`,
  );
}

function describeKey(key: UserKey): string {
  if (!key.holder) return `${maskKey(key.id)}, not made by a lab (someone's own)`;
  return `${maskKey(key.id)}, held by process ${key.holder.pid} on ${key.holder.host} (a run or check of ${key.holder.lab} that is still going)`;
}

/**
 * Runs `use` with a new key of `user`, held by this process, and deletes the key when `use` is done, however it ends.
 * For checks, whose clients have no converge rules; a step's CreateAccessKey gets the same through the rule below.
 */
export async function withHeldKey<T>(clients: Clients, user: string, lab: string, say: (line: string) => void, use: (key: AccessKey) => Promise<T>): Promise<T> {
  await makeRoomForKey(clients, user, lab, say);
  const { AccessKey: key } = await clients.iam.send(new CreateAccessKeyCommand({ UserName: user }));
  if (!key?.AccessKeyId) throw new Error(`IAM made no access key for ${user}`);
  try {
    await markHeld(clients, user, key.AccessKeyId, lab);
    return await use(key);
  } finally {
    await releaseKey(clients, user, key.AccessKeyId);
  }
}

/**
 * A step's CreateAccessKey: for one of the lab's own users, after the keys earlier runs left behind are deleted; sent
 * once (a second key made for a lost answer could never be used: its secret would be lost too); the new key described
 * as held by this run. The step deletes it when it is done with it; if the run is stopped first, the next run does.
 */
const createAccessKey = rule<CreateAccessKeyCommandInput>('iam', 'CreateAccessKeyCommand', async (call) => {
  const { UserName } = call.input;
  if (!UserName) throw unnamed('CreateAccessKey', "Name the lab's user the key is for (UserName); without it IAM makes a key for whoever runs the lab.");
  await assertLabUser(call, UserName);
  await makeRoomForKey(call.clients, UserName, call.labId, call.say);
  const answer: CreateAccessKeyCommandOutput = await call.once.iam.send(new CreateAccessKeyCommand(call.input));
  const id = answer.AccessKey?.AccessKeyId ?? '';
  await markHeld(call.clients, UserName, id, call.labId);
  call.say(`made the access key ${maskKey(id)} of ${UserName}: its secret stays in this run's memory, and the key is deleted when the lab is done with it`);
  return answer;
});

/**
 * Keys of the lab's users, whoever made them: `lab reset` deletes them with the users, and names each one it finds. A
 * key is known by its user and its masked id (the reset's list shows it), and found again by them: a user has two at most.
 */
const accessKeys: ResourceKind = {
  kind: 'iam:access-key',
  global: true,
  order: 30,
  async findTagged(ctx) {
    const perUser = await Promise.all(
      (await labUsers(ctx.clients)).map(async ({ name, lab }) =>
        (await userKeys(ctx.clients, name)).map((k): FoundResource => ({ kind: 'iam:access-key', id: `${name} ${maskKey(k.id)}`, name: `${name} ${maskKey(k.id)}`, lab })),
      ),
    );
    return perUser.flat();
  },
  async remove(ctx, found) {
    const [user = '', masked = ''] = found.id.split(' ');
    spareCaller(ctx, user, `the access keys of ${user}`);
    for (const key of await userKeys(ctx.clients, user)) if (maskKey(key.id) === masked) await releaseKey(ctx.clients, user, key.id);
  },
  rules: [createAccessKey],
};

export const accessKeyKinds: ResourceKind[] = [accessKeys];
