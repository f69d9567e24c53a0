// The data the lessons plugin hands to the app. Shared by the plugin (build time) and the app (browser).

export interface Heading {
  level: 2 | 3;
  id: string;
  text: string;
}

export interface LabStepMeta {
  id: string;
  title: string;
  command: string;
  hint: string;
}

/** What a lesson page shows about its lab: the lab's own words, without the code that runs it. */
export interface LabMeta {
  id: string;
  title: string;
  goal: string;
  cost: string;
  /** Set when the lab always runs in one region (billing metrics exist only in us-east-1). */
  fixedRegion?: string;
  requires: string[];
  /** The lessons that show this lab, the first its home. */
  lessons: string[];
  localNote?: string;
  steps: LabStepMeta[];
  checks: { id: string; title: string }[];
}

export interface QuizChoice {
  html: string;
  correct: boolean;
}

export interface Quiz {
  id: string;
  questionHtml: string;
  choices: QuizChoice[];
  explanationHtml: string;
}

/** A lesson body is HTML with a few interactive islands the app renders itself. */
export type LessonPart =
  | { kind: 'html'; html: string }
  | { kind: 'quiz'; quiz: Quiz }
  | { kind: 'lab' };

/** Everything the sidebar, navigation and table of contents need; loaded with the app. */
export interface LessonSummary {
  slug: string;
  title: string;
  order: number;
  /** Estimated minutes to read the lesson and run its lab. */
  minutes: number;
  lab?: string;
  headings: Heading[];
}

/** The body of one lesson; loaded when the lesson is opened. */
export interface LessonContent {
  slug: string;
  parts: LessonPart[];
  lab?: LabMeta;
}

/** One entry of the search index; loaded when the reader first searches. */
export interface SearchEntry {
  slug: string;
  title: string;
  text: string;
}

export interface Lesson {
  summary: LessonSummary;
  content: LessonContent;
  search: SearchEntry;
}
