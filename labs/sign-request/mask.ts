// What the lab shows of a real Authorization header. An access key id is not a secret, but it names one key of one
// person and ends up in logs and screenshots: the lab shows its first 4 characters (AKIA for a long-term key, ASIA for
// temporary credentials) and nothing more. The secret and the session token are never shown, anywhere.

export function maskKeyId(accessKeyId: string): string {
  return `${accessKeyId.slice(0, 4)}…`;
}

/** The header with its key id masked, and its signature too when `hideSignature`. */
export function maskedAuthorization(header: string, { hideSignature = false } = {}): string {
  const masked = header.replace(/Credential=([^/,\s]+)\//, (_, keyId: string) => `Credential=${maskKeyId(keyId)}/`);
  return hideSignature ? masked.replace(/Signature=\w+/, 'Signature=…') : masked;
}
