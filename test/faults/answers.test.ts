// How the workbook meets a cloud that answers badly, as real accounts do: an endpoint that takes the connection and
// says nothing, a busy first call, one resource a reset cannot read. Each ends in a clear line, never a hang.
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { ListQueuesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { billingAlertsOn } from '../support/billing-alerts.js';
import { runCli } from '../support/cli.js';
import { type FaultProxy, startFaultProxy } from '../support/fault-proxy.js';
import { localEnv, localSession } from '../support/session.js';

let proxy: FaultProxy;
let silent: Server;
let silentUrl: string;
const connections: Socket[] = [];

beforeAll(async () => {
  proxy = await startFaultProxy();
  // Takes every connection and never writes a byte back.
  silent = createServer((socket) => void connections.push(socket));
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  silentUrl = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await proxy?.stop();
  for (const socket of connections) socket.destroy();
  await new Promise((resolve) => silent?.close(resolve));
});

describe('a cloud that answers badly', () => {
  it('gives up on an endpoint that never answers, naming it, instead of waiting for ever', async () => {
    const started = Date.now();
    const r = await runCli(['check', 'billing-alarm', '--endpoint', silentUrl], { ...localEnv('000000001501'), WORKBOOK_REQUEST_TIMEOUT_MS: '1500' });
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`${silentUrl.replace(/[.:/]/g, '\\$&')} did not answer in time`));
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('tries the first call again when it is answered 503', async () => {
    proxy.respond({ when: (_h, body) => body.includes('Action=GetCallerIdentity'), status: 503, contentType: 'text/xml', body: '<ErrorResponse><Error><Code>ServiceUnavailable</Code><Message>busy</Message></Error></ErrorResponse>', times: 1 });
    const r = await runCli(['list', '--endpoint', proxy.url], localEnv('000000001502'));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/account 000000001502/);
  });

  it('goes on past a resource it cannot read during a reset, says which, and removes the rest', async () => {
    const account = '000000001503';
    const env = localEnv(account);
    const session = await localSession(account);
    await billingAlertsOn(account);
    expect((await runCli(['run', 'billing-alarm', '--solution'], env)).code).toBe(0);
    proxy.respond({
      when: (headers) => headers['x-amz-target'] === 'AmazonSQS.ListQueueTags',
      status: 400,
      contentType: 'application/x-amz-json-1.0',
      body: JSON.stringify({ __type: 'com.amazonaws.sqs#AccessDenied', message: 'Access to the resource is denied.' }),
      times: 100,
    });
    const reset = await runCli(['reset', 'billing-alarm', '--yes', '--endpoint', proxy.url], env);
    expect(reset.code).toBe(1);
    expect(reset.stdout).toMatch(/billing-alarm: removed 3/);
    expect(reset.stdout).toMatch(/could not look for sqs:queue in us-east-1: AccessDenied/);
    const sqs = new SQSClient({ region: 'us-east-1', endpoint: session.target.endpoint, credentials: session.target.credentials });
    expect((await sqs.send(new ListQueuesCommand({}))).QueueUrls ?? []).toHaveLength(1);
    const again = await runCli(['reset', 'billing-alarm', '--yes'], env);
    expect(again.code, again.stdout).toBe(0);
    expect((await sqs.send(new ListQueuesCommand({}))).QueueUrls ?? []).toHaveLength(0);
  });
});
