// A denial in AWS's words, followed by why: the statement that denied it, or for each statement that could have
// allowed it, which part (action, resource, condition, principal) did not match.
// AWS's sentences: https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_access-denied.html
import type { ActionExplain, ConditionExplain, ConditionValueExplain, RequestAnalysis, ResourceExplain, StatementExplain } from '@cloud-copilot/iam-simulate';
import type { EvaluationInput } from './evaluate.js';

interface StatementLike {
  policyId: string;
  explain: StatementExplain;
}

const list = <T>(x: T | T[] | undefined): T[] => (x === undefined ? [] : Array.isArray(x) ? x : [x]);

function who(input: EvaluationInput): string {
  // AWS says "User:" for a role session too.
  return `User: ${input.principal.arn} is not authorized to perform: ${input.action} on resource: ${input.resource}`;
}

function statementName(s: StatementLike): string {
  const id = s.explain.identifier;
  return /^\d+$/.test(id) ? `statement #${id} of ${s.policyId}` : `statement "${id}" of ${s.policyId}`;
}

function conditionText(c: ConditionExplain): string {
  const values = list<ConditionValueExplain>(c.values).map((v) => v.value).join(', ');
  return `${c.operator} ${c.conditionKeyValue} ${values}`;
}

function conditionWhy(c: ConditionExplain, context: Record<string, string | string[]>): string {
  const actual = context[c.conditionKeyValue];
  if (c.failedBecauseMissing || c.matchedBecauseMissing || actual === undefined) return `the request has no ${c.conditionKeyValue}`;
  return `the request has ${c.conditionKeyValue}=${Array.isArray(actual) ? actual.join(',') : actual}`;
}

/** What in an Allow statement did not fit the request. */
function mismatch(s: StatementLike, input: EvaluationInput): string {
  const e = s.explain;
  const parts: string[] = [];
  if (!e.actionMatch) {
    const actions = list<ActionExplain>(e.actions).map((a) => a.action);
    const excluded = list<ActionExplain>(e.notActions).map((a) => a.action);
    parts.push(actions.length > 0 ? `action ${input.action} is not in ${actions.join(', ')}` : `action ${input.action} is excluded by NotAction ${excluded.join(', ')}`);
  }
  if (!e.resourceMatch) {
    const resources = list<ResourceExplain>(e.resources).map((r) => r.resource);
    const excluded = list<ResourceExplain>(e.notResources).map((r) => r.resource);
    parts.push(resources.length > 0 ? `resource ${input.resource} does not match ${resources.join(', ')}` : `resource ${input.resource} is excluded by NotResource ${excluded.join(', ')}`);
  }
  if (!e.conditionMatch) {
    for (const c of (e.conditions ?? []).filter((c) => !c.matches)) parts.push(`condition ${conditionText(c)} does not hold: ${conditionWhy(c, input.context)}`);
  }
  if (e.principalMatch === 'NoMatch') parts.push(`its Principal does not name ${input.principal.arn}`);
  return `${statementName(s)}: ${parts.join('; ') || 'does not apply'}`;
}

/** What in a Deny statement matched the request. */
function matched(s: StatementLike, input: EvaluationInput): string {
  const e = s.explain;
  const conditions = (e.conditions ?? []).map((c) => `condition ${conditionText(c)} holds: ${conditionWhy(c, input.context)}`);
  return `${statementName(s)} matches: action ${input.action}, resource ${input.resource}${conditions.length ? `, ${conditions.join(', ')}` : ''}`;
}

/** Deny statements that matched, by the kind of policy they are in, most decisive first. */
function explicitDenies(analysis: RequestAnalysis): { where: string; statements: StatementLike[] }[] {
  return [
    { where: 'an identity-based policy', statements: analysis.identityAnalysis?.denyStatements ?? [] },
    { where: 'a resource-based policy', statements: analysis.resourceAnalysis?.denyStatements ?? [] },
    { where: 'a session policy', statements: analysis.sessionAnalysis?.denyStatements ?? [] },
  ].filter((d) => d.statements.length > 0);
}

export function explainDenial(input: EvaluationInput, analysis: RequestAnalysis): string {
  const head = who(input);
  if (analysis.result === 'ExplicitlyDenied') {
    const deny = explicitDenies(analysis)[0];
    if (deny) {
      const first = deny.statements[0];
      return `${head} with an explicit deny in ${deny.where}: ${first.policyId}. ${capitalise(matched(first, input))}.`;
    }
  }
  const session = analysis.sessionAnalysis;
  if (session && session.result !== 'Allowed') return `${head} because no session policy allows the ${input.action} action. ${closest(session.unmatchedStatements, input)}`;
  const identity = analysis.identityAnalysis;
  const noPolicies = (input.identity.policies.length === 0 ? `${input.principal.arn} has no policies (nor any through a group).` : '');
  const unmatched = [...(identity?.unmatchedStatements ?? []), ...(analysis.resourceAnalysis?.unmatchedStatements ?? [])];
  return `${head} because no identity-based policy allows the ${input.action} action. ${noPolicies || closest(unmatched, input)}`.trim();
}

/** The Allow statements that came closest: those naming the action first, then the rest, at most three. */
function closest(statements: StatementLike[], input: EvaluationInput): string {
  const allows = statements.filter((s) => s.explain.effect === 'Allow');
  if (allows.length === 0) return 'No statement allows it.';
  const ranked = [...allows.filter((s) => s.explain.actionMatch), ...allows.filter((s) => !s.explain.actionMatch)];
  const shown = ranked.slice(0, 3).map((s) => mismatch(s, input));
  const more = ranked.length > 3 ? `; and ${ranked.length - 3} more Allow statement(s)` : '';
  return `No statement allows it: ${shown.join('; ')}${more}.`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
