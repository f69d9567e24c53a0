// Opens a target: resolves it, and asks STS whose account it is, turning every way that can fail into one clear line.
import { createClients } from './clients.js';
import { clientConfigFor, whoAmI } from './context.js';
import { describeError, isConnectionError } from './aws-errors.js';
import { UserError } from './errors.js';
import { resolveTarget, type Target, type TargetOptions } from './target.js';

export interface Session {
  target: Target;
  account: string;
  arn: string;
}

export async function openSession(options: TargetOptions, env: NodeJS.ProcessEnv = process.env): Promise<Session> {
  const target = await resolveTarget(options, env);
  try {
    const clients = createClients({ ...clientConfigFor(target, target.region), maxAttempts: 1 });
    const me = await whoAmI(clients);
    return { target, ...me };
  } catch (error) {
    throw sessionError(target, error);
  }
}

function sessionError(target: Target, error: unknown): UserError {
  if (isConnectionError(error)) {
    const advice = target.name === 'localstack' ? 'Start the local cloud with `npx lab up`.' : 'Check the URL given to --endpoint.';
    return new UserError(`Nothing answers at ${target.endpoint ?? 'AWS'}.`, advice);
  }
  const info = describeError(error);
  if (target.name === 'aws' && /credential|token|signature|InvalidClientTokenId|ExpiredToken/i.test(`${info.code} ${info.message}`)) {
    const who = target.profile ? `profile "${target.profile}"` : 'the default credential chain';
    return new UserError(`No valid AWS credentials from ${who}: ${info.message}`, info.advice);
  }
  return new UserError(`${target.label} refused to say who you are: ${info.code}: ${info.message}`, info.advice);
}
