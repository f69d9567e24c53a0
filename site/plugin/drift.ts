// A lesson must not say what its labs do not do. What a lesson with a lab says (words.ts: prose, inline code and code,
// quizzes left out) is compared with what its labs say (lab-words.ts: catalogue entry and source), and with the
// labs it builds on. It is drift, reported with file and line, when the lesson names:
//
// - a CIDR block the labs do not use (`0.0.0.0/0` and the private ranges 10.0.0.0/8, 172.16.0.0/12 and
//   192.168.0.0/16 aside: they name address space, not a network a lab builds);
// - a region other than the lab's, when the lab always runs in one region (billing-alarm: us-east-1);
// - a port ("port 22", "ports 80 and 443", "TCP 80", `FromPort=80`, `PORT=80`) that is not a number of the labs;
// - in code, a resource or policy name the labs do not use (names.ts: naming options, Name tags, `…Name` fields,
//   IAM, SNS and SQS ARNs);
// - in inline code, a canonical name (one that a lab's step commands give) of a lab the lesson neither shows nor
//   builds on, or a name within two edits of one of its own labs' names without being one (`web-sgs`, `billing-alert`).
//
// Names no lab has ever used are not drift by this check: a lesson may teach an example of its own.
import { LessonError } from './errors.js';
import type { LessonWords } from './env.js';
import { withPlaceholders, type LabWords } from './lab-words.js';
import { namesGiven } from './names.js';

export interface DriftContext {
  /** The labs the lesson shows, with the labs they build on (transitively). */
  own: LabWords[];
  /** The labs the lesson shows: their region rule applies. */
  shown: LabWords[];
  /** Every lab of the catalogue. */
  all: LabWords[];
}

const CIDR = /(?<![\d.])(\d{1,3}(?:\.\d{1,3}){3}\/\d{1,2})(?!\d|\.\d)/g;
const GENERAL_RANGES = new Set(['0.0.0.0/0', '10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16']);
const REGION_CODE = '[a-z]{2}(?:-gov)?-(?:central|north|south|east|west|northeast|northwest|southeast|southwest)-\\d{1,2}';
/** A region code, alone or as part of a zone name (`eu-central-1a`), an ARN or a host name. */
const REGION = new RegExp(`(?<![\\w-])(${REGION_CODE})(?=[a-z]?(?![\\w-]))`, 'g');
const REGION_OR_ZONE = new RegExp(`^${REGION_CODE}[a-z]?$`);
const PORT_PHRASE = /\b(?:ports?|TCP|UDP) (\d{1,5}(?: ?\([A-Za-z]+\))?(?:(?:,| and| or) \d{1,5}(?: ?\([A-Za-z]+\))?)*)/gi;
const PORT_SETTING = /(?:\b(?:FromPort|ToPort|PORT|Port) ?[=:] ?['"]?|--port[= ])(\d{1,5})\b/g;
const KEBAB_NAME = /^[a-z][a-z0-9]*(?:-(?:[a-z0-9]+|<[a-z-]+>))+$/;
const PASCAL_NAME = /^[A-Z][a-z0-9]+(?:[A-Z][a-z0-9]*)+$/;
/** Kebab-case words that are not resource names: availability zone ids and the ids AWS gives resources. */
const NOT_A_NAME = /^(?:[a-z]{3,4}\d+-az\d+|(?:ami|i|vpc|subnet|sg|igw|rtb|vol|eni|snap)-[0-9a-f]{8,17})$/;
const MOST_EDITS = 2;

export function checkDrift(words: LessonWords[], context: DriftContext): void {
  const problem = words.map((said) => problemIn(said, context)).find((found) => found !== undefined);
  if (problem) throw problem;
}

function problemIn(said: LessonWords, context: DriftContext): LessonError | undefined {
  const labs = context.own.map((lab) => lab.id).join(', ');
  const fail = (what: string) => new LessonError(said.file, `${what}: the lesson and its labs (${labs}) disagree`, said.line);
  if (said.kind !== 'inline-code') {
    for (const cidr of captured(said.text, CIDR)) {
      if (!GENERAL_RANGES.has(cidr) && !uses(context.own, cidr)) return fail(`CIDR block ${cidr} is not one its lab uses`);
    }
    const fixed = context.shown.map((lab) => lab.fixedRegion);
    if (fixed.length > 0 && fixed.every((region) => region !== undefined)) {
      for (const region of captured(said.text, REGION)) {
        if (!fixed.includes(region)) return fail(`region ${region} is not the region its lab always runs in, ${fixed.join(', ')}`);
      }
    }
    for (const port of ports(said.text)) {
      if (!uses(context.own, port)) return fail(`port ${port} is not one its lab uses`);
    }
  }
  if (said.kind === 'code') {
    for (const name of namesGiven(said.text)) {
      if (!uses(context.own, name)) return fail(`the name ${name} is not one its lab uses`);
    }
  }
  if (said.kind === 'inline-code') return nameProblem(said.text.trim(), context, fail);
  return undefined;
}

function nameProblem(name: string, context: DriftContext, fail: (what: string) => LessonError): LessonError | undefined {
  if (uses(context.own, name)) return undefined;
  const elsewhere = context.all.find((lab) => !context.own.includes(lab) && lab.names.includes(name));
  if (elsewhere) return fail(`\`${name}\` is a name of the lab ${elsewhere.id}, which this lesson neither shows nor builds on`);
  if (!(KEBAB_NAME.test(name) || PASCAL_NAME.test(name)) || NOT_A_NAME.test(name) || REGION_OR_ZONE.test(name)) return undefined;
  const near = context.own.flatMap((lab) => lab.names).find((own) => editDistance(own, name) <= MOST_EDITS);
  return near === undefined ? undefined : fail(`\`${name}\` is not a name its lab uses; did you mean \`${near}\`?`);
}

function ports(text: string): string[] {
  const phrases = captured(text, PORT_PHRASE).flatMap((list) => list.match(/\d+/g) ?? []);
  return [...phrases, ...captured(text, PORT_SETTING)];
}

/** What the first group of each match of a global pattern holds (every pattern here has one that always takes part). */
function captured(text: string, pattern: RegExp): string[] {
  return [...text.matchAll(pattern)].flatMap(([, group]) => (group === undefined ? [] : [group]));
}

/** Whether a lab says this, as a whole word: `web-sg` is not in `web-sg-2`, `80` is not in `8080` or `10.80.0.0`. */
function uses(labs: LabWords[], said: string): boolean {
  const escaped = withPlaceholders(said).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const whole = new RegExp(`(?<![\\w.-])${escaped}(?![\\w-]|\\.\\d)`);
  return labs.some((lab) => whole.test(lab.text));
}

/** Levenshtein's distance, one row of the table at a time: a row's first cell is its row number, its last the distance so far. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  let distance = b.length;
  for (let i = 1; i <= a.length; i++) {
    let diagonal = i - 1;
    let left = i;
    const current = [left];
    for (const [j, above] of previous.slice(1).entries()) {
      left = Math.min(above + 1, left + 1, diagonal + (a[i - 1] === b[j] ? 0 : 1));
      current.push(left);
      diagonal = above;
    }
    previous = current;
    distance = left;
  }
  return distance;
}
