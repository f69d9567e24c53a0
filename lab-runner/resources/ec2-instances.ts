import type { ResourceKind } from './kind.js';

export const ec2InstancesKinds: ResourceKind[] = [];
