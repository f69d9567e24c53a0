// HTML built with a tagged template: every interpolated value is escaped unless it
// is already SafeHtml (made by this template), so user text can never become markup.
import { createHash } from 'node:crypto';

export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

type Interpolation = SafeHtml | string | number | null | undefined | false | Interpolation[];

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ESCAPES[char] ?? char);
}

export function html(strings: TemplateStringsArray, ...values: Interpolation[]): SafeHtml {
  // A template has one more string than values: the text before each value, and the text after the last.
  let out = strings[0] ?? '';
  values.forEach((value, i) => {
    out += render(value) + (strings[i + 1] ?? '');
  });
  return new SafeHtml(out);
}

function render(value: Interpolation): string {
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  if (value === null || value === undefined || value === false) return '';
  return escapeHtml(String(value));
}

const STYLESHEET = `
:root { color-scheme: light; --ink: #1b1f24; --muted: #4a5360; --line: #d0d7de; --accent: #0a58ca;
  --accent-dark: #083f91; --danger: #a4161a; --bg: #f6f8fa; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: var(--bg); }
a { color: var(--accent); }
a:focus-visible, button:focus-visible, input:focus-visible { outline: 3px solid #ffbf47; outline-offset: 2px; }
.skip { position: absolute; left: -999px; }
.skip:focus { left: 1rem; top: 1rem; background: #fff; padding: .5rem; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
header.site { background: #232f3e; color: #fff; padding: .75rem 1.5rem; display: flex; gap: 1.5rem; align-items: center; }
header.site a { color: #fff; text-decoration: none; font-weight: 600; }
header.site nav a { font-weight: 400; text-decoration: underline; }
main { max-width: 60rem; margin: 0 auto; padding: 1.5rem; }
h1 { font-size: 1.75rem; margin: 0 0 1rem; }
.toolbar { display: flex; justify-content: space-between; align-items: center; gap: 1rem; flex-wrap: wrap; margin-bottom: 1rem; }
.button, button { display: inline-block; font: inherit; padding: .5rem 1rem; border-radius: 6px; border: 1px solid var(--accent);
  background: var(--accent); color: #fff; text-decoration: none; cursor: pointer; }
.button:hover, button:hover { background: var(--accent-dark); }
button.danger { background: var(--danger); border-color: var(--danger); }
button.danger:hover { background: #7d1013; }
a.delete { color: var(--danger); }
.confirm { display: flex; gap: 1rem; align-items: center; background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 1rem; margin-bottom: 1rem; }
.confirm img { width: 96px; height: 96px; object-fit: cover; border-radius: 6px; background: var(--line); }
.confirm p { margin: 0; }
.cards { list-style: none; padding: 0; margin: 0; display: grid; grid-template-columns: repeat(auto-fill, minmax(17rem, 1fr)); gap: 1rem; }
.card { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 1rem; display: grid; grid-template-columns: 96px 1fr; gap: .25rem 1rem; }
.card img { width: 96px; height: 96px; object-fit: cover; border-radius: 6px; grid-row: span 4; background: var(--line); }
.card h2 { font-size: 1.15rem; margin: 0; overflow-wrap: anywhere; }
.card p { margin: 0; color: var(--muted); overflow-wrap: anywhere; }
.badges { list-style: none; padding: 0; margin: .25rem 0 0; display: flex; flex-wrap: wrap; gap: .25rem; }
.badges li { font-size: .8rem; border: 1px solid var(--line); border-radius: 999px; padding: 0 .5rem; background: var(--bg); }
.actions { grid-column: 1 / -1; display: flex; gap: 1rem; align-items: center; margin-top: .5rem; }
.actions form { margin: 0; }
form.employee button { margin-right: .75rem; }
form.employee { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 1.5rem; max-width: 36rem; }
.field { margin-bottom: 1rem; }
.field label, legend { display: block; font-weight: 600; margin-bottom: .25rem; }
input[type=text], input[type=file] { width: 100%; font: inherit; padding: .5rem; border: 1px solid #6e7781; border-radius: 6px; background: #fff; }
fieldset { border: 1px solid var(--line); border-radius: 6px; margin: 0 0 1rem; padding: .75rem 1rem; }
fieldset label { display: inline-flex; gap: .35rem; margin: 0 1rem .35rem 0; font-weight: 400; }
.hint { color: var(--muted); font-size: .9rem; margin: 0 0 .25rem; }
.error { color: var(--danger); font-weight: 600; margin: 0 0 .25rem; }
[aria-invalid=true] { border-color: var(--danger); border-width: 2px; }
.summary { border: 2px solid var(--danger); background: #fff; border-radius: 8px; padding: 1rem 1.5rem; margin-bottom: 1rem; }
.summary h2 { font-size: 1.1rem; margin: 0 0 .5rem; color: var(--danger); }
.current-photo { width: 96px; height: 96px; object-fit: cover; border-radius: 6px; display: block; margin-bottom: .5rem; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .5rem 1.5rem; background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 1rem 1.5rem; }
dl.facts dt { font-weight: 600; }
dl.facts dd { margin: 0; font-family: ui-monospace, monospace; }
.note { background: #fff8e1; border-left: 4px solid #b26a00; padding: .75rem 1rem; margin-top: 1.5rem; }
.note h2 { font-size: 1.15rem; margin: 0 0 .5rem; }
footer { max-width: 60rem; margin: 0 auto; padding: 0 1.5rem 2rem; color: var(--muted); font-size: .9rem; }
`;

/** The CSP source that allows exactly this stylesheet and no other inline style. */
export const STYLESHEET_HASH_SOURCE = `'sha256-${createHash('sha256').update(STYLESHEET).digest('base64')}'`;

export function layout(title: string, body: SafeHtml): SafeHtml {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · Employee Directory</title>
<link rel="icon" href="/favicon.svg" type="image/svg+xml">
<style>${new SafeHtml(STYLESHEET)}</style>
</head>
<body>
<a class="skip" href="#content">Skip to content</a>
<header class="site">
<a href="/">Employee Directory</a>
<nav aria-label="Site"><a href="/">Employees</a> · <a href="/info">Instance info</a></nav>
</header>
<main id="content">
${body}
</main>
<footer>Cloud Workbook · week one</footer>
</body>
</html>
`;
}
