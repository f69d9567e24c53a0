// The lab catalogue: what every lab is, as data (labs/<id>/lab.json), generated from the lab's source by
// `npx lab dev gen` and read without importing any lab code. This schema is the only description of that data;
// the CLI, the runner API and the site's lessons plugin all validate with it.
import * as v from 'valibot';

const Id = v.pipe(v.string(), v.regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'an id is lowercase words joined by hyphens'));
const Text = v.pipe(v.string(), v.minLength(1, 'must not be empty'));

export const StepEntrySchema = v.object({
  id: Id,
  title: Text,
  command: Text,
  hint: Text,
  timeoutSeconds: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1))),
});

export const CheckEntrySchema = v.object({ id: Id, title: Text });

export const LabEntrySchema = v.object({
  $generated: v.string(),
  id: Id,
  title: Text,
  lessons: v.pipe(v.array(v.pipe(v.string(), v.regex(/^\d\d-[a-z0-9-]+$/, 'a lesson is its file name without .md, e.g. 04-billing-alarm'))), v.minLength(1)),
  goal: Text,
  region: v.union([v.literal('target'), v.object({ fixed: Text })]),
  requires: v.array(Id),
  cost: Text,
  localNote: v.optional(Text),
  services: v.array(v.picklist(['sts', 'ec2', 'iam', 's3', 'ssm', 'cloudwatch', 'sns', 'sqs'])),
  resources: v.array(v.pipe(v.string(), v.regex(/^[a-z0-9]+:[a-z0-9-]+$/, 'a resource kind is service:kind, e.g. ec2:vpc'))),
  steps: v.pipe(v.array(StepEntrySchema), v.minLength(1)),
  checks: v.array(CheckEntrySchema),
  /** The files a student edits, relative to labs/<id>/ (generated from the same names under solutions/<id>/). */
  files: v.pipe(v.array(Text), v.minLength(1)),
});

export type LabEntry = v.InferOutput<typeof LabEntrySchema>;
export type StepEntry = v.InferOutput<typeof StepEntrySchema>;
export type CheckEntry = v.InferOutput<typeof CheckEntrySchema>;

/** The entry, or every problem with it in words, each naming the field. */
export function parseLabEntry(value: unknown): { entry: LabEntry } | { problems: string[] } {
  const result = v.safeParse(LabEntrySchema, value);
  if (result.success) return { entry: result.output };
  return { problems: result.issues.map((issue) => `${v.getDotPath(issue) ?? '(top)'}: ${issue.message}`) };
}
