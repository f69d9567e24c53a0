// The app's icon: a person on a card, the directory's own. Sent for /favicon.svg and for /favicon.ico, which
// browsers and tools ask for by default.
export const FAVICON_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#232f3e"/><circle cx="16" cy="12" r="5" fill="#ffffff"/><path d="M7 26c1.5-5 5-7.5 9-7.5s7.5 2.5 9 7.5z" fill="#ffffff"/></svg>`;
