// The account's password policy: one per account, shared by every IAM user, so it belongs to no lab and `lab reset`
// never removes it. A lab's request is merged with what the account has: a stricter setting is kept (a lab never
// weakens an account-wide setting), a weaker one is raised, and the step is told which.
import {
  GetAccountPasswordPolicyCommand,
  type PasswordPolicy,
  type UpdateAccountPasswordPolicyCommandInput,
} from '@aws-sdk/client-iam';
import type { Clients } from '../../clients.js';
import { rule } from '../../converge/rule.js';
import { unlessMissing } from '../../missing.js';
import type { ResourceKind } from '../kind.js';

type Settings = UpdateAccountPasswordPolicyCommandInput;

export async function accountPasswordPolicy(clients: Clients): Promise<PasswordPolicy | undefined> {
  return (await unlessMissing(clients.iam.send(new GetAccountPasswordPolicyCommand({}))))?.PasswordPolicy;
}

/** Whichever of two settings asks more of a password; for an expiry, the shorter one. */
export function strictest(current: PasswordPolicy | undefined, wanted: Settings): { policy: Settings; kept: string[] } {
  const have = current ?? {};
  const policy: Settings = {
    MinimumPasswordLength: maxOf(have.MinimumPasswordLength, wanted.MinimumPasswordLength),
    RequireUppercaseCharacters: anyOf(have.RequireUppercaseCharacters, wanted.RequireUppercaseCharacters),
    RequireLowercaseCharacters: anyOf(have.RequireLowercaseCharacters, wanted.RequireLowercaseCharacters),
    RequireNumbers: anyOf(have.RequireNumbers, wanted.RequireNumbers),
    RequireSymbols: anyOf(have.RequireSymbols, wanted.RequireSymbols),
    PasswordReusePrevention: maxOf(have.PasswordReusePrevention, wanted.PasswordReusePrevention),
    MaxPasswordAge: minOf(have.ExpirePasswords ? have.MaxPasswordAge : undefined, wanted.MaxPasswordAge),
    HardExpiry: anyOf(have.HardExpiry, wanted.HardExpiry),
    // Not a matter of strictness: the lab says whether users may change their own password.
    AllowUsersToChangePassword: wanted.AllowUsersToChangePassword ?? have.AllowUsersToChangePassword,
  };
  const clean = Object.fromEntries(Object.entries(policy).filter(([, v]) => v !== undefined)) as Settings;
  const kept = LABELS.filter(([field]) => normal(field, clean[field]) !== normal(field, wanted[field])).map(
    ([field, label]) => `${label} ${show(field, clean[field])} (asked: ${show(field, wanted[field])})`,
  );
  return { policy: clean, kept };
}

/** Each setting the policy would change, `label have → want`. */
export function changes(current: PasswordPolicy | undefined, next: Settings): string[] {
  const have: Settings = current
    ? { ...current, MaxPasswordAge: current.ExpirePasswords ? current.MaxPasswordAge : undefined }
    : {};
  return LABELS.filter(([field]) => normal(field, have[field]) !== normal(field, next[field])).map(
    ([field, label]) => `${label} ${show(field, have[field])} → ${show(field, next[field])}`,
  );
}

const updatePasswordPolicy = rule<UpdateAccountPasswordPolicyCommandInput>('iam', 'UpdateAccountPasswordPolicyCommand', async (call) => {
  const current = await accountPasswordPolicy(call.clients);
  const { policy, kept } = strictest(current, call.input);
  const what = { kind: 'iam:password-policy', name: 'account password policy', id: call.account };
  if (kept.length > 0) call.say(`the account's password policy is stricter than the request in ${kept.join(', ')}: kept, since a lab never weakens an account-wide setting`);
  const changed = changes(current, policy);
  if (current && changed.length === 0) {
    call.report('reused', { ...what, detail: 'it is at least as strict as the request' });
    return { $metadata: {} };
  }
  await call.send(policy);
  call.report(current ? 'updated' : 'created', { ...what, detail: changed.join('; ') });
  return { $metadata: {} };
});

const LABELS: [keyof Settings, string][] = [
  ['MinimumPasswordLength', 'minimum length'],
  ['RequireUppercaseCharacters', 'uppercase required'],
  ['RequireLowercaseCharacters', 'lowercase required'],
  ['RequireNumbers', 'numbers required'],
  ['RequireSymbols', 'symbols required'],
  ['PasswordReusePrevention', 'passwords not reused'],
  ['MaxPasswordAge', 'expiry in days'],
  ['HardExpiry', 'hard expiry'],
  ['AllowUsersToChangePassword', 'users may change their own'],
];

/** Unset and false mean the same for a requirement; unset and 0 the same for a number. */
function normal(field: keyof Settings, value: unknown): string {
  if (value === undefined || value === false || value === 0) return field === 'MinimumPasswordLength' ? 'default' : 'off';
  return String(value);
}

function show(field: keyof Settings, value: unknown): string {
  if (value === true) return 'on';
  return normal(field, value) === 'default' || normal(field, value) === 'off' ? normal(field, value) : String(value);
}

function maxOf(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined ? b : b === undefined ? a : Math.max(a, b);
}

function minOf(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined ? b : b === undefined ? a : Math.min(a, b);
}

function anyOf(a: boolean | undefined, b: boolean | undefined): boolean | undefined {
  return a || b ? true : (a ?? b);
}

/** Account-wide: not a lab's, so never listed for reset. It is a kind for its converge rule. */
export const passwordPolicy: ResourceKind = {
  kind: 'iam:password-policy',
  global: true,
  order: 60,
  findTagged: async () => [],
  remove: async () => {},
  rules: [updatePasswordPolicy],
};
