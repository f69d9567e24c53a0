// The cycle every lab must pass against LocalStack, like rustlings' dev check: fresh state fails, the starter stops
// at its first TODO, the solution passes twice without duplicates, each check is seen to fail on exactly its
// mistake, and reset removes what the lab tagged and nothing else.
import { beforeAll, describe, expect, it } from 'vitest';
import { checkLab } from '../../lab-runner/check.js';
import { createContext, type LabContext } from '../../lab-runner/context.js';
import { loadChecks, loadLab } from '../../lab-runner/registry.js';
import { applyReset, planReset } from '../../lab-runner/reset.js';
import { runLab } from '../../lab-runner/run.js';
import type { Session } from '../../lab-runner/session.js';
import { runCli } from './cli.js';
import { localEnv, localSession } from './session.js';

export interface LabCycle {
  labId: string;
  /** A 12-digit account of this test file's own. */
  account: string;
  /** Runs before everything, e.g. the solutions of the labs this one builds on. */
  prepare?: (session: Session) => Promise<void>;
  /** For each check id: change the solution's correct state, through the SDK, into exactly that mistake. */
  breakers: Record<string, (ctx: LabContext) => Promise<void>>;
  /** Makes an untagged look-alike resource and returns a probe that says whether it still exists after reset. */
  control?: (ctx: LabContext) => Promise<() => Promise<boolean>>;
  /** Lab options, as `--email` would give. */
  options?: Record<string, string>;
}

export function describeLabCycle(cycle: LabCycle): void {
  describe(`lab ${cycle.labId} against LocalStack`, () => {
    let session: Session;
    let ctx: LabContext;

    const solve = async () => {
      const result = await runLab({ labId: cycle.labId, session, solution: true, options: cycle.options });
      expect(result, JSON.stringify(result)).toMatchObject({ outcome: 'completed' });
    };
    const reset = async () => {
      const result = await applyReset(await planReset(cycle.labId, session), session);
      expect(result.failed).toEqual([]);
    };
    const failedIds = async () => (await checkLab(cycle.labId, session)).checks.filter((c) => !c.passed).map((c) => c.id);

    beforeAll(async () => {
      session = await localSession(cycle.account);
      ctx = createContext({ target: session.target, lab: await loadLab(cycle.labId), account: session.account });
      await cycle.prepare?.(session);
      await reset();
    });

    it('has a breaker for every check, and unique check ids', async () => {
      const ids = (await loadChecks(cycle.labId)).map((c) => c.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(Object.keys(cycle.breakers).sort()).toEqual([...ids].sort());
    });

    it('fails its checks on a fresh account (exit 1)', async () => {
      const cli = await runCli(['check', cycle.labId, '--json'], localEnv(cycle.account));
      expect(cli.code, cli.stderr).toBe(1);
      expect(JSON.parse(cli.stdout)).toMatchObject({ lab: cycle.labId, passed: false });
    });

    it('stops the starter at its first TODO, naming file and line', async () => {
      const cli = await runCli(['run', cycle.labId], localEnv(cycle.account));
      expect(cli.code).toBe(1);
      expect(cli.stdout).toMatch(new RegExp(`Step \\d+ is yours to write: labs/${cycle.labId}/lab\\.ts:\\d+ — `));
      await reset();
    });

    it('passes every check with the solution, and again on a rerun without duplicates', async () => {
      await solve();
      expect(await failedIds()).toEqual([]);
      const before = (await planReset(cycle.labId, session)).resources.map((r) => `${r.kind} ${r.name ?? r.id}`).sort();
      await solve();
      expect(await failedIds()).toEqual([]);
      const after = (await planReset(cycle.labId, session)).resources.map((r) => `${r.kind} ${r.name ?? r.id}`).sort();
      expect(after).toEqual(before);
      expect(before.length).toBeGreaterThan(0);
    });

    it('sees each check fail on exactly its mistake', async () => {
      for (const [id, breakIt] of Object.entries(cycle.breakers)) {
        await reset();
        await solve();
        await breakIt(ctx);
        expect(await failedIds(), `after breaking ${id}`).toEqual([id]);
      }
    });

    it('resets exactly what the lab tagged', async () => {
      // From a clean start: the last breaker's mistake is still in place, and a rerun reports a wrong resource.
      await reset();
      await solve();
      const stillThere = await cycle.control?.(ctx);
      await reset();
      expect((await planReset(cycle.labId, session)).resources).toEqual([]);
      expect((await failedIds()).length).toBeGreaterThan(0);
      if (stillThere) expect(await stillThere()).toBe(true);
    });
  });
}
