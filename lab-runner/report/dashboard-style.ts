// The class dashboard's style: light and dark (the reader's setting), each state a colour with text that keeps a
// contrast of at least 4.5:1, and a visible focus ring for keyboard use.
export const DASHBOARD_STYLE = `
:root { color-scheme: light dark; --bg: #ffffff; --fg: #1b1b1f; --dim: #55555f; --line: #c9c9d1; --focus: #0b57d0;
  --passed-bg: #d4efdb; --passed-fg: #0b4d1e; --partial-bg: #fff0c0; --partial-fg: #5a4200; --failed-bg: #fbdad7; --failed-fg: #7a1410;
  --unreachable-bg: #e4e4ea; --unreachable-fg: #33333d; --error-bg: #ecdcf6; --error-fg: #4b1d6b; }
@media (prefers-color-scheme: dark) {
  :root { --bg: #16161a; --fg: #ececf1; --dim: #b4b4c0; --line: #44444f; --focus: #8ab4f8;
    --passed-bg: #12391f; --passed-fg: #c2f0cf; --partial-bg: #3b2f00; --partial-fg: #ffe08a; --failed-bg: #4a1512; --failed-fg: #ffcbc6;
    --unreachable-bg: #2e2e36; --unreachable-fg: #dadae2; --error-bg: #35184a; --error-fg: #ebd0fc; }
}
* { box-sizing: border-box; }
body { margin: 0; padding: 1.5rem; background: var(--bg); color: var(--fg); font: 16px/1.5 system-ui, sans-serif; }
h1 { margin: 0 0 .25rem; font-size: 1.6rem; }
header p { margin: .25rem 0; }
.controls { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: center; margin: 1rem 0; }
select, button { font: inherit; color: inherit; }
select { background: var(--bg); border: 1px solid var(--line); border-radius: 4px; padding: .25rem .5rem; }
.legend { display: flex; flex-wrap: wrap; gap: .5rem; padding: 0; margin: 0 0 1rem; list-style: none; }
.legend li, td[data-state] button { border-radius: 4px; padding: .25rem .6rem; }
[data-state="passed"] { --cell-bg: var(--passed-bg); --cell-fg: var(--passed-fg); }
[data-state="partial"] { --cell-bg: var(--partial-bg); --cell-fg: var(--partial-fg); }
[data-state="failed"] { --cell-bg: var(--failed-bg); --cell-fg: var(--failed-fg); }
[data-state="unreachable"] { --cell-bg: var(--unreachable-bg); --cell-fg: var(--unreachable-fg); }
[data-state="error"] { --cell-bg: var(--error-bg); --cell-fg: var(--error-fg); }
[data-state="skipped"] { --cell-bg: var(--unreachable-bg); --cell-fg: var(--unreachable-fg); }
.legend li { background: var(--cell-bg); color: var(--cell-fg); }
table { border-collapse: collapse; }
caption { text-align: left; color: var(--dim); padding-bottom: .5rem; }
th, td { border-bottom: 1px solid var(--line); padding: .35rem .5rem; text-align: left; vertical-align: top; }
th[scope="row"] { font-weight: 600; white-space: nowrap; }
.account { display: block; font-weight: 400; color: var(--dim); font-size: .85rem; }
td[data-state] button { width: 100%; min-width: 8rem; text-align: left; cursor: pointer; background: var(--cell-bg); color: var(--cell-fg); border: 1px solid currentColor; }
td[data-state="unreachable"] button { border-style: dashed; }
.state { display: block; font-size: .85rem; }
button:focus-visible, select:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
.progress { white-space: nowrap; font-variant-numeric: tabular-nums; }
dialog { max-width: min(60rem, 95vw); background: var(--bg); color: var(--fg); border: 1px solid var(--line); border-radius: 8px; padding: 1.25rem; }
dialog::backdrop { background: rgb(0 0 0 / .5); }
dialog h2 { margin-top: 0; font-size: 1.25rem; }
.where { color: var(--dim); }
.checks tr[data-state] td:nth-child(2) { background: var(--cell-bg); color: var(--cell-fg); white-space: nowrap; }
dialog .close { margin-top: 1rem; padding: .35rem 1rem; background: var(--bg); border: 1px solid var(--line); border-radius: 4px; cursor: pointer; }
[hidden] { display: none !important; }
`;
