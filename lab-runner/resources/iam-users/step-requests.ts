// What the calls of the step that is running asked for: a group's policies, a user's groups and policies. When the
// step ends, what they did not ask for is taken away (an earlier, wrong run's leftovers), so a rerun converges on what
// the code asks now. A run is a process of its own, so this lives as long as one run.

const asked = new Map<string, Set<string>>();

export function noteAsked(key: string, value: string): void {
  asked.set(key, (asked.get(key) ?? new Set()).add(value));
}

/** What was asked under `key` since the last time it was taken. */
export function takeAsked(key: string): Set<string> {
  const values = asked.get(key) ?? new Set<string>();
  asked.delete(key);
  return values;
}
