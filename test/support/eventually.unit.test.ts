// The test code's careful client: a call on something just made is tried again while AWS says it is not visible yet or
// asks to slow down, and any other answer comes back at once.
import { describe, expect, it } from 'vitest';
import { eventually, isTransient } from './eventually.js';

function awsError(name: string, message = name): Error {
  return Object.assign(new Error(message), { name });
}

/** A call that fails with `errors` in turn, then answers `done`. */
function failingFirst(...errors: Error[]): { call: () => Promise<string>; calls: () => number } {
  let calls = 0;
  return {
    call: async () => {
      const error = errors[calls];
      calls += 1;
      if (error) throw error;
      return 'done';
    },
    calls: () => calls,
  };
}

const noWait = async () => {};

describe('eventually', () => {
  it('tries again while the new resource is not visible or the service asks to slow down', async () => {
    const { call, calls } = failingFirst(awsError('InvalidGroup.NotFound'), awsError('NoSuchEntityException'), awsError('RequestLimitExceeded'), awsError('Throttling'));
    expect(await eventually(call, { sleep: noWait })).toBe('done');
    expect(calls()).toBe(5);
  });

  it('passes any other error on at once', async () => {
    const { call, calls } = failingFirst(awsError('AccessDenied'));
    await expect(eventually(call, { sleep: noWait })).rejects.toThrow('AccessDenied');
    expect(calls()).toBe(1);
  });

  it('gives up once the time is spent, with the last error', async () => {
    const always = async () => {
      throw awsError('InvalidRouteTableID.NotFound');
    };
    await expect(eventually(always, { withinMs: 0, sleep: noWait })).rejects.toThrow('InvalidRouteTableID.NotFound');
  });

  it('knows EC2 answering "Invalid IAM Instance Profile name" for a profile made a moment ago', () => {
    expect(isTransient(awsError('InvalidParameterValue', 'Value (p) for parameter iamInstanceProfile.name is invalid. Invalid IAM Instance Profile name'))).toBe(true);
    expect(isTransient(awsError('InvalidParameterValue', 'Value for parameter CidrBlock is invalid'))).toBe(false);
  });
});
