// AWS's error shapes, one per protocol, so an SDK, the CLI and a student's own code read the gate's refusals exactly as
// they read AWS's: https://smithy.io/2.0/aws/protocols/ (awsQuery, ec2Query, awsJson1_0/1_1, restXml, rpcv2Cbor).
import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { cbor } from '@smithy/core/cbor';
import type { GateRequest } from './request.js';

export interface AwsError {
  status: number;
  /** The code as the query and XML protocols spell it, e.g. `AccessDenied`. */
  code: string;
  message: string;
  /** The code the JSON protocols use where it differs, e.g. `AccessDeniedException`. */
  jsonCode?: string;
  /** Sender (the client's fault) or Receiver. */
  type?: 'Sender' | 'Receiver';
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function bodyFor(request: GateRequest, error: AwsError, requestId: string): { type: string; body: Buffer } {
  const message = escapeXml(error.message);
  switch (request.protocol) {
    case 'ec2':
      return { type: 'text/xml', body: Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>${error.code}</Code><Message>${message}</Message></Error></Errors><RequestID>${requestId}</RequestID></Response>`) };
    case 'rest-xml':
      return { type: 'application/xml', body: Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${error.code}</Code><Message>${message}</Message><RequestId>${requestId}</RequestId><HostId>gate</HostId></Error>`) };
    case 'json': {
      const version = /x-amz-json-1\.1/.test(String(request.headers['content-type'] ?? '')) ? '1.1' : '1.0';
      return { type: `application/x-amz-json-${version}`, body: Buffer.from(JSON.stringify({ __type: error.jsonCode ?? error.code, message: error.message })) };
    }
    case 'cbor':
      return { type: 'application/cbor', body: Buffer.from(cbor.serialize({ __type: error.jsonCode ?? error.code, message: error.message })) };
    default:
      return { type: 'text/xml', body: Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>\n<ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><Error><Type>${error.type ?? 'Sender'}</Type><Code>${error.code}</Code><Message>${message}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`) };
  }
}

export function sendError(res: ServerResponse, request: GateRequest, error: AwsError): void {
  const requestId = randomUUID();
  const { type, body } = bodyFor(request, error, requestId);
  const headers: Record<string, string | number> = { 'content-type': type, 'x-amzn-requestid': requestId, 'x-amz-request-id': requestId };
  if (request.protocol === 'cbor') headers['smithy-protocol'] = 'rpc-v2-cbor';
  // JSON services that were once query services (SQS, CloudWatch) also say the query code, which their SDKs surface.
  if (request.headers['x-amzn-query-mode']) headers['x-amzn-query-error'] = `${error.code};${error.type ?? 'Sender'}`;
  headers['content-length'] = request.method === 'HEAD' ? 0 : body.length;
  res.writeHead(error.status, headers);
  res.end(request.method === 'HEAD' ? undefined : body);
}

/** The code a service uses for "not authorized", by protocol and service. */
export function accessDenied(request: GateRequest, message: string): AwsError {
  if (request.service === 'ec2') return { status: 403, code: 'UnauthorizedOperation', message };
  // https://docs.aws.amazon.com/sns/latest/api/CommonErrors.html
  if (request.service === 'sns') return { status: 403, code: 'AuthorizationError', message };
  return { status: 403, code: 'AccessDenied', jsonCode: 'AccessDeniedException', message };
}

const SIGNATURE_MESSAGE =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';

export function signatureMismatch(request: GateRequest): AwsError {
  return { status: 403, code: 'SignatureDoesNotMatch', jsonCode: request.service === 's3' ? undefined : 'InvalidSignatureException', message: SIGNATURE_MESSAGE };
}

export function invalidKey(request: GateRequest): AwsError {
  if (request.service === 's3') return { status: 403, code: 'InvalidAccessKeyId', message: 'The AWS Access Key Id you provided does not exist in our records.' };
  if (request.service === 'ec2') return { status: 401, code: 'AuthFailure', message: 'AWS was not able to validate the provided access credentials' };
  return { status: 403, code: 'InvalidClientTokenId', jsonCode: 'UnrecognizedClientException', message: 'The security token included in the request is invalid.' };
}

export function expiredToken(request: GateRequest): AwsError {
  return { status: request.service === 's3' ? 400 : 403, code: 'ExpiredToken', jsonCode: 'ExpiredTokenException', message: 'The security token included in the request is expired' };
}

export function expiredUrl(): AwsError {
  return { status: 403, code: 'AccessDenied', message: 'Request has expired' };
}

/** A parameter AWS refuses: EC2 says InvalidParameterValue/InvalidParameterCombination, the others ValidationError. */
export function invalidParameter(code: string, message: string): AwsError {
  return { status: 400, code, jsonCode: code === 'ValidationError' ? 'ValidationException' : code, message };
}
