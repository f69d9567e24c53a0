// Every kind of resource a lab can create, in removal order.
import { cloudwatchKinds } from './cloudwatch.js';
import { ec2InstancesKinds } from './ec2-instances.js';
import { ec2NetworkKinds } from './ec2-network.js';
import { iamRolesKinds } from './iam-roles.js';
import { iamUsersKinds } from './iam-users.js';
import type { ResourceKind } from './kind.js';
import { s3Kinds } from './s3.js';
import { snsSqsKinds } from './sns-sqs.js';

export const resourceKinds: ResourceKind[] = [
  ...ec2InstancesKinds,
  ...cloudwatchKinds,
  ...s3Kinds,
  ...snsSqsKinds,
  ...iamUsersKinds,
  ...iamRolesKinds,
  ...ec2NetworkKinds,
].sort((a, b) => a.order - b.order);
