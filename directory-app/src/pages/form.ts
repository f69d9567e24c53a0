import { BADGES } from '../badges.js';
import type { Employee } from '../employee.js';
import { html, layout, type SafeHtml } from '../html.js';
import { MAX_TEXT_LENGTH, type FormField, type FormProblem, type FormValues } from '../validate.js';

export interface EmployeeFormPage {
  /** Absent when adding a new employee. */
  employee?: Employee;
  values: FormValues;
  problems: FormProblem[];
}

export function emptyFormValues(): FormValues {
  return { name: '', location: '', jobTitle: '', badges: [] };
}

export function valuesOf(employee: Employee): FormValues {
  return { name: employee.name, location: employee.location, jobTitle: employee.jobTitle, badges: [...employee.badges] };
}

export function employeeFormPage({ employee, values, problems }: EmployeeFormPage): SafeHtml {
  const title = employee ? `Edit ${employee.name}` : 'Add employee';
  const action = employee ? `/employees/${employee.id}` : '/employees';
  const problemFor = (field: FormField): FormProblem | undefined => problems.find((p) => p.field === field);

  return layout(
    title,
    html`<h1>${title}</h1>
${problems.length > 0 && problemSummary(problems)}
<form class="employee" method="post" action="${action}" enctype="multipart/form-data" novalidate>
${textField('name', 'Name', values.name, problemFor('name'), true)}
${textField('location', 'Location', values.location, problemFor('location'), false)}
${textField('jobTitle', 'Job title', values.jobTitle, problemFor('jobTitle'), false)}
${badgeChoices(values.badges, problemFor('badges'))}
${photoField(employee, problemFor('photo'), problems.length > 0)}
<button type="submit">${employee ? 'Save changes' : 'Add employee'}</button>
<a href="/">Cancel</a>
</form>`,
  );
}

function problemSummary(problems: FormProblem[]): SafeHtml {
  return html`<div class="summary" role="alert">
<h2>Please fix the following</h2>
<ul>${problems.map((p) => html`<li>${p.message}</li>`)}</ul>
</div>`;
}

function textField(name: string, label: string, value: string, problem: FormProblem | undefined, required: boolean): SafeHtml {
  const errorId = `${name}-error`;
  return html`<div class="field">
<label for="${name}">${label}${!required && html` <span class="hint">(optional)</span>`}</label>
${problem && html`<p class="error" id="${errorId}">${problem.message}</p>`}
<input type="text" id="${name}" name="${name}" value="${value}" maxlength="${MAX_TEXT_LENGTH}"${required && html` required`}${problem && html` aria-invalid="true" aria-describedby="${errorId}"`}>
</div>`;
}

function badgeChoices(chosen: string[], problem: FormProblem | undefined): SafeHtml {
  const isChosen = (badge: string): boolean => chosen.some((c) => c.toLowerCase() === badge.toLowerCase());
  return html`<fieldset${problem && html` aria-describedby="badges-error"`}>
<legend>Badges <span class="hint">(optional)</span></legend>
${problem && html`<p class="error" id="badges-error">${problem.message}</p>`}
${BADGES.map(
  (badge, i) =>
    html`<label for="badge-${i}"><input type="checkbox" id="badge-${i}" name="badges" value="${badge}"${isChosen(badge) && html` checked`}>${badge}</label>`,
)}
</fieldset>`;
}

function photoField(employee: Employee | undefined, problem: FormProblem | undefined, shownAgain: boolean): SafeHtml {
  const hint = employee
    ? 'PNG, JPEG or WebP, at most 5 MB. Leave empty to keep the current photo.'
    : 'PNG, JPEG or WebP, at most 5 MB.';
  return html`<div class="field">
<label for="photo">Photo${employee && html` <span class="hint">(optional)</span>`}</label>
${employee && html`<img class="current-photo" src="/employees/${employee.id}/photo" alt="Current photo of ${employee.name}" width="96" height="96">`}
<p class="hint" id="photo-hint">${hint}${shownAgain && ' A browser cannot keep a chosen file: choose the photo again.'}</p>
${problem && html`<p class="error" id="photo-error">${problem.message}</p>`}
<input type="file" id="photo" name="photo" accept="image/png,image/jpeg,image/webp" aria-describedby="photo-hint${problem ? ' photo-error' : ''}"${problem && html` aria-invalid="true"`}${!employee && html` required`}>
</div>`;
}
