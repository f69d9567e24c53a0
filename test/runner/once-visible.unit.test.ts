// Reset asks about what it has just listed: "not found" then means "not visible yet" for a few seconds, not "gone".
import { describe, expect, it } from 'vitest';
import { onceVisible } from '../../lab-runner/resources/visible.js';

const notFound = Object.assign(new Error('The security group does not exist'), { name: 'InvalidGroup.NotFound' });
const denied = Object.assign(new Error('not authorized'), { name: 'UnauthorizedOperation' });

describe('a call about something just listed', () => {
  it('is tried again while it answers "not found", and its answer returned once it is visible', async () => {
    let calls = 0;
    const waited: number[] = [];
    const answer = await onceVisible(
      async () => {
        calls += 1;
        if (calls < 3) throw notFound;
        return 'seen';
      },
      async (ms) => void waited.push(ms),
    );
    expect(answer).toBe('seen');
    expect(waited).toEqual([500, 1000]);
  });

  it('counts it as gone when it stays "not found" for a few seconds', async () => {
    const waited: number[] = [];
    const answer = await onceVisible(
      async () => {
        throw notFound;
      },
      async (ms) => void waited.push(ms),
    );
    expect(answer).toBeUndefined();
    expect(waited.reduce((a, b) => a + b, 0)).toBe(7_500);
  });

  it('passes any other error on at once', async () => {
    await expect(onceVisible(async () => Promise.reject(denied), async () => {})).rejects.toThrow('not authorized');
  });
});
