// The gate's admin client opens a connection of its own for each call. A kept-alive connection would be reused after
// the caller was busy for a while (the bench runs the week in child processes for minutes), by which time the gate had
// closed it, and the call failed as if no gate answered.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gateStatus } from '../../lab-runner/gate/client.js';

let server: Server;
let endpoint: string;
let connections = 0;

beforeAll(async () => {
  // Answers as a gate does, and counts the connections it is asked on.
  server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ gate: true, upstream: 'http://127.0.0.1:1', behaviours: {}, tuning: {} }));
  });
  server.on('connection', () => (connections += 1));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('the gate admin client', () => {
  it('asks each time on a connection of its own, never one the gate may have closed since', async () => {
    for (let i = 0; i < 3; i++) {
      expect(await gateStatus(endpoint)).toMatchObject({ gate: true });
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(connections).toBe(3);
  });
});
