// Progress is kept per target, account and region, with who built it; a broken file is set aside, never trusted.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describeStatus, lastBuilder, progressOf, readState, recordProgress, regionsUsed } from '../../lab-runner/service/progress.js';

const here = { target: 'localstack', account: '000000000001', region: 'us-east-1' };
const elsewhere = { ...here, region: 'eu-west-1' };

describe('progress', () => {
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

  it('keeps each lab apart per region: a check elsewhere does not change it here', () => {
    recordProgress(here, 'vpc', { status: 'passed', by: 'student' });
    recordProgress(elsewhere, 'vpc', { status: 'failing', failed: 9 });
    expect(describeStatus(progressOf(here, 'vpc'))).toBe('passed');
    expect(describeStatus(progressOf(elsewhere, 'vpc'))).toBe('9 checks failing');
    expect(describeStatus(progressOf({ ...here, account: '000000000002' }, 'vpc'))).toBe('not started');
    expect(regionsUsed('localstack', here.account, 'vpc').sort()).toEqual(['eu-west-1', 'us-east-1']);
  });

  it('says whether a pass came from the solution', () => {
    recordProgress(here, 'connect', { status: 'completed', by: 'solution' });
    expect(lastBuilder(here, 'connect')).toBe('solution');
    recordProgress(here, 'connect', { status: 'passed', by: 'solution' });
    expect(describeStatus(progressOf(here, 'connect'))).toBe('passed (by the solution)');
  });

  it("does not credit the student with a pass the solution built, even after the student's run stopped at a TODO", () => {
    recordProgress(here, 'vpc', { status: 'completed', by: 'solution' });
    recordProgress(here, 'vpc', { status: 'stopped', step: 1, reason: 'todo', by: 'student' });
    expect(lastBuilder(here, 'vpc')).toBe('solution');
    recordProgress(here, 'vpc', { status: 'completed', by: 'student' });
    expect(lastBuilder(here, 'vpc')).toBe('student');
    recordProgress(here, 'vpc', { status: 'reset' });
    expect(lastBuilder(here, 'vpc')).toBeUndefined();
  });

  it('sets aside a corrupted or older file with a warning, and starts afresh', () => {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'state.json'), '{"version":1,"targets":{"t1":{"vpc"');
    const warnings: string[] = [];
    expect(readState((w) => warnings.push(w))).toEqual({ version: 2, progress: {} });
    expect(warnings[0]).toMatch(/unreadable or from an older version.*Nothing in the cloud is affected/);
    expect(readdirSync(dir).some((f) => f.startsWith('state.json.old-'))).toBe(true);
    recordProgress(here, 'vpc', { status: 'reset' });
    expect(existsSync(join(dir, 'state.json'))).toBe(true);
  });
});
