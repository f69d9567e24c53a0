// The local runner API behind the site's "Run lab", "Run solution", "Check" and "Reset" buttons.
// The target is fixed by the command that started the server; the browser only names a known lab.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { checkLab } from '../check.js';
import { UserError } from '../errors.js';
import type { LabEvent } from '../events.js';
import { labIds, loadLab } from '../registry.js';
import { applyReset, planReset } from '../reset.js';
import { runLab, targetKey } from '../run.js';
import { openSession, type Session } from '../session.js';
import { describeStatus, labStatuses } from '../state.js';
import type { TargetOptions } from '../target.js';
import { refuse } from './guard.js';
import { inventory } from './inventory.js';

type Next = (error?: unknown) => void;

export function runnerApi(target: TargetOptions, env: NodeJS.ProcessEnv = process.env): (req: IncomingMessage, res: ServerResponse, next: Next) => void {
  let session: Promise<Session> | undefined;
  const open = () => {
    session ??= openSession(target, env).catch((error: unknown) => {
      session = undefined; // try again on the next request: the student may start LocalStack meanwhile
      throw error;
    });
    return session;
  };
  return (req, res, next) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (!url.pathname.startsWith('/api/')) return next();
    const refusal = refuse(req);
    if (refusal) return sendJson(res, refusal.status, { error: refusal.reason });
    route(req, res, url.pathname, open).catch((error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      const advice = error instanceof UserError ? error.advice : '';
      // Once a run's stream has begun, its end says what stopped it (the lab already running, the target gone…).
      if (!res.headersSent) sendJson(res, error instanceof UserError ? 400 : 500, { error: message, advice });
      else res.end(`${JSON.stringify({ type: 'error', message, advice })}\n`);
    });
  };
}

async function route(req: IncomingMessage, res: ServerResponse, path: string, open: () => Promise<Session>): Promise<void> {
  if (req.method === 'GET' && path === '/api/status') return status(res, open);
  const match = /^\/api\/labs\/([a-z0-9-]+)\/(run|solution|check|reset|inventory)$/.exec(path);
  if (!match) return sendJson(res, 404, { error: 'No such API.' });
  const [, labId, action] = match;
  if (!(await labIds()).includes(labId)) return sendJson(res, 404, { error: `Unknown lab "${labId}".` });
  if (action === 'inventory') {
    if (req.method !== 'GET') return sendJson(res, 405, { error: 'Use GET.' });
    return sendJson(res, 200, await inventory(await open()));
  }
  if (req.method !== 'POST') return sendJson(res, 405, { error: 'Use POST.' });
  await drain(req);
  const session = await open();
  if (action === 'check') return sendJson(res, 200, await checkLab(labId, session));
  if (action === 'reset') return sendJson(res, 200, await applyReset(await planReset(labId, session), session));
  return streamRun(res, labId, session, action === 'solution');
}

async function status(res: ServerResponse, open: () => Promise<Session>): Promise<void> {
  try {
    const session = await open();
    const statuses = labStatuses(targetKey(session));
    const labs = await Promise.all((await labIds()).map(async (id) => ({ id, title: (await loadLab(id)).title, status: describeStatus(statuses[id]) })));
    sendJson(res, 200, { ready: true, target: session.target.name, label: session.target.label, account: session.account, region: session.target.region, labs });
  } catch (error) {
    sendJson(res, 200, { ready: false, error: (error as Error).message, advice: error instanceof UserError ? error.advice : '' });
  }
}

/** Streams the step events as newline-delimited JSON, ending with the run's result. */
async function streamRun(res: ServerResponse, labId: string, session: Session, solution: boolean): Promise<void> {
  res.writeHead(200, { 'content-type': 'application/x-ndjson; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
  const send = (event: LabEvent | { type: 'result'; result: unknown }) => res.write(`${JSON.stringify(event)}\n`);
  const result = await runLab({ labId, session, solution, sink: send });
  send({ type: 'result', result });
  res.end();
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
  res.end(JSON.stringify(body));
}

function drain(req: IncomingMessage): Promise<void> {
  return new Promise((resolve) => {
    req.resume();
    req.on('end', resolve);
  });
}
