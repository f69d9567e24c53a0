// What steps and checks report while they run. The terminal reporter and the site's live view render the same events.

export interface AwsErrorInfo {
  code: string;
  message: string;
  /** What the student can do about it. */
  advice: string;
}

/** A place in the student's code, with the lines around it as the compiler shows them. */
export interface CodeLocation {
  /** Relative to the project, e.g. `labs/vpc/lab.ts`. */
  file: string;
  line: number;
  column: number;
  /** A few numbered lines around the place, the place marked; plain text. */
  frame: string;
}

/** How the runner met a resource a step asked for: the runner, not the step, owns idempotency. */
export type ResourceAction = 'created' | 'reused' | 'updated' | 'replaced' | 'removed';

export type LabEvent =
  | { type: 'lab-start'; lab: string; title: string; target: string; account: string; region: string; steps: number; solution: boolean }
  | { type: 'start'; lab: string; step: number; id: string; title: string; command: string; timeoutMs: number }
  | { type: 'say'; lab: string; step: number; message: string }
  | { type: 'output'; lab: string; step: number; name: string; value: string }
  | { type: 'resource'; lab: string; step: number; action: ResourceAction; kind: string; name: string; id: string; detail?: string }
  | { type: 'log'; lab: string; step: number; text: string }
  | { type: 'ok'; lab: string; step: number; title: string; ms: number }
  | { type: 'fail'; lab: string; step: number; title: string; ms: number; error: AwsErrorInfo; at?: CodeLocation }
  | { type: 'todo'; lab: string; step: number; title: string; text: string; hint: string; at: CodeLocation }
  | { type: 'lab-end'; lab: string; completed: boolean };

export type EventSink = (event: LabEvent) => void;
