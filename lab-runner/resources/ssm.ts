// Systems Manager Parameter Store parameters, found by their lab tag. PutParameter both creates and overwrites: a rerun
// that asks for another value overwrites the parameter in place (a new version) and says what changed. AWS takes tags
// only when a parameter is created and refuses Tags together with Overwrite
// (https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_PutParameter.html), so the rule sends the tags
// when it creates and Overwrite when it updates; the step asks once, with its tags, and never says Overwrite.
import {
  AddTagsToResourceCommand,
  DeleteParameterCommand,
  DescribeParametersCommand,
  GetParameterCommand,
  ListTagsForResourceCommand,
  type Parameter,
  type ParameterMetadata,
  paginateDescribeParameters,
  PutParameterCommand,
  type PutParameterCommandInput,
  type PutParameterCommandOutput,
} from '@aws-sdk/client-ssm';
import type { Clients } from '../clients.js';
import { convergeNamed, type Difference } from '../converge/named.js';
import { unnamed, untagged } from '../converge/problem.js';
import { type ConvergeCall, rule } from '../converge/rule.js';
import { unlessMissing } from '../missing.js';
import { labOf, LAB_TAG } from '../tags.js';
import type { FoundResource, ResourceKind } from './kind.js';

/** A parameter as the rule compares it: its value (GetParameter) and its settings (DescribeParameters). */
interface FoundParameter {
  parameter: Parameter;
  metadata?: ParameterMetadata;
}

const putParameter = rule<PutParameterCommandInput>('ssm', 'PutParameterCommand', (call) =>
  convergeNamed<PutParameterCommandInput, FoundParameter, PutParameterCommandOutput>(
    {
      kind: 'ssm:parameter',
      what: 'SSM parameter',
      nameOf: (input) => input.Name ?? '',
      validate(input, { labId }) {
        if (!input.Name) throw unnamed('PutParameter', 'Name it: Name "/workbook/<lab>/…".');
        if (labOf(input.Tags) !== labId) throw untagged('PutParameter', labId, 'Tags: ctx.tags()');
      },
      find: (c, name) => findParameter(c.clients, name),
      idOf: ({ parameter }) => parameter.ARN ?? parameter.Name ?? '',
      isOurs: async (c, { parameter }) => (await parameterLab(c.clients, parameter.Name ?? '')) === c.labId,
      adoptOrDelete: (c, { parameter }) => ({
        tag: `aws ssm add-tags-to-resource --resource-type Parameter --resource-id ${parameter.Name} --tags Key=${LAB_TAG},Value=${c.labId} --region ${c.region}`,
        remove: `aws ssm delete-parameter --name ${parameter.Name} --region ${c.region}`,
      }),
      differences: async (c, found) => parameterDifferences(found, c.input),
      // An overwrite: the same request without its tags (refused with Overwrite), then the tags it asked for.
      update: async (c) => {
        const { Tags, ...rest } = c.input;
        await c.send({ ...rest, Overwrite: true });
        if (Tags?.length) await c.clients.ssm.send(new AddTagsToResourceCommand({ ResourceType: 'Parameter', ResourceId: c.input.Name, Tags }));
      },
      remove: async (c, { parameter }) => void (await c.clients.ssm.send(new DeleteParameterCommand({ Name: parameter.Name }))),
      create: (c) => c.once.ssm.send(new PutParameterCommand({ ...c.input, Overwrite: undefined })),
      answer: async (_c, { parameter, metadata }) => ({ Version: parameter.Version, Tier: metadata?.Tier, $metadata: {} }),
      idInAnswer: () => parameterArn(call),
    },
    call,
  ),
);

const parameters: ResourceKind = {
  kind: 'ssm:parameter',
  global: false,
  order: 20,
  async findTagged(ctx) {
    const names: string[] = [];
    const tagged = { ParameterFilters: [{ Key: `tag:${LAB_TAG}` }] };
    for await (const page of paginateDescribeParameters({ client: ctx.clients.ssm }, tagged)) {
      names.push(...(page.Parameters ?? []).flatMap((p) => (p.Name ? [p.Name] : [])));
    }
    const labelled = await Promise.all(names.map(async (name) => ({ name, lab: await parameterLab(ctx.clients, name) })));
    return labelled.flatMap(({ name, lab }): FoundResource[] => (lab ? [{ kind: 'ssm:parameter', id: name, name, lab }] : []));
  },
  async remove(ctx, parameter) {
    await unlessMissing(ctx.clients.ssm.send(new DeleteParameterCommand({ Name: parameter.id })));
  },
  rules: [putParameter],
};

export const ssmKinds: ResourceKind[] = [parameters];

async function findParameter(clients: Clients, name: string): Promise<FoundParameter | undefined> {
  const answer = await unlessMissing(clients.ssm.send(new GetParameterCommand({ Name: name, WithDecryption: true })));
  if (!answer?.Parameter) return undefined;
  const { Parameters = [] } = await clients.ssm.send(new DescribeParametersCommand({ ParameterFilters: [{ Key: 'Name', Option: 'Equals', Values: [name] }] }));
  return { parameter: answer.Parameter, metadata: Parameters[0] };
}

async function parameterLab(clients: Clients, name: string): Promise<string | undefined> {
  const answer = await unlessMissing(clients.ssm.send(new ListTagsForResourceCommand({ ResourceType: 'Parameter', ResourceId: name })));
  return labOf(answer?.TagList);
}

/** PutParameter answers no ARN; a parameter's is its name under `parameter`, the leading slash shared. */
function parameterArn(call: ConvergeCall<PutParameterCommandInput>): string {
  const name = call.input.Name ?? '';
  return `arn:${call.partition}:ssm:${call.region}:${call.account}:parameter${name.startsWith('/') ? '' : '/'}${name}`;
}

/**
 * What the request asks for that the parameter does not have. A value, a description or a pattern changes in place
 * (a new version); the type changes in place too, except to or from SecureString, which is encrypted with a key; an
 * advanced parameter can never go back to the standard tier in place.
 */
function parameterDifferences({ parameter, metadata }: FoundParameter, input: PutParameterCommandInput): Difference[] {
  const secret = parameter.Type === 'SecureString' || input.Type === 'SecureString';
  const differences: Difference[] = input.Value === undefined || input.Value === parameter.Value ? [] : valueDifferences(parameter.Value ?? '', input.Value, secret);
  const setting = (what: string, have: string | undefined, want: string | undefined, inPlace = true) => {
    if (want !== undefined && want !== (have ?? '')) differences.push({ what, have: have ?? '(unset)', want, inPlace });
  };
  setting('type', parameter.Type, input.Type, !secret);
  setting('description', metadata?.Description, input.Description);
  setting('allowed pattern', metadata?.AllowedPattern, input.AllowedPattern);
  setting('data type', parameter.DataType, input.DataType, false);
  setting('tier', metadata?.Tier, input.Tier === 'Intelligent-Tiering' ? undefined : input.Tier, metadata?.Tier !== 'Advanced');
  return differences;
}

/** A JSON object's changed fields one by one (`value's account "1…" → "2…"`); any other value whole, shortened; a secret never. */
function valueDifferences(have: string, want: string, secret: boolean): Difference[] {
  if (secret) return [{ what: 'value', have: '(a SecureString, not shown)', want: '(another value, not shown)', inPlace: true }];
  const before = jsonObject(have);
  const after = jsonObject(want);
  if (!before || !after) return [{ what: 'value', have: shorten(JSON.stringify(have)), want: shorten(JSON.stringify(want)), inPlace: true }];
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  return keys
    .filter((key) => JSON.stringify(before[key]) !== JSON.stringify(after[key]))
    .map((key) => ({ what: `value's ${key}`, have: shorten(JSON.stringify(before[key]) ?? '(none)'), want: shorten(JSON.stringify(after[key]) ?? '(none)'), inPlace: true }));
}

function jsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function shorten(text: string, max = 80): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
