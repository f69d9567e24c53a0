// The summary parameter as the checks find it: its value, when it was written, and which lab's tag it carries.
import { GetParameterCommand, ListTagsForResourceCommand } from '@aws-sdk/client-ssm';
import type { LabContext } from '../../lab-runner/lab.js';
import { SUMMARY_PARAMETER } from './summary.js';

export interface FoundSummary {
  value: string;
  /** The value of its `workbook:lab` tag, if any. */
  lab?: string;
}

export async function findSummary(ctx: LabContext): Promise<FoundSummary | undefined> {
  let value: string;
  try {
    value = (await ctx.clients.ssm.send(new GetParameterCommand({ Name: SUMMARY_PARAMETER }))).Parameter?.Value ?? '';
  } catch (error) {
    if (error instanceof Error && error.name === 'ParameterNotFound') return undefined;
    throw error;
  }
  const { TagList = [] } = await ctx.clients.ssm.send(new ListTagsForResourceCommand({ ResourceType: 'Parameter', ResourceId: SUMMARY_PARAMETER }));
  return { value, lab: TagList.find((t) => t.Key === 'workbook:lab')?.Value };
}

/** Why a check cannot judge the summary: what to do, when there is none. */
export function noSummary(ctx: Pick<LabContext, 'region'>): string {
  return `no SSM parameter ${SUMMARY_PARAMETER} in ${ctx.region}: the lab's last step writes it there, from what your calls found (npx lab run connect)`;
}
