// Whether `lab check` lets checks write (the billing alarm's test notification) when the student does not say: on the
// local cloud yes, on AWS no (it would email every confirmed subscriber), and --writes / --no-writes always win.
import { describe, expect, it } from 'vitest';
import { checksMayWrite } from '../../lab-runner/service/check.js';

describe('checks that may write', () => {
  it('write by default on the local cloud and any other local endpoint, not on AWS', () => {
    expect(checksMayWrite(undefined, { name: 'localstack' })).toBe(true);
    expect(checksMayWrite(undefined, { name: 'endpoint' })).toBe(true);
    expect(checksMayWrite(undefined, { name: 'aws' })).toBe(false);
  });

  it('do as told by --writes or --no-writes', () => {
    expect(checksMayWrite(true, { name: 'aws' })).toBe(true);
    expect(checksMayWrite(false, { name: 'localstack' })).toBe(false);
  });
});
