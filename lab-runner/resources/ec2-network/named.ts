// What the EC2 network rules share: the tags and name a create request gives, the lab's own resource among those a
// name answers, and the commands that let the lab adopt a look-alike or delete it.
import type { Filter, ResourceType, TagSpecification } from '@aws-sdk/client-ec2';
import { StepProblem, unnamed, untagged } from '../../converge/problem.js';
import { labOf, LAB_TAG, nameTag, type Tag } from '../../tags.js';
import type { FoundResource } from '../kind.js';

/** Anything EC2 answers with its tags. */
export interface Tagged {
  Tags?: { Key?: string; Value?: string }[];
}

/** The tags a create request puts on what it makes: its TagSpecifications for that resource type. */
export function requestTags(specs: TagSpecification[] | undefined, type: ResourceType): Tag[] {
  return (specs ?? []).filter((s) => s.ResourceType === type).flatMap((s) => (s.Tags ?? []).map((t) => ({ Key: t.Key ?? '', Value: t.Value ?? '' })));
}

/** Refuses a create without the lab's tag (`lab reset` could never find it); answers the tags it gives. */
export function requireLabTag(command: string, type: ResourceType, specs: TagSpecification[] | undefined, labId: string): Tag[] {
  const tags = requestTags(specs, type);
  if (labOf(tags) !== labId) throw untagged(command, labId, `TagSpecifications: ctx.ec2Tags('${type}', name)`);
  return tags;
}

/** The Name a create request gives, which the lab finds the resource by; refuses one without. */
export function requireName(command: string, type: ResourceType, tags: Tag[]): string {
  const name = nameTag(tags);
  if (!name) throw unnamed(command, `Name it at creation: TagSpecifications: ctx.ec2Tags('${type}', name).`);
  return name;
}

/**
 * The parts of a converge rule for an EC2 create whose resource the lab finds by its Name tag: the request must carry
 * the lab's tag and a Name; what answers the name is the lab's when it carries the lab's tag.
 */
export function byNameTag<I extends { TagSpecifications?: TagSpecification[] }>(command: string, type: ResourceType) {
  const nameOf = (input: I, call: { labId: string }) => requireName(command, type, requireLabTag(command, type, input.TagSpecifications, call.labId));
  return {
    validate: (input: I, call: { labId: string }) => void nameOf(input, call),
    nameOf,
    isOurs: async (call: { labId: string }, found: Tagged) => isLabs(found, call.labId),
  };
}

/** Every resource some lab tagged, whichever lab: what `findTagged` asks EC2 for. */
export const TAGGED_BY_A_LAB: Filter[] = [{ Name: 'tag-key', Values: [LAB_TAG] }];

/** A tagged resource as `lab reset` and the page's picture know it, by its Name tag unless given another name. */
export function foundTagged(kind: string, id: string | undefined, resource: Tagged, name = nameTag(resource.Tags)): FoundResource {
  return { kind, id: id ?? '', name: name ?? id, lab: labOf(resource.Tags) ?? '' };
}

export function isLabs(resource: Tagged, labId: string): boolean {
  return labOf(resource.Tags) === labId;
}

/**
 * Of the resources answering a name, the lab's own when it has one; else a look-alike, which the rule then refuses as
 * not the lab's. Two of the lab's own answering one name is a mess the lab must not guess its way through.
 */
export function pickOurs<T extends Tagged>(found: T[], labId: string, what: string, idOf: (resource: T) => string | undefined): T | undefined {
  const ours = found.filter((r) => isLabs(r, labId));
  if (ours.length > 1) {
    throw new StepProblem(
      'DuplicateName',
      `More than one ${what} tagged ${LAB_TAG}=${labId}: ${ours.map(idOf).join(', ')}.`,
      `Delete the extra ones, or start over with \`npx lab reset ${labId}\`.`,
    );
  }
  return ours[0] ?? found[0];
}

/** `aws` commands that tag a resource for the lab, or delete it (`delete` is e.g. `delete-vpc --vpc-id vpc-1`). */
export function adoptOrDelete(id: string, labId: string, region: string, remove: string): { tag: string; remove: string } {
  return {
    tag: `aws ec2 create-tags --resources ${id} --tags Key=${LAB_TAG},Value=${labId} --region ${region}`,
    remove: `aws ec2 ${remove} --region ${region}`,
  };
}

/** e.g. `subnet-0abc (public-a)`: an id, with the Name the student knows it by when it has one. */
export function described(id: string | undefined, resource?: Tagged): string {
  const name = nameTag(resource?.Tags);
  return name ? `${id ?? '?'} (${name})` : (id ?? '?');
}
