// The suite proves the labs against a local cloud as strict as AWS: a gate in front of LocalStack with every
// behaviour on. What is missing from that, in one line, or undefined when nothing is.
import { BEHAVIOURS } from '../../lab-runner/gate/behaviours.js';
import type { UpResult } from '../../lab-runner/localstack/local-cloud.js';

export function missingStrictness(result: Pick<UpResult, 'endpoint' | 'gate'>): string | undefined {
  if (!result.gate) {
    return `The LocalStack at ${result.endpoint} has no gate in front of it, so the suite cannot run with every behaviour on. Stop it and let the suite start its own, or set AWS_ENDPOINT_URL to a port where \`npx lab up\` starts one.`;
  }
  const off = BEHAVIOURS.filter((name) => !result.gate?.behaviours[name]);
  return off.length > 0 ? `The gate at ${result.endpoint} kept ${off.join(', ')} off; the suite needs every behaviour on.` : undefined;
}
