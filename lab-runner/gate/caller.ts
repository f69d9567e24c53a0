// Who is asking: the account's root (the default `test` key, or a 12-digit key id, which LocalStack maps to that
// account), an IAM user or a role session whose key the gate saw made, or one LocalStack knows but the gate did not see.
import type { IdentityStore } from './identity.js';
import type { KnownKey, KeyRegistry, Principal } from './keys.js';
import type { SignedBy } from './sigv4.js';

export const DEFAULT_ACCOUNT = '000000000000';

export interface Caller {
  principal: Principal;
  /** The key as the gate learnt it, with its secret: its signature can be verified. */
  known?: KnownKey;
}

export function rootOf(account: string): Principal {
  return { kind: 'root', account, arn: `arn:aws:iam::${account}:root`, name: 'root' };
}

/** A principal from the ARN LocalStack gives for a key: `…:root`, `…:user/path/name`, `…:assumed-role/Role/session`. */
export function principalFromArn(arn: string): Principal {
  const [, , , , account = DEFAULT_ACCOUNT, resource = ''] = arn.split(':');
  if (resource.startsWith('user/')) return { kind: 'user', account, arn, name: resource.split('/').pop() ?? '' };
  if (resource.startsWith('assumed-role/')) {
    const [, role = '', session = ''] = resource.split('/');
    return { kind: 'role', account, arn, name: role, roleArn: `arn:aws:iam::${account}:role/${role}`, sessionName: session, mfa: false };
  }
  return rootOf(account);
}

export async function identifyCaller(signed: SignedBy, keys: KeyRegistry, store: IdentityStore): Promise<Caller> {
  const id = signed.accessKeyId;
  if (id === 'test') return { principal: rootOf(DEFAULT_ACCOUNT) };
  if (/^\d{12}$/.test(id)) return { principal: rootOf(id) };
  const known = keys.get(id);
  if (known) return { principal: known.principal, known };
  const arn = await store.whoseKey(id);
  return { principal: arn ? principalFromArn(arn) : rootOf(DEFAULT_ACCOUNT) };
}
