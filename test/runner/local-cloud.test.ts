// `lab up`, `lab status`, `lab down` on a port of this test's own: up starts LocalStack and says how, a second up
// reuses it, down stops only what up started.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';

const endpoint = 'http://127.0.0.1:4579';
const env = { ...process.env, AWS_ENDPOINT_URL: endpoint };

describe('the local cloud', () => {
  // Whatever happens in the test, the LocalStack it started does not outlive it.
  afterAll(async () => {
    await runCli(['down'], env);
  });

  it('starts, reuses, reports and stops a LocalStack of its own', async () => {
    const before = await runCli(['status'], env);
    expect(before.code).toBe(1);
    expect(before.stdout).toMatch(/running\s+no/);

    const up = await runCli(['up'], env);
    expect(up.code, up.stderr).toBe(0);
    expect(up.stdout).toMatch(new RegExp(`✓ LocalStack 4\\.13\\.1 at ${endpoint}: started in (host mode|Docker) \\(\\d+ ms\\)`));
    const again = await runCli(['up'], env);
    expect(again.stdout).toMatch(/already running, reused/);

    const status = await runCli(['status', '--json'], env);
    expect(status.code).toBe(0);
    const report = JSON.parse(status.stdout) as { running: boolean; way: string; version: string; services: Record<string, string> };
    expect(report).toMatchObject({ running: true, version: '4.13.1' });
    expect(['host', 'docker']).toContain(report.way);
    for (const service of ['iam', 'sts', 'ec2', 'cloudwatch', 'sns', 'sqs', 's3', 'ssm']) expect(report.services[service]).toBe('running');

    const down = await runCli(['down'], env);
    expect(down.stdout).toMatch(new RegExp(`Stopped LocalStack at ${endpoint}`));
    expect((await runCli(['status'], env)).stdout).toMatch(/running\s+no/);
  });

  it('leaves running a LocalStack that lab up did not start', async () => {
    const other = createServer((_req, res) => res.end(JSON.stringify({ version: '4.13.1', services: { sts: 'running', iam: 'running', ec2: 'running' } })));
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
    try {
      const up = await runCli(['up'], { ...process.env, AWS_ENDPOINT_URL: url });
      expect(up.stdout).toMatch(/already running, reused/);
      const down = await runCli(['down'], { ...process.env, AWS_ENDPOINT_URL: url });
      expect(down.stdout).toMatch(/was not started by `lab up`; left running\./);
      expect(other.listening).toBe(true);
    } finally {
      await new Promise((resolve) => other.close(resolve));
    }
  });
});
