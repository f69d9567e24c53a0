import { randomBytes, randomUUID } from 'node:crypto';

// Ids are random v4 UUIDs made here; anything else in a URL is not one of ours.
const EMPLOYEE_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

export function newEmployeeId(): string {
  return randomUUID();
}

export function isEmployeeId(value: string): boolean {
  return EMPLOYEE_ID.test(value);
}

/** The S3 key of a new photo: built only from server-made parts, never from user input. */
export function newPhotoKey(employeeId: string, extension: string): string {
  if (!isEmployeeId(employeeId)) throw new Error('not an employee id');
  return `employees/${employeeId}/${randomBytes(16).toString('hex')}.${extension}`;
}
