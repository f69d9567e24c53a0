// Docker mode: the pinned LocalStack image, where a Docker engine answers.
import { spawnSync } from 'node:child_process';
import { DOCKER_CONTAINER, LOCALSTACK_IMAGE, SERVICES } from './pinned.js';

export function dockerEngineAnswers(): boolean {
  const probe = spawnSync('docker', ['info', '--format', '{{.ServerVersion}}'], { encoding: 'utf8', timeout: 5000 });
  return probe.status === 0 && probe.stdout.trim() !== '';
}

/** Publishes LocalStack on `internal` (loopback, behind the gate); the URLs it hands out name `publicEndpoint`. */
export function startContainer(internal: URL, publicEndpoint: URL): string {
  const run = spawnSync(
    'docker',
    [
      'run', '-d', '--rm', '--name', `${DOCKER_CONTAINER}-${publicEndpoint.port || '4566'}`, '-p', `127.0.0.1:${internal.port}:4566`,
      '-e', `SERVICES=${SERVICES.join(',')}`, '-e', 'EAGER_SERVICE_LOADING=1', '-e', `LOCALSTACK_HOST=localhost:${publicEndpoint.port || '4566'}`, LOCALSTACK_IMAGE,
    ],
    { encoding: 'utf8' },
  );
  if (run.status !== 0) throw new Error(run.stderr.trim().split('\n').pop() || 'docker run failed');
  return run.stdout.trim();
}

export function stopContainer(id: string): void {
  spawnSync('docker', ['stop', id], { encoding: 'utf8', timeout: 30000 });
}
