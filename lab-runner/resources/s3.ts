import type { ResourceKind } from './kind.js';

export const s3Kinds: ResourceKind[] = [];
