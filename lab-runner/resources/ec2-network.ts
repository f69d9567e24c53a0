import type { ResourceKind } from './kind.js';

export const ec2NetworkKinds: ResourceKind[] = [];
