import { describe, expect, it } from 'vitest';
import { terminalReporter } from '../../lab-runner/report/terminal.js';

describe('terminal reporter', () => {
  it('shows each step with its command, outputs, result and duration, in plain text off a terminal', () => {
    const lines: string[] = [];
    const report = terminalReporter((line) => lines.push(line));
    report({ type: 'lab-start', lab: 'demo', title: 'Demo', target: 'localstack http://127.0.0.1:4566', account: '000000000000', region: 'us-east-1', steps: 2, solution: false });
    report({ type: 'start', lab: 'demo', step: 1, title: 'Make a thing', command: 'aws demo make-thing' });
    report({ type: 'output', lab: 'demo', step: 1, name: 'thing', message: 'thing: t-1' });
    report({ type: 'ok', lab: 'demo', step: 1, title: 'Make a thing', ms: 12 });
    report({ type: 'start', lab: 'demo', step: 2, title: 'Use it', command: 'aws demo use' });
    report({ type: 'fail', lab: 'demo', step: 2, title: 'Use it', ms: 5, error: { code: 'AccessDenied', message: 'no', advice: 'Check the policies.' } });
    const text = lines.join('\n');
    expect(text).toContain('1/2 Make a thing');
    expect(text).toContain('$ aws demo make-thing');
    expect(text).toContain('thing: t-1');
    expect(text).toContain('✓ done in 12 ms');
    expect(text).toContain('✗ AccessDenied: no after 5 ms');
    expect(text).toContain('→ Check the policies.');
    expect(text).not.toMatch(/\u001b\[/);
  });

  it('names the file and line of a TODO', () => {
    const lines: string[] = [];
    terminalReporter((line) => lines.push(line))({ type: 'todo', lab: 'demo', step: 3, title: 'T', file: 'labs/demo/lab.ts', line: 42, text: 'send it' });
    expect(lines.join('\n')).toContain('Step 3 is yours to write: labs/demo/lab.ts:42 — send it');
  });
});
