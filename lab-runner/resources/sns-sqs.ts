import type { ResourceKind } from './kind.js';

export const snsSqsKinds: ResourceKind[] = [];
