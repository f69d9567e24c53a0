// A virtual MFA device is a shared secret (the seed) and a clock: both sides compute the same six-digit code from the
// seed and the current 30-second window (TOTP, RFC 6238). The lab computes the codes with the `otpauth` library from
// the seed IAM answered; it never prints or logs the seed (the runner keeps it privately for the student).
import type { VirtualMFADevice } from '@aws-sdk/client-iam';
import { TOTP } from 'otpauth';
import type { LabContext } from '../../lab-runner/lab.js';

const PERIOD_SECONDS = 30;

/** IAM answers the seed as base32 text, which the SDK hands over as the bytes of that text. */
export function seedText(base32StringSeed: Uint8Array | undefined): string {
  if (!base32StringSeed || base32StringSeed.length === 0) throw new Error('IAM answered no seed for the new MFA device');
  return Buffer.from(base32StringSeed).toString('ascii');
}

export function totpFor(seed: string, account: string, userName: string): TOTP {
  return new TOTP({ issuer: 'Amazon Web Services', label: `${userName}@${account}`, algorithm: 'SHA1', digits: 6, period: PERIOD_SECONDS, secret: seed });
}

/**
 * Two consecutive codes, as an authenticator app would show them one after the other. IAM wants them submitted right
 * away, so on AWS the lab waits for the next window to open before computing the second (up to 30 s); LocalStack
 * checks no codes, so there the second is computed for the next window at once.
 */
export async function twoConsecutiveCodes(totp: TOTP, { waitForNextWindow }: { waitForNextWindow: boolean }): Promise<[string, string]> {
  const first = totp.generate();
  if (!waitForNextWindow) return [first, totp.generate({ timestamp: Date.now() + PERIOD_SECONDS * 1000 })];
  await new Promise((resolve) => setTimeout(resolve, TOTP.remaining({ period: PERIOD_SECONDS }) + 250));
  return [first, totp.generate()];
}

/**
 * The codes to enable `device` for `userName`. A device a user has already (a rerun) needs none: IAM is not asked
 * again, so no time is spent waiting for a window.
 */
export async function codesToEnable(ctx: LabContext, device: VirtualMFADevice | undefined, userName: string): Promise<[string, string]> {
  if (device?.User) return ['000000', '000000'];
  const totp = totpFor(seedText(device?.Base32StringSeed), ctx.account, userName);
  if (!ctx.isLocal) ctx.say('waiting for the next 30-second window, to enter two consecutive codes as an authenticator app shows them…');
  return twoConsecutiveCodes(totp, { waitForNextWindow: !ctx.isLocal });
}
