// A class rehearsed on LocalStack with `--target aws`: each student's profile says where its cloud answers
// (endpoint_url in ~/.aws/config, as the aws CLI and the SDKs read it), and grading goes there rather than to AWS.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveTarget } from '../../lab-runner/target.js';

const dir = mkdtempSync(join(tmpdir(), 'profile-endpoint-'));
const config = join(dir, 'config');
writeFileSync(config, '[profile rehearsal]\nregion = us-east-1\nendpoint_url = http://127.0.0.1:4566/\n[profile real]\nregion = eu-west-1\n');
const env: NodeJS.ProcessEnv = { AWS_CONFIG_FILE: config, AWS_SHARED_CREDENTIALS_FILE: join(dir, 'none'), AWS_EC2_METADATA_DISABLED: 'true' };

describe("a profile's endpoint_url", () => {
  it('is where --target aws goes for that profile', async () => {
    await expect(resolveTarget({ target: 'aws', profile: 'rehearsal' }, env)).resolves.toMatchObject({ name: 'aws', endpoint: 'http://127.0.0.1:4566', region: 'us-east-1' });
  });

  it('is not there for a profile without one: AWS itself', async () => {
    const target = await resolveTarget({ target: 'aws', profile: 'real' }, env);
    expect(target).toMatchObject({ name: 'aws', region: 'eu-west-1' });
    expect(target.endpoint).toBeUndefined();
  });

  it('gives way to AWS_ENDPOINT_URL, and to AWS_IGNORE_CONFIGURED_ENDPOINT_URLS', async () => {
    await expect(resolveTarget({ target: 'aws', profile: 'rehearsal' }, { ...env, AWS_ENDPOINT_URL: 'http://127.0.0.1:4577' })).resolves.toMatchObject({ endpoint: 'http://127.0.0.1:4577' });
    const ignored = await resolveTarget({ target: 'aws', profile: 'rehearsal' }, { ...env, AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true' });
    expect(ignored.endpoint).toBeUndefined();
  });
});
