// A virtual MFA device is a shared secret (the seed) and a clock: both sides compute the same six-digit code from the
// seed and the current 30-second window (TOTP, RFC 6238). The lab computes the codes with the `otpauth` library, and
// hands the seed to the student only through a file that only they can read; it is never printed or logged.
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { TOTP } from 'otpauth';
import { projectRoot, stateDir } from '../../lab-runner/paths.js';

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

export interface SeedFiles {
  /** The otpauth:// URI that authenticator apps accept (most also from a QR code of it). */
  uri: string;
  /** IAM's own QR code of the same URI; only AWS draws a real one. */
  qrCode?: string;
}

/** Writes the seed where only the current user can read it, and answers the paths relative to the project. */
export function writeSeedFiles(totp: TOTP, account: string, qrCodePng: Uint8Array | undefined): SeedFiles {
  const dir = join(stateDir(), 'root-and-admin');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const uri = join(dir, `admin-mfa-${account}.otpauth`);
  writePrivate(uri, `${totp.toString()}\n`);
  let qrCode: string | undefined;
  if (qrCodePng && isPng(qrCodePng)) {
    qrCode = join(dir, `admin-mfa-${account}.png`);
    writePrivate(qrCode, qrCodePng);
  }
  return { uri: shown(uri), qrCode: qrCode && shown(qrCode) };
}

function writePrivate(file: string, content: string | Uint8Array): void {
  writeFileSync(file, content, { mode: 0o600 });
  chmodSync(file, 0o600); // the mode above applies only to a new file
}

function isPng(bytes: Uint8Array): boolean {
  return Buffer.from(bytes.subarray(0, 8)).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
}

function shown(file: string): string {
  const inProject = relative(projectRoot, file);
  return inProject.startsWith('..') ? file : inProject;
}
