import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import type { Employee } from '../employee.js';
import { isEmployeeId, newEmployeeId, newPhotoKey } from '../ids.js';
import { MAX_BODY_BYTES, MAX_PHOTO_BYTES, NotAFormError, parseEmployeeForm, type ParsedForm } from '../multipart.js';
import { deletePage } from '../pages/delete.js';
import { employeeFormPage, emptyFormValues, valuesOf } from '../pages/form.js';
import { listPage } from '../pages/list.js';
import { redirectTo, sendError, sendHtml, sendNotFound } from '../respond.js';
import { validateEmployeeForm } from '../validate.js';
import type { AppContext, RouteHandler } from './context.js';

export const showList: RouteHandler = async (ctx, _req, res) => {
  sendHtml(res, 200, listPage(ctx.store.list()));
};

export const showNewForm: RouteHandler = async (_ctx, _req, res) => {
  sendHtml(res, 200, employeeFormPage({ values: emptyFormValues(), problems: [] }));
};

export const showEditForm: RouteHandler = async (ctx, _req, res, id) => {
  const employee = findEmployee(ctx, id);
  if (!employee) return sendNotFound(res);
  sendHtml(res, 200, employeeFormPage({ employee, values: valuesOf(employee), problems: [] }));
};

export const showDeleteConfirmation: RouteHandler = async (ctx, _req, res, id) => {
  const employee = findEmployee(ctx, id);
  if (!employee) return sendNotFound(res);
  sendHtml(res, 200, deletePage(employee));
};

export const createEmployee: RouteHandler = async (ctx, req, res) => {
  const form = await readForm(req, res);
  if (!form) return;
  const result = validateEmployeeForm(form, true);
  if (!result.ok) {
    return sendHtml(res, 400, employeeFormPage({ values: result.values, problems: result.problems }));
  }
  const photo = result.photo;
  if (!photo) throw new Error('a valid new employee always has a photo');
  const id = newEmployeeId();
  const key = newPhotoKey(id, photo.type.extension);
  if (!(await storePhoto(ctx, res, key, photo.bytes, photo.type.contentType))) return;

  const now = new Date().toISOString();
  const employee: Employee = { id, ...result.details, photo: { key, contentType: photo.type.contentType }, createdAt: now, updatedAt: now };
  try {
    await ctx.store.put(employee);
  } catch (error) {
    await deletePhotoQuietly(ctx, key);
    throw error;
  }
  redirectTo(res, '/');
};

export const updateEmployee: RouteHandler = async (ctx, req, res, id) => {
  const employee = findEmployee(ctx, id);
  if (!employee) return sendNotFound(res);
  const form = await readForm(req, res);
  if (!form) return;
  // It may have been deleted while its form was uploading.
  if (!ctx.store.get(employee.id)) return sendNotFound(res);
  const result = validateEmployeeForm(form, false);
  if (!result.ok) {
    return sendHtml(res, 400, employeeFormPage({ employee, values: result.values, problems: result.problems }));
  }

  let photo = employee.photo;
  if (result.photo) {
    photo = { key: newPhotoKey(employee.id, result.photo.type.extension), contentType: result.photo.type.contentType };
    if (!(await storePhoto(ctx, res, photo.key, result.photo.bytes, photo.contentType))) return;
  }
  const updated: Employee = { ...employee, ...result.details, photo, updatedAt: new Date().toISOString() };
  try {
    await ctx.store.put(updated);
  } catch (error) {
    if (photo !== employee.photo) await deletePhotoQuietly(ctx, photo.key);
    throw error;
  }
  if (photo !== employee.photo) await deletePhotoQuietly(ctx, employee.photo.key);
  redirectTo(res, '/');
};

export const deleteEmployee: RouteHandler = async (ctx, req, res, id) => {
  req.resume(); // the delete form sends no fields worth reading
  const employee = findEmployee(ctx, id);
  if (!employee) return sendNotFound(res);
  try {
    await ctx.photos.delete(employee.photo.key);
  } catch (error) {
    ctx.log(`photo delete failed: ${describe(error)}`);
    return sendError(res, 502, 'Photo not deleted', 'The photo could not be deleted from storage, so the employee was kept. Try again.');
  }
  await ctx.store.remove(employee.id);
  redirectTo(res, '/');
};

export const sendPhoto: RouteHandler = async (ctx, req, res, id) => {
  const employee = findEmployee(ctx, id);
  if (!employee) return sendNotFound(res);
  // The key's random part changes with every new photo, so it identifies this version.
  const etag = `"${employee.photo.key.slice(employee.photo.key.lastIndexOf('/') + 1)}"`;
  if (req.headers['if-none-match'] === etag) {
    res.writeHead(304, { ETag: etag, 'Cache-Control': 'private, no-cache' });
    return void res.end();
  }
  let download;
  try {
    download = await ctx.photos.get(employee.photo.key);
  } catch (error) {
    ctx.log(`photo read failed: ${describe(error)}`);
    return sendError(res, 502, 'Photo unavailable', 'The photo could not be read from storage.');
  }
  if (!download) return sendNotFound(res);
  res.writeHead(200, {
    'Content-Type': employee.photo.contentType,
    ...(download.contentLength !== undefined ? { 'Content-Length': download.contentLength } : {}),
    'Cache-Control': 'private, no-cache',
    ETag: etag,
  });
  await pipeline(download.body, res);
};

function findEmployee(ctx: AppContext, id: string): Employee | undefined {
  return isEmployeeId(id) ? ctx.store.get(id) : undefined;
}

/** The parsed form, or null when an error page has already been sent. */
async function readForm(req: IncomingMessage, res: ServerResponse): Promise<ParsedForm | null> {
  if (Number(req.headers['content-length']) > MAX_BODY_BYTES) {
    dropConnectionAfterResponse(req, res);
    sendError(res, 413, 'Upload too large', `The form is too large: a photo may be at most ${MAX_PHOTO_BYTES / (1024 * 1024)} MB.`);
    return null;
  }
  try {
    const form = await parseEmployeeForm(req);
    if (form.abandoned) dropConnectionAfterResponse(req, res);
    return form;
  } catch (error) {
    if (!(error instanceof NotAFormError)) throw error;
    sendError(res, 400, 'Bad request', error.message);
    return null;
  }
}

// The rest of an oversized body is never parsed: it is discarded as it arrives for a
// moment, so the client can still read the error page, and then the connection is cut.
function dropConnectionAfterResponse(req: IncomingMessage, res: ServerResponse): void {
  res.setHeader('Connection', 'close');
  res.once('finish', () => {
    req.resume();
    setTimeout(() => req.socket.destroy(), 2000).unref();
  });
}

async function storePhoto(ctx: AppContext, res: ServerResponse, key: string, bytes: Buffer, contentType: string): Promise<boolean> {
  try {
    await ctx.photos.put(key, bytes, contentType);
    return true;
  } catch (error) {
    ctx.log(`photo upload failed: ${describe(error)}`);
    sendError(res, 502, 'Photo not stored', 'The photo could not be stored, so nothing was saved. Try again.');
    return false;
  }
}

async function deletePhotoQuietly(ctx: AppContext, key: string): Promise<void> {
  try {
    await ctx.photos.delete(key);
  } catch (error) {
    ctx.log(`photo cleanup failed: ${describe(error)}`);
  }
}

export function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
