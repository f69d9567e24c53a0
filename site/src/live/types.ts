// What the runner API answers, typed by the runner's own definitions. Type-only: no runner code reaches the page.
import type { Inventory } from '../../../lab-runner/api/inventory.js';
import type { CheckReport, LabReport } from '../../../lab-runner/check.js';
import type { AwsErrorInfo, LabEvent } from '../../../lab-runner/events.js';
import type { ResetResult } from '../../../lab-runner/reset.js';
import type { FoundResource } from '../../../lab-runner/resources/kind.js';
import type { RunResult } from '../../../lab-runner/run.js';

export type { AwsErrorInfo, CheckReport, FoundResource, Inventory, LabEvent, LabReport, ResetResult, RunResult };

/** One line of a run's `application/x-ndjson` stream. */
export type StreamLine = LabEvent | { type: 'result'; result: RunResult } | { type: 'error'; message: string; advice?: string };

/** "Run lab" runs the student's starter, "Run solution" the completed one. */
export type RunKind = 'run' | 'solution';
