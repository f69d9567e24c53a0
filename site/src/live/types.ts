// What the runner API answers, typed by the runner's own definitions. Type-only: no runner code reaches the page.
import type { AwsErrorInfo, CodeLocation, LabEvent, ResourceAction } from '../../../lab-runner/events.js';
import type { RunResult } from '../../../lab-runner/execute/protocol.js';
import type { FoundResource } from '../../../lab-runner/resources/kind.js';
import type { LabReport } from '../../../lab-runner/service/check.js';
import type { CheckReport } from '../../../lab-runner/execute/protocol.js';
import type { Inventory } from '../../../lab-runner/service/inventory.js';
import type { ResetResult } from '../../../lab-runner/service/reset.js';
import type { ConsentRequest } from '../../../lab-runner/service/consent.js';
import type { MissingLab } from '../../../lab-runner/service/prerequisites.js';
import type { CodeProblem } from '../../../lab-runner/compile/frame.js';

export type { AwsErrorInfo, CheckReport, CodeLocation, CodeProblem, ConsentRequest, FoundResource, Inventory, LabEvent, LabReport, MissingLab, ResetResult, ResourceAction, RunResult };

/** One line of a run's `application/x-ndjson` stream. */
export type StreamLine = LabEvent | { type: 'result'; result: RunResult } | { type: 'error'; error: string; advice?: string };

/** "Run lab" runs the student's starter, "Run solution" the completed one. */
export type RunKind = 'run' | 'solution';
