// Talking to the running employee directory over HTTP, as a browser would: its health, its list, adding and deleting
// an employee with a photo (multipart form posts, answered with a 303 redirect).

export interface Health {
  status: string;
  instanceId: string | null;
  availabilityZone: string | null;
}

export interface NewEmployee {
  name: string;
  location: string;
  jobTitle: string;
  photo: { bytes: Uint8Array; fileName: string; contentType: string };
}

const REQUEST_TIMEOUT_MS = 10_000;

/** GET /health; throws with a sentence when nothing answers or the answer is not the app's. */
export async function readHealth(baseUrl: string, timeoutMs = REQUEST_TIMEOUT_MS): Promise<Health> {
  const response = await fetch(`${baseUrl}/health`, { signal: AbortSignal.timeout(timeoutMs) });
  const body = await response.text();
  if (response.status !== 200) throw new Error(`${baseUrl}/health answered ${response.status}`);
  try {
    return JSON.parse(body) as Health;
  } catch {
    throw new Error(`${baseUrl}/health answered something that is not JSON`);
  }
}

export interface HealthWait {
  /** How long to keep asking. */
  timeoutMs: number;
  /** How often to say that there is no answer yet. */
  sayEveryMs: number;
  say(message: string): void;
  /** Why there may be no answer yet, said with the progress. */
  because: string;
}

/** Asks /health until it reports `instanceId`, saying how long it has waited; throws when time runs out. */
export async function waitForHealth(baseUrl: string, instanceId: string, { timeoutMs, sayEveryMs, say, because }: HealthWait): Promise<Health> {
  const started = Date.now();
  let nextSay = started + sayEveryMs;
  let last = 'no answer';
  while (Date.now() - started < timeoutMs) {
    try {
      const health = await readHealth(baseUrl, 5000);
      if (health.status === 'ok' && health.instanceId === instanceId) return health;
      last = `it reports instance ${health.instanceId ?? '(unknown)'}`;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    if (Date.now() >= nextSay) {
      say(`no healthy answer at ${baseUrl}/health after ${Math.round((Date.now() - started) / 1000)} s (${because})`);
      nextSay += sayEveryMs;
    }
    await new Promise((resolve) => setTimeout(resolve, 2000));
  }
  throw new Error(`${baseUrl}/health did not report instance ${instanceId} within ${Math.round(timeoutMs / 1000)} s (last: ${last})`);
}

/** The ids of the employees on the list page, in its order. */
export async function listedEmployeeIds(baseUrl: string): Promise<string[]> {
  const response = await fetch(`${baseUrl}/`, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  if (response.status !== 200) throw new Error(`the list page answered ${response.status}`);
  const page = await response.text();
  return [...new Set([...page.matchAll(/\/employees\/([0-9a-f-]{36})\/edit/g)].flatMap(([, id]) => (id ? [id] : [])))];
}

/** Adds an employee through the form and answers the new employee's id (the one id new on the list page). */
export async function addEmployee(baseUrl: string, employee: NewEmployee): Promise<string> {
  const before = new Set(await listedEmployeeIds(baseUrl));
  const form = new FormData();
  form.append('name', employee.name);
  form.append('location', employee.location);
  form.append('jobTitle', employee.jobTitle);
  const { bytes, fileName, contentType } = employee.photo;
  form.append('photo', new Blob([new Uint8Array(bytes)], { type: contentType }), fileName);
  const response = await fetch(`${baseUrl}/employees`, { method: 'POST', body: form, redirect: 'manual', signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  if (response.status !== 303) throw new Error(`adding an employee answered ${response.status}: ${pageTitle(await response.text())}`);
  await response.body?.cancel();
  const added = (await listedEmployeeIds(baseUrl)).filter((id) => !before.has(id));
  const [id, ...others] = added;
  if (id === undefined || others.length > 0) throw new Error(`expected one new employee on the list page, found ${added.length}`);
  return id;
}

/** The photo of an employee as the app serves it (read from the bucket with the instance's role). */
export async function employeePhoto(baseUrl: string, id: string): Promise<{ status: number; bytes: Buffer }> {
  const response = await fetch(`${baseUrl}/employees/${id}/photo`, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  return { status: response.status, bytes: Buffer.from(await response.arrayBuffer()) };
}

export async function deleteEmployee(baseUrl: string, id: string): Promise<void> {
  const response = await fetch(`${baseUrl}/employees/${id}/delete`, { method: 'POST', redirect: 'manual', signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  await response.body?.cancel();
  if (response.status !== 303) throw new Error(`deleting employee ${id} answered ${response.status}`);
}

/** The app's error pages say what went wrong in their heading and first paragraph. */
function pageTitle(html: string): string {
  const heading = /<h1[^>]*>([^<]*)<\/h1>/i.exec(html)?.[1]?.trim();
  const paragraph = /<p[^>]*>([^<]*)<\/p>/i.exec(html)?.[1]?.trim();
  return [heading, paragraph].filter(Boolean).join(': ') || 'no explanation';
}
