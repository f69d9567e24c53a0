import type { ResourceKind } from './kind.js';

export const iamRolesKinds: ResourceKind[] = [];
