// The photo round trip, the one check that uses the app as a visitor would: photos go through the app (and so through
// the instance's role) into the bucket under employees/<id>/, and come back unchanged. Checks only read unless the
// caller allows writing checks (`writes: yes`, which grading leaves off): then a test employee with a photo is added
// and deleted again; otherwise the photos already there are read back through the app, and the skipped write test said.
import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { randomBytes } from 'node:crypto';
import { type CheckOutcome, expect, fail, type LabContext, pass } from '../../lab-runner/lab.js';
import { addEmployee, deleteEmployee, employeePhoto, listedEmployeeIds } from './app-client.js';
import { samplePng } from './sample-photo.js';
import { PHOTO_PREFIX, photosBucketName } from './spec.js';

/** Read back at most this many employees' photos: enough to judge, little enough for a class. */
const READ_AT_MOST = 3;
const WRITE_SKIPPED = 'the write test (adding an employee with a photo through the app) was skipped: this check writes only when writing checks are allowed';

export function checkPhotos(ctx: LabContext, url: string): Promise<CheckOutcome> {
  return ctx.options.writes === 'yes' ? photoRoundTrip(ctx, url) : photosReadBack(ctx, url);
}

async function photosReadBack(ctx: LabContext, url: string): Promise<CheckOutcome> {
  const bucket = photosBucketName(ctx.account, ctx.region);
  const ids = (await listedEmployeeIds(url)).slice(0, READ_AT_MOST);
  if (ids.length === 0) return pass(`no employee yet, so no photo to read back; ${WRITE_SKIPPED}`);
  for (const id of ids) {
    const stored = await storedPhoto(ctx, bucket, id);
    if (!stored.ok) return fail(`the app lists employee ${id}, but ${stored.problem}`);
    const served = await employeePhoto(url, id);
    if (served.status !== 200) return fail(`the app could not read the photo of employee ${id} from ${bucket} (it answered ${served.status}): can its role read ${PHOTO_PREFIX}*?`);
    if (!served.bytes.equals(stored.bytes)) return fail(`the app serves ${served.bytes.length} bytes for employee ${id}, but s3://${bucket}/${stored.key} holds ${stored.bytes.length} others`);
  }
  return pass(`the photos of ${ids.length} employee${ids.length === 1 ? '' : 's'} read back through the app unchanged from s3://${bucket}/${PHOTO_PREFIX}; ${WRITE_SKIPPED}`);
}

async function photoRoundTrip(ctx: LabContext, url: string): Promise<CheckOutcome> {
  const bucket = photosBucketName(ctx.account, ctx.region);
  const photo = samplePng();
  let id: string;
  try {
    id = await addEmployee(url, {
      name: `Workbook check ${randomBytes(3).toString('hex')}`,
      location: 'Grader',
      jobTitle: 'Photo round trip',
      photo: { bytes: photo, fileName: 'check.png', contentType: 'image/png' },
    });
  } catch (error) {
    return fail(`adding an employee with a photo at ${url} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  let outcome: CheckOutcome;
  try {
    const stored = await storedPhoto(ctx, bucket, id);
    outcome = !stored.ok
      ? fail(stored.problem)
      : expect(
          stored.bytes.equals(photo),
          stored.bytes.equals(photo)
            ? `a ${photo.length}-byte PNG went in through the app and came back unchanged from s3://${bucket}/${stored.key}`
            : `s3://${bucket}/${stored.key} holds ${stored.bytes.length} bytes that differ from the ${photo.length} sent`,
        );
  } catch (error) {
    outcome = fail(`reading the photo back from ${bucket} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  try {
    await deleteEmployee(url, id);
  } catch (error) {
    outcome = { ...outcome, detail: `${outcome.detail} (the test employee ${id} could not be deleted: ${error instanceof Error ? error.message : String(error)})` };
  }
  return outcome;
}

type StoredPhoto = { ok: true; key: string; bytes: Buffer } | { ok: false; problem: string };

/** The one photo the app keeps for an employee, read from the bucket with the caller's own credentials. */
async function storedPhoto(ctx: LabContext, bucket: string, id: string): Promise<StoredPhoto> {
  const prefix = `${PHOTO_PREFIX}${id}/`;
  const { Contents = [] } = await ctx.clients.s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }));
  const key = Contents[0]?.Key;
  if (Contents.length !== 1 || !key) return { ok: false, problem: `expected one photo under s3://${bucket}/${prefix}, found ${Contents.length}` };
  const { Body } = await ctx.clients.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return { ok: true, key, bytes: Buffer.from((await Body?.transformToByteArray()) ?? []) };
}
