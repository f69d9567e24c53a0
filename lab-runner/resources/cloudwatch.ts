import type { ResourceKind } from './kind.js';

export const cloudwatchKinds: ResourceKind[] = [];
