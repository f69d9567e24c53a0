// A lab step's one-line command, laid out in lines for a lesson: still the same command, and still valid shell.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { labCatalogue } from '../../site/plugin/labs.js';
import { shellLines } from '../../site/plugin/shell-lines.js';
import { projectRoot } from './helpers/build-site.js';

const catalogue = labCatalogue(join(projectRoot, 'labs'));
const steps = catalogue.ids.flatMap((id) => (catalogue.load(id)?.steps ?? []).map((step) => ({ name: `${id}/${step.id}`, command: step.command })));

/** Undoes the layout: continuations and operator line ends back to spaces, the comment back to the end. */
function oneLine(laidOut: string): string {
  const lines = laidOut.split('\n');
  const comment = lines.at(-1)?.startsWith('#') ? ` ${lines.pop()}` : '';
  return lines.join('\n').replace(/ \\\n\s*/g, ' ').replace(/(&&|\|\||;)\n/g, '$1 ') + comment;
}

describe('a lab command laid out for a lesson', () => {
  it('puts one command on a line, continues long ones before their options, and moves a comment to a line of its own', () => {
    expect(shellLines('aws sts get-caller-identity')).toBe('aws sts get-caller-identity');
    expect(shellLines('a --x 1 && b; c   # why')).toBe('a --x 1 &&\nb;\nc\n# why');
    const long = `aws ec2 create-vpc --cidr-block 10.1.0.0/16 --tag-specifications 'ResourceType=vpc,Tags=[{Key=Name,Value=app-vpc}]' --query Vpc.VpcId`;
    expect(shellLines(long)).toBe(
      `aws ec2 create-vpc --cidr-block 10.1.0.0/16 \\\n  --tag-specifications 'ResourceType=vpc,Tags=[{Key=Name,Value=app-vpc}]' \\\n  --query Vpc.VpcId`,
    );
  });

  it('never breaks inside quotes, nor inside a command substitution that is only part of a value', () => {
    const quoted = `aws iam create-policy --description "${'word '.repeat(20).trim()}" --policy-name P`;
    expect(shellLines(quoted).split('\n')).toContain(`    "${'word '.repeat(20).trim()}" \\`);
    const arn = `aws iam attach-role-policy --role-name R --policy-arn "arn:aws:iam::$(aws sts get-caller-identity --query Account --output text):policy/P"`;
    expect(shellLines(arn)).toContain('"arn:aws:iam::$(aws sts get-caller-identity --query Account --output text):policy/P"');
  });

  it.each(steps)('keeps $name the same command, and valid shell', ({ command }) => {
    const laidOut = shellLines(command);
    expect(oneLine(laidOut)).toBe(command.replace(/ +#/, ' #'));
    // Placeholders such as <queue-url> are for the reader to fill in, not shell.
    expect(() => execFileSync('bash', ['-n', '-c', laidOut.replace(/<[a-z-]+>/g, 'X')], { stdio: 'pipe' })).not.toThrow();
    expect(laidOut.split('\n').length).toBeGreaterThanOrEqual(Math.min(2, Math.ceil(command.length / 78)));
  });
});
