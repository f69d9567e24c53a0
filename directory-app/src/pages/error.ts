import { html, layout, type SafeHtml } from '../html.js';

export function errorPage(title: string, message: string): SafeHtml {
  return layout(
    title,
    html`<h1>${title}</h1>
<p>${message}</p>
<p><a href="/">Back to the employee list</a></p>`,
  );
}
