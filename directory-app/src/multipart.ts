// Reads an employee form (multipart/form-data) with hard limits applied while the body
// streams in: an oversized photo is cut off at the limit and its remaining bytes are
// discarded as they arrive, never held in memory.
import busboy from 'busboy';
import type { IncomingMessage } from 'node:http';

export const MAX_PHOTO_BYTES = 5 * 1024 * 1024;
const MAX_FIELD_BYTES = 4096;
const MAX_FIELDS = 40;
// Past this many bytes the request is not read any further at all.
export const MAX_BODY_BYTES = 2 * MAX_PHOTO_BYTES;

export interface UploadedPhoto {
  bytes: Buffer;
}

export interface ParsedForm {
  /** Every value sent under each field name, in order. */
  fields: Map<string, string[]>;
  /** Field names whose value was cut at the field size limit. */
  truncatedFields: Set<string>;
  photo: UploadedPhoto | null;
  photoTooLarge: boolean;
  /** Problems with the request as a whole (too many fields, body too large). */
  formProblems: string[];
  /** True when the body was not read to its end; the connection should be closed. */
  abandoned: boolean;
}

export class NotAFormError extends Error {}

export function parseEmployeeForm(req: IncomingMessage): Promise<ParsedForm> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: req.headers,
        limits: { fileSize: MAX_PHOTO_BYTES, files: 1, fields: MAX_FIELDS, fieldSize: MAX_FIELD_BYTES, parts: MAX_FIELDS + 1 },
      });
    } catch {
      reject(new NotAFormError('The form must be sent as multipart/form-data.'));
      return;
    }
    const form: ParsedForm = {
      fields: new Map(),
      truncatedFields: new Set(),
      photo: null,
      photoTooLarge: false,
      formProblems: [],
      abandoned: false,
    };
    let finished = false;
    const finish = (): void => {
      if (finished) return;
      finished = true;
      resolve(form);
    };

    parser.on('field', (name, value, info) => {
      form.fields.set(name, [...(form.fields.get(name) ?? []), value]);
      if (info.valueTruncated) form.truncatedFields.add(name);
    });
    parser.on('file', (name, stream, info) => {
      // A form cut short errors the file stream too; the parser's own 'error' reports it.
      stream.on('error', () => undefined);
      if (name !== 'photo' || form.photo) {
        stream.resume();
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      stream.on('data', (chunk: Buffer) => {
        if (form.photoTooLarge) return;
        chunks.push(chunk);
        size += chunk.length;
      });
      stream.on('limit', () => {
        form.photoTooLarge = true;
        chunks.length = 0;
      });
      stream.on('end', () => {
        // A file input left empty still sends a part, with no file name and no bytes.
        const leftEmpty = size === 0 && !info.filename;
        if (!form.photoTooLarge && !leftEmpty) form.photo = { bytes: Buffer.concat(chunks, size) };
      });
    });
    const tooMany = (): void => {
      form.formProblems.push('The form has more fields than expected.');
    };
    parser.on('fieldsLimit', tooMany);
    parser.on('partsLimit', tooMany);
    parser.on('filesLimit', tooMany);
    parser.on('close', finish);
    const fail = (message: string): void => {
      if (finished) return;
      finished = true;
      req.unpipe(parser);
      req.resume();
      reject(new NotAFormError(message));
    };
    parser.on('error', (error: Error) => fail(`The form could not be read: ${error.message}`));
    req.on('close', () => {
      if (!req.complete) fail('The upload was interrupted before the form was complete.');
    });

    let received = 0;
    req.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (received > MAX_BODY_BYTES && !form.abandoned) {
        form.abandoned = true;
        form.photoTooLarge = true;
        req.unpipe(parser);
        req.pause();
        finish();
      }
    });
    req.pipe(parser);
  });
}
