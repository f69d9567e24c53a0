// The suite refuses a local cloud that is not as strict as it must be, in one line saying what is missing.
import { describe, expect, it } from 'vitest';
import { DEFAULT_TUNING, defaultBehaviours, parseStrict } from '../../lab-runner/gate/behaviours.js';
import { missingStrictness } from './strict-cloud.js';

const endpoint = 'http://127.0.0.1:4566';
const gate = (strict: string) => ({ gate: true as const, upstream: 'http://127.0.0.1:4567', behaviours: parseStrict(strict, defaultBehaviours()), tuning: DEFAULT_TUNING });

describe('the strictness the suite needs', () => {
  it('is every behaviour of the gate', () => {
    expect(missingStrictness({ endpoint, gate: gate('all') })).toBeUndefined();
  });

  it('names the behaviours left off', () => {
    expect(missingStrictness({ endpoint, gate: gate('') })).toBe('The gate at http://127.0.0.1:4566 kept consistency, throttling off; the suite needs every behaviour on.');
  });

  it('refuses a LocalStack without a gate, saying what to do', () => {
    expect(missingStrictness({ endpoint })).toMatch(/^The LocalStack at http:\/\/127\.0\.0\.1:4566 has no gate in front of it, .* Stop it and let the suite start its own/);
  });
});
