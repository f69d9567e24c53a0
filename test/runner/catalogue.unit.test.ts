// The catalogue: labs in teaching order (by lesson, and never before a lab they require), a broken entry reported
// for its lab alone.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCatalogue, teachingOrder } from '../../lab-runner/catalogue/read.js';
import type { LabEntry } from '../../lab-runner/catalogue/schema.js';

function entry(id: string, lesson: string, requires: string[] = []): LabEntry {
  return {
    $generated: 'test',
    id,
    title: `Lab ${id}`,
    lessons: [lesson],
    goal: 'A goal.',
    region: 'target',
    requires,
    cost: 'Free.',
    services: ['sts'],
    resources: [],
    steps: [{ id: 'one', title: 'One', command: 'aws sts get-caller-identity', hint: 'Ask STS.' }],
    checks: [{ id: 'one', title: 'One check' }],
    files: ['lab.ts'],
  };
}

describe('the catalogue', () => {
  it('puts labs in lesson order, and a lab after what it requires even when its lesson comes first', () => {
    const ordered = teachingOrder([entry('late', '09-late'), entry('needs-late', '03-early', ['late']), entry('first', '01-first')]);
    expect(ordered.map((l) => l.id)).toEqual(['first', 'late', 'needs-late']);
  });

  it('refuses labs that require each other in a circle', () => {
    expect(() => teachingOrder([entry('a', '01-a', ['b']), entry('b', '02-b', ['a'])])).toThrow(/in a circle: a → b → a/);
  });

  it('reports a broken or missing entry for its lab alone, and reads the others', () => {
    const dir = mkdtempSync(join(tmpdir(), 'catalogue-'));
    for (const id of ['good', 'broken', 'missing', 'wrong-id']) mkdirSync(join(dir, id));
    writeFileSync(join(dir, 'good', 'lab.json'), JSON.stringify(entry('good', '01-good')));
    writeFileSync(join(dir, 'broken', 'lab.json'), '{ not json');
    writeFileSync(join(dir, 'wrong-id', 'lab.json'), JSON.stringify(entry('another', '02-x')));
    const { labs, problems } = readCatalogue(dir);
    expect(labs.map((l) => l.id)).toEqual(['good']);
    expect(problems.map((p) => p.id).sort()).toEqual(['broken', 'missing', 'wrong-id']);
    expect(problems.find((p) => p.id === 'missing')?.problem).toMatch(/has no lab.json \(`npx lab dev gen` writes it\)/);
    expect(problems.find((p) => p.id === 'wrong-id')?.problem).toMatch(/names the lab "another", not "wrong-id"/);
  });
});
