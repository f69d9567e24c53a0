import type { Employee } from '../employee.js';
import { html, layout, type SafeHtml } from '../html.js';

export function listPage(employees: Employee[]): SafeHtml {
  return layout(
    'Employees',
    html`<div class="toolbar">
<h1>Employees</h1>
<a class="button" href="/employees/new">Add employee</a>
</div>
${employees.length === 0
    ? html`<p>No employees yet. Add the first one.</p>`
    : html`<ul class="cards">${employees.map(employeeCard)}</ul>`}`,
  );
}

function employeeCard(employee: Employee): SafeHtml {
  const base = `/employees/${employee.id}`;
  return html`
<li class="card">
<img src="${base}/photo" alt="Photo of ${employee.name}" width="96" height="96">
<h2>${employee.name}</h2>
${employee.jobTitle && html`<p>${employee.jobTitle}</p>`}
${employee.location && html`<p>${employee.location}</p>`}
${employee.badges.length > 0 &&
  html`<ul class="badges" aria-label="Badges">${employee.badges.map((badge) => html`<li>${badge}</li>`)}</ul>`}
<div class="actions">
<a href="${base}/edit">Edit<span class="visually-hidden"> ${employee.name}</span></a>
<a class="delete" href="${base}/delete">Delete<span class="visually-hidden"> ${employee.name}</span></a>
</div>
</li>`;
}
