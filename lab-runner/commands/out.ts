// A line on standard output: the one way commands print.
export function out(line = ''): void {
  process.stdout.write(`${line}\n`);
}
