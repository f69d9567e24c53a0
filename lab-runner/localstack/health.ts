// Asks a LocalStack whether it is up, and which of its services are.
export interface Health {
  version: string;
  services: Record<string, string>;
}

export async function localstackHealth(endpoint: string, timeoutMs = 1000): Promise<Health | undefined> {
  try {
    const response = await fetch(`${endpoint}/_localstack/health`, { signal: AbortSignal.timeout(timeoutMs) });
    if (!response.ok) return undefined;
    const body = (await response.json()) as Partial<Health>;
    return { version: body.version ?? 'unknown', services: body.services ?? {} };
  } catch {
    return undefined;
  }
}

export async function waitForHealth(endpoint: string, timeoutMs: number, stillStarting: () => boolean): Promise<Health | undefined> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && stillStarting()) {
    const health = await localstackHealth(endpoint, 500);
    if (health && isReady(health)) return health;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return undefined;
}

export function isReady(health: Health): boolean {
  return ['sts', 'iam', 'ec2'].every((s) => health.services[s] === 'running' || health.services[s] === 'available');
}
