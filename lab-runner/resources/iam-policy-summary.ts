// A policy document in one line, for telling a student what changed: `Allow s3:GetObject on arn:aws:s3:::b/app/*`.
import { listOf, type PolicyDocument, type PolicyStatement, principalsOf, statementsOf } from '../policy-document.js';

export function summarizePolicy(document: PolicyDocument): string {
  const statements = statementsOf(document);
  return statements.length === 0 ? '(no statement)' : statements.map(summarizeStatement).join('; ');
}

function summarizeStatement(s: PolicyStatement): string {
  const actions = s.NotAction !== undefined ? `every action but ${listOf(s.NotAction).join(', ')}` : listOf(s.Action).join(', ') || '(no action)';
  const parts = [`${s.Effect ?? '(no effect)'} ${actions}`];
  if (s.Resource !== undefined) parts.push(`on ${listOf(s.Resource).join(', ')}`);
  if (s.NotResource !== undefined) parts.push(`on everything but ${listOf(s.NotResource).join(', ')}`);
  const principals = Object.entries(principalsOf(s.Principal)).map(([kind, values]) => `${kind} ${values.join(', ')}`);
  if (principals.length > 0) parts.push(`for ${principals.join(', ')}`);
  if (s.Condition !== undefined) parts.push(`if ${JSON.stringify(s.Condition)}`);
  return parts.join(' ');
}
