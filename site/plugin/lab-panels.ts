// The lab panels of a lesson. The front matter's `lab:` is the lesson's own lab: its panel goes where `::: lab`
// stands, or at the end, with the heading id "lab". Another lab of the catalogue can be shown too, where
// `::: lab <id>` stands, with the heading id lab-<id>. Each panel's heading joins the table of contents.
// A lab shown by a lesson names that lesson among its lessons in the catalogue.
import type { Heading, LessonPart } from '../shared/types.js';
import { LessonError } from './errors.js';
import type { LabMeta, LabMetaLoader } from './labs.js';
import type { RenderedBody } from './markdown.js';

/** A lesson part as the build holds it until every lesson is rendered: a panel still has the lab's whole entry. */
export type PlacedPart = Exclude<LessonPart, { kind: 'lab' }> | { kind: 'lab'; lab: LabMeta; headingId: string };

export interface ShownLab {
  id: string;
  /** Undefined for the lesson's own lab while it has no catalogue entry yet: then it has no panel. */
  meta: LabMeta | undefined;
}

interface Where {
  file: string;
  slug: string;
  /** The lab of the front matter. */
  home: string | undefined;
  knownLabs: readonly string[];
  loadLab: LabMetaLoader;
}

interface Placed {
  lab: string;
  headingIndex: number;
  line: number | undefined;
}

export function placeLabPanels(body: RenderedBody, where: Where): { parts: PlacedPart[]; headings: Heading[]; shown: ShownLab[] } {
  const placed = body.labMarkers.map((marker) => placedLab(marker, where));
  placed.forEach((panel, index) => {
    if (placed.findIndex((other) => other.lab === panel.lab) < index) {
      throw new LessonError(where.file, `${panel.lab === where.home ? '::: lab' : `::: lab ${panel.lab}`} appears more than once`, panel.line);
    }
  });
  const home = where.home;
  if (home && !placed.some((panel) => panel.lab === home)) placed.push({ lab: home, headingIndex: body.headings.length, line: undefined });
  const shown = placed.map((panel) => shownLab(panel, where));

  const panelOf = (lab: string): PlacedPart[] => {
    const meta = shown.find((candidate) => candidate.id === lab)?.meta;
    return meta ? [{ kind: 'lab', lab: meta, headingId: headingId(lab, home) }] : [];
  };
  const parts = body.parts.flatMap((part): PlacedPart[] => (part.kind === 'lab' ? panelOf(placedAt(placed, part.marker).lab) : [part]));
  if (home && body.labMarkers.every((marker) => marker.lab !== null)) parts.push(...panelOf(home));
  return { parts, headings: withPanelHeadings(body.headings, placed, shown, home), shown };
}

/** The lab's catalogue data: required for another lab, and naming this lesson among the lab's lessons. */
function shownLab({ lab, line }: Placed, where: Where): ShownLab {
  const meta = where.loadLab(lab);
  if (!meta && lab !== where.home) throw new LessonError(where.file, `::: lab ${lab}: the lab has no catalogue entry (labs/${lab}/lab.json)`, line);
  if (meta && !meta.lessons.includes(where.slug)) {
    throw new LessonError(
      where.file,
      `shows the lab ${lab}, whose catalogue entry names other lessons (${meta.lessons.join(', ')}): add ${where.slug} to its lessons in solutions/${lab}/lab.ts`,
      line,
    );
  }
  return { id: lab, meta };
}

/** Each panel's heading, in the contents where the panel stands. */
function withPanelHeadings(headings: Heading[], placed: Placed[], shown: ShownLab[], home: string | undefined): Heading[] {
  const result = [...headings];
  let inserted = 0;
  for (const { lab, headingIndex } of [...placed].sort((a, b) => a.headingIndex - b.headingIndex)) {
    const meta = shown.find((candidate) => candidate.id === lab)?.meta;
    if (!meta) continue;
    result.splice(headingIndex + inserted, 0, { level: 2, id: headingId(lab, home), text: `Lab: ${meta.title}` });
    inserted++;
  }
  return result;
}

function placedLab(marker: RenderedBody['labMarkers'][number], where: Where): Placed {
  const fail = (problem: string) => new LessonError(where.file, problem, marker.line);
  if (marker.lab === null) {
    if (!where.home) throw fail('::: lab is used but the front matter names no lab');
    return { lab: where.home, headingIndex: marker.headingIndex, line: marker.line };
  }
  if (marker.lab === where.home) throw fail(`::: lab ${marker.lab}: this is the lesson's own lab (its front matter's); write ::: lab`);
  if (!where.knownLabs.includes(marker.lab)) throw fail(`::: lab ${marker.lab}: "${marker.lab}" is not a lab (known: ${where.knownLabs.join(', ') || 'none'})`);
  return { lab: marker.lab, headingIndex: marker.headingIndex, line: marker.line };
}

function headingId(lab: string, home: string | undefined): string {
  return lab === home ? 'lab' : `lab-${lab}`;
}

/** The panel of a marker: markers are numbered in the order the lesson's `::: lab` lines were found, as `placed` is. */
function placedAt(placed: Placed[], marker: number): Placed {
  const panel = placed[marker];
  if (!panel) throw new Error(`lab marker ${marker} has no panel (${placed.length} placed)`);
  return panel;
}
