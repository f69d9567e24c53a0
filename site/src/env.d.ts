/// <reference types="vite/client" />

declare module '*.vue' {
  import type { DefineComponent } from 'vue';
  const component: DefineComponent<object, object, unknown>;
  export default component;
}

declare module 'virtual:lessons' {
  type LessonSummary = import('../shared/types.js').LessonSummary;
  type LessonContent = import('../shared/types.js').LessonContent;
  export const lessons: readonly LessonSummary[];
  export const loaders: Readonly<Record<string, () => Promise<{ default: LessonContent }>>>;
}

declare module 'virtual:lessons-search' {
  const entries: readonly import('../shared/types.js').SearchEntry[];
  export default entries;
}

interface ImportMetaEnv {
  /** "on" makes a static build look for the local lab runner too (it always does in dev). */
  readonly VITE_LAB_RUNNER?: string;
}
