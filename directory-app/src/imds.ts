// The instance's identity from the EC2 instance metadata service, version 2:
// PUT a session token first, then GET each value with that token.

export const DEFAULT_METADATA_ENDPOINT = 'http://169.254.169.254';

export interface InstanceInfo {
  instanceId: string | null;
  availabilityZone: string | null;
  region: string | null;
}

export interface InstanceMetadata {
  /** Values that cannot be read (not on EC2, IMDS down) are null. */
  instanceInfo(): Promise<InstanceInfo>;
  /** The region, or an error saying why it could not be read. */
  region(): Promise<string>;
}

const TOKEN_TTL_SECONDS = 21600;
const REQUEST_TIMEOUT_MS = 1000;
// Off EC2 every lookup fails; remember that briefly so /health is not slowed by each one.
const FAILURE_MEMORY_MS = 10_000;

export function createInstanceMetadata(endpoint: string = DEFAULT_METADATA_ENDPOINT): InstanceMetadata {
  const base = endpoint.replace(/\/+$/, '');
  let known: InstanceInfo | null = null;
  let failedAt = -Infinity;
  let lookup: Promise<InstanceInfo> | null = null;

  async function readAll(): Promise<InstanceInfo> {
    const token = await fetchToken(base);
    const [instanceId, availabilityZone, region] = await Promise.all([
      fetchValue(base, token, 'instance-id'),
      fetchValue(base, token, 'placement/availability-zone'),
      fetchValue(base, token, 'placement/region'),
    ]);
    return { instanceId, availabilityZone, region };
  }

  async function instanceInfo(): Promise<InstanceInfo> {
    // An instance never changes its id or placement, so one good answer is kept for good.
    if (known) return known;
    if (Date.now() - failedAt < FAILURE_MEMORY_MS) return unknownInstance();
    lookup ??= readAll()
      .then((info) => (known = info))
      .catch(() => {
        failedAt = Date.now();
        return unknownInstance();
      })
      .finally(() => (lookup = null));
    return lookup;
  }

  return {
    instanceInfo,
    async region() {
      const { region } = await instanceInfo();
      if (!region) throw new Error(`AWS_REGION is not set and the instance metadata service at ${base} did not answer`);
      return region;
    },
  };
}

function unknownInstance(): InstanceInfo {
  return { instanceId: null, availabilityZone: null, region: null };
}

async function fetchToken(base: string): Promise<string> {
  const response = await fetch(`${base}/latest/api/token`, {
    method: 'PUT',
    headers: { 'X-aws-ec2-metadata-token-ttl-seconds': String(TOKEN_TTL_SECONDS) },
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  if (!response.ok) throw new Error(`IMDS token request answered ${response.status}`);
  return (await response.text()).trim();
}

async function fetchValue(base: string, token: string, path: string): Promise<string> {
  const response = await fetch(`${base}/latest/meta-data/${path}`, {
    headers: { 'X-aws-ec2-metadata-token': token },
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  if (!response.ok) throw new Error(`IMDS ${path} answered ${response.status}`);
  return (await response.text()).trim();
}
