// The IAM action and resource ARN of each operation the labs, the directory app and the lessons' CLI commands make,
// as the Service Authorization Reference lists them:
// https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html
// Where an action names several resource types, the one the operation is about is used. An operation not in these
// tables is evaluated against `*`, and the gate says so once.
import type { GateRequest } from './request.js';

export interface Authorization {
  action: string;
  /** One or more resources; the request is allowed only if every one is. */
  resources: string[];
  /** Whether the operation is in the table; false means its resource is `*` by default. */
  mapped: boolean;
  /** Service condition keys the request sets, e.g. s3:prefix. */
  context: Record<string, string | string[]>;
}

/**
 * Operations that need no permission at all: https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html
 * and https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_temp_control-access_getsessiontoken.html
 */
export const ALWAYS_ALLOWED = new Set(['sts:GetCallerIdentity', 'sts:GetSessionToken']);

const SERVICE_PREFIX: Record<string, string> = { monitoring: 'cloudwatch' };

type Resolver = (r: GateRequest, at: Scope) => string[];

interface Scope {
  account: string;
  region: string;
  /** The caller's own user name, for IAM operations that default to it. */
  self?: string;
}

const star: Resolver = () => ['*'];

// IAM: https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsidentityandaccessmanagementiam.html
const iamArn = (at: Scope, kind: string, name: string) => `arn:aws:iam::${at.account}:${kind}/${name}`;
const iamUser: Resolver = (r, at) => [iamArn(at, 'user', r.params.UserName ?? at.self ?? '')];
const iamGroup: Resolver = (r, at) => [iamArn(at, 'group', r.params.GroupName ?? '')];
const iamRole: Resolver = (r, at) => [iamArn(at, 'role', r.params.RoleName ?? '')];
const iamProfile: Resolver = (r, at) => [iamArn(at, 'instance-profile', r.params.InstanceProfileName ?? '')];
const iamPolicy: Resolver = (r, at) => [r.params.PolicyArn ?? iamArn(at, 'policy', r.params.PolicyName ?? '')];
const iamMfa: Resolver = (r, at) => [r.params.SerialNumber ?? iamArn(at, 'mfa', r.params.VirtualMFADeviceName ?? '')];

const IAM: Record<string, Resolver> = {
  ...Object.fromEntries(
    ['CreateUser', 'DeleteUser', 'GetUser', 'TagUser', 'UntagUser', 'ListUserTags', 'UpdateUser', 'CreateAccessKey', 'DeleteAccessKey', 'ListAccessKeys', 'UpdateAccessKey',
      'AttachUserPolicy', 'DetachUserPolicy', 'ListAttachedUserPolicies', 'PutUserPolicy', 'GetUserPolicy', 'DeleteUserPolicy', 'ListUserPolicies', 'ListGroupsForUser',
      'CreateLoginProfile', 'GetLoginProfile', 'UpdateLoginProfile', 'DeleteLoginProfile', 'EnableMFADevice', 'DeactivateMFADevice', 'ListMFADevices',
      'ListSigningCertificates', 'DeleteSigningCertificate', 'ListSSHPublicKeys', 'DeleteSSHPublicKey', 'ListServiceSpecificCredentials', 'DeleteServiceSpecificCredential',
      'ChangePassword'].map((op) => [op, iamUser]),
  ),
  ...Object.fromEntries(
    ['CreateGroup', 'DeleteGroup', 'GetGroup', 'UpdateGroup', 'AddUserToGroup', 'RemoveUserFromGroup', 'AttachGroupPolicy', 'DetachGroupPolicy', 'ListAttachedGroupPolicies',
      'PutGroupPolicy', 'GetGroupPolicy', 'DeleteGroupPolicy', 'ListGroupPolicies'].map((op) => [op, iamGroup]),
  ),
  ...Object.fromEntries(
    ['CreateRole', 'DeleteRole', 'GetRole', 'UpdateRole', 'UpdateAssumeRolePolicy', 'TagRole', 'UntagRole', 'ListRoleTags', 'AttachRolePolicy', 'DetachRolePolicy',
      'ListAttachedRolePolicies', 'PutRolePolicy', 'GetRolePolicy', 'DeleteRolePolicy', 'ListRolePolicies', 'ListInstanceProfilesForRole', 'PassRole'].map((op) => [op, iamRole]),
  ),
  ...Object.fromEntries(
    ['CreateInstanceProfile', 'DeleteInstanceProfile', 'GetInstanceProfile', 'AddRoleToInstanceProfile', 'RemoveRoleFromInstanceProfile', 'TagInstanceProfile',
      'UntagInstanceProfile', 'ListInstanceProfileTags'].map((op) => [op, iamProfile]),
  ),
  ...Object.fromEntries(
    ['CreatePolicy', 'DeletePolicy', 'GetPolicy', 'GetPolicyVersion', 'CreatePolicyVersion', 'DeletePolicyVersion', 'ListPolicyVersions', 'SetDefaultPolicyVersion',
      'TagPolicy', 'UntagPolicy', 'ListPolicyTags', 'ListEntitiesForPolicy'].map((op) => [op, iamPolicy]),
  ),
  ...Object.fromEntries(['CreateVirtualMFADevice', 'DeleteVirtualMFADevice', 'ListMFADeviceTags', 'TagMFADevice', 'ResyncMFADevice'].map((op) => [op, iamMfa])),
  ...Object.fromEntries(
    ['ListUsers', 'ListGroups', 'ListRoles', 'ListPolicies', 'ListInstanceProfiles', 'ListVirtualMFADevices', 'GetAccountSummary', 'GetAccountPasswordPolicy',
      'UpdateAccountPasswordPolicy', 'DeleteAccountPasswordPolicy', 'GetAccountAuthorizationDetails', 'ListAccountAliases'].map((op) => [op, star]),
  ),
};

// STS: https://docs.aws.amazon.com/service-authorization/latest/reference/list_awssecuritytokenservice.html
const STS: Record<string, Resolver> = {
  AssumeRole: (r) => [r.params.RoleArn ?? '*'],
  GetCallerIdentity: star,
  GetSessionToken: star,
};

// EC2: https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonec2.html
const EC2_ID_TYPES: Record<string, string> = {
  vpc: 'vpc', subnet: 'subnet', sg: 'security-group', igw: 'internet-gateway', rtb: 'route-table', i: 'instance', ami: 'image', eni: 'network-interface', vol: 'volume', rtbassoc: 'route-table',
};
const ec2Arn = (at: Scope, type: string, id: string) => `arn:aws:ec2:${at.region}:${at.account}:${type}/${id}`;
const ec2Id = (param: string, type: string): Resolver => (r, at) => [ec2Arn(at, type, r.params[param] ?? '*')];
const ec2New = (type: string): Resolver => (_r, at) => [ec2Arn(at, type, '*')];
const ec2Tagged: Resolver = (r, at) =>
  Object.entries(r.params)
    .filter(([k]) => /^ResourceId\.\d+$/.test(k))
    .map(([, id]) => ec2Arn(at, EC2_ID_TYPES[id.split('-')[0] ?? ''] ?? 'resource', id));
const ec2Instances: Resolver = (r, at) => {
  const ids = Object.entries(r.params).filter(([k]) => /^InstanceId(\.\d+)?$/.test(k)).map(([, id]) => ec2Arn(at, 'instance', id));
  return ids.length > 0 ? ids : ['*'];
};

const EC2: Record<string, Resolver> = {
  ...Object.fromEntries(
    ['DescribeVpcs', 'DescribeSubnets', 'DescribeSecurityGroups', 'DescribeInternetGateways', 'DescribeRouteTables', 'DescribeInstances', 'DescribeImages',
      'DescribeAvailabilityZones', 'DescribeRegions', 'DescribeVpcAttribute', 'DescribeInstanceTypeOfferings', 'DescribeInstanceTypes', 'DescribeIamInstanceProfileAssociations',
      'DescribeTags', 'DescribeNetworkInterfaces', 'DescribeInstanceStatus', 'DescribeSecurityGroupRules', 'DescribeAccountAttributes'].map((op) => [op, star]),
  ),
  CreateVpc: ec2New('vpc'),
  DeleteVpc: ec2Id('VpcId', 'vpc'),
  ModifyVpcAttribute: ec2Id('VpcId', 'vpc'),
  AssociateVpcCidrBlock: ec2Id('VpcId', 'vpc'),
  CreateSubnet: ec2New('subnet'),
  DeleteSubnet: ec2Id('SubnetId', 'subnet'),
  ModifySubnetAttribute: ec2Id('SubnetId', 'subnet'),
  CreateSecurityGroup: ec2New('security-group'),
  DeleteSecurityGroup: ec2Id('GroupId', 'security-group'),
  AuthorizeSecurityGroupIngress: ec2Id('GroupId', 'security-group'),
  AuthorizeSecurityGroupEgress: ec2Id('GroupId', 'security-group'),
  RevokeSecurityGroupIngress: ec2Id('GroupId', 'security-group'),
  RevokeSecurityGroupEgress: ec2Id('GroupId', 'security-group'),
  CreateInternetGateway: ec2New('internet-gateway'),
  DeleteInternetGateway: ec2Id('InternetGatewayId', 'internet-gateway'),
  AttachInternetGateway: ec2Id('InternetGatewayId', 'internet-gateway'),
  DetachInternetGateway: ec2Id('InternetGatewayId', 'internet-gateway'),
  CreateRouteTable: ec2New('route-table'),
  DeleteRouteTable: ec2Id('RouteTableId', 'route-table'),
  CreateRoute: ec2Id('RouteTableId', 'route-table'),
  DeleteRoute: ec2Id('RouteTableId', 'route-table'),
  AssociateRouteTable: ec2Id('RouteTableId', 'route-table'),
  DisassociateRouteTable: star,
  CreateTags: ec2Tagged,
  DeleteTags: ec2Tagged,
  RunInstances: ec2New('instance'),
  TerminateInstances: ec2Instances,
  StartInstances: ec2Instances,
  StopInstances: ec2Instances,
  ModifyInstanceAttribute: ec2Instances,
  ModifyInstanceMetadataOptions: ec2Instances,
  AssociateIamInstanceProfile: ec2Instances,
  ReplaceIamInstanceProfileAssociation: star,
};

// S3: https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html
const S3_ACTIONS: Record<string, string> = {
  ListBuckets: 'ListAllMyBuckets', ListObjects: 'ListBucket', ListObjectsV2: 'ListBucket', HeadBucket: 'ListBucket', HeadObject: 'GetObject',
  ListObjectVersions: 'ListBucketVersions', ListMultipartUploads: 'ListBucketMultipartUploads', ListParts: 'ListMultipartUploadParts',
  CopyObject: 'PutObject', CreateMultipartUpload: 'PutObject', UploadPart: 'PutObject', CompleteMultipartUpload: 'PutObject', PostObject: 'PutObject',
  DeleteObjects: 'DeleteObject', GetBucketEncryption: 'GetEncryptionConfiguration', PutBucketEncryption: 'PutEncryptionConfiguration',
  DeleteBucketEncryption: 'PutEncryptionConfiguration', GetPublicAccessBlock: 'GetBucketPublicAccessBlock', PutPublicAccessBlock: 'PutBucketPublicAccessBlock',
  DeletePublicAccessBlock: 'PutBucketPublicAccessBlock', DeleteBucketTagging: 'PutBucketTagging', GetBucketCors: 'GetBucketCORS', PutBucketCors: 'PutBucketCORS',
  DeleteBucketCors: 'PutBucketCORS', GetBucketLifecycleConfiguration: 'GetLifecycleConfiguration', PutBucketLifecycleConfiguration: 'PutLifecycleConfiguration',
  DeleteBucketLifecycle: 'PutLifecycleConfiguration', DeleteBucketOwnershipControls: 'PutBucketOwnershipControls', DeleteObjectTagging: 'DeleteObjectTagging',
};
const S3_BUCKET_OPS = new Set([
  'CreateBucket', 'DeleteBucket', 'HeadBucket', 'ListObjects', 'ListObjectsV2', 'ListObjectVersions', 'ListMultipartUploads', 'GetBucketPolicy', 'PutBucketPolicy',
  'DeleteBucketPolicy', 'GetBucketTagging', 'PutBucketTagging', 'DeleteBucketTagging', 'GetBucketLocation', 'GetBucketEncryption', 'PutBucketEncryption',
  'DeleteBucketEncryption', 'GetBucketVersioning', 'PutBucketVersioning', 'GetPublicAccessBlock', 'PutPublicAccessBlock', 'DeletePublicAccessBlock',
  'GetBucketOwnershipControls', 'PutBucketOwnershipControls', 'DeleteBucketOwnershipControls', 'GetBucketAcl', 'PutBucketAcl', 'GetBucketCors', 'PutBucketCors',
  'DeleteBucketCors', 'GetBucketLifecycleConfiguration', 'PutBucketLifecycleConfiguration', 'DeleteBucketLifecycle',
]);
const S3_OBJECT_OPS = new Set([
  'GetObject', 'HeadObject', 'PutObject', 'CopyObject', 'DeleteObject', 'GetObjectTagging', 'PutObjectTagging', 'DeleteObjectTagging', 'CreateMultipartUpload',
  'UploadPart', 'CompleteMultipartUpload', 'AbortMultipartUpload', 'ListParts', 'GetObjectAcl', 'PutObjectAcl', 'GetObjectAttributes', 'PostObject',
]);

function s3Authorization(r: GateRequest): Authorization {
  const action = `s3:${S3_ACTIONS[r.operation] ?? r.operation}`;
  const bucketArn = `arn:aws:s3:::${r.bucket ?? ''}`;
  const query = new URLSearchParams(r.url.includes('?') ? r.url.slice(r.url.indexOf('?') + 1) : '');
  const context: Record<string, string | string[]> = {};
  if (query.has('prefix')) context['s3:prefix'] = query.get('prefix') ?? '';
  if (query.has('delimiter')) context['s3:delimiter'] = query.get('delimiter') ?? '';
  if (r.operation === 'ListBuckets') return { action, resources: ['*'], mapped: true, context };
  if (r.operation === 'DeleteObjects') {
    const keys = [...(r.body?.toString('utf8') ?? '').matchAll(/<Key>([^<]*)<\/Key>/g)].map(([, key = '']) => `${bucketArn}/${unescapeXml(key)}`);
    return { action, resources: keys.length > 0 ? keys : [`${bucketArn}/*`], mapped: true, context };
  }
  if (r.key !== undefined && S3_OBJECT_OPS.has(r.operation)) {
    const resources = [`${bucketArn}/${r.key}`];
    if (r.operation === 'CopyObject') return { action, resources, mapped: true, context: { ...context, 's3:x-amz-copy-source': String(r.headers['x-amz-copy-source'] ?? '') } };
    return { action, resources, mapped: true, context };
  }
  if (r.key === undefined && S3_BUCKET_OPS.has(r.operation)) return { action, resources: [bucketArn], mapped: true, context };
  return { action, resources: ['*'], mapped: false, context };
}

function unescapeXml(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
}

// SNS: https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonsns.html
const snsTopic: Resolver = (r, at) => [r.params.TopicArn ?? r.params.ResourceArn ?? `arn:aws:sns:${at.region}:${at.account}:${r.params.Name ?? '*'}`];
const SNS: Record<string, Resolver> = {
  ...Object.fromEntries(['CreateTopic', 'DeleteTopic', 'GetTopicAttributes', 'SetTopicAttributes', 'Subscribe', 'Publish', 'ListSubscriptionsByTopic', 'TagResource', 'UntagResource', 'ListTagsForResource'].map((op) => [op, snsTopic])),
  ListTopics: star,
  ListSubscriptions: star,
  Unsubscribe: (r) => [(r.params.SubscriptionArn ?? '*').split(':').slice(0, 6).join(':')],
  ConfirmSubscription: snsTopic,
};

// SQS: https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonsqs.html
export function queueArnFromUrl(url: string, region: string): string | undefined {
  const [path = ''] = url.split('?');
  const [, account, name] = /\/(\d{12})\/([^/?]+)\/?$/.exec(path) ?? [];
  return account && name ? `arn:aws:sqs:${region}:${account}:${name}` : undefined;
}
const sqsQueue: Resolver = (r, at) => [
  (r.params.QueueUrl && queueArnFromUrl(r.params.QueueUrl, at.region)) ?? `arn:aws:sqs:${at.region}:${r.params.QueueOwnerAWSAccountId ?? at.account}:${r.params.QueueName ?? '*'}`,
];
const SQS: Record<string, Resolver> = {
  ...Object.fromEntries(
    ['CreateQueue', 'DeleteQueue', 'GetQueueUrl', 'GetQueueAttributes', 'SetQueueAttributes', 'SendMessage', 'SendMessageBatch', 'ReceiveMessage', 'DeleteMessage',
      'DeleteMessageBatch', 'ChangeMessageVisibility', 'PurgeQueue', 'TagQueue', 'UntagQueue', 'ListQueueTags', 'AddPermission', 'RemovePermission'].map((op) => [op, sqsQueue]),
  ),
  ListQueues: star,
};
const SQS_ACTIONS: Record<string, string> = { SendMessageBatch: 'SendMessage', DeleteMessageBatch: 'DeleteMessage' };

// CloudWatch: https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazoncloudwatch.html
const alarm = (at: Scope, name: string) => `arn:aws:cloudwatch:${at.region}:${at.account}:alarm:${name}`;
const cwAlarm: Resolver = (r, at) => [alarm(at, r.params.AlarmName ?? '*')];
const cwAlarms: Resolver = (r, at) => {
  const names = Object.entries(r.params).filter(([k]) => /^AlarmNames\.member\.\d+$/.test(k)).map(([, n]) => alarm(at, n));
  const fromJson = Array.isArray(r.json?.AlarmNames) ? (r.json.AlarmNames as unknown[]).map((n) => alarm(at, String(n))) : [];
  const all = [...names, ...fromJson];
  return all.length > 0 ? all : ['*'];
};
const CLOUDWATCH: Record<string, Resolver> = {
  PutMetricAlarm: cwAlarm,
  SetAlarmState: cwAlarm,
  DeleteAlarms: cwAlarms,
  EnableAlarmActions: cwAlarms,
  DisableAlarmActions: cwAlarms,
  DescribeAlarms: star,
  DescribeAlarmHistory: star,
  ListMetrics: star,
  GetMetricStatistics: star,
  GetMetricData: star,
  PutMetricData: star,
  TagResource: (r) => [r.params.ResourceARN ?? '*'],
  UntagResource: (r) => [r.params.ResourceARN ?? '*'],
  ListTagsForResource: (r) => [r.params.ResourceARN ?? '*'],
};

// SSM: https://docs.aws.amazon.com/service-authorization/latest/reference/list_awssystemsmanager.html
const ssmParameter = (param: string): Resolver => (r, at) => {
  const name = (r.params[param] ?? '').replace(/^\//, '');
  // Public parameters such as /aws/service/ami-amazon-linux-latest/… belong to no account.
  return [`arn:aws:ssm:${at.region}:${name.startsWith('aws/') ? '' : at.account}:parameter/${name}`];
};
const SSM: Record<string, Resolver> = {
  GetParameter: ssmParameter('Name'),
  PutParameter: ssmParameter('Name'),
  DeleteParameter: ssmParameter('Name'),
  GetParametersByPath: ssmParameter('Path'),
  DescribeParameters: star,
};

const TABLES: Record<string, Record<string, Resolver>> = { iam: IAM, sts: STS, ec2: EC2, sns: SNS, sqs: SQS, monitoring: CLOUDWATCH, ssm: SSM };

export function authorizationFor(request: GateRequest, at: Scope): Authorization {
  if (request.service === 's3') return s3Authorization(request);
  const prefix = SERVICE_PREFIX[request.service] ?? request.service;
  const operation = request.service === 'sqs' ? (SQS_ACTIONS[request.operation] ?? request.operation) : request.operation;
  const resolve = TABLES[request.service]?.[request.operation];
  const action = `${prefix}:${operation}`;
  if (!resolve) return { action, resources: ['*'], mapped: false, context: {} };
  return { action, resources: resolve(request, at), mapped: true, context: {} };
}
