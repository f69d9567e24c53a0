// No secret in any output: every lab runs through a proxy that notes each secret crossing it (secret keys,
// session tokens, MFA seeds, console passwords); then every printed line and every log is searched for them.
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { billingAlertsOn } from '../support/billing-alerts.js';
import { runCli } from '../support/cli.js';
import { type FaultProxy, startFaultProxy } from '../support/fault-proxy.js';

const account = '000000000701';
const ourSecretKey = 'Sentinel/Secret+Key/0f-the-Student-1234567';

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

describe('secrets never printed or logged', () => {
  let proxy: FaultProxy;
  let env: NodeJS.ProcessEnv;
  let stateDir: string;
  const printed: string[] = [];

  beforeAll(async () => {
    proxy = await startFaultProxy();
    stateDir = mkdtempSync(join(tmpdir(), 'secrets-state-'));
    env = { ...process.env, AWS_ACCESS_KEY_ID: account, AWS_SECRET_ACCESS_KEY: ourSecretKey, AWS_REGION: 'us-east-1', WORKBOOK_STATE_DIR: stateDir };
    // billing-alarm's first step looks for billing data, which exists once billing alerts are on (through the gate).
    await billingAlertsOn(account);
    const at = ['--endpoint', proxy.url];
    for (const args of [['run', 'all', '--solution', ...at], ['check', 'all', ...at], ['check', 'all', '--json', ...at], ['list', ...at], ['hint', 'root-and-admin'], ['reset', 'all', '--yes', ...at]]) {
      const r = await runCli(args, env);
      expect(r.code, `${args.join(' ')}\n${r.stdout}\n${r.stderr}`).toBe(0);
      printed.push(r.stdout, r.stderr);
    }
  }, 600_000);

  afterAll(async () => {
    await proxy.stop();
  });

  it('saw the secrets it guards against cross the wire', () => {
    // If the labs stopped handling these, the search below would prove nothing.
    expect(proxy.secrets().length).toBeGreaterThanOrEqual(3);
  });

  it('finds none of them in anything printed or in any log or state file', () => {
    const logs = filesUnder(stateDir)
      .filter((f) => !f.endsWith('.mjs'))
      .map((f) => ({ f, text: readFileSync(f, 'utf8') }));
    const secrets = [ourSecretKey, ...proxy.secrets()].filter((s) => s.length >= 8);
    for (const secret of secrets) {
      for (const [i, text] of printed.entries()) expect(text.includes(secret), `secret ${secret.slice(0, 4)}… printed by command ${i}`).toBe(false);
      for (const { f, text } of logs) expect(text.includes(secret), `secret ${secret.slice(0, 4)}… in ${f}`).toBe(false);
    }
  });
});
