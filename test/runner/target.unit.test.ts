import { describe, expect, it } from 'vitest';
import { UserError } from '../../lab-runner/errors.js';
import { resolveTarget } from '../../lab-runner/target.js';

const env = { AWS_EC2_METADATA_DISABLED: 'true' } as NodeJS.ProcessEnv;

describe('target resolution', () => {
  it('defaults to LocalStack on 127.0.0.1:4566 in us-east-1 with test keys', async () => {
    const t = await resolveTarget({}, env);
    expect(t).toMatchObject({ name: 'localstack', endpoint: 'http://127.0.0.1:4566', region: 'us-east-1' });
    expect(t.credentials).toMatchObject({ accessKeyId: 'test' });
  });

  it('takes the LocalStack endpoint from AWS_ENDPOINT_URL and the region from AWS_REGION', async () => {
    const t = await resolveTarget({}, { ...env, AWS_ENDPOINT_URL: 'http://localhost:4599/', AWS_REGION: 'eu-west-1' });
    expect(t).toMatchObject({ name: 'localstack', endpoint: 'http://localhost:4599', region: 'eu-west-1' });
  });

  it('treats --endpoint as any AWS-compatible endpoint', async () => {
    const t = await resolveTarget({ endpoint: 'https://cloud.example.test:8443', region: 'eu-central-1' }, env);
    expect(t).toMatchObject({ name: 'endpoint', endpoint: 'https://cloud.example.test:8443', region: 'eu-central-1' });
  });

  it('uses the region given for aws, with no endpoint of its own', async () => {
    const t = await resolveTarget({ target: 'aws', region: 'ap-southeast-2' }, env);
    expect(t).toMatchObject({ name: 'aws', region: 'ap-southeast-2' });
    expect(t.endpoint).toBeUndefined();
  });

  it.each([
    [{ target: 'azure' }, /Unknown target "azure"/],
    [{ endpoint: 'localhost:4566' }, /must start with http/],
    [{ endpoint: 'not a url' }, /is not a URL/],
    [{ region: 'us-east-9' }, /Unknown region "us-east-9"/],
    [{ target: 'aws', endpoint: 'http://127.0.0.1:4566' }, /cannot be used together/],
  ])('refuses %o with a clear message', async (options, message) => {
    const error = await resolveTarget(options, env).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as Error).message).toMatch(message);
  });

  it('reads the region as the aws CLI does: AWS_REGION, then AWS_DEFAULT_REGION', async () => {
    expect(await resolveTarget({}, { ...env, AWS_DEFAULT_REGION: 'eu-north-1' })).toMatchObject({ region: 'eu-north-1' });
    expect(await resolveTarget({}, { ...env, AWS_DEFAULT_REGION: 'eu-north-1', AWS_REGION: 'eu-west-2' })).toMatchObject({ region: 'eu-west-2' });
    expect(await resolveTarget({ target: 'aws' }, { ...env, AWS_DEFAULT_REGION: 'ca-central-1' })).toMatchObject({ region: 'ca-central-1' });
  });

  it('takes keys in the environment over AWS_PROFILE on aws, as the aws CLI does', async () => {
    const t = await resolveTarget({ target: 'aws', region: 'us-east-1' }, { ...env, AWS_PROFILE: 'someone-else', AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE', AWS_SECRET_ACCESS_KEY: 'secret' });
    expect(t.profile).toBeUndefined();
    expect(t.credentials).toMatchObject({ accessKeyId: 'AKIAEXAMPLE' });
    expect(t.label).toBe('aws (keys from the environment)');
  });

  it('asks for a region when aws has none configured', async () => {
    const noConfig = { ...env, AWS_CONFIG_FILE: '/nonexistent', AWS_SHARED_CREDENTIALS_FILE: '/nonexistent' };
    const error = await resolveTarget({ target: 'aws' }, noConfig).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/No region is set/);
  });
});
