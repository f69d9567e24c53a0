// Throttling: each account may make a burst of requests to a service, refilled at a steady rate; beyond it, requests
// are refused with the service's throttling error, which SDKs retry with backoff. AWS's EC2 works this way (a token
// bucket per account): https://docs.aws.amazon.com/ec2/latest/devguide/ec2-api-throttling.html
// Codes per service: RequestLimitExceeded (EC2), SlowDown (S3), Throttling / ThrottlingException (query / JSON).
import type { AwsError } from './errors.js';
import type { GateRequest } from './request.js';

interface Bucket {
  tokens: number;
  at: number;
}

export class Throttle {
  private readonly buckets = new Map<string, Bucket>();

  /** Takes a token for the request, or says how AWS refuses it when none is left. */
  take(request: GateRequest, account: string, burst: number, perSecond: number): AwsError | undefined {
    const key = `${account}|${request.service}`;
    const now = Date.now();
    const bucket = this.buckets.get(key) ?? { tokens: burst, at: now };
    bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.at) / 1000) * perSecond);
    bucket.at = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return undefined;
    }
    return throttled(request);
  }
}

function throttled(request: GateRequest): AwsError {
  if (request.service === 'ec2') return { status: 503, code: 'RequestLimitExceeded', message: 'Request limit exceeded.' };
  if (request.service === 's3') return { status: 503, code: 'SlowDown', message: 'Please reduce your request rate.' };
  return { status: 400, code: 'Throttling', jsonCode: 'ThrottlingException', message: 'Rate exceeded' };
}
