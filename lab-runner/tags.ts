// The tag every resource a lab creates carries; `lab reset` finds resources by it.
import type { ResourceType, TagSpecification } from '@aws-sdk/client-ec2';

export const LAB_TAG = 'workbook:lab';

export interface Tag {
  Key: string;
  Value: string;
}

export function labTags(labId: string, name?: string): Tag[] {
  return [{ Key: LAB_TAG, Value: labId }, ...(name ? [{ Key: 'Name', Value: name }] : [])];
}

/** EC2 takes tags at creation through TagSpecifications, so nothing exists untagged even for a moment. */
export function ec2TagSpec(labId: string, resourceType: ResourceType, name?: string): TagSpecification[] {
  return [{ ResourceType: resourceType, Tags: labTags(labId, name) }];
}

export function labOf(tags: { Key?: string; Value?: string }[] | undefined): string | undefined {
  return (tags ?? []).find((t) => t.Key === LAB_TAG)?.Value;
}

export function hasLabTag(tags: { Key?: string; Value?: string }[] | undefined, labId: string): boolean {
  return (tags ?? []).some((t) => t.Key === LAB_TAG && t.Value === labId);
}

export function nameTag(tags: { Key?: string; Value?: string }[] | undefined): string | undefined {
  return (tags ?? []).find((t) => t.Key === 'Name')?.Value;
}
