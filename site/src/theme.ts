// Light or dark: the system's until the reader picks one with the toggle, then that choice, remembered. The choice
// sets `color-scheme` on the page (index.html applies a remembered one before the first paint), which the colours,
// the highlighted code and the diagrams all follow.
import { ref } from 'vue';

export const THEME_KEY = 'cloud-workbook:theme';

type Theme = 'light' | 'dark';

const system = window.matchMedia('(prefers-color-scheme: dark)');

function chosen(): Theme | null {
  const value = document.documentElement.dataset.theme;
  return value === 'light' || value === 'dark' ? value : null;
}

function effective(): Theme {
  return chosen() ?? (system.matches ? 'dark' : 'light');
}

/** True while the page shows its dark colours. */
export const dark = ref(effective() === 'dark');

system.addEventListener('change', () => {
  dark.value = effective() === 'dark';
});

function remember(theme: Theme | null): void {
  try {
    if (theme) window.localStorage.setItem(THEME_KEY, theme);
    else window.localStorage.removeItem(THEME_KEY);
  } catch {
    // Storage refused (a private window): the choice lasts for this visit.
  }
}

/** Picking what the system has anyway forgets the choice, so the page follows the system again. */
export function toggleTheme(): void {
  const next: Theme = dark.value ? 'light' : 'dark';
  const matchesSystem = next === (system.matches ? 'dark' : 'light');
  if (matchesSystem) delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = next;
  remember(matchesSystem ? null : next);
  dark.value = next === 'dark';
}
