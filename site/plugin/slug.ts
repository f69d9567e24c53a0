/** A heading's text as a URL fragment: lower case, letters and digits joined by hyphens. */
export function slugify(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** Hands out unique ids: a second "Summary" becomes "summary-1". Reserved ids belong to the app's own elements. */
export class SlugRegistry {
  private readonly used = new Set<string>(['main', 'lab', 'toc', 'search', 'app']);

  reserve(id: string): void {
    this.used.add(id);
  }

  unique(text: string): string {
    const base = slugify(text) || 'section';
    let candidate = base;
    for (let n = 1; this.used.has(candidate); n++) candidate = `${base}-${n}`;
    this.used.add(candidate);
    return candidate;
  }
}
