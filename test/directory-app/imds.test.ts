import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInstanceMetadata } from '../../directory-app/src/imds.js';
import { startFakeImds, type FakeImds } from './helpers.js';

let imds: FakeImds;

beforeAll(async () => {
  imds = await startFakeImds({ instanceId: 'i-0fedcba9876543210', availabilityZone: 'eu-west-1c', region: 'eu-west-1' });
});

afterAll(async () => {
  await imds?.close();
});

describe('the fake IMDSv2', () => {
  it('refuses a metadata read without a token', async () => {
    const response = await fetch(`${imds.url}/latest/meta-data/instance-id`);
    expect(response.status).toBe(401);
  });
});

describe('reading instance metadata through IMDSv2', () => {
  it('gets a token, then the instance id, AZ and region', async () => {
    const metadata = createInstanceMetadata(imds.url);
    const before = imds.requests.length;
    expect(await metadata.instanceInfo()).toEqual({
      instanceId: 'i-0fedcba9876543210',
      availabilityZone: 'eu-west-1c',
      region: 'eu-west-1',
    });
    expect(await metadata.region()).toBe('eu-west-1');
    const [first, ...reads] = imds.requests.slice(before);
    expect(first).toBe('PUT /latest/api/token 200');
    expect(reads.sort()).toEqual([
      'GET /latest/meta-data/instance-id 200',
      'GET /latest/meta-data/placement/availability-zone 200',
      'GET /latest/meta-data/placement/region 200',
    ]);
  });

  it('asks once and remembers, since an instance keeps its id and placement', async () => {
    const metadata = createInstanceMetadata(`${imds.url}/`);
    const before = imds.requests.length;
    await metadata.instanceInfo();
    await metadata.instanceInfo();
    await Promise.all([metadata.instanceInfo(), metadata.region()]);
    expect(imds.requests.length - before).toBe(4);
  });

  it('gives nulls, and a clear region error, when nothing answers', async () => {
    const metadata = createInstanceMetadata('http://127.0.0.1:1');
    expect(await metadata.instanceInfo()).toEqual({ instanceId: null, availabilityZone: null, region: null });
    await expect(metadata.region()).rejects.toThrow(/AWS_REGION is not set and the instance metadata service at http:\/\/127\.0\.0\.1:1 did not answer/);
  });
});
