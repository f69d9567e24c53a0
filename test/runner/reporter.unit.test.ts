import { describe, expect, it } from 'vitest';
import { terminalReporter } from '../../lab-runner/report/terminal.js';

describe('terminal reporter', () => {
  it('shows each step with its command, what happened to each resource, outputs, result and duration, plain off a terminal', () => {
    const lines: string[] = [];
    const report = terminalReporter({ write: (line) => lines.push(line), flags: ' --region eu-west-1' });
    report({ type: 'lab-start', lab: 'demo', title: 'Demo', target: 'localstack http://127.0.0.1:4566', account: '000000000000', region: 'us-east-1', steps: 2, solution: false });
    report({ type: 'start', lab: 'demo', step: 1, id: 'make', title: 'Make a thing', command: 'aws demo make-thing', timeoutMs: 1000 });
    report({ type: 'resource', lab: 'demo', step: 1, action: 'updated', kind: 'demo:thing', name: 'thing', id: 't-1', detail: 'size 1 → 2' });
    report({ type: 'output', lab: 'demo', step: 1, name: 'thing', value: 't-1' });
    report({ type: 'say', lab: 'demo', step: 1, message: 'made' });
    report({ type: 'ok', lab: 'demo', step: 1, title: 'Make a thing', ms: 12 });
    report({ type: 'start', lab: 'demo', step: 2, id: 'use', title: 'Use it', command: 'aws demo use', timeoutMs: 1000 });
    report({ type: 'fail', lab: 'demo', step: 2, title: 'Use it', ms: 5, error: { code: 'AccessDenied', message: 'no', advice: 'Check the policies.' } });
    report({ type: 'lab-end', lab: 'demo', completed: false });
    const text = lines.join('\n');
    expect(text).toContain('1/2 Make a thing');
    expect(text).toContain('$ aws demo make-thing');
    expect(text).toContain('~ updated demo:thing thing (t-1): size 1 → 2');
    expect(text).toContain('thing: t-1');
    expect(text).toContain('✓ done in 12 ms');
    expect(text).toContain('✗ AccessDenied: no after 5 ms');
    expect(text).toContain('→ Check the policies.');
    expect(text).not.toMatch(/\u001b\[/);
  });

  it('names the file, line and column of a TODO, shows the code around it and the hint', () => {
    const lines: string[] = [];
    const frame = '  41 |   async run(ctx) {\n> 42 |     const x = todo(\'send it\');\n     |               ^';
    terminalReporter({ write: (line) => lines.push(line) })({ type: 'todo', lab: 'demo', step: 3, title: 'T', text: 'send it', hint: 'Use SendCommand.', at: { file: 'labs/demo/lab.ts', line: 42, column: 15, frame } });
    const text = lines.join('\n');
    expect(text).toContain('Step 3 is yours to write: labs/demo/lab.ts:42:15 — send it');
    expect(text).toContain("> 42 |     const x = todo('send it');");
    expect(text).toContain('Hint: Use SendCommand.');
  });

  it('keeps the target flags in its follow-up advice', () => {
    const lines: string[] = [];
    terminalReporter({ write: (line) => lines.push(line), flags: ' --target aws --region eu-west-1' })({ type: 'lab-end', lab: 'vpc', completed: true });
    expect(lines.join('\n')).toContain('Now check it: npx lab check vpc --target aws --region eu-west-1');
  });
});
