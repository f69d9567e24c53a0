// A create sent once: a lost answer is looked up before the create is tried again (it may have been made); a throttled
// one is simply tried again (a throttled request was refused before anything was done).
import { describe, expect, it } from 'vitest';
import { createOnce } from '../../lab-runner/converge/once.js';

function awsError(name: string, status: number): Error {
  return Object.assign(new Error(name), { name, $metadata: { httpStatusCode: status } });
}

function attempts(answers: (Error | string)[]) {
  const said: string[] = [];
  let lookups = 0;
  const left = [...answers];
  const create = async () => {
    const next = left.shift();
    if (next instanceof Error) throw next;
    return next ?? 'made';
  };
  const findMade = async () => {
    lookups += 1;
    return undefined;
  };
  const run = () => createOnce({ say: (line) => void said.push(line) }, 'subnet public-a', create, findMade, async () => {});
  return { run, said, lookups: () => lookups };
}

describe('createOnce', () => {
  it('tries a throttled create again without looking for what it made: nothing was', async () => {
    const call = attempts([awsError('RequestLimitExceeded', 503), awsError('Throttling', 400), 'made']);
    expect(await call.run()).toBe('made');
    expect(call.lookups()).toBe(0);
    expect(call.said).toEqual([
      'creating subnet public-a was throttled (RequestLimitExceeded) each time it was tried; nothing was made, so trying again',
      'creating subnet public-a was throttled (Throttling) each time it was tried; nothing was made, so trying again',
    ]);
  });

  it('looks for what a create with a lost answer made before it tries again', async () => {
    const call = attempts([awsError('InternalError', 500), 'made']);
    expect(await call.run()).toBe('made');
    expect(call.lookups()).toBe(1);
    expect(call.said).toEqual(['creating subnet public-a got no answer (InternalError); it was not made, so trying again']);
  });

  it('gives up after four attempts, and never tries a refused create again', async () => {
    const throttled = attempts(Array.from({ length: 4 }, () => awsError('Throttling', 400)));
    await expect(throttled.run()).rejects.toThrow('Throttling');
    const refused = attempts([awsError('InvalidParameterValue', 400), 'made']);
    await expect(refused.run()).rejects.toThrow('InvalidParameterValue');
    expect(refused.lookups()).toBe(0);
  });
});
