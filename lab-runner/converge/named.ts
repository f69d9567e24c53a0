// The converge rule for a resource a lab finds by name: reuse it when it matches the request, update it in place when
// it can be, replace it when it cannot, refuse it when the lab did not make it, and create it when it is missing.
import type { ConvergeCall } from './rule.js';
import { describeError } from '../aws-errors.js';
import { createOnce } from './once.js';
import { notTheLabs, StepProblem } from './problem.js';

/** One way an existing resource differs from the request. */
export interface Difference {
  /** e.g. `threshold` */
  what: string;
  have: string;
  want: string;
  /** Whether an update call can change it; otherwise the resource is replaced. */
  inPlace: boolean;
}

export interface NamedResource<I extends object, Found, Out extends object> {
  /** e.g. `ec2:vpc`: the resource kind, as `lab reset` and the page's picture know it. */
  kind: string;
  /** e.g. `VPC`, for messages. */
  what: string;
  /** The name the lab finds it by, from the request; undefined when the request has none (refused, with `unnamed`). */
  nameOf(input: I, call: ConvergeCall<I>): string;
  /** Refuses a request that would make something the lab cannot find again (no lab tag, no name). */
  validate?(input: I, call: ConvergeCall<I>): void;
  find(call: ConvergeCall<I>, name: string): Promise<Found | undefined>;
  idOf(found: Found): string;
  isOurs(call: ConvergeCall<I>, found: Found): Promise<boolean>;
  /** The `aws` commands that let the lab adopt the resource, or delete it. */
  adoptOrDelete(call: ConvergeCall<I>, found: Found): { tag: string; remove: string };
  differences(call: ConvergeCall<I>, found: Found): Promise<Difference[]>;
  /** Changes what `differences` found, all of it `inPlace`. */
  update?(call: ConvergeCall<I>, found: Found, differences: Difference[]): Promise<void>;
  /** What stands on the resource and would stop a replacement (an instance in a subnet…), in words. */
  dependants?(call: ConvergeCall<I>, found: Found): Promise<string[]>;
  remove(call: ConvergeCall<I>, found: Found): Promise<void>;
  /** Sends the request once; `createOnce` looks it up before trying again. */
  create(call: ConvergeCall<I>): Promise<Out>;
  /** The answer the create call would have given, for a resource that exists. */
  answer(call: ConvergeCall<I>, found: Found): Promise<Out>;
  /** The new resource's id in a create's answer. */
  idInAnswer(answer: Out): string;
}

export async function convergeNamed<I extends object, Found, Out extends object>(
  resource: NamedResource<I, Found, Out>,
  call: ConvergeCall<I>,
): Promise<Out> {
  resource.validate?.(call.input, call);
  const name = resource.nameOf(call.input, call);
  const found = await resource.find(call, name);
  const create = () =>
    createOnce(call, `${resource.what} ${name}`, () => resource.create(call), async () => {
      const made = await resource.find(call, name);
      return made && (await resource.isOurs(call, made)) ? resource.answer(call, made) : undefined;
    });
  if (found === undefined) {
    try {
      const made = await create();
      call.report('created', { kind: resource.kind, name, id: resource.idInAnswer(made) });
      return made;
    } catch (error) {
      // "Already exists" for what a look-up just missed: AWS had not shown it yet (eventual consistency). Look again.
      const late = isAlreadyExists(error) ? await findLate(resource, call, name) : undefined;
      if (late === undefined) throw error;
      return convergeExisting(resource, call, name, late, create);
    }
  }
  return convergeExisting(resource, call, name, found, create);
}

async function convergeExisting<I extends object, Found, Out extends object>(
  resource: NamedResource<I, Found, Out>,
  call: ConvergeCall<I>,
  name: string,
  found: Found,
  create: () => Promise<Out>,
): Promise<Out> {
  const id = resource.idOf(found);
  if (!(await resource.isOurs(call, found))) throw notTheLabs(`${resource.what} ${name} (${id})`, call.labId, resource.adoptOrDelete(call, found));
  const differences = await resource.differences(call, found);
  if (differences.length === 0) {
    call.report('reused', { kind: resource.kind, name, id, detail: 'it matches the request' });
    return resource.answer(call, found);
  }
  const detail = differences.map((d) => `${d.what} ${d.have} → ${d.want}`).join('; ');
  if (resource.update && differences.every((d) => d.inPlace)) {
    await resource.update(call, found, differences);
    call.report('updated', { kind: resource.kind, name, id, detail });
    return resource.answer(call, (await resource.find(call, name)) ?? found);
  }
  const blockers = (await resource.dependants?.(call, found)) ?? [];
  if (blockers.length > 0) {
    throw new StepProblem(
      'CannotReplace',
      `${resource.what} ${name} (${id}) differs from the request (${detail}) and can only be replaced, but ${blockers.join(', ')} still use${blockers.length === 1 ? 's' : ''} it.`,
      'Remove what uses it first (`npx lab reset <that lab>`), then run this lab again.',
    );
  }
  await resource.remove(call, found);
  const made = await create();
  call.report('replaced', { kind: resource.kind, name, id: resource.idInAnswer(made), detail: `${detail} cannot change in place: the old ${id} was removed` });
  return made;
}


function isAlreadyExists(error: unknown): boolean {
  return /AlreadyExists|Duplicate/.test(describeError(error).code);
}

/** Looks for the resource a few times over about ten seconds, for a create answered "already exists". */
async function findLate<I extends object, Found, Out extends object>(resource: NamedResource<I, Found, Out>, call: ConvergeCall<I>, name: string): Promise<Found | undefined> {
  for (const wait of [500, 1000, 2000, 4000]) {
    const found = await resource.find(call, name);
    if (found !== undefined) return found;
    await new Promise((resolve) => setTimeout(resolve, wait));
  }
  return resource.find(call, name);
}
