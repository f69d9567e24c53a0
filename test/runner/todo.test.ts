import { describe, expect, it } from 'vitest';
import { TodoError, todo } from '../../lab-runner/lab.js';

describe('todo()', () => {
  it('stops with the text and the file and line of the call', () => {
    const line = Number(new Error().stack?.split('\n')[1].match(/:(\d+):\d+\)?$/)?.[1]) + 2;
    try {
      todo('write the call');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(TodoError);
      const t = error as TodoError;
      expect(t.text).toBe('write the call');
      expect(t.file).toMatch(/test\/runner\/todo\.test\.ts$/);
      expect(t.line).toBe(line);
    }
  });
});
