// Where LocalStack answers: $AWS_ENDPOINT_URL, else its usual port on this computer.
export const DEFAULT_LOCALSTACK_ENDPOINT = 'http://127.0.0.1:4566';

export function localstackEndpoint(env: NodeJS.ProcessEnv = process.env): string {
  return env.AWS_ENDPOINT_URL || DEFAULT_LOCALSTACK_ENDPOINT;
}
