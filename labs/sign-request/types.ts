// The shapes a Signature Version 4 signer works with, shared by your signer, the SDK reference and the checks.

/** An HTTP request before it is signed. */
export interface SignableRequest {
  method: string;
  /** Host, and port if not the default, exactly as in the URL: `sts.us-east-1.amazonaws.com`, `127.0.0.1:4566`. */
  host: string;
  /** The path as it goes on the wire, already URI-encoded once: `/`, `/prod/caf%C3%A9`. */
  path: string;
  /** Query parameters, decoded; a name that appears several times has a list of values. */
  query: Record<string, string | string[]>;
  /** Header names in any case; values as the client sends them (a repeated header arrives joined with commas). */
  headers: Record<string, string>;
  /** The body as text; `''` when there is none. */
  body: string;
}

export interface SigningCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  /** Present with temporary credentials (a role, SSO, `aws login`): it is sent and signed as X-Amz-Security-Token. */
  sessionToken?: string;
}

/** When, where and for which service a signature is valid: its credential scope. */
export interface SigningScope {
  date: Date;
  region: string;
  service: string;
}

export interface SignedRequest {
  /** Every header to send: the request's own plus host, x-amz-date, x-amz-security-token (if any) and authorization. */
  headers: Record<string, string>;
  canonicalRequest: string;
  stringToSign: string;
}

/** What a signer module must export for the lab's checks to test it. */
export interface Signer {
  signRequest(request: SignableRequest, credentials: SigningCredentials, scope: SigningScope): SignedRequest;
}

/** A header's value whatever the case of its name. */
export function headerValue(headers: Record<string, string>, name: string): string | undefined {
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : headers[key];
}
