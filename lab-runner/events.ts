// What steps and checks report while they run. The terminal reporter and the site's live view render the same events.

export interface AwsErrorInfo {
  code: string;
  message: string;
  /** What the student can do about it. */
  advice: string;
}

export type LabEvent =
  | { type: 'lab-start'; lab: string; title: string; target: string; account: string; region: string; steps: number; solution: boolean }
  | { type: 'start'; lab: string; step: number; title: string; command: string }
  | { type: 'ok'; lab: string; step: number; title: string; ms: number }
  | { type: 'fail'; lab: string; step: number; title: string; ms: number; error: AwsErrorInfo }
  | { type: 'todo'; lab: string; step: number; title: string; file: string; line: number; text: string }
  | { type: 'output'; lab: string; step: number; name?: string; message: string }
  | { type: 'lab-end'; lab: string; completed: boolean };

export type EventSink = (event: LabEvent) => void;
