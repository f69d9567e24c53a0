// The proof parameter as the checks find it: its value, when it was written, and which lab's tag it carries.
import { GetParameterCommand, ListTagsForResourceCommand } from '@aws-sdk/client-ssm';
import type { LabContext } from '../../lab-runner/lab.js';
import { PROOF_PARAMETER } from './proof.js';

export interface FoundProof {
  value: string;
  written?: Date;
  /** The value of its `workbook:lab` tag, if any. */
  lab?: string;
}

export async function findProof(ctx: LabContext): Promise<FoundProof | undefined> {
  let found: FoundProof;
  try {
    const { Parameter } = await ctx.clients.ssm.send(new GetParameterCommand({ Name: PROOF_PARAMETER }));
    found = { value: Parameter?.Value ?? '', written: Parameter?.LastModifiedDate };
  } catch (error) {
    if (error instanceof Error && error.name === 'ParameterNotFound') return undefined;
    throw error;
  }
  const { TagList = [] } = await ctx.clients.ssm.send(new ListTagsForResourceCommand({ ResourceType: 'Parameter', ResourceId: PROOF_PARAMETER }));
  return { ...found, lab: TagList.find((t) => t.Key === 'workbook:lab')?.Value };
}

export function noProof(ctx: Pick<LabContext, 'region'>): string {
  return `no SSM parameter ${PROOF_PARAMETER} in ${ctx.region}: the lab's last step writes it there with a request your signer signs (npx lab run sign-request)`;
}
