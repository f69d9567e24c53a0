import type { Employee } from '../employee.js';
import { html, layout, type SafeHtml } from '../html.js';

/** The question before a delete: a page of its own, so it works the same with JavaScript or without. */
export function deletePage(employee: Employee): SafeHtml {
  const base = `/employees/${employee.id}`;
  return layout(
    `Delete ${employee.name}?`,
    html`<h1>Delete ${employee.name}?</h1>
<div class="confirm">
<img src="${base}/photo" alt="Photo of ${employee.name}" width="96" height="96">
<p>This removes ${employee.name} from the directory, and their photo from storage. It cannot be undone.</p>
</div>
<form method="post" action="${base}/delete" class="actions">
<button class="danger" type="submit">Delete ${employee.name}</button>
<a href="/">Cancel, keep ${employee.name}</a>
</form>`,
  );
}
