// The directory-app lab's user data: what the rendered script does, that the real shellcheck finds nothing in it, and
// that values which a shell or systemd would interpret never get into it.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appEnvironment, renderUserData } from '../../labs/directory-app/user-data.js';

const settings = { bucket: 'employee-photos-123456789012-eu-west-1', region: 'eu-west-1', bundleKey: 'app/directory-app.mjs' };

function shellcheck(script: string): { status: number | null; output: string } {
  const run = spawnSync('shellcheck', ['--shell=bash', '--severity=style', '-'], { input: script, encoding: 'utf8' });
  if (run.error && (run.error as NodeJS.ErrnoException).code === 'ENOENT') {
    throw new Error('shellcheck is not installed, and this test runs the real one: install it (Debian/Ubuntu: apt-get install -y shellcheck; macOS: brew install shellcheck)');
  }
  if (run.error) throw run.error;
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

describe('directory-app user data', () => {
  const script = renderUserData(settings);
  const lines = script.split('\n');

  it('installs Node.js, fetches the bundle with the instance role, and runs it as a systemd service', () => {
    expect(lines[0]).toBe('#!/bin/bash');
    expect(lines).toContain('set -euo pipefail');
    expect(lines).toContain("REGION='eu-west-1'");
    expect(lines).toContain("BUNDLE_URI='s3://employee-photos-123456789012-eu-west-1/app/directory-app.mjs'");
    expect(lines).toContain('retry dnf install -y nodejs22');
    expect(lines).toContain('retry aws s3 cp "$BUNDLE_URI" "$APP_DIR/directory-app.mjs" --region "$REGION"');
    expect(lines).toContain("cat > /etc/systemd/system/employee-directory.service <<'UNIT'");
    expect(lines).toContain('ExecStart=/usr/bin/node-22 /opt/employee-directory/directory-app.mjs');
    expect(lines).toContain('AmbientCapabilities=CAP_NET_BIND_SERVICE');
    expect(lines).toContain('Restart=always');
    expect(lines).toContain('systemctl enable --now employee-directory.service');
    expect(script).not.toMatch(/__[A-Z_]+__/);
    // No credentials anywhere: the CLI and the app take them from the instance metadata service.
    expect(script).not.toMatch(/AWS_(ACCESS_KEY_ID|SECRET_ACCESS_KEY|SESSION_TOKEN)/);
  });

  it('gives the app its whole environment as Environment= lines of the unit', () => {
    const environment = lines.filter((l) => l.startsWith('Environment='));
    expect(environment).toEqual([
      'Environment=PORT=80',
      'Environment=HOST=0.0.0.0',
      'Environment=PHOTOS_BUCKET=employee-photos-123456789012-eu-west-1',
      'Environment=AWS_REGION=eu-west-1',
      'Environment=DATA_DIR=/var/lib/employee-directory',
      'Environment=AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true',
    ]);
    expect(environment).toEqual(Object.entries(appEnvironment(settings)).map(([k, v]) => `Environment=${k}=${v}`));
  });

  it('gives a local boot the same environment with its own port, host and folder', () => {
    expect(appEnvironment(settings, { port: 41234, host: '127.0.0.1', dataDir: '/tmp/i-0abc/data' })).toEqual({
      PORT: '41234',
      HOST: '127.0.0.1',
      PHOTOS_BUCKET: settings.bucket,
      AWS_REGION: 'eu-west-1',
      DATA_DIR: '/tmp/i-0abc/data',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    });
  });

  it('keeps trying the download with growing waits for minutes, and gives up (failing the script) only after ten', () => {
    // A bundle that answers only on the 9th try (credentials and policies can take minutes to reach every endpoint).
    const late = runDownloadPart(script, 8);
    expect(late.status, late.output).toBe(0);
    expect(late.sleeps).toEqual([5, 10, 20, 30, 30, 30, 30, 30]);
    expect(late.tries).toBe(9);
    // One that never answers: about ten minutes of tries, then the script stops with an error, never runs the app.
    const never = runDownloadPart(script, Number.MAX_SAFE_INTEGER);
    expect(never.status).not.toBe(0);
    expect(never.sleeps.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(600);
    expect(never.output).toContain('giving up after');
  });

  it('is the script the lesson shows, for account 123456789012 in eu-central-1', () => {
    const lesson = readFileSync(new URL('../../site/lessons/12-launching-an-instance.md', import.meta.url), 'utf8');
    const shown = /This is the script exactly as the lab passes it[^\n]*\n\n```sh\n([\s\S]*?)```/.exec(lesson)?.[1];
    const bucket = 'employee-photos-123456789012-eu-central-1';
    expect(shown).toBe(renderUserData({ bucket, region: 'eu-central-1', bundleKey: 'app/directory-app.mjs' }));
  });

  it('passes shellcheck', () => {
    const { status, output } = shellcheck(script);
    expect(output).toBe('');
    expect(status).toBe(0);
  });

  it('shellcheck would catch a mistake (the test is not vacuous)', () => {
    const broken = shellcheck(script.replace('mkdir -p "$APP_DIR"', 'mkdir -p $1'));
    expect(broken.status).not.toBe(0);
    expect(broken.output).toContain('SC2086');
  });

  it('refuses values a shell or systemd would interpret', () => {
    expect(() => renderUserData({ ...settings, bucket: "photos'; rm -rf /; '" })).toThrow(/bucket/);
    expect(() => renderUserData({ ...settings, region: 'us-east-1\nExecStartPre=/bin/sh' })).toThrow(/region/);
    expect(() => renderUserData({ ...settings, bundleKey: 'app/$(whoami).mjs' })).toThrow(/bundle key/);
    expect(() => renderUserData({ ...settings, bucket: 'photos%n' })).toThrow(/bucket/);
  });
});

/**
 * Runs the script up to its systemd unit with `dnf`, `aws`, `mkdir`, `chmod` and `sleep` replaced by shell functions:
 * `aws` fails `failures` times, and `sleep` only moves bash's clock on, so ten minutes of retries take milliseconds.
 */
function runDownloadPart(script: string, failures: number): { status: number | null; output: string; sleeps: number[]; tries: number } {
  const dir = mkdtempSync(join(tmpdir(), 'user-data-'));
  const part = join(dir, 'part.sh');
  writeFileSync(part, script.slice(0, script.indexOf('cat > /etc/systemd')));
  const fakes = [
    'dnf() { :; }',
    'mkdir() { :; }',
    'chmod() { :; }',
    `aws() { echo try >> "${dir}/tries"; [ "$(wc -l < "${dir}/tries")" -gt ${Math.min(failures, 1_000_000)} ]; }`,
    `sleep() { echo "$1" >> "${dir}/sleeps"; SECONDS=$((SECONDS + $1)); }`,
  ].join('\n');
  const run = spawnSync('bash', ['-c', `${fakes}\nsource "${part}"`], { encoding: 'utf8' });
  const read = (file: string) => {
    try {
      return readFileSync(join(dir, file), 'utf8').trim().split('\n').filter(Boolean);
    } catch {
      return [];
    }
  };
  return { status: run.status, output: `${run.stdout}${run.stderr}`, sleeps: read('sleeps').map(Number), tries: read('tries').length };
}
