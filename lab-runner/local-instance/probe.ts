// Asks a local instance who it is, the way a program on it would (IMDSv2), and whether its program answers.
const PROBE_TIMEOUT_MS = 1500;

/** The instance id the metadata service at `imdsUrl` answers, or undefined when nothing (or something else) answers. */
export async function metadataInstanceId(imdsUrl: string): Promise<string | undefined> {
  try {
    const tokenResponse = await fetch(`${imdsUrl}/latest/api/token`, {
      method: 'PUT',
      headers: { 'X-aws-ec2-metadata-token-ttl-seconds': '60' },
      signal: AbortSignal.timeout(PROBE_TIMEOUT_MS),
    });
    if (!tokenResponse.ok) return undefined;
    const token = await tokenResponse.text();
    const idResponse = await fetch(`${imdsUrl}/latest/meta-data/instance-id`, {
      headers: { 'X-aws-ec2-metadata-token': token },
      signal: AbortSignal.timeout(PROBE_TIMEOUT_MS),
    });
    return idResponse.ok ? (await idResponse.text()).trim() : undefined;
  } catch {
    return undefined;
  }
}

/** Whether anything answers HTTP at `url` (any status: the program is up). */
export async function answersHttp(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(PROBE_TIMEOUT_MS), redirect: 'manual' });
    await response.body?.cancel();
    return true;
  } catch {
    return false;
  }
}
