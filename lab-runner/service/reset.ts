// Removes exactly what a lab tagged, in every region it ran in, in dependency order; asks first; goes on past a
// resource it cannot read or remove, and says so. A lab whose resources a later lab still uses is left alone unless
// the later lab goes too.
import type { LabEntry } from '../catalogue/schema.js';
import { labsFor, readCatalogue } from '../catalogue/read.js';
import { describeError } from '../aws-errors.js';
import { clientConfigFor, createClients } from '../clients.js';
import { labRegion } from '../context.js';
import { UserError } from '../errors.js';
import { partitionOf } from '../partition.js';
import { loadKinds } from '../resources/index.js';
import { type FoundResource, isKeptInPlace, type KindContext, type ResourceKind } from '../resources/kind.js';
import type { Session } from '../session.js';
import { type Caller, progressKey } from './caller.js';
import { needsConsent } from './consent.js';
import { acquireLabLock } from './lock.js';
import { recordProgress, regionsUsed } from './progress.js';

export interface ResetRequest {
  which: string;
  /** Also reset the labs that build on these and still have resources (e.g. directory-app for vpc). */
  withDependants?: boolean;
}

export interface Placed extends FoundResource {
  region: string;
}

export interface ResetPlan {
  lab: LabEntry;
  resources: Placed[];
  /** Kinds that could not be listed, in words: what is there may be more than the plan shows. */
  unreadable: string[];
}

export interface ResetResult {
  lab: string;
  removed: Placed[];
  failed: { resource: Placed; error: string }[];
  /** What was left on purpose (the caller's own user), and why. */
  kept: { resource: Placed; why: string }[];
  unreadable: string[];
}

export async function resetLabs(request: ResetRequest, caller: Caller): Promise<ResetResult[]> {
  const catalogue = readCatalogue();
  const chosen = labsFor(request.which, catalogue);
  const labs = await withDependants(chosen, catalogue.labs, caller.session, Boolean(request.withDependants), caller.flags ?? '');
  const results: ResetResult[] = [];
  // Later labs build on earlier ones: take them down in reverse.
  for (const lab of [...labs].reverse()) results.push(await resetLab(lab, caller));
  return results;
}

async function resetLab(lab: LabEntry, caller: Caller): Promise<ResetResult> {
  const { session } = caller;
  const key = progressKey(session, lab);
  const release = acquireLabLock({ lab: lab.id, account: session.account, region: key.region }, caller.holder);
  try {
    const plan = await planReset(lab, session);
    if (plan.resources.length === 0) return { lab: lab.id, removed: [], failed: [], kept: [], unreadable: plan.unreadable };
    const request = {
      action: 'remove' as const,
      target: session.target.name,
      account: session.account,
      regions: [...new Set(plan.resources.map((r) => r.region))],
      identity: session.arn,
      labs: [{ id: lab.id, title: lab.title, cost: lab.cost }],
      resources: plan.resources.map((r) => ({ kind: r.kind, name: r.name ?? r.id, id: r.id })),
    };
    if (needsConsent(request) && !(await caller.consent(request))) throw new UserError(`Not confirmed; nothing of ${lab.id} was removed.`);
    const result = await applyReset(plan, session, { signal: caller.signal });
    for (const region of result.regions) recordProgress({ ...key, region }, lab.id, { status: 'reset' });
    return { lab: lab.id, removed: result.removed, failed: result.failed, kept: result.kept, unreadable: plan.unreadable };
  } finally {
    release();
  }
}

/** What carries the lab's tag: global kinds once, regional ones in every region the lab ran in. */
export async function planReset(lab: LabEntry, session: Session): Promise<ResetPlan> {
  const kinds = await loadKinds(lab.resources);
  const home = labRegion(lab, session.target);
  const regions = lab.region === 'target' ? [...new Set([home, ...regionsUsed(session.target.name, session.account, lab.id)])] : [home];
  const resources: Placed[] = [];
  const unreadable: string[] = [];
  await Promise.all(
    kinds.flatMap((kind) =>
      (kind.global ? [home] : regions).map(async (region) => {
        try {
          const found = await kind.findTagged(kindContext(session, region));
          resources.push(...found.filter((r) => r.lab === lab.id).map((r) => ({ ...r, region })));
        } catch (error) {
          const { code, message } = describeError(error);
          unreadable.push(`${kind.kind} in ${region}: ${code}: ${message}`);
        }
      }),
    ),
  );
  const order = new Map(kinds.map((k) => [k.kind, k.order]));
  resources.sort((a, b) => (order.get(a.kind) ?? 0) - (order.get(b.kind) ?? 0) || (a.name ?? a.id).localeCompare(b.name ?? b.id));
  return { lab, resources, unreadable };
}

/** Kind by kind in ascending order; resources of one kind side by side; one failure never stops the others. */
export async function applyReset(
  plan: ResetPlan,
  session: Session,
  { signal, kinds: given }: { signal?: AbortSignal; kinds?: ResourceKind[] } = {},
): Promise<Omit<ResetResult, 'lab' | 'unreadable'> & { regions: string[] }> {
  const kinds = [...(given ?? (await loadKinds(plan.lab.resources)))].sort((a, b) => a.order - b.order);
  const removed: Placed[] = [];
  const failed: ResetResult['failed'] = [];
  const kept: ResetResult['kept'] = [];
  for (const kind of kinds) {
    if (signal?.aborted) break;
    await Promise.all(
      plan.resources
        .filter((r) => r.kind === kind.kind)
        .map(async (resource) => {
          try {
            await kind.remove(kindContext(session, resource.region), resource);
            removed.push(resource);
          } catch (error) {
            if (isKeptInPlace(error)) return void kept.push({ resource, why: error.message });
            const { code, message } = describeError(error);
            failed.push({ resource, error: `${code}: ${message}` });
          }
        }),
    );
  }
  const regions = [...new Set([labRegion(plan.lab, session.target), ...plan.resources.map((r) => r.region)])];
  return { removed, failed, kept, regions };
}

export function kindContext(session: Session, region: string): KindContext {
  return {
    clients: createClients(clientConfigFor(session.target, region)),
    account: session.account,
    region,
    partition: partitionOf(region),
    isLocal: session.target.name !== 'aws',
    caller: session.arn,
  };
}

/** The labs to reset, with the ones that build on them when asked; otherwise a refusal that names what still uses them. */
async function withDependants(chosen: LabEntry[], all: LabEntry[], session: Session, include: boolean, flags: string): Promise<LabEntry[]> {
  const ids = new Set(chosen.map((l) => l.id));
  const dependants = all.filter((l) => !ids.has(l.id) && l.requires.some((r) => ids.has(r)));
  const inUse: { lab: LabEntry; resources: Placed[] }[] = [];
  for (const lab of dependants) {
    const plan = await planReset(lab, session);
    if (plan.resources.length > 0) inUse.push({ lab, resources: plan.resources });
  }
  if (inUse.length === 0) return chosen;
  if (include) return all.filter((l) => ids.has(l.id) || inUse.some((u) => u.lab.id === l.id));
  const what = inUse.map((u) => `${u.lab.id} (${u.resources.map((r) => `${r.kind} ${r.name ?? r.id}`).join(', ')})`).join('; ');
  throw new UserError(
    `${[...ids].join(', ')} cannot be reset while ${what} still ${inUse.length === 1 && inUse[0]?.resources.length === 1 ? 'uses' : 'use'} it.`,
    `Reset ${inUse.map((u) => `\`npx lab reset ${u.lab.id}${flags}\``).join(' and ')} first, or add --with-dependants to reset ${inUse.length === 1 ? 'it' : 'them'} too.`,
  );
}
