// IAM policy documents as labs and checks read them: IAM returns them URL-encoded (RFC 3986) and lets every
// Action, Resource and Principal value be one string or a list; these helpers give one plain shape to reason about.

export interface PolicyStatement {
  Sid?: string;
  Effect?: string;
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: string | string[];
  NotResource?: string | string[];
  Principal?: '*' | Record<string, string | string[]>;
  NotPrincipal?: '*' | Record<string, string | string[]>;
  Condition?: Record<string, unknown>;
}

export interface PolicyDocument {
  Version?: string;
  Statement?: PolicyStatement | PolicyStatement[];
}

/** Parses a document as IAM returns it: URL-encoded on AWS (LocalStack returns some documents plain). */
export function parsePolicyDocument(raw: string | undefined): PolicyDocument {
  const text = (raw ?? '').trim();
  if (!text) return {};
  return JSON.parse(text.startsWith('{') ? text : decodeURIComponent(text)) as PolicyDocument;
}

export function statementsOf(document: PolicyDocument): PolicyStatement[] {
  return listOf(document.Statement);
}

export function listOf<T>(value: T | T[] | undefined): T[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/** Principal values by kind, e.g. `{ Service: ['ec2.amazonaws.com'] }`; `"*"` becomes `{ AWS: ['*'] }`, as IAM treats it. */
export function principalsOf(principal: PolicyStatement['Principal']): Record<string, string[]> {
  if (principal === undefined) return {};
  if (principal === '*') return { AWS: ['*'] };
  return Object.fromEntries(Object.entries(principal).map(([kind, values]) => [kind, listOf(values)]));
}

/** Whether two documents say the same thing, Sids included, whatever the order of statements and values or single-vs-list form. */
export function samePolicy(a: PolicyDocument, b: PolicyDocument): boolean {
  return canonical(a) === canonical(b);
}

function canonical(document: PolicyDocument): string {
  const statements = statementsOf(document).map((s) => {
    const sorted = (v: string | string[] | undefined) => (v === undefined ? undefined : [...listOf(v)].sort());
    const principals = (p: PolicyStatement['Principal']) =>
      p === undefined ? undefined : Object.entries(principalsOf(p)).map(([kind, values]) => [kind, [...values].sort()]).sort();
    // The Sid is part of what a statement says: a denial's explanation names the statement by it.
    return JSON.stringify([
      s.Sid ?? null,
      s.Effect,
      sorted(s.Action),
      sorted(s.NotAction),
      sorted(s.Resource),
      sorted(s.NotResource),
      principals(s.Principal),
      principals(s.NotPrincipal),
      s.Condition ?? null,
    ]);
  });
  return JSON.stringify([document.Version ?? '2008-10-17', statements.sort()]);
}
