// The local instance's metadata service answers the instance's own values, and only those: a path that names something
// every JavaScript object has (constructor, toString) is not a value of the instance.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMetadataService, type MetadataService } from '../../lab-runner/local-instance/imds.js';

let service: MetadataService;
const logged: string[] = [];

beforeAll(async () => {
  const values = { 'instance-id': 'i-0123456789abcdef0', 'placement/availability-zone': 'us-east-1a' };
  service = await startMetadataService({ values: () => values, tokensRequired: () => false, instanceRole: async () => undefined }, (line) => logged.push(line));
});

afterAll(async () => {
  await service?.close();
});

async function read(path: string): Promise<{ status: number; body: string }> {
  const response = await fetch(`${service.url}/latest/meta-data/${path}`, { signal: AbortSignal.timeout(5_000) });
  return { status: response.status, body: await response.text() };
}

describe('the local instance metadata service', () => {
  it('answers a value of the instance, and lists a folder of them', async () => {
    expect(await read('instance-id')).toEqual({ status: 200, body: 'i-0123456789abcdef0' });
    expect(await read('placement/')).toEqual({ status: 200, body: 'availability-zone' });
  });

  it('answers 404 for a path named like a property of every object, and keeps serving', async () => {
    expect(await read('constructor')).toEqual({ status: 404, body: '' });
    expect(await read('toString')).toEqual({ status: 404, body: '' });
    expect(await read('instance-id')).toEqual({ status: 200, body: 'i-0123456789abcdef0' });
  });
});
