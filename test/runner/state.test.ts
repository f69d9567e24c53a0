import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describeStatus, labStatuses, readState, recordStatus } from '../../lab-runner/state.js';

describe('progress state file', () => {
  let dir: string;
  let saved: string | undefined;
  beforeEach(() => {
    saved = process.env.WORKBOOK_STATE_DIR;
    dir = mkdtempSync(join(tmpdir(), 'state-'));
    process.env.WORKBOOK_STATE_DIR = dir;
  });
  afterEach(() => {
    process.env.WORKBOOK_STATE_DIR = saved;
  });

  it('remembers each lab per target', () => {
    recordStatus('t1', 'vpc', { status: 'stopped', step: 3, reason: 'todo' });
    recordStatus('t2', 'vpc', { status: 'passed' });
    expect(describeStatus(labStatuses('t1').vpc)).toBe('stopped at step 3 (your TODO)');
    expect(describeStatus(labStatuses('t2').vpc)).toBe('passed');
    expect(describeStatus(labStatuses('t1').connect)).toBe('not started');
  });

  it('recovers from a corrupted file with a warning, keeping the old file aside', () => {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'state.json'), '{"version":1,"targets":{"t1":{"vpc"');
    const warnings: string[] = [];
    expect(readState((w) => warnings.push(w))).toEqual({ version: 1, targets: {} });
    expect(warnings[0]).toMatch(/unreadable.*Nothing in the cloud is affected/);
    expect(readdirSync(dir).some((f) => f.startsWith('state.json.corrupt-'))).toBe(true);
    recordStatus('t1', 'vpc', { status: 'passed' });
    expect(existsSync(join(dir, 'state.json'))).toBe(true);
  });
});
