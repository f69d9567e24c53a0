// The keys the gate has seen made: access keys from CreateAccessKey, session credentials from AssumeRole and
// GetSessionToken, each with the identity it belongs to. Secrets live in memory; with a file given, also in that file,
// readable by its owner only, so a restarted gate still knows the keys of the LocalStack it guards. Never logged.
import { chmodSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Secret } from './sigv4.js';

export interface Principal {
  kind: 'root' | 'user' | 'role';
  account: string;
  /** The ARN a policy's Principal and aws:PrincipalArn see: the user, or the assumed-role session. */
  arn: string;
  /** The user name, or the role name. */
  name: string;
  roleArn?: string;
  sessionName?: string;
  /** Tags passed to AssumeRole, which override the role's own tags of the same key. */
  sessionTags?: Record<string, string>;
  /** The inline session policy passed to AssumeRole. */
  sessionPolicy?: unknown;
  /** Whether the credentials were issued against an MFA code (aws:MultiFactorAuthPresent). */
  mfa?: boolean;
  /** When they were issued, for aws:MultiFactorAuthAge. */
  issuedAt?: number;
}

export interface KnownKey {
  secret: Secret;
  principal: Principal;
  /** Epoch ms after which session credentials are refused. */
  expiresAt?: number;
  active: boolean;
  /** Deleted: refused for good, and reactivating it is not possible. */
  deleted?: boolean;
}

export class KeyRegistry {
  private readonly keys = new Map<string, KnownKey>();

  constructor(private readonly file?: string) {
    if (file) this.load(file);
  }

  get(accessKeyId: string): KnownKey | undefined {
    return this.keys.get(accessKeyId);
  }

  learn(key: KnownKey): void {
    this.keys.set(key.secret.accessKeyId, key);
    this.save();
  }

  /** A deleted key stays known as refused, its secret dropped: LocalStack alone would take it for the account's root. */
  forget(accessKeyId: string): void {
    const key = this.keys.get(accessKeyId);
    if (!key) return;
    this.keys.set(accessKeyId, { ...key, secret: { accessKeyId, secretAccessKey: '' }, active: false, deleted: true });
    this.save();
  }

  setActive(accessKeyId: string, active: boolean): void {
    const key = this.keys.get(accessKeyId);
    if (!key || key.deleted) return;
    key.active = active;
    this.save();
  }

  /** Every key of a user, when the user goes: their keys go with them. */
  forgetUser(account: string, userName: string): void {
    for (const [id, key] of this.keys) if (key.principal.kind === 'user' && key.principal.account === account && key.principal.name === userName) this.forget(id);
  }

  private load(file: string): void {
    try {
      const saved = JSON.parse(readFileSync(file, 'utf8')) as KnownKey[];
      for (const key of saved) this.keys.set(key.secret.accessKeyId, key);
    } catch {
      /* no file yet, or unreadable: start empty */
    }
  }

  private save(): void {
    if (!this.file) return;
    mkdirSync(dirname(this.file), { recursive: true });
    const temporary = `${this.file}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify([...this.keys.values()]), { mode: 0o600 });
    chmodSync(temporary, 0o600);
    renameSync(temporary, this.file);
  }
}
