// The class dashboard, class.html: one self-contained page (its style, script and data inline; a Content-Security-Policy
// that lets it load nothing else), a students × labs grid whose cells say their state in words as well as colour.
import { createHash } from 'node:crypto';
import { type ClassReport, type GradedLab, type LabState, type StudentResult, writesLine } from '../grading/class-report.js';
import { DASHBOARD_STYLE } from './dashboard-style.js';
import { dashboard } from './dashboard-script.js';

const STATE_WORDS: Record<LabState, string> = { passed: 'passed', partial: 'partly done', failed: 'not passed', unreachable: 'unreachable', error: 'could not run' };

export function classHtml(report: ClassReport): string {
  const script = `(${dashboard.toString()})();`;
  const when = readableTime(report.gradedAt);
  const csp = `default-src 'none'; style-src '${sha256(DASHBOARD_STYLE)}'; script-src '${sha256(script)}'; base-uri 'none'; form-action 'none'`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="color-scheme" content="light dark">
<title>Class report, graded ${esc(when)}</title>
<style>${DASHBOARD_STYLE}</style>
</head>
<body>
<header>
<h1>Class report</h1>
<p>Graded <time datetime="${esc(report.gradedAt)}">${esc(when)}</time> against <strong>${esc(report.target)}</strong>: ${count(report.students.length, 'student')}, ${count(report.labs.length, 'lab')}.</p>
<p>${esc(writesLine(report))}</p>
</header>
<main>
<div class="controls">
<label for="sort">Sort by</label>
<select id="sort"><option value="list">class list order</option><option value="name">name</option><option value="progress-desc">progress, most first</option><option value="progress-asc">progress, least first</option></select>
<label for="lab">Lab</label>
<select id="lab"><option value="">all labs</option>${report.labs.map((l) => `<option value="${esc(l.id)}">${esc(l.id)}</option>`).join('')}</select>
</div>
<ul class="legend" aria-label="What the colours mean">${(Object.keys(STATE_WORDS) as LabState[]).map((s) => `<li data-state="${s}">${STATE_WORDS[s]}</li>`).join('')}</ul>
<table class="grid">
<caption>Checks passed per student and lab. Select a cell to see its checks and why each passed or not.</caption>
<thead><tr><th scope="col">Student</th>${report.labs.map((l) => `<th scope="col" data-lab="${esc(l.id)}" title="${esc(l.title)}">${esc(l.id)}</th>`).join('')}<th scope="col">Progress</th></tr></thead>
<tbody>
${report.students.map(studentRow).join('\n')}
</tbody>
</table>
<dialog id="details" aria-labelledby="details-title">
<h2 id="details-title">Checks</h2>
<p class="where"></p>
<table class="checks"><thead><tr><th scope="col">Check</th><th scope="col">State</th><th scope="col">Detail</th></tr></thead><tbody></tbody></table>
<button type="button" class="close">Close</button>
</dialog>
</main>
<script type="application/json" id="class-data">${jsonForHtml({ students: report.students })}</script>
<script>${script}</script>
</body>
</html>
`;
}

function studentRow(student: StudentResult, index: number): string {
  const cells = student.labs.map((lab, labIndex) => labCell(lab, index, labIndex)).join('');
  const percent = student.total === 0 ? 0 : Math.round((student.passed / student.total) * 100);
  const account = student.account ? `<span class="account">${esc(student.account)}</span>` : `<span class="account">${esc(student.state)}</span>`;
  return `<tr data-student="${esc(student.student)}" data-index="${index}"><th scope="row">${esc(student.student)} ${account}</th>${cells}<td class="progress">${student.passed}/${student.total} · ${percent}%</td></tr>`;
}

/** The cell's name for a screen reader is its text; the row and column headers say whose and which lab. */
function labCell(lab: GradedLab, index: number, labIndex: number): string {
  return `<td data-lab="${esc(lab.lab)}" data-state="${lab.state}"><button type="button" data-cell="${index}:${labIndex}" aria-haspopup="dialog">${lab.passed}/${lab.total} <span class="state">${STATE_WORDS[lab.state]}</span></button></td>`;
}


function readableTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function sha256(text: string): string {
  return `sha256-${createHash('sha256').update(text).digest('base64')}`;
}

function esc(text: string): string {
  return text.replace(/[<>&"']/g, (ch) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&#39;' })[ch] ?? ch);
}

/** JSON inside a script element: nothing in it can close the element or start a comment. */
function jsonForHtml(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}
