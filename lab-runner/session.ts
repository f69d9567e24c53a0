// Opens a target: resolves it, and asks STS whose account it is, turning every way that can fail into one clear line.
import { describeError, isConnectionError } from './aws-errors.js';
import { clientConfigFor, loadServices, makeClient } from './clients.js';
import { UserError } from './errors.js';
import type { SessionData } from './execute/protocol.js';
import { resolveTarget, type Target, type TargetOptions } from './target.js';

export interface Session {
  target: Target;
  account: string;
  arn: string;
}

/** The first call is tried three times: one busy answer (a 503, a throttle) should not end a command. */
const FIRST_CALL_ATTEMPTS = 3;

export async function openSession(options: TargetOptions, env: NodeJS.ProcessEnv = process.env): Promise<Session> {
  const target = await resolveTarget(options, env);
  try {
    await loadServices(['sts']);
    const sts = makeClient('sts', clientConfigFor(target, target.region, FIRST_CALL_ATTEMPTS), { quick: true });
    const { GetCallerIdentityCommand } = await import('@aws-sdk/client-sts');
    const me = await sts.send(new GetCallerIdentityCommand({}));
    return { target, account: me.Account ?? '', arn: me.Arn ?? '' };
  } catch (error) {
    throw sessionError(target, error);
  }
}

/** The session as it crosses to the process that runs lab code: the credentials resolved, in memory only. */
export async function sessionData(session: Session): Promise<SessionData> {
  const { name, endpoint, region, profile, label, credentials } = session.target;
  const resolved = typeof credentials === 'function' ? await credentials() : credentials;
  return { target: { name, endpoint, region, profile, label, credentials: resolved }, account: session.account, arn: session.arn };
}

export function sessionFromData(data: SessionData): Session {
  return { target: { ...data.target }, account: data.account, arn: data.arn };
}

function sessionError(target: Target, error: unknown): UserError {
  const where = target.endpoint ?? (target.name === 'aws' ? `AWS (${target.region})` : 'the endpoint');
  if (isConnectionError(error)) {
    const advice = target.name === 'localstack' ? 'Start the local cloud with `npx lab up`.' : target.name === 'endpoint' ? 'Check the URL given to --endpoint.' : 'Check your network connection.';
    const what = describeError(error).code === 'TimeoutError' ? `${where} did not answer in time.` : `Nothing answers at ${where}.`;
    return new UserError(what, advice);
  }
  const info = describeError(error);
  if (target.name === 'aws' && /credential|token|signature|InvalidClientTokenId|ExpiredToken|CredentialsProviderError/i.test(`${info.code} ${info.message}`)) {
    const who = target.profile ? `profile "${target.profile}"` : 'the default credential chain';
    return new UserError(`No valid AWS credentials from ${who}: ${info.message}`, info.advice);
  }
  return new UserError(`${target.label} refused to say who you are: ${info.code}: ${info.message}`, info.advice);
}
