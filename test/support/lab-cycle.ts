// The cycle every lab must pass against LocalStack, like rustlings' dev check: fresh state fails, the starter stops
// at its first TODO (even after the solution has built everything), the solution passes twice and the rerun reuses
// what it made, each check is seen to fail on exactly its mistake, and reset removes what the lab tagged and nothing
// else.
import { beforeAll, describe, expect, it } from 'vitest';
import { labEntry } from '../../lab-runner/catalogue/read.js';
import type { LabEntry } from '../../lab-runner/catalogue/schema.js';
import { createContext, type LabContext } from '../../lab-runner/context.js';
import type { LabEvent } from '../../lab-runner/events.js';
import type { Caller } from '../../lab-runner/service/caller.js';
import { checkLab, type CheckOptions } from '../../lab-runner/service/check.js';
import { planReset, resetLabs } from '../../lab-runner/service/reset.js';
import { runLabs } from '../../lab-runner/service/run.js';
import type { Session } from '../../lab-runner/session.js';
import { runCli } from './cli.js';
import { localEnv, localSession } from './session.js';

export type Breaker = (ctx: LabContext) => Promise<void | (() => Promise<void>)>;

export interface LabCycle {
  labId: string;
  /** A 12-digit account of this test file's own. */
  account: string;
  /** Runs before everything, e.g. the solutions of the labs this one builds on. */
  prepare?: (session: Session) => Promise<void>;
  /**
   * For each check id: change the solution's correct state, through the SDK, into exactly that mistake. A breaker that
   * changes something outside what reset removes (an account setting, a resource the lab does not tag) returns how to
   * put it back; the cycle calls that once the checks have been seen failing.
   */
  breakers: Record<string, Breaker>;
  /** Makes an untagged look-alike resource and returns a probe that says whether it still exists after reset. */
  control?: (ctx: LabContext) => Promise<() => Promise<boolean>>;
  /** Lab options, as `--email` would give. */
  options?: Record<string, string>;
}

/** A caller that says yes to everything, as `--yes` does, and collects the events. */
export function testCaller(session: Session, events: LabEvent[] = []): Caller {
  return { session, consent: async () => true, sink: (event) => void events.push(event), holder: 'a test' };
}

export async function solve(session: Session, labId: string, options?: Record<string, string>): Promise<LabEvent[]> {
  const events: LabEvent[] = [];
  const runs = await runLabs({ which: labId, solution: true, options }, testCaller(session, events));
  expect(runs.at(-1)?.result, JSON.stringify(events.filter((e) => e.type === 'fail'))).toMatchObject({ outcome: 'completed' });
  return events;
}

export async function resetLab(session: Session, labId: string): Promise<void> {
  const results = await resetLabs({ which: labId, withDependants: true }, testCaller(session));
  expect(results.flatMap((r) => r.failed)).toEqual([]);
}

export async function failingChecks(session: Session, lab: LabEntry, options: CheckOptions = {}): Promise<string[]> {
  const report = await checkLab(lab, testCaller(session), options);
  expect(report.error).toBeUndefined();
  return report.checks.filter((c) => !c.passed).map((c) => c.id);
}

export function describeLabCycle(cycle: LabCycle): void {
  describe(`lab ${cycle.labId} against LocalStack`, () => {
    let session: Session;
    let lab: LabEntry;
    let ctx: LabContext;
    const tagged = async () => (await planReset(lab, session)).resources.map((r) => `${r.kind} ${r.name ?? r.id}`).sort();

    beforeAll(async () => {
      session = await localSession(cycle.account);
      lab = labEntry(cycle.labId);
      ctx = createContext({ target: session.target, lab, account: session.account });
      await cycle.prepare?.(session);
      await resetLab(session, cycle.labId);
    });

    it('has a breaker for every check, and unique check ids', () => {
      const ids = lab.checks.map((c) => c.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(Object.keys(cycle.breakers).sort()).toEqual([...ids].sort());
    });

    it('fails its checks on a fresh account (exit 1)', async () => {
      const cli = await runCli(['check', cycle.labId, '--json'], localEnv(cycle.account));
      expect(cli.code, cli.stderr).toBe(1);
      expect(JSON.parse(cli.stdout)).toMatchObject({ lab: cycle.labId, passed: false });
    });

    it('stops the starter at its first TODO, naming file, line and column, with the code around it', async () => {
      const cli = await runCli(['run', cycle.labId], localEnv(cycle.account));
      expect(cli.code, cli.stderr).toBe(1);
      expect(cli.stdout).toMatch(new RegExp(`Step \\d+ is yours to write: labs/${cycle.labId}/[a-z-]+\\.ts:\\d+:\\d+ — `));
      expect(cli.stdout).toMatch(/> \d+ \|.*todo\(/);
    });

    it('passes every check with the solution, and again on a rerun that reuses what it made', async () => {
      await solve(session, cycle.labId, cycle.options);
      expect(await failingChecks(session, lab)).toEqual([]);
      const before = await tagged();
      expect(before.length).toBeGreaterThan(0);
      const rerun = await solve(session, cycle.labId, cycle.options);
      expect(await failingChecks(session, lab)).toEqual([]);
      expect(await tagged()).toEqual(before);
      const actions = rerun.flatMap((e) => (e.type === 'resource' ? [e.action] : []));
      expect(actions.filter((a) => a !== 'reused'), 'a rerun of the same code changes nothing').toEqual([]);
    });

    it('stops the starter at its first TODO even when the solution has built everything', async () => {
      const events: LabEvent[] = [];
      const runs = await runLabs({ which: cycle.labId, solution: false, options: cycle.options }, testCaller(session, events));
      expect(runs.at(-1)?.result).toMatchObject({ outcome: 'todo' });
      const todoAt = events.find((e) => e.type === 'todo');
      const firstTodoStep = lab.steps.findIndex((_, i) => events.some((e) => e.type === 'todo' && e.step === i + 1)) + 1;
      expect(todoAt && firstTodoStep).toBeGreaterThan(0);
      // No step before the TODO counted as done on the solution's resources without running the student's code.
      expect(events.filter((e) => e.type === 'ok').every((e) => e.step < firstTodoStep)).toBe(true);
    });

    it('sees each check fail on exactly its mistake', async () => {
      for (const [id, breakIt] of Object.entries(cycle.breakers)) {
        await resetLab(session, cycle.labId);
        await solve(session, cycle.labId, cycle.options);
        const putBack = await breakIt(ctx);
        try {
          expect(await failingChecks(session, lab), `after breaking ${id}`).toEqual([id]);
        } finally {
          await putBack?.();
        }
      }
    });

    it('resets exactly what the lab tagged', async () => {
      await resetLab(session, cycle.labId);
      await solve(session, cycle.labId, cycle.options);
      const stillThere = await cycle.control?.(ctx);
      await resetLab(session, cycle.labId);
      expect(await tagged()).toEqual([]);
      expect((await failingChecks(session, lab)).length).toBeGreaterThan(0);
      if (stillThere) expect(await stillThere()).toBe(true);
    });
  });
}
