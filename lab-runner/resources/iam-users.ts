import type { ResourceKind } from './kind.js';

export const iamUsersKinds: ResourceKind[] = [];
