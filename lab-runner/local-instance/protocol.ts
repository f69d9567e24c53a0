// What the lab process tells the supervisor it starts, and what the supervisor answers, over their IPC channel.
// The channel carries the target's credentials, so they never appear in an argument list, an environment or a file.
import type { LocalInstanceRecord } from './records.js';

export interface SupervisorConfig {
  instanceId: string;
  region: string;
  /** The target (LocalStack) the metadata service reads the instance, its profile and its role from. */
  endpoint: string;
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /** Identity values by their path under /latest/meta-data/. */
  metadata: Record<string, string>;
  tokensRequired: boolean;
  /** The program (one JavaScript file), its environment, and the port it was told to listen on. */
  program: string;
  env: Record<string, string>;
  port: number;
  host: string;
  /** The instance's disk, and where its record goes once it answers. */
  folder: string;
  recordFile: string;
}

export type SupervisorMessage = { type: 'ready'; record: LocalInstanceRecord } | { type: 'failed'; message: string };
