// Lessons never out of step with their labs: steps shown from the catalogue, each in a section; names, ranges, ports
// and regions checked against the lab; more than one lab on a page; prerequisites; one text in two lessons.
// Each case changes one thing in a small fixture world (helpers/fixture-lessons.ts) and expects file and line.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { MarkdownIt } from 'markdown-it';
import { beforeAll, describe, expect, it } from 'vitest';
import { lessonSource } from '../../lab-runner/authoring/dev-new.js';
import { createHighlight } from '../../site/plugin/highlight.js';
import { labCatalogue } from '../../site/plugin/labs.js';
import { renderLessons } from '../../site/plugin/lessons.js';
import { createMarkdown } from '../../site/plugin/markdown.js';
import type { Lesson, LessonPart } from '../../site/shared/types.js';
import { FIXTURE_LAB_IDS, FIXTURE_LABS, FIXTURE_LESSONS, fixture, lineOf, type Fixture } from './helpers/fixture-lessons.js';

let md: MarkdownIt;
beforeAll(async () => {
  md = createMarkdown(await createHighlight());
});

function renderFixture(world: Fixture, knownLabs: readonly string[] = FIXTURE_LAB_IDS): Promise<Lesson[]> {
  const catalogue = labCatalogue(world.labsDir, world.solutionsDir);
  return renderLessons(md, world.lessonsDir, {
    root: world.root,
    publicDir: world.publicDir,
    knownLabs,
    loadLab: catalogue.load,
    labWords: catalogue.words,
  });
}

/** Renders the fixture with one lesson changed, and gives `file:line` of a text in the changed lesson. */
async function refused(name: string, change: (text: string) => string, needle: string): Promise<{ error: string; at: string }> {
  const world = fixture({ [name]: change });
  const text = readFileSync(join(world.lessonsDir, name), 'utf8');
  const error = await renderFixture(world).then(
    () => 'rendered without complaint',
    (thrown: unknown) => String(thrown),
  );
  return { error, at: `${relative(world.root, join(world.lessonsDir, name))}:${lineOf(text, needle)}:` };
}

function lesson(lessons: Lesson[], slug: string): Lesson {
  const found = lessons.find((candidate) => candidate.summary.slug === slug);
  if (!found) throw new Error(`no lesson ${slug}`);
  return found;
}

function html(parts: LessonPart[]): string {
  return parts.map((part) => (part.kind === 'html' ? part.html : `[${part.kind}]`)).join('');
}

describe('the fixture', () => {
  it('renders: its lessons agree with their labs', async () => {
    await expect(renderFixture(fixture())).resolves.toHaveLength(3);
  });
});

describe('::: lab-steps', () => {
  it("shows the listed steps with the lab's numbers, titles and commands, highlighted as shell and laid out in lines", async () => {
    const body = html(lesson(await renderFixture(fixture()), '01-network').content.parts);
    expect(body).toContain('<ol class="lab-steps" aria-label="Steps of the lab net">');
    expect(body).toContain('<li value="1"><p><strong>Create the network <span class="nobr">app-net</span> (10.9.0.0/16)</strong></p>');
    expect(body).toContain('<li value="2"><p><strong>Let HTTPS in</strong></p>');
    expect(body).toContain('<span class="code-lang">Shell</span>');
    expect(body).toMatch(/<pre class="shiki" tabindex="0"><code>VPC_ID<span class="t\d+">=<\/span>\$\(<span class="t\d+">aws<\/span>/);
    // The catalogue's one line, continued before its options.
    expect(body.replace(/<[^>]+>/g, '')).toContain('VPC_ID=$(aws ec2 create-vpc --cidr-block 10.9.0.0/16 \\\n  --tag-specifications');
  });

  it('gives the search the steps it shows, in the section where they stand', async () => {
    const { search } = lesson(await renderFixture(fixture()), '01-network');
    const building = search.sections.find((section) => section.id === 'building-it');
    expect(building?.text).toContain('Create the network app-net (10.9.0.0/16) VPC_ID=$(aws ec2 create-vpc --cidr-block 10.9.0.0/16');
    expect(building?.text).toContain('Let HTTPS in aws ec2 authorize-security-group-ingress');
  });

  it('refuses a step the lab does not have, on its line, naming the steps it has', async () => {
    const { error, at } = await refused('01-network.md', (text) => text.replace('\nopen\n', '\nopne\n'), 'opne');
    expect(error).toContain(`${at} ::: lab-steps net: "opne" is not a step of the lab (its steps: net, open)`);
  });

  it("refuses steps out of the lab's order, or listed twice", async () => {
    const swapped = await refused('01-network.md', (text) => text.replace('net\nopen\n', 'open\nnet\n'), 'net\n:::');
    expect(swapped.error).toContain(`${swapped.at} ::: lab-steps net: "net" comes before "open" in the lab`);
    const twice = await refused('01-network.md', (text) => text.replace('net\nopen\n', 'net\nnet\nopen\n'), 'net\nopen');
    expect(twice.error).toContain(`::: lab-steps net: "net" is listed twice`);
  });

  it('refuses a lab that is not one, and a lab the lesson does not show', async () => {
    const unknown = await refused('01-network.md', (text) => text.replace('::: lab-steps net', '::: lab-steps nett'), '::: lab-steps nett');
    expect(unknown.error).toContain(`${unknown.at} ::: lab-steps nett: "nett" is not a lab (known: net, alarm, app, extra)`);
    const other = await refused('01-network.md', (text) => text.replace('## Building it\n', '## Building it\n\n::: lab-steps extra\nlook\n:::\n'), '::: lab-steps extra');
    expect(other.error).toContain(`${other.at} ::: lab-steps extra: the lesson does not show the lab extra`);
  });

  it('stands in a section, under a heading', async () => {
    const { error, at } = await refused('01-network.md', (text) => text.replace('## Building it\n', ''), '::: lab-steps net');
    expect(error).toContain(`${at} ::: lab-steps net must stand in a section`);
  });
});

describe('every step of a lab stands in one lesson section', () => {
  it('fails the build when a step is in none, naming the lab, the step and its lesson', async () => {
    const world = fixture({ '01-network.md': (text) => text.replace('net\nopen\n', 'net\n') });
    await expect(renderFixture(world)).rejects.toThrow(
      'site/lessons/01-network.md: step "open" of the lab net (Let HTTPS in) is in no lesson section: list it in a ::: lab-steps net block',
    );
  });

  it('fails the build when a step is in two, naming both places', async () => {
    const world = fixture({ '01-network.md': (text) => text.replace('## Check your understanding', '## Again\n\n::: lab-steps net\nopen\n:::\n\n## Check your understanding') });
    const text = readFileSync(join(world.lessonsDir, '01-network.md'), 'utf8');
    await expect(renderFixture(world)).rejects.toThrow(
      `site/lessons/01-network.md:${lineOf(text, '## Again') + 2}: step "open" of the lab net is already shown at site/lessons/01-network.md:${lineOf(text, '::: lab-steps net')}`,
    );
  });

  it('fails the build when a lab names a lesson that does not show it', async () => {
    const world = fixture({ 'labs/extra/lab.json': (text) => text.replace('"03-app"', '"03-app", "01-network"') });
    await expect(renderFixture(world)).rejects.toThrow(
      'site/lessons/01-network.md: the lab extra names this lesson among its lessons, but the lesson does not show it: add ::: lab extra',
    );
  });
});

describe('a lesson that disagrees with its lab', () => {
  const cases: [what: string, change: (text: string) => string, needle: string, problem: string][] = [
    ['a CIDR block the lab does not use', (t) => t.replace('holds `10.9.1.0/24`', 'holds `10.9.2.0/24`'), '10.9.2.0/24', 'CIDR block 10.9.2.0/24 is not one its lab uses'],
    ['a port the lab does not use', (t) => t.replace('TCP 443 only', 'TCP 443 and 8443 only'), '8443', 'port 8443 is not one its lab uses'],
    ['a name in code that the lab does not use', (t) => t.replace('## Check', '```sh\naws ec2 create-vpc --tag-specifications \'ResourceType=vpc,Tags=[{Key=Name,Value=main-net}]\'\n```\n\n## Check'), 'main-net', 'the name main-net is not one its lab uses'],
    ['a name close to one of its lab’s', (t) => t.replace('The network `app-net` holds', 'The network `app-nett` holds'), 'app-nett', '`app-nett` is not a name its lab uses; did you mean `app-net`?'],
    ['a canonical name of another lab', (t) => t.replace('It lets in', 'It sends to `alerts-topic` and lets in'), 'alerts-topic', '`alerts-topic` is a name of the lab alarm, which this lesson neither shows nor builds on'],
  ];

  for (const [what, change, needle, problem] of cases) {
    it(`fails the build on ${what}, with file and line`, async () => {
      const { error, at } = await refused('01-network.md', change, needle);
      expect(error).toContain(`${at} ${problem}: the lesson and its labs (net) disagree`);
    });
  }

  it('fails the build on a region other than the one its lab always runs in', async () => {
    const { error, at } = await refused('02-alarm.md', (t) => t.replace('lives in `us-east-1`', 'lives in `eu-west-1`'), 'eu-west-1');
    expect(error).toContain(`${at} region eu-west-1 is not the region its lab always runs in, us-east-1: the lesson and its labs (alarm) disagree`);
  });

  it("accepts what is not the lab's on purpose: private ranges, any region for a lab in the target's, names of a lab it builds on, quizzes", async () => {
    const lessons = await renderFixture(fixture());
    expect(FIXTURE_LESSONS['01-network.md']).toContain('`10.0.0.0/8`');
    expect(FIXTURE_LESSONS['01-network.md']).toContain('`eu-central-1`');
    expect(FIXTURE_LESSONS['01-network.md']).toContain('`10.7.0.0/16`, on port 8080');
    expect(FIXTURE_LESSONS['03-app.md']).toContain('`app-net`');
    expect(lessons).toHaveLength(3);
  });
});

describe('more than one lab on a page', () => {
  it('shows a second lab where ::: lab <id> stands, with a heading of its own in the contents', async () => {
    const app = lesson(await renderFixture(fixture()), '03-app');
    const panels = app.content.parts.flatMap((part) => (part.kind === 'lab' ? [[part.lab.id, part.headingId]] : []));
    expect(panels).toEqual([
      ['app', 'lab'],
      ['extra', 'lab-extra'],
    ]);
    expect(app.content.headings.map((h) => h.id)).toEqual(['launching', 'lab', 'who-you-are', 'lab-extra', 'a-checklist']);
    expect(app.content.headings.find((h) => h.id === 'lab-extra')?.text).toBe('Lab: The extra lab');
  });

  it('accepts only a lab of the catalogue, once, that names the lesson among its lessons', async () => {
    const unknown = await refused('03-app.md', (t) => t.replace('::: lab extra', '::: lab nothing'), '::: lab nothing');
    expect(unknown.error).toContain(`${unknown.at} ::: lab nothing: "nothing" is not a lab (known: net, alarm, app, extra)`);

    // A known lab without a catalogue entry yet is fine, until a lesson shows it.
    await expect(renderFixture(fixture(), [...FIXTURE_LAB_IDS, 'iam-policies'])).resolves.toHaveLength(3);
    const shown = fixture({ '03-app.md': (t) => t.replace('::: lab extra', '::: lab iam-policies') });
    await expect(renderFixture(shown, [...FIXTURE_LAB_IDS, 'iam-policies'])).rejects.toThrow('::: lab iam-policies: the lab has no catalogue entry (labs/iam-policies/lab.json)');

    const twice = await refused('03-app.md', (t) => t.replace('## Who you are', '::: lab extra\n:::\n\n## Who you are'), '::: lab extra');
    expect(twice.error).toContain('::: lab extra appears more than once');
    const home = await refused('03-app.md', (t) => t.replace('::: lab\n', '::: lab app\n'), '::: lab app');
    expect(home.error).toContain(`${home.at} ::: lab app: this is the lesson's own lab (its front matter's); write ::: lab`);
    const notItsLesson = await refused('01-network.md', (t) => t.replace('## Check', '::: lab extra\n:::\n\n## Check'), '::: lab extra');
    expect(notItsLesson.error).toContain(`${notItsLesson.at} shows the lab extra, whose catalogue entry names other lessons (03-app)`);
  });
});

describe('prerequisites', () => {
  it("are the labs the lesson's labs build on, each with the lesson where it is done", async () => {
    const lessons = await renderFixture(fixture());
    expect(lesson(lessons, '03-app').summary.prerequisites).toEqual([{ lab: 'net', lesson: '01-network' }]);
    expect(lesson(lessons, '01-network').summary.prerequisites).toBeUndefined();
  });
});

describe('::: include', () => {
  it('puts one text into two lessons, its heading in each one’s contents', async () => {
    const lessons = await renderFixture(fixture());
    for (const slug of ['02-alarm', '03-app']) {
      const { content } = lesson(lessons, slug);
      expect(content.headings, slug).toContainEqual({ level: 2, id: 'a-checklist', text: 'A checklist' });
      expect(html(content.parts), slug).toContain('Remove it all with <code');
      expect(html(content.parts), slug).toContain('<a href="#/01-network/building-it">built</a>');
    }
  });

  it('names the partial that does not exist, and the partial’s own file and line for a mistake in it', async () => {
    const missing = await refused('02-alarm.md', (t) => t.replace('::: include checklist', '::: include checklists'), '::: include checklists');
    expect(missing.error).toContain(`${missing.at} ::: include checklists: there is no site/lessons/partials/checklists.md`);

    const world = fixture({ 'partials/checklist.md': (t) => `${t}\n#### Too deep\n` });
    await expect(renderFixture(world)).rejects.toThrow('site/lessons/partials/checklist.md:6: heading jumps from h2 to h4');
  });
});

describe('the lesson stub of `lab dev new`', () => {
  it('passes the build with the catalogue entry of the new lab, its step in a section', async () => {
    const world = fixture();
    const stub = FIXTURE_LABS.find((lab) => lab.id === 'extra');
    if (!stub) throw new Error('no fixture lab extra');
    const entry = { ...stub, id: 'new-lab', lessons: ['04-new-lab'], steps: [{ id: 'who-am-i', title: 'Ask STS who you are', command: 'aws sts get-caller-identity', hint: 'Send it.' }] };
    mkdirSync(join(world.labsDir, 'new-lab'));
    writeFileSync(join(world.labsDir, 'new-lab', 'lab.json'), JSON.stringify(entry));
    writeFileSync(join(world.lessonsDir, '04-new-lab.md'), lessonSource('new-lab', 'A new lab', '04-new-lab'));
    const lessons = await renderFixture(world, [...FIXTURE_LAB_IDS, 'new-lab']);
    expect(lesson(lessons, '04-new-lab').content.parts.some((part) => part.kind === 'lab')).toBe(true);
  });
});
