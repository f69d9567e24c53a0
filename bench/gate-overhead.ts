// What the gate costs a student: the week (`lab run all --solution` + `lab check all`) through the gate, divided by
// the same week straight to the LocalStack behind it, each the median of several runs, the two interleaved so that a
// busy machine slows both alike. The gate keeps the behaviours a student gets by default (`lab up`): eventual
// consistency and throttling make correct code wait on purpose, which is AWS's behaviour, not the gate's overhead.
import { configureGate, gateStatus } from '../lab-runner/gate/client.js';
import { defaultBehaviours, describeBehaviours, parseStrict } from '../lab-runner/gate/behaviours.js';
import { freshAccountEnv, lab, median } from './lab-command.js';

export interface GateOverheadOptions {
  /** The gated local cloud's endpoint; `lab up` is run there first (it reuses a running one). */
  endpoint: string;
  /** Runs of each way; the figure compares their medians. */
  runs?: number;
  /** The behaviours the gate has while measured, as `--strict` takes them; the defaults of `lab up` when absent. */
  strict?: string;
  /** The labs of the week, run and checked in this order: `all`, or a comma-separated list of lab ids. */
  labs?: string;
}

export interface GateOverhead {
  name: string;
  /** Median of the week through the gate ÷ median of the week straight to LocalStack. */
  ratio: number;
  aim: string;
  met: boolean;
  gate: { endpoint: string; behaviours: string; medianMs: number; runsMs: number[] };
  straight: { endpoint: string; medianMs: number; runsMs: number[] };
}

export const GATE_OVERHEAD_AIM = 1.1;

/** Measures the figure "the week through the gate ÷ straight to LocalStack"; leaves the gate's behaviours as it found them. */
export async function measureGateOverhead({ endpoint, runs = 5, strict, labs = 'all' }: GateOverheadOptions): Promise<GateOverhead> {
  lab(['up'], { ...process.env, AWS_ENDPOINT_URL: endpoint });
  const before = await gateStatus(endpoint);
  if (!before) throw new Error(`No gate answers at ${endpoint}: the overhead of the gate needs the gated local cloud there.`);
  const measured = await configureGate(endpoint, parseStrict(strict, defaultBehaviours()));
  let figure: GateOverhead;
  try {
    figure = compare(endpoint, before.upstream, describeBehaviours(measured.behaviours), runs, labs);
  } catch (error) {
    // The measurement's own failure is the one to see; putting the behaviours back is tried all the same.
    await configureGate(endpoint, before.behaviours).catch(() => undefined);
    throw error;
  }
  await configureGate(endpoint, before.behaviours);
  return figure;
}

function compare(endpoint: string, straightTo: string, behaviours: string, runs: number, labs: string): GateOverhead {
  const gateMs: number[] = [];
  const straightMs: number[] = [];
  for (let i = 0; i < runs; i++) {
    // Alternate which goes first, so neither always meets a LocalStack warmed or tired by the other.
    const order = i % 2 === 0 ? [endpoint, straightTo] : [straightTo, endpoint];
    for (const at of order) (at === endpoint ? gateMs : straightMs).push(weekOnce(at, labs));
  }
  const ratio = median(gateMs) / median(straightMs);
  return {
    name: 'the week through the gate ÷ straight to LocalStack',
    ratio: Math.round(ratio * 100) / 100,
    aim: `≤ ${GATE_OVERHEAD_AIM.toFixed(2)}`,
    met: ratio <= GATE_OVERHEAD_AIM,
    gate: { endpoint, behaviours, medianMs: Math.round(median(gateMs)), runsMs: gateMs.map(Math.round) },
    straight: { endpoint: straightTo, medianMs: Math.round(median(straightMs)), runsMs: straightMs.map(Math.round) },
  };
}

/**
 * One week in a fresh account at `endpoint`: billing alerts turned on first (not timed: a student does it once, and
 * the billing alarm's first step needs it), then the timed run and check, then a reset (not timed). Checks may fail
 * straight to LocalStack, where IAM is not enforced (a check that acts as a role sees another bucket let through).
 */
export function weekOnce(endpoint: string, labs = 'all'): number {
  const env = freshAccountEnv(endpoint, 910_000_000_000);
  lab(['billing-alerts', 'on'], env);
  const ids = labs === 'all' ? ['all'] : labs.split(',').map((id) => id.trim());
  let ms = 0;
  for (const id of ids) ms += lab(['run', id, '--solution'], env);
  for (const id of ids) ms += lab(['check', id], env, [0, 1]);
  for (const id of [...ids].reverse()) lab(['reset', id, '--yes'], env);
  return ms;
}
