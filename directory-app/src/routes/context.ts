import type { IncomingMessage, ServerResponse } from 'node:http';
import type { InstanceMetadata } from '../imds.js';
import type { PhotoBucket } from '../photos.js';
import type { EmployeeStore } from '../store.js';

/** What every route handler can use. */
export interface AppContext {
  store: EmployeeStore;
  photos: PhotoBucket;
  metadata: InstanceMetadata;
  log: (line: string) => void;
}

export type RouteHandler = (
  ctx: AppContext,
  req: IncomingMessage,
  res: ServerResponse,
  /** The id segment of the path, still unchecked; handlers validate it. */
  id: string,
) => Promise<void>;
