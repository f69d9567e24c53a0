// Where a virtual MFA device's seed is kept: IAM shows it once, when the device is made, and whoever has it can make
// the device's codes. It goes to the user's own config folder (never the project, which a dev server could serve),
// in a folder only they can open, in files only they can read, as an otpauth:// link an authenticator app accepts
// (and, on AWS, IAM's QR code of it). Removing the device removes its seed.
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Secret, TOTP } from 'otpauth';
import { configDir, stateDir } from '../../paths.js';

export interface KeptSeed {
  /** The otpauth:// link's file. */
  link: string;
  /** IAM's QR code of the link, when it answered a real PNG (LocalStack does not). */
  qrCode?: string;
}

/** `<config dir>/mfa-seeds/<account>/`, one pair of files per device, named after it. */
export function seedFolder(account: string, env: NodeJS.ProcessEnv = process.env): string {
  return join(configDir(env), 'mfa-seeds', account);
}

export function keepSeed(account: string, serial: string, seed: string, qrCodePng?: Uint8Array): KeptSeed {
  const folder = privateFolder(account);
  const name = deviceName(serial);
  const totp = new TOTP({ issuer: 'Amazon Web Services', label: `${name}@${account}`, algorithm: 'SHA1', digits: 6, period: 30, secret: Secret.fromBase32(seed) });
  const link = join(folder, `${name}.otpauth`);
  writePrivate(link, `${totp.toString()}\n`);
  const qrCode = qrCodePng && isPng(qrCodePng) ? join(folder, `${name}.png`) : undefined;
  if (qrCode && qrCodePng) writePrivate(qrCode, qrCodePng);
  return { link, qrCode };
}

/** The base32 seed kept for a device, if any. */
export function keptSeed(account: string, serial: string): string | undefined {
  const link = join(seedFolder(account), `${deviceName(serial)}.otpauth`);
  if (!existsSync(link)) return undefined;
  const secret = new URL(readFileSync(link, 'utf8').trim()).searchParams.get('secret');
  return secret ?? undefined;
}

export function keptSeedFile(account: string, serial: string): string | undefined {
  const link = join(seedFolder(account), `${deviceName(serial)}.otpauth`);
  return existsSync(link) ? link : undefined;
}

export function forgetSeed(account: string, serial: string): void {
  const folder = seedFolder(account);
  for (const ext of ['otpauth', 'png']) rmSync(join(folder, `${deviceName(serial)}.${ext}`), { force: true });
  if (existsSync(folder) && readdirSync(folder).length === 0) rmdirSync(folder);
  forgetSeedInProject(account, serial);
}

/**
 * Earlier versions of the workbook kept the seed in the project's state folder (`.workbook/<lab>/<name>-mfa-<account>`),
 * where a dev server could serve it: removing the device removes those too.
 */
function forgetSeedInProject(account: string, serial: string): void {
  const state = stateDir();
  if (!existsSync(state)) return;
  for (const entry of readdirSync(state, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    for (const ext of ['otpauth', 'png']) rmSync(join(state, entry.name, `${deviceName(serial)}-mfa-${account}.${ext}`), { force: true });
  }
}

/** `arn:aws:iam::123456789012:mfa/workbook/root-and-admin/admin` → `admin`: names are unique in an account. */
function deviceName(serial: string): string {
  return serial.split('/').pop() ?? serial;
}

function privateFolder(account: string): string {
  const config = configDir();
  const folders = [config, join(config, 'mfa-seeds'), seedFolder(account)];
  for (const folder of folders) {
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    chmodSync(folder, 0o700); // the mode above applies only to a folder made now
  }
  return seedFolder(account);
}

function writePrivate(file: string, content: string | Uint8Array): void {
  writeFileSync(file, content, { mode: 0o600 });
  chmodSync(file, 0o600); // the mode above applies only to a new file
}

function isPng(bytes: Uint8Array): boolean {
  return Buffer.from(bytes.subarray(0, 8)).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
}
