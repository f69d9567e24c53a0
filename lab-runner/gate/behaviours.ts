// Which of AWS's strict behaviours the gate imitates. Those that only refuse what AWS refuses are on by default;
// eventual consistency and throttling make correct code wait or retry, so a student turns them on when ready.
import { UserError } from '../errors.js';

export const BEHAVIOURS = ['iam', 'validation', 'offerings', 'billing', 'consistency', 'throttling'] as const;
export type BehaviourName = (typeof BEHAVIOURS)[number];

export interface Behaviours {
  /** IAM authorization and signature verification for IAM-user and role-session keys. */
  iam: boolean;
  /** Request shapes AWS refuses and LocalStack accepts. */
  validation: boolean;
  /** One zone per region without t3.micro. */
  offerings: boolean;
  /** AWS/Billing metrics only where billing alerts are on. */
  billing: boolean;
  /** New resources answer NotFound for a short while. */
  consistency: boolean;
  /** Bursts beyond a rate are refused. */
  throttling: boolean;
}

export interface Tuning {
  /** How long a new resource stays invisible, when consistency is on. */
  consistencyWindowMs: number;
  /** Requests an account may make to one service at once, and how fast that allowance refills. */
  throttleBurst: number;
  throttleRatePerSecond: number;
}

export const DEFAULT_TUNING: Tuning = { consistencyWindowMs: 2000, throttleBurst: 100, throttleRatePerSecond: 20 };

export function defaultBehaviours(): Behaviours {
  return { iam: true, validation: true, offerings: true, billing: true, consistency: false, throttling: false };
}

/**
 * Reads `--strict` / WORKBOOK_STRICT: a comma-separated list of behaviours to turn on, `all` for every one, and
 * `-name` to turn one off (e.g. `consistency,throttling`, `all,-throttling`). Starts from the defaults.
 */
export function parseStrict(list: string | undefined, start: Behaviours = defaultBehaviours()): Behaviours {
  const result = { ...start };
  for (const raw of (list ?? '').split(',').map((s) => s.trim()).filter(Boolean)) {
    const off = raw.startsWith('-');
    const name = off ? raw.slice(1) : raw;
    if (name === 'all') {
      for (const b of BEHAVIOURS) result[b] = !off;
      continue;
    }
    if (!(BEHAVIOURS as readonly string[]).includes(name)) {
      throw new UserError(`Unknown strict behaviour "${name}".`, `Use any of ${BEHAVIOURS.join(', ')}, or all; prefix one with - to turn it off.`);
    }
    result[name as BehaviourName] = !off;
  }
  return result;
}

/** `iam, validation, … (consistency, throttling off)`: what `lab up` and `lab status` print. */
export function describeBehaviours(b: Behaviours): string {
  const on = BEHAVIOURS.filter((n) => b[n]);
  const off = BEHAVIOURS.filter((n) => !b[n]);
  return off.length === 0 ? `${on.join(', ')} (all on)` : `${on.join(', ') || 'nothing'} on; ${off.join(', ')} off`;
}
