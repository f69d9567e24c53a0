// The requests a signer is tried on, each with one of the things SigV4 gets wrong most often. The credentials are the
// example keys from the AWS documentation: nothing here signs anything real.
import type { SignableRequest, SigningCredentials, SigningScope } from './types.js';

export interface Sample {
  /** Short and stable: the proof the lab leaves records each sample's signature under it. */
  id: string;
  title: string;
  request: SignableRequest;
  credentials: SigningCredentials;
  scope: SigningScope;
}

export const EXAMPLE_CREDENTIALS: SigningCredentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };

const AUG_30_2015 = new Date('2015-08-30T12:36:00Z');
const FORM = 'application/x-www-form-urlencoded; charset=utf-8';

function get(host: string, path: string, query: SignableRequest['query'], headers: Record<string, string> = {}): SignableRequest {
  return { method: 'GET', host, path, query, headers, body: '' };
}

function post(host: string, path: string, headers: Record<string, string>, body: string, query: SignableRequest['query'] = {}): SignableRequest {
  return { method: 'POST', host, path, query, headers, body };
}

function sample(id: string, title: string, request: SignableRequest, service: string, region = 'us-east-1', extra: Partial<Omit<Sample, 'id' | 'title' | 'request'>> = {}): Sample {
  return { id, title, request, credentials: EXAMPLE_CREDENTIALS, scope: { date: AUG_30_2015, region, service }, ...extra };
}

/** Never empty: the lab shows the first sample's pieces as an example. */
export const SAMPLES: [Sample, ...Sample[]] = [
  sample('list-users', 'GET with a query string (IAM ListUsers, the AWS documentation example)', get('iam.amazonaws.com', '/', { Action: 'ListUsers', Version: '2010-05-08' }, { 'Content-Type': FORM }), 'iam'),
  sample(
    'reserved-characters',
    'query values with reserved characters: space, / + = & and ! \' ( ) * %',
    get('example.amazonaws.com', '/', { Prefix: 'photos/2024 summer+fall', Filter: 'a=b&c=d', Marker: "it's (50%) off!*", Keep: '~unreserved-chars_stay.as-is' }),
    'service',
  ),
  sample('beyond-ascii', 'query values beyond ASCII', get('example.amazonaws.com', '/', { Name: 'Zoë Ünïcode', City: 'Zürich', Greeting: 'こんにちは', Weather: '☁' }), 'service'),
  sample(
    'sorted-query',
    'query names sorted by code point, names before values, repeated and empty ones',
    get('example.amazonaws.com', '/', { tag: '1', 'tag-key': '2', apple: 'a', Zebra: 'z', list: ['b', 'a b', 'a'], acl: '' }),
    'service',
  ),
  sample(
    'padded-headers',
    'POST with a form body and padded headers, one of them repeated',
    post(
      'sts.us-east-1.amazonaws.com',
      '/',
      { 'Content-Type': FORM, 'X-Amz-Meta-Note': '   several    spaces   inside   ', 'X-Amz-Meta-Colors': 'red,   green ,blue' },
      'Action=GetCallerIdentity&Version=2011-06-15',
    ),
    'sts',
  ),
  sample(
    'json-body',
    'POST with a JSON body beyond ASCII (DynamoDB)',
    post('dynamodb.eu-west-1.amazonaws.com', '/', { 'Content-Type': 'application/x-amz-json-1.0', 'X-Amz-Target': 'DynamoDB_20120810.ListTables' }, '{"Limit":10,"Note":"café"}'),
    'dynamodb',
    'eu-west-1',
  ),
  sample('empty-body', 'POST with an empty body', post('sqs.us-east-1.amazonaws.com', '/123456789012/my-queue', {}, '', { Action: 'PurgeQueue' }), 'sqs'),
  sample('double-encoded-path', 'a path encoded twice (API Gateway)', get('abc123.execute-api.eu-west-1.amazonaws.com', '/prod/menu/caf%C3%A9%20au%20lait', {}), 'execute-api', 'eu-west-1'),
  sample('session-token', 'temporary credentials: a session token, late on a leap day', get('sts.eu-central-1.amazonaws.com', '/', { Action: 'GetCallerIdentity', Version: '2011-06-15' }), 'sts', 'eu-central-1', {
    credentials: { ...EXAMPLE_CREDENTIALS, sessionToken: 'IQoJb3JpZ2luX2VjEXAMPLE//////////wEaCXVzLWVhc3QtMSJHMEUCIQDexample+token/with==' },
    scope: { date: new Date('2024-02-29T23:59:59Z'), region: 'eu-central-1', service: 'sts' },
  }),
];

/** The signing key of the AWS documentation's example: the secret above, 20150830, us-east-1, iam. */
export const DOCUMENTED_SIGNING_KEY = 'c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9';
