// Asks a LocalStack whether it is up, and which of its services are.
import { get } from 'node:http';

export interface Health {
  version: string;
  services: Record<string, string>;
}

/** Plain node:http rather than fetch: loading fetch costs more than the whole answer on a warm `lab up`. */
export function localstackHealth(endpoint: string, timeoutMs = 1000): Promise<Health | undefined> {
  return new Promise((resolve) => {
    const request = get(`${endpoint}/_localstack/health`, { timeout: timeoutMs }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve(response.statusCode === 200 ? parseHealth(body) : undefined));
      response.on('error', () => resolve(undefined));
    });
    request.on('timeout', () => request.destroy());
    request.on('error', () => resolve(undefined));
  });
}

function parseHealth(body: string): Health | undefined {
  try {
    const parsed = JSON.parse(body) as Partial<Health>;
    return { version: parsed.version ?? 'unknown', services: parsed.services ?? {} };
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
