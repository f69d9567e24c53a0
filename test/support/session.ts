// A session on the suite's LocalStack in an account of the test's own: a 12-digit access key id selects the account,
// so test files never see each other's resources.
import { openSession, type Session } from '../../lab-runner/session.js';

export function localEnv(account: string): NodeJS.ProcessEnv {
  return { ...process.env, AWS_ACCESS_KEY_ID: account, AWS_SECRET_ACCESS_KEY: 'test', AWS_REGION: 'us-east-1' };
}

export function localSession(account: string): Promise<Session> {
  return openSession({}, localEnv(account));
}
