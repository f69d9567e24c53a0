// Turns a parsed form into employee details, or into the list of what is wrong with it
// together with what the user typed, so the form can be shown again.
import { type Badge, toBadge } from './badges.js';
import type { EmployeeDetails } from './employee.js';
import { detectImageType, type ImageType } from './images.js';
import { MAX_PHOTO_BYTES, type ParsedForm } from './multipart.js';

export const MAX_TEXT_LENGTH = 100;

export type FormField = 'name' | 'location' | 'jobTitle' | 'badges' | 'photo' | 'form';

export interface FormProblem {
  field: FormField;
  message: string;
}

/** What the user typed, as they typed it, to fill the form again. */
export interface FormValues {
  name: string;
  location: string;
  jobTitle: string;
  badges: string[];
}

export interface ValidPhoto {
  bytes: Buffer;
  type: ImageType;
}

export type ValidationResult =
  | { ok: true; details: EmployeeDetails; photo: ValidPhoto | null }
  | { ok: false; problems: FormProblem[]; values: FormValues };

const LABELS = { name: 'Name', location: 'Location', jobTitle: 'Job title' } as const;
type TextField = keyof typeof LABELS;
// C0 controls and DEL: a text input never sends them, so they are not a typo.
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;

export function validateEmployeeForm(form: ParsedForm, photoRequired: boolean): ValidationResult {
  const values = formValues(form);
  const problems: FormProblem[] = form.formProblems.map((message) => ({ field: 'form', message }));

  if (!values.name) problems.push({ field: 'name', message: 'Name is required.' });
  for (const field of Object.keys(LABELS) as TextField[]) {
    const problem = textProblem(field, values[field], form.truncatedFields.has(field));
    if (problem) problems.push({ field, message: problem });
  }

  const badges = parseBadges(values.badges);
  if (badges.unknown.length > 0) {
    problems.push({ field: 'badges', message: `Unknown badge: ${badges.unknown.join(', ')}. Choose from the list.` });
  }

  const photo = checkPhoto(form, photoRequired);
  if ('message' in photo) problems.push({ field: 'photo', message: photo.message });

  if (problems.length > 0) return { ok: false, problems, values };
  return {
    ok: true,
    details: { name: values.name, location: values.location, jobTitle: values.jobTitle, badges: badges.known },
    photo: 'photo' in photo ? photo.photo : null,
  };
}

function formValues(form: ParsedForm): FormValues {
  const text = (name: string): string => (form.fields.get(name)?.[0] ?? '').normalize('NFC').trim();
  return {
    name: text('name'),
    location: text('location'),
    jobTitle: text('jobTitle'),
    badges: (form.fields.get('badges') ?? []).flatMap((value) => value.split(',')).map((b) => b.trim()).filter(Boolean),
  };
}

function textProblem(field: TextField, value: string, truncated: boolean): string | null {
  if (truncated || [...value].length > MAX_TEXT_LENGTH) {
    return `${LABELS[field]} must be at most ${MAX_TEXT_LENGTH} characters.`;
  }
  if (CONTROL_CHARACTERS.test(value)) return `${LABELS[field]} contains characters that are not allowed.`;
  return null;
}

function parseBadges(texts: string[]): { known: Badge[]; unknown: string[] } {
  const known = new Set<Badge>();
  const unknown: string[] = [];
  for (const text of texts) {
    const badge = toBadge(text);
    if (badge) known.add(badge);
    else unknown.push(text.slice(0, MAX_TEXT_LENGTH));
  }
  return { known: [...known], unknown };
}

function checkPhoto(form: ParsedForm, required: boolean): { photo: ValidPhoto } | { message: string } | { none: true } {
  const limit = `${MAX_PHOTO_BYTES / (1024 * 1024)} MB`;
  if (form.photoTooLarge) return { message: `The photo is larger than ${limit}. Choose a smaller one.` };
  if (!form.photo) return required ? { message: 'Choose a photo (PNG, JPEG or WebP).' } : { none: true };
  const type = detectImageType(form.photo.bytes);
  if (!type) return { message: 'The photo must be a PNG, JPEG or WebP image.' };
  return { photo: { bytes: form.photo.bytes, type } };
}
