// The data the lessons plugin hands to the app. Shared by the plugin (build time) and the app (browser).

export interface Heading {
  level: 2 | 3;
  id: string;
  text: string;
}

/** A lab step as its panel lists it: the title, linked to the lesson section that shows the step, and the hint. */
export interface PanelStep {
  title: string;
  hint: string;
  /** Where the step is shown (its `::: lab-steps` block): a lesson of the lab and the section's heading id. */
  lesson: string;
  section: string;
}

/** What a lesson page shows about a lab in its panel: the lab's own words, without the code that runs it. */
export interface PanelLab {
  id: string;
  title: string;
  goal: string;
  cost: string;
  /** Set when the lab always runs in one region (billing metrics exist only in us-east-1). */
  fixedRegion?: string;
  requires: string[];
  localNote?: string;
  steps: PanelStep[];
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

/**
 * A lesson body is HTML with a few interactive islands the app renders itself. A lab panel's heading id is "lab"
 * for the lesson's own lab and lab-<id> for another lab it shows.
 */
export type LessonPart =
  | { kind: 'html'; html: string }
  | { kind: 'quiz'; quiz: Quiz }
  | { kind: 'lab'; lab: PanelLab; headingId: string };

/** A lab that the lesson's lab builds on, and the lesson where that lab is done. */
export interface Prerequisite {
  lab: string;
  lesson: string;
}

/** Everything the sidebar and navigation need; loaded with the app. */
export interface LessonSummary {
  slug: string;
  title: string;
  order: number;
  /** Estimated minutes to read the lesson and run its lab. */
  minutes: number;
  lab?: string;
  /** The labs to do first, for the labs this lesson shows (those built in other lessons). */
  prerequisites?: Prerequisite[];
}

/** The body of one lesson and its table of contents; loaded when the lesson is opened. */
export interface LessonContent {
  slug: string;
  headings: Heading[];
  parts: LessonPart[];
}

/** The words of one section of a lesson; `id` and `heading` are its heading's, null and '' for the text before the first heading. */
export interface SearchSection {
  id: string | null;
  heading: string;
  text: string;
}

/** One entry of the search index; loaded when the reader first searches. */
export interface SearchEntry {
  slug: string;
  title: string;
  sections: SearchSection[];
}

export interface Lesson {
  summary: LessonSummary;
  content: LessonContent;
  search: SearchEntry;
}
