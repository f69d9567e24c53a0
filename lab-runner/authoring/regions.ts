// One source per lab, as nbgrader does it: the solution marks the code a student writes, and the starter is the same
// file with each marked region replaced by `todo('…')`.
//
//     // solution: send a CreateTopicCommand with ctx.clients.sns: Name TOPIC_NAME, Tags ctx.tags()
//     const { TopicArn = '' } = await ctx.clients.sns.send(new CreateTopicCommand({ Name: TOPIC_NAME, Tags: ctx.tags() }));
//     // end solution
//
// becomes `const { TopicArn = '' } = todo('send a CreateTopicCommand with …');`: a region that declares a name keeps
// the declaration, a `return` keeps the return, anything else becomes the bare call.
import ts from 'typescript';

const OPEN = /^(\s*)\/\/ solution: (.+?)\s*$/;
const CLOSE = /^\s*\/\/ end solution\s*$/;
const LAB_IMPORT = /^import \{([^}]*)\} from '((?:\.\.\/)+lab-runner\/lab\.js)';$/m;

export interface Region {
  /** 1-based line of the opening marker. */
  line: number;
  text: string;
  body: string;
}

export type StarterResult = { starter: string; regions: Region[] } | { problems: string[] };

/** The starter for a solution file, or the problems with its markers, each as `file:line: what`. */
export function starterFrom(source: string, file: string, header: string): StarterResult {
  const lines = source.split('\n');
  const out: string[] = [];
  const regions: Region[] = [];
  const problems: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const open = OPEN.exec(line);
    if (!open) {
      if (CLOSE.test(line)) problems.push(`${file}:${i + 1}: "// end solution" without a "// solution: …" before it`);
      out.push(line);
      continue;
    }
    const [, indent = '', text = ''] = open;
    const end = lines.findIndex((l, j) => j > i && (CLOSE.test(l) || OPEN.test(l)));
    if (end === -1 || !CLOSE.test(lines[end] ?? '')) {
      problems.push(`${file}:${i + 1}: "// solution: …" is not closed by "// end solution" before the next region or the end`);
      break;
    }
    const body = lines.slice(i + 1, end).join('\n');
    const stub = stubFor(body, text);
    if ('problem' in stub) problems.push(`${file}:${i + 1}: ${stub.problem}`);
    else out.push(`${indent}${stub.code}`);
    regions.push({ line: i + 1, text, body });
    i = end;
  }
  if (problems.length > 0) return { problems };
  if (regions.length === 0) return { problems: [`${file}: no "// solution: …" region, so the starter would leave nothing to write`] };
  return { starter: withTodoImport(`${header}\n${out.join('\n')}`, file), regions };
}

function stubFor(body: string, text: string): { code: string } | { problem: string } {
  const call = `todo(${quote(text)});`;
  const source = ts.createSourceFile('region.ts', body, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const statements = source.statements;
  const first = statements[0];
  if (!first) return { problem: 'the region is empty' };
  const syntax = ts.transpileModule(body, { reportDiagnostics: true, compilerOptions: { target: ts.ScriptTarget.ES2022 } }).diagnostics ?? [];
  const firstError = syntax[0];
  if (firstError) return { problem: `the region is not whole statements: ${ts.flattenDiagnosticMessageText(firstError.messageText, ' ')}` };
  if (ts.isVariableStatement(first)) {
    if (statements.length > 1) return { problem: 'a region that declares a name must be that one declaration' };
    const keyword = first.declarationList.flags & ts.NodeFlags.Const ? 'const' : 'let';
    const names = first.declarationList.declarations.map((d) => `${d.name.getText(source)}${d.type ? `: ${d.type.getText(source)}` : ''}`);
    if (names.length !== 1) return { problem: 'a region declares one name (or one destructuring pattern)' };
    return { code: `${keyword} ${names[0]} = ${call}` };
  }
  if (ts.isReturnStatement(first)) return { code: `return ${call}` };
  if (statements.length === 1 && ts.isExpressionStatement(first) && ts.isBinaryExpression(first.expression) && first.expression.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
    return { code: `${first.expression.left.getText(source)} = ${call}` };
  }
  return { code: call };
}

function quote(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** The starter calls todo(); the solution need not import it. */
function withTodoImport(starter: string, file: string): string {
  const found = LAB_IMPORT.exec(starter);
  if (!found) {
    // A file that imports nothing from the lab model (a helper module of the lab): add the import after the others.
    const depth = file.split('/').length - 1;
    const line = `import { todo } from '${'../'.repeat(depth)}lab-runner/lab.js';`;
    const imports = [...starter.matchAll(/^import [^;]+;$/gm)];
    const last = imports[imports.length - 1];
    if (!last || last.index === undefined) return starter.replace(/\n/, `\n${line}\n`);
    const at = last.index + last[0].length;
    return `${starter.slice(0, at)}\n${line}${starter.slice(at)}`;
  }
  const names = (found[1] ?? '').split(',').map((n) => n.trim()).filter(Boolean);
  if (names.includes('todo')) return starter;
  const sorted = [...names, 'todo'].sort((a, b) => a.replace(/^type /, '').localeCompare(b.replace(/^type /, '')));
  return starter.replace(found[0], `import { ${sorted.join(', ')} } from '${found[2]}';`);
}
