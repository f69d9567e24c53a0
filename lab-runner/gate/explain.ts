// A denial in AWS's words, followed by why, written for someone learning to read policies: the statement that denied
// it and how each of its parts covers the request; or, when nothing allowed it, each statement that allows the action
// and what it allows it on or under which condition, and otherwise which actions the statements are for.
// AWS's sentences: https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_access-denied.html
import type { ActionExplain, ConditionExplain, ConditionValueExplain, RequestAnalysis, ResourceExplain, StatementExplain } from '@cloud-copilot/iam-simulate';
import type { EvaluationInput } from './evaluate.js';

interface StatementLike {
  policyId: string;
  explain: StatementExplain;
}

/** Statements for other actions named before "and N more". */
const NAMED_AT_MOST = 6;

const list = <T>(x: T | T[] | undefined): T[] => (x === undefined ? [] : Array.isArray(x) ? x : [x]);
const quote = (text: string): string => `"${text}"`;

function who(input: EvaluationInput): string {
  // AWS says "User:" for a role session too.
  return `User: ${input.principal.arn} is not authorized to perform: ${input.action} on resource: ${input.resource}`;
}

/** `arn:aws:iam::123456789012:policy/ReviewPhotosReadOnly (attached to group Reviewers)` → `ReviewPhotosReadOnly (attached to group Reviewers)`. */
function policyName(policyId: string): string {
  return policyId.replace(/^arn:[\w-]+:iam::(?:\d{12}|aws):policy\/(?:[^ ]*\/)?([^/ ]+)/, '$1');
}

/** The policy as AWS's sentence names it: a managed policy by its ARN alone. */
function policyInHead(policyId: string): string {
  return policyId.replace(/ \(attached to [^)]*\)$/, '');
}

function statementRef(s: StatementLike): string {
  const id = s.explain.identifier;
  return /^\d+$/.test(id) ? `#${id}` : quote(id);
}

/** A condition as the policy writes it: `"StringLike": {"s3:prefix": ["photos/", "photos/*"]}`. */
function conditionText(c: ConditionExplain): string {
  const values = list<ConditionValueExplain>(c.values).map((v) => quote(v.value));
  return `${quote(c.operator)}: {${quote(c.conditionKeyValue)}: ${values.length === 1 ? values[0] : `[${values.join(', ')}]`}}`;
}

/** Why AWS cannot know some keys: a student meets these first. */
const MISSING_BECAUSE: Record<string, string> = {
  'aws:multifactorauthpresent': 'requests signed with long-term access keys never do',
};

/** The request's value for the condition's key; undefined when the request carries none. */
function requestValue(c: ConditionExplain, context: Record<string, string | string[]>): string | string[] | undefined {
  if (c.failedBecauseMissing || c.matchedBecauseMissing) return undefined;
  return Object.entries(context).find(([k]) => k.toLowerCase() === c.conditionKeyValue.toLowerCase())?.[1];
}

/** What the request had for the condition's key, in words. */
function requestHad(c: ConditionExplain, context: Record<string, string | string[]>): string {
  const key = c.conditionKeyValue;
  const actual = requestValue(c, context);
  if (actual !== undefined) return `this request's ${key} is ${list(actual).map(quote).join(', ')}`;
  const because = MISSING_BECAUSE[key.toLowerCase()];
  return `this request carries no ${key}${because ? ` (${because})` : ''}`;
}

function conditionHolds(c: ConditionExplain, input: EvaluationInput): string {
  const ifExists = requestValue(c, input.context) === undefined && /IfExists$/.test(c.operator) ? ', and …IfExists counts a missing key as a match' : '';
  return `its condition ${conditionText(c)} holds: ${requestHad(c, input.context)}${ifExists}`;
}

/** The statement's own Action or NotAction, as far as it covers the request's action. */
function actionPart(e: StatementExplain, action: string): string {
  const named = list<ActionExplain>(e.actions).filter((a) => a.matches).map((a) => a.action);
  if (named.length > 0) return `its Action ${named.join(', ')}`;
  return `its NotAction ${list<ActionExplain>(e.notActions).map((a) => a.action).join(', ')} (which leaves ${action} in)`;
}

function resourcePart(e: StatementExplain, resource: string): string {
  const named = list<ResourceExplain>(e.resources).filter((r) => r.matches).map((r) => r.resource);
  if (named.length > 0) return `its Resource ${named.join(', ')}`;
  const excluded = list<ResourceExplain>(e.notResources).map((r) => r.resource);
  return excluded.length > 0 ? `its NotResource ${excluded.join(', ')} (which leaves ${resource} in)` : 'its Resource';
}

/** What a Deny statement that matched says, part by part. */
function howItDenies(s: StatementLike, input: EvaluationInput): string {
  const e = s.explain;
  const conditions = (e.conditions ?? []).map((c) => `, and ${conditionHolds(c, input)}`).join('');
  return `Statement ${statementRef(s)} of ${policyName(s.policyId)} denies it: ${actionPart(e, input.action)} and ${resourcePart(e, input.resource)} cover the request${conditions}.`;
}

/** How an Allow statement that names the action falls short of the request. */
function whereItFallsShort(s: StatementLike, input: EvaluationInput): string {
  const e = s.explain;
  const shortfalls: string[] = [];
  if (!e.resourceMatch) {
    const allowed = list<ResourceExplain>(e.resources).map((r) => r.resource);
    const excluded = list<ResourceExplain>(e.notResources).map((r) => r.resource);
    shortfalls.push(allowed.length > 0 ? `only on ${allowed.join(' or ')}, not on ${input.resource}` : `not on ${excluded.join(' or ')}, which covers ${input.resource}`);
  }
  if (!e.conditionMatch) {
    for (const c of (e.conditions ?? []).filter((c) => !c.matches)) shortfalls.push(`only when its condition ${conditionText(c)} holds, and ${requestHad(c, input.context)}`);
  }
  if (e.principalMatch === 'NoMatch') shortfalls.push(`its Principal does not name ${input.principal.arn}`);
  const but = shortfalls.length > 0 ? `, but ${shortfalls.join('; and ')}` : '';
  return `Statement ${statementRef(s)} of ${policyName(s.policyId)} allows ${input.action}${but}.`;
}

/** What an Allow statement for other actions is for: `"ListOnlyPhotos" (s3:ListBucket)`. */
function whatItIsFor(s: StatementLike): string {
  const actions = list<ActionExplain>(s.explain.actions).map((a) => a.action);
  const excluded = list<ActionExplain>(s.explain.notActions).map((a) => a.action);
  const ref = statementRef(s);
  return `${ref.startsWith('#') ? `statement ${ref}` : ref} (${actions.length > 0 ? actions.join(', ') : `every action but ${excluded.join(', ')}`})`;
}

/** `"A" (x) and "B" (y) of P1; "C" (z) of P2`: statements grouped by the policy they are in. */
function byPolicy(statements: StatementLike[]): string {
  const shown = statements.slice(0, NAMED_AT_MOST);
  const groups = new Map<string, string[]>();
  for (const s of shown) groups.set(s.policyId, [...(groups.get(s.policyId) ?? []), whatItIsFor(s)]);
  const text = [...groups].map(([policy, named]) => `${andList(named)} of ${policyName(policy)}`).join('; ');
  const more = statements.length - shown.length;
  return more > 0 ? `${text}, and ${more} more` : text;
}

function andList(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/** Why nothing allowed the request: the statements that allow its action and where they fall short, else what they are for. */
function whyNothingAllows(statements: StatementLike[], input: EvaluationInput): string {
  const allows = statements.filter((s) => s.explain.effect === 'Allow');
  if (allows.length === 0) return `No statement allows ${input.action}: the statements that apply only deny.`;
  const forTheAction = allows.filter((s) => s.explain.actionMatch);
  if (forTheAction.length === 0) return `No statement allows ${input.action}; the Allow statements are for other actions: ${byPolicy(allows)}.`;
  const named = forTheAction.slice(0, NAMED_AT_MOST).map((s) => whereItFallsShort(s, input));
  const more = forTheAction.length > NAMED_AT_MOST ? ` And ${forTheAction.length - NAMED_AT_MOST} more statements allow ${input.action} elsewhere.` : '';
  return `${named.join(' ')}${more} No other statement allows ${input.action}.`;
}

/** The simulator names identity policies as given; the resource and session policies it is given unnamed. */
function named(statements: StatementLike[] | undefined, name: string): StatementLike[] {
  return (statements ?? []).map((s) => ({ policyId: s.policyId ?? name, explain: s.explain }));
}

/** Deny statements that matched, by the kind of policy they are in, most decisive first. */
function explicitDenies(analysis: RequestAnalysis, input: EvaluationInput): { where: string; statements: StatementLike[] }[] {
  return [
    { where: 'an identity-based policy', statements: named(analysis.identityAnalysis?.denyStatements, 'an identity-based policy') },
    { where: 'a resource-based policy', statements: named(analysis.resourceAnalysis?.denyStatements, input.resourcePolicyName ?? 'the resource policy') },
    { where: 'a session policy', statements: named(analysis.sessionAnalysis?.denyStatements, 'the session policy') },
  ].filter((d) => d.statements.length > 0);
}

export function explainDenial(input: EvaluationInput, analysis: RequestAnalysis): string {
  const head = who(input);
  if (analysis.result === 'ExplicitlyDenied') {
    const deny = explicitDenies(analysis, input)[0];
    const first = deny?.statements[0];
    if (deny && first) return `${head} with an explicit deny in ${deny.where}: ${policyInHead(first.policyId)}. ${howItDenies(first, input)} An explicit deny wins over every allow.`;
  }
  const session = analysis.sessionAnalysis;
  if (session && session.result !== 'Allowed') {
    return `${head} because no session policy allows the ${input.action} action. ${whyNothingAllows(named(session.unmatchedStatements, 'the session policy'), input)}`;
  }
  const noPolicies = input.identity.policies.length === 0 ? `${input.principal.arn} has no policies (nor any through a group).` : '';
  const unmatched = [
    ...named(analysis.identityAnalysis?.unmatchedStatements, 'an identity-based policy'),
    ...named(analysis.resourceAnalysis?.unmatchedStatements, input.resourcePolicyName ?? 'the resource policy'),
  ];
  return `${head} because no identity-based policy allows the ${input.action} action. ${noPolicies || whyNothingAllows(unmatched, input)}`.trim();
}
