// A table or diagram wider than the screen scrolls sideways in its box (.wide, from the lessons plugin). While it
// does, the box says so (a cue drawn by CSS), and takes keyboard focus so the arrow keys scroll it too.

function update(box: HTMLElement): void {
  const overflowing = box.scrollWidth > box.clientWidth + 1;
  if (overflowing === (box.dataset.overflowing === 'true')) return;
  if (overflowing) {
    box.dataset.overflowing = 'true';
    box.tabIndex = 0;
    box.setAttribute('role', 'region');
    box.setAttribute('aria-label', `${box.querySelector('table') ? 'Table' : 'Diagram'}, scrolls sideways`);
  } else {
    delete box.dataset.overflowing;
    for (const name of ['tabindex', 'role', 'aria-label']) box.removeAttribute(name);
  }
}

/** Watches every wide box under `root` as the window resizes; returns the function that stops watching. */
export function watchWideBlocks(root: HTMLElement): () => void {
  const observer = new ResizeObserver((entries) => {
    for (const entry of entries) update(entry.target as HTMLElement);
  });
  for (const box of root.querySelectorAll<HTMLElement>('.wide')) observer.observe(box);
  return () => observer.disconnect();
}
