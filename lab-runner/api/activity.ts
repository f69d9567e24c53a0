// What runs on which lab right now, for every page that has the workbook open: a second action on a busy lab is
// refused with a message, Stop reaches the run it names, and each change is pushed to every page (server-sent events)
// so two tabs on one lab stay in step.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { UserError } from '../errors.js';
import type { Session } from '../session.js';
import { progressKey } from '../service/caller.js';
import { progressOf } from '../service/progress.js';
import { labEntry } from '../catalogue/read.js';

/** A lab already has an action going: answered 409, with what is going. */
export class LabBusy extends UserError {
  constructor(lab: string, action: string) {
    super(`Lab ${lab} is busy: ${describe(action)} is still going.`, 'Wait for it to finish, or press Stop.');
    this.name = 'LabBusy';
  }
}

interface Running {
  action: string;
  controller: AbortController;
  /** The page that started it, as it names itself: that page already knows, the others learn it from the event. */
  page?: string;
}

export class LabActivity {
  private readonly running = new Map<string, Running>();
  private readonly listeners = new Set<ServerResponse>();

  begin(lab: string, action: string, session: Session, page?: string): Running {
    const busy = this.running.get(lab);
    if (busy) throw new LabBusy(lab, busy.action);
    const running = { action, controller: new AbortController(), ...(page ? { page } : {}) };
    this.running.set(lab, running);
    this.publish({ lab, busy: action, progress: progressOf(progressKey(session, labEntry(lab)), lab) ?? null, page });
    return running;
  }

  end(lab: string, session: Session): void {
    const page = this.running.get(lab)?.page;
    this.running.delete(lab);
    this.publish({ lab, busy: null, progress: progressOf(progressKey(session, labEntry(lab)), lab) ?? null, page });
  }

  /** Stops what runs on the lab; answers whether anything did. */
  stop(lab: string): boolean {
    const running = this.running.get(lab);
    running?.controller.abort();
    return running !== undefined;
  }

  busy(lab: string): string | null {
    return this.running.get(lab)?.action ?? null;
  }

  subscribe(req: IncomingMessage, res: ServerResponse): void {
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive', 'x-content-type-options': 'nosniff' });
    res.write(': connected\n\n');
    this.listeners.add(res);
    req.on('close', () => this.listeners.delete(res));
  }

  private publish(change: { lab: string; busy: string | null; progress: unknown; page?: string }): void {
    const message = `event: lab\ndata: ${JSON.stringify(change)}\n\n`;
    for (const listener of this.listeners) listener.write(message);
  }
}

function describe(action: string): string {
  return { run: 'a run of your code', solution: 'a run of the solution', check: 'a check', reset: 'a reset' }[action] ?? action;
}
