// The local runner API behind the lesson page's buttons. The target is fixed by the command that started the server;
// the browser only names a known lab. Everything goes through the same service layer as the CLI: the lab lock,
// progress, consent (on a real account the page must send the account id the student typed) and cancellation.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { labEntry, readCatalogue } from '../catalogue/read.js';
import type { LabEntry } from '../catalogue/schema.js';
import { UserError } from '../errors.js';
import type { LabEvent } from '../events.js';
import type { Caller } from '../service/caller.js';
import { progressKey } from '../service/caller.js';
import { checkLab, checksMayWrite } from '../service/check.js';
import { inventory } from '../service/inventory.js';
import { projectRoot } from '../paths.js';
import { MissingPrerequisites } from '../service/prerequisites.js';
import { progressOf } from '../service/progress.js';
import { resetLabs } from '../service/reset.js';
import { runLabs } from '../service/run.js';
import { openSession, type Session } from '../session.js';
import type { TargetOptions } from '../target.js';
import { ConsentNeeded, pageConsent } from './consent.js';
import { refuse } from './guard.js';
import { LabActivity, LabBusy } from './activity.js';
import { LabOutputs } from './outputs.js';

type Next = (error?: unknown) => void;
type Action = 'run' | 'solution' | 'check' | 'reset' | 'stop' | 'inventory';

interface ActionBody {
  /** On a real account: the account id the student typed in the page's dialog. */
  consent?: { account?: string };
  withDependants?: boolean;
  /** The page that asks, as it names itself: the events about this action name it back. */
  page?: string;
}

/** The most a request body may hold: a few fields of JSON. */
const MAX_BODY = 4096;

export function runnerApi(target: TargetOptions, env: NodeJS.ProcessEnv = process.env): (req: IncomingMessage, res: ServerResponse, next: Next) => void {
  let session: Promise<Session> | undefined;
  const open = () => {
    session ??= openSession(target, env).catch((error: unknown) => {
      session = undefined; // try again on the next request: the student may start LocalStack meanwhile
      throw error;
    });
    return session;
  };
  const activity = new LabActivity();
  const outputs = new LabOutputs();
  return (req, res, next) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (!url.pathname.startsWith('/api/')) return next();
    const refusal = refuse(req);
    if (refusal) return sendJson(res, refusal.status, { error: refusal.reason });
    route(req, res, url.pathname, { open, activity, outputs }).catch((error: unknown) => {
      const body = errorBody(error);
      // Once a run's stream has begun, its end says what stopped it (the lab already running, the target gone…).
      if (!res.headersSent) sendJson(res, error instanceof ConsentNeeded || error instanceof LabBusy ? 409 : error instanceof UserError ? 400 : 500, body);
      else res.end(`${JSON.stringify({ type: 'error', ...body })}\n`);
    });
  };
}

function errorBody(error: unknown): Record<string, unknown> {
  const message = error instanceof Error ? error.message : String(error);
  const advice = error instanceof UserError ? error.advice : '';
  if (error instanceof ConsentNeeded) return { error: message, advice, consent: error.request };
  if (error instanceof MissingPrerequisites) return { error: message, advice, missing: error.missing };
  return { error: message, advice };
}

/** What the API keeps while the server runs. */
interface ApiState {
  open: () => Promise<Session>;
  activity: LabActivity;
  outputs: LabOutputs;
}

async function route(req: IncomingMessage, res: ServerResponse, path: string, state: ApiState): Promise<void> {
  const { open, activity, outputs } = state;
  if (req.method === 'GET' && path === '/api/status') return status(res, state);
  if (req.method === 'GET' && path === '/api/events') return activity.subscribe(req, res);
  if (req.method === 'GET' && path === '/api/inventory') return sendJson(res, 200, await inventory(await open()));
  const match = /^\/api\/labs\/([a-z0-9-]+)\/(run|solution|check|reset|stop)$/.exec(path);
  if (!match) return sendJson(res, 404, { error: 'No such API.' });
  const [, labId = '', action = 'run'] = match as unknown as [string, string, Action];
  const catalogue = readCatalogue();
  if (!catalogue.labs.some((l) => l.id === labId)) return sendJson(res, 404, { error: `Unknown lab "${labId}".` });
  if (req.method !== 'POST') return sendJson(res, 405, { error: 'Use POST.' });
  const body = await readBody(req);
  if (action === 'stop') return sendJson(res, 200, { stopped: activity.stop(labId) });
  const s = await open();
  const page = typeof body.page === 'string' && /^[a-z0-9]{1,32}$/.test(body.page) ? body.page : undefined;
  const running = activity.begin(labId, action, s, page);
  // A closed tab or a dropped connection stops what it started and frees the lab.
  res.on('close', () => {
    if (!res.writableFinished) running.controller.abort();
  });
  const caller: Caller = {
    session: s,
    consent: pageConsent(body.consent?.account),
    signal: running.controller.signal,
    holder: `the lesson page (npm start, process ${process.pid})`,
  };
  try {
    if (action === 'check') return sendJson(res, 200, await checkLab(labEntry(labId, catalogue), caller, { writes: checksMayWrite(undefined, s.target) }));
    if (action === 'reset') {
      const labs = await resetLabs({ which: labId, withDependants: Boolean(body.withDependants) }, caller);
      for (const { lab } of labs) outputs.forget(progressKey(s, labEntry(lab, catalogue)), lab);
      return sendJson(res, 200, { labs });
    }
    const keep = (lab: string, made: Record<string, string>) => outputs.note(progressKey(s, labEntry(lab, catalogue)), lab, made);
    return await streamRun(res, labId, action === 'solution', caller, keep);
  } finally {
    activity.end(labId, s);
  }
}

async function status(res: ServerResponse, { open, activity, outputs }: ApiState): Promise<void> {
  let s: Session;
  try {
    s = await open();
  } catch (error) {
    return sendJson(res, 200, { ready: false, error: (error as Error).message, advice: error instanceof UserError ? error.advice : '' });
  }
  const { labs, problems } = readCatalogue();
  sendJson(res, 200, {
    ready: true,
    target: s.target.name,
    label: s.target.label,
    account: s.account,
    region: s.target.region,
    identity: s.arn,
    // The folder the labs' files are in: the page links a place in them to the student's editor.
    root: projectRoot,
    labs: labs.map((lab) => labStatus(lab, s, activity, outputs)),
    problems,
  });
}

function labStatus(lab: LabEntry, s: Session, activity: LabActivity, outputs: LabOutputs): Record<string, unknown> {
  const key = progressKey(s, lab);
  return {
    id: lab.id,
    title: lab.title,
    requires: lab.requires,
    lesson: lab.lessons[0],
    progress: progressOf(key, lab.id) ?? null,
    busy: activity.busy(lab.id),
    outputs: outputs.of(key, lab.id),
  };
}

/** The step events as newline-delimited JSON, ending with the run's result; `keep` is told each output as it comes. */
async function streamRun(res: ServerResponse, labId: string, solution: boolean, caller: Caller, keep: (lab: string, made: Record<string, string>) => void): Promise<void> {
  let started = false;
  const send = (event: LabEvent | { type: 'result'; result: unknown }) => {
    if (event.type === 'output') keep(event.lab, { [event.name]: event.value });
    if (!started) {
      res.writeHead(200, { 'content-type': 'application/x-ndjson; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
      started = true;
    }
    res.write(`${JSON.stringify(event)}\n`);
  };
  const runs = await runLabs({ which: labId, solution }, { ...caller, sink: send });
  const last = runs[runs.length - 1];
  send({ type: 'result', result: last?.result });
  res.end();
}

function readBody(req: IncomingMessage): Promise<ActionBody> {
  return new Promise((resolve, reject) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      text += chunk;
      if (text.length > MAX_BODY) {
        req.destroy();
        reject(new UserError('The request body is too large.'));
      }
    });
    req.on('end', () => {
      try {
        const parsed = text.trim() ? (JSON.parse(text) as unknown) : {};
        resolve(typeof parsed === 'object' && parsed !== null ? (parsed as ActionBody) : {});
      } catch {
        reject(new UserError('The request body is not JSON.'));
      }
    });
  });
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
  res.end(JSON.stringify(body));
}
