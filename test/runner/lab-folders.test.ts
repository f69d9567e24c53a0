// Like rustlings' dev check: every lab has a solution and checks, its starter leaves work to the student,
// and starter and solution describe the same steps.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { labsDir, solutionsDir } from '../../lab-runner/paths.js';
import { loadChecks, loadLab } from '../../lab-runner/registry.js';

const ids = readdirSync(labsDir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);

describe.each(ids)('labs/%s', (id) => {
  it('has a starter, a solution and checks', () => {
    for (const file of [join(labsDir, id, 'lab.ts'), join(solutionsDir, id, 'lab.ts'), join(labsDir, id, 'checks.ts')]) {
      expect(existsSync(file), file).toBe(true);
    }
  });

  it('leaves at least one TODO in the starter and none in the solution', () => {
    const todos = (dir: string) =>
      readdirSync(join(dir, id))
        .filter((f) => f.endsWith('.ts'))
        .map((f) => (readFileSync(join(dir, id, f), 'utf8').match(/\btodo\(/g) ?? []).length)
        .reduce((a, b) => a + b, 0);
    expect(todos(labsDir)).toBeGreaterThan(0);
    expect(todos(solutionsDir)).toBe(0);
  });

  it('describes the same lab in starter and solution', async () => {
    const [starter, solution] = await Promise.all([loadLab(id), loadLab(id, true)]);
    const shape = (lab: typeof starter) => ({ ...lab, steps: lab.steps.map(({ title, command, hint }) => ({ title, command, hint })) });
    expect(shape(solution)).toEqual(shape(starter));
    expect(starter.id).toBe(id);
  });

  it('has checks with unique ids and a title each', async () => {
    const checks = await loadChecks(id);
    expect(checks.length).toBeGreaterThan(0);
    expect(new Set(checks.map((c) => c.id)).size).toBe(checks.length);
    for (const check of checks) expect(check.title.length).toBeGreaterThan(10);
  });
});
