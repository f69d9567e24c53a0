// The directory-app lab's user data: what the rendered script does, that the real shellcheck finds nothing in it, and
// that values which a shell or systemd would interpret never get into it.
import { spawnSync } from 'node:child_process';
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
    expect(lines).toContain('dnf install -y nodejs22');
    expect(lines).toContain('  aws s3 cp "$BUNDLE_URI" "$APP_DIR/directory-app.mjs" --region "$REGION" && break');
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
