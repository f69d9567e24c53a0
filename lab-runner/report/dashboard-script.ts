// The class dashboard's behaviour in the browser: sort the rows, filter the labs, open a cell's checks in a dialog.
// It is written here as a function so it is type-checked, and put into the page as its own source (see class-html.ts):
// it must use nothing from outside its body.

export function dashboard(): void {
  interface Check {
    id: string;
    title: string;
    state: string;
    detail: string;
  }
  interface Lab {
    lab: string;
    region: string;
    passed: number;
    total: number;
    checks: Check[];
    error?: string;
  }
  interface Student {
    student: string;
    account: string;
    error?: string;
    labs: Lab[];
  }
  const data = JSON.parse(document.getElementById('class-data')?.textContent ?? '{}') as { students: Student[] };
  const body = document.querySelector('tbody');
  const sort = document.getElementById('sort') as HTMLSelectElement | null;
  const labFilter = document.getElementById('lab') as HTMLSelectElement | null;
  const dialog = document.getElementById('details') as HTMLDialogElement | null;
  if (!body || !sort || !labFilter || !dialog) return;
  const rows = [...body.querySelectorAll<HTMLTableRowElement>('tr')];
  let opener: HTMLElement | null = null;

  /** Checks passed and counted in the labs shown. */
  const score = (row: HTMLTableRowElement): { passed: number; total: number } => {
    const student = data.students[Number(row.dataset.index)];
    const labs = student?.labs.filter((l) => !labFilter.value || l.lab === labFilter.value) ?? [];
    return { passed: labs.reduce((n, l) => n + l.passed, 0), total: labs.reduce((n, l) => n + l.total, 0) };
  };
  const progress = (row: HTMLTableRowElement): number => {
    const { passed, total } = score(row);
    return total === 0 ? 0 : passed / total;
  };

  const order = () => {
    const index = (row: HTMLTableRowElement) => Number(row.dataset.index);
    const name = (row: HTMLTableRowElement) => row.dataset.student ?? '';
    const sorted = [...rows].sort((a, b) => {
      if (sort.value === 'name') return name(a).localeCompare(name(b)) || index(a) - index(b);
      if (sort.value === 'progress-desc') return progress(b) - progress(a) || index(a) - index(b);
      if (sort.value === 'progress-asc') return progress(a) - progress(b) || index(a) - index(b);
      return index(a) - index(b);
    });
    body.append(...sorted);
  };

  const filter = () => {
    for (const cell of document.querySelectorAll<HTMLElement>('[data-lab]')) cell.hidden = Boolean(labFilter.value) && cell.dataset.lab !== labFilter.value;
    for (const row of rows) {
      const shown = row.querySelector<HTMLElement>('td.progress');
      const { passed, total } = score(row);
      if (shown) shown.textContent = `${passed}/${total} · ${Math.round(progress(row) * 100)}%`;
    }
    order();
  };

  const cellText = (tag: string, text: string, scope?: string): HTMLElement => {
    const cell = document.createElement(tag);
    cell.textContent = text;
    if (scope) cell.setAttribute('scope', scope);
    return cell;
  };

  const open = (button: HTMLButtonElement) => {
    const [studentIndex = -1, labIndex = -1] = (button.dataset.cell ?? '').split(':').map(Number);
    const student = data.students[studentIndex];
    const lab = student?.labs[labIndex];
    if (!student || !lab) return;
    const title = dialog.querySelector('h2');
    const where = dialog.querySelector('.where');
    const list = dialog.querySelector('tbody');
    if (!title || !where || !list) return;
    title.textContent = `${student.student} · ${lab.lab}: ${lab.passed}/${lab.total} checks passed`;
    where.textContent = [student.account ? `account ${student.account}` : '', lab.region, student.error ?? lab.error ?? ''].filter(Boolean).join(' · ');
    list.replaceChildren(
      ...lab.checks.map((check) => {
        const row = document.createElement('tr');
        row.dataset.state = check.state;
        row.append(cellText('th', check.title, 'row'), cellText('td', check.state), cellText('td', check.detail));
        return row;
      }),
    );
    opener = button;
    dialog.showModal();
  };

  body.addEventListener('click', (event) => {
    const button = (event.target as Element).closest<HTMLButtonElement>('button[data-cell]');
    if (button) open(button);
  });
  dialog.querySelector('button.close')?.addEventListener('click', () => dialog.close());
  dialog.addEventListener('close', () => opener?.focus());
  sort.addEventListener('change', order);
  labFilter.addEventListener('change', filter);
}
