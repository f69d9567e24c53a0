// Grading's input and output, without a cloud: the class lists (profiles file, roster), cells a spreadsheet would run
// as formulas, and every bad option refused with one line and exit 2 before any account is asked anything.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../lab-runner/errors.js';
import { readProfilesFile, readRoster } from '../../lab-runner/grading/students.js';
import { csvText } from '../../lab-runner/report/csv.js';
import { runCli } from '../support/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'grading-input-'));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

// Nothing answers here: a command that got as far as asking an account would say so, not refuse its options.
const env: NodeJS.ProcessEnv = {
  ...process.env,
  AWS_ENDPOINT_URL: 'http://127.0.0.1:1',
  AWS_ACCESS_KEY_ID: '000000003999',
  AWS_SECRET_ACCESS_KEY: 'test',
  AWS_REGION: 'us-east-1',
  AWS_CONFIG_FILE: '/nonexistent/config',
  AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/credentials',
  AWS_EC2_METADATA_DISABLED: 'true',
};

describe('the class lists', () => {
  it('reads a profiles file: # starts a comment only at the start of a line', () => {
    const path = file('profiles.txt', '# week one, group A\nalice\nhas#hash\n   # an indented comment\n\n  bob  \r\ncarol # not a comment\n');
    expect(readProfilesFile(path)).toEqual(['alice', 'has#hash', 'bob', 'carol # not a comment']);
  });

  it('refuses a profile listed twice, naming it', () => {
    const path = file('twice.txt', 'alice\nbob\nalice\n');
    expect(() => readProfilesFile(path)).toThrow(/alice.*twice/);
  });

  it('reads a roster: an account column, a name column when there is one', () => {
    const path = file('roster.csv', 'account,name\n000000003101,Ada Lovelace\n"000000003102",\n');
    expect(readRoster(path)).toEqual([
      { name: 'Ada Lovelace', account: '000000003101' },
      { name: '000000003102', account: '000000003102' },
    ]);
  });

  it.each([
    ['no account column', 'id,name\n000000003101,Ada\n', /account column/],
    ['an account that is not 12 digits', 'account,name\n000000003101,Ada\n12345,Bob\n', /line 3: "12345" is not a 12-digit AWS account id/],
    ['an account listed twice', 'account\n000000003101\n000000003101\n', /000000003101.*twice/],
    ['no students', 'account,name\n', /no students/],
    ['broken quoting', 'account,name\n"000000003101,Ada\n', /roster\.csv.*not CSV/],
  ])('refuses a roster with %s', (_, text, message) => {
    const path = file('roster.csv', text);
    const error = (() => {
      try {
        readRoster(path);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(UserError);
    expect((error as Error).message).toMatch(message);
  });
});

describe('CSV cells', () => {
  it('neutralises every cell a spreadsheet would run as a formula (OWASP CSV injection)', () => {
    const dangerous = ['=HYPERLINK("http://evil.example","click")', '+1+1', '-2+3', '@SUM(A1)', '\tTAB', '\rCR'];
    const text = csvText([['student'], ...dangerous.map((d) => [d]), ['plain'], ['has,comma'], ['say "hi"']]);
    const cells = (parse(text, { relax_column_count: true }) as string[][]).map((row) => row[0]);
    expect(cells).toEqual(['student', ...dangerous.map((d) => `'${d}`), 'plain', 'has,comma', 'say "hi"']);
  });
});

describe('bad grading options: one line, exit 2, before any account is asked', () => {
  const profiles = file('class.txt', 'alice\n');
  const outDir = join(dir, 'out');
  mkdirSync(outDir, { recursive: true });
  mkdirSync(join(outDir, 'taken.csv'), { recursive: true });
  const roster = file('good-roster.csv', 'account\n000000003101\n');

  it.each([
    ['an --out folder that does not exist', ['--profiles', 'alice', '--out', join(dir, 'missing', 'class')], /--out .*missing.* is not a folder that exists/],
    ['an --out that is a folder', ['--profiles', 'alice', '--out', outDir], /--out .* is a folder: give a file name prefix/],
    ['an --out whose file would be a folder', ['--profiles', 'alice', '--out', join(outDir, 'taken')], /taken\.csv is a folder/],
    ['a --junit that is a folder', ['--profiles', 'alice', '--out', join(outDir, 'class'), '--junit', outDir], /--junit .* is a folder/],
    ['a --junit in a folder that does not exist', ['--profiles', 'alice', '--out', join(outDir, 'class'), '--junit', join(dir, 'nope', 'x.xml')], /--junit .*nope.* is not a folder that exists/],
    ['two class lists', ['--profiles', 'alice', '--profiles-file', profiles], /only one of --profiles, --profiles-file and --roster/],
    ['a roster without a role', ['--roster', roster], /--roster needs --role-name/],
    ['a role without a roster', ['--profiles', 'alice', '--role-name', 'Grader'], /--role-name goes with --roster/],
    ['a role name IAM would refuse', ['--roster', roster, '--role-name', 'no spaces'], /"no spaces" is not an IAM role name/],
    ['a concurrency that is not a whole number from 1 to 64', ['--profiles', 'alice', '--concurrency', '0'], /--concurrency must be a whole number from 1 to 64/],
    ['an empty --profiles', ['--profiles', ' , '], /No students to grade/],
    ['a profiles file that is missing', ['--profiles-file', join(dir, 'none.txt')], /Cannot read the profiles file/],
    ['--resume from a file that is not a class report', ['--profiles', 'alice', '--out', join(dir, 'junk'), '--resume'], /junk\.json is not a class report/],
    ['--resume without a class', ['--resume'], /--resume goes with --profiles, --profiles-file or --roster/],
  ])('refuses %s', async (_, args, message) => {
    writeFileSync(join(dir, 'junk.json'), '{"not":"a report"}');
    const r = await runCli(['check', 'all', ...args], env);
    expect(r.stderr).toMatch(message);
    expect(r.code).toBe(2);
    expect(r.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
    expect(r.stderr.trim().split('\n').length).toBeLessThanOrEqual(2);
  });
});
