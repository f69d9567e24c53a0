// What the runner and the process that runs a lab's code say to each other (see executor.ts and child.ts).
import type { AwsCredentialIdentity } from '@smithy/types';
import type { LabEntry } from '../catalogue/schema.js';
import type { CodeProblem } from '../compile/frame.js';
import type { AwsErrorInfo, CodeLocation, LabEvent } from '../events.js';
import type { ServiceName } from '../clients.js';
import type { TargetName } from '../target.js';

/** A target as it crosses to the child: credentials resolved once, in memory, never on a command line. */
export interface TargetData {
  name: TargetName;
  endpoint?: string;
  region: string;
  profile?: string;
  label: string;
  credentials: AwsCredentialIdentity;
}

export interface SessionData {
  target: TargetData;
  account: string;
  arn: string;
}

/** The SDK packages a job for these labs loads: theirs, and STS (every lab may ask who it is). */
export function servicesOfLabs(labs: readonly LabEntry[]): ServiceName[] {
  return [...new Set<ServiceName>(['sts', ...labs.flatMap((lab) => lab.services)])];
}

/** Sent to a process started ahead of its job: the SDK packages to load while it waits. */
export interface Preload {
  kind: 'preload';
  services: readonly ServiceName[];
}

export type Job =
  | { kind: 'run'; lab: LabEntry; module: string; solution: boolean; session: SessionData; options: Record<string, string> }
  /** `stay`: the process waits for another check job after this one (see CheckWorkers). */
  | { kind: 'check'; lab: LabEntry; labs: { lab: LabEntry; module: string }[]; session: SessionData; writes: boolean; stay?: boolean };

export type RunResult =
  | { outcome: 'completed'; outputs: Record<string, string> }
  | { outcome: 'todo'; step: number; text: string; hint: string; at: CodeLocation }
  /** `lost`: the target stopped answering; nothing the student's code did. */
  | { outcome: 'failed'; step: number; error: AwsErrorInfo; at?: CodeLocation; lost?: boolean }
  | { outcome: 'stopped'; step: number; reason: 'cancelled' | 'timeout' | 'crashed' }
  | { outcome: 'invalid'; stage: 'syntax' | 'types'; problems: CodeProblem[] };

export interface CheckReport {
  id: string;
  title: string;
  passed: boolean;
  detail: string;
  /** The check could not reach the target, so it says nothing about the student's work. */
  unreachable?: boolean;
  /** The check did not judge (a write test while writes are off): it counts neither for nor against. */
  skipped?: boolean;
}

export type ChildMessage =
  | { type: 'event'; event: LabEvent }
  | { type: 'ran'; result: RunResult }
  | { type: 'checked'; labs: { lab: string; checks: CheckReport[] }[] }
  | { type: 'broken'; error: AwsErrorInfo; at?: CodeLocation };
