// The lesson page's one tie to search. Once the search has loaded, it marks in each lesson shown the words a result
// opened it for; before that nobody has searched and there is nothing to mark, so the page carries none of its code.
type OnLessonShown = (slug: string, body: Element) => void;

let onShown: OnLessonShown | null = null;

/** Called by the search when it loads. */
export function whenLessonShown(hook: OnLessonShown): void {
  onShown = hook;
}

/** Called by the lesson page each time it shows a lesson (and a section of it). */
export function lessonShown(slug: string, body: Element): void {
  onShown?.(slug, body);
}
