/** A mistake in a lesson file. The message names the file (and line when known) so the author can fix it. */
export class LessonError extends Error {
  constructor(file: string, problem: string, line?: number) {
    super(`${file}${line === undefined ? '' : `:${line}`}: ${problem}`);
    this.name = 'LessonError';
    // The author needs the file and line, not where in the plugin the check happened.
    this.stack = `${this.name}: ${this.message}`;
  }
}
