// Employee records in one JSON file under DATA_DIR. On EC2 that file is on the
// instance's own disk: it dies with the instance (later weeks move it to a database).
import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { BADGES } from './badges.js';
import type { Employee } from './employee.js';
import { isEmployeeId } from './ids.js';

const FILE_NAME = 'employees.json';
const FILE_VERSION = 1;

interface RecordsFile {
  version: number;
  employees: Employee[];
}

export interface EmployeeStore {
  readonly filePath: string;
  list(): Employee[];
  get(id: string): Employee | undefined;
  /** Adds or replaces the record with this id, then saves the file. */
  put(employee: Employee): Promise<void>;
  remove(id: string): Promise<void>;
}

export async function openEmployeeStore(dataDir: string): Promise<EmployeeStore> {
  await mkdir(dataDir, { recursive: true });
  const filePath = join(dataDir, FILE_NAME);
  const employees = new Map((await readRecords(filePath)).map((e) => [e.id, e]));
  // One save at a time, in order, so a slower earlier write never lands after a later one.
  let saving: Promise<void> = Promise.resolve();

  function save(): Promise<void> {
    const snapshot: RecordsFile = { version: FILE_VERSION, employees: [...employees.values()] };
    const next = saving.then(() => writeFileAtomically(filePath, JSON.stringify(snapshot, null, 2) + '\n'));
    saving = next.catch(() => undefined);
    return next;
  }

  return {
    filePath,
    list: () => [...employees.values()].sort(byName),
    get: (id) => employees.get(id),
    async put(employee) {
      const previous = employees.get(employee.id);
      employees.set(employee.id, employee);
      try {
        await save();
      } catch (error) {
        if (previous) employees.set(employee.id, previous);
        else employees.delete(employee.id);
        throw error;
      }
    },
    async remove(id) {
      const previous = employees.get(id);
      if (!previous) return;
      employees.delete(id);
      try {
        await save();
      } catch (error) {
        employees.set(id, previous);
        throw error;
      }
    },
  };
}

function byName(a: Employee, b: Employee): number {
  return a.name.localeCompare(b.name) || a.createdAt.localeCompare(b.createdAt);
}

async function readRecords(filePath: string): Promise<Employee[]> {
  let text: string;
  try {
    text = await readFile(filePath, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error(`${filePath} is not valid JSON; fix or move it away, it was not changed`);
  }
  const employees = (parsed as Partial<RecordsFile> | null)?.employees;
  if (!Array.isArray(employees) || !employees.every(isEmployeeRecord)) {
    throw new Error(`${filePath} does not hold employee records; fix or move it away, it was not changed`);
  }
  return employees;
}

function isEmployeeRecord(value: unknown): value is Employee {
  const e = value as Partial<Employee> | null;
  return (
    typeof e === 'object' && e !== null &&
    typeof e.id === 'string' && isEmployeeId(e.id) &&
    typeof e.name === 'string' && typeof e.location === 'string' && typeof e.jobTitle === 'string' &&
    Array.isArray(e.badges) && e.badges.every((b) => (BADGES as readonly string[]).includes(b)) &&
    typeof e.photo?.key === 'string' && e.photo.key.startsWith(`employees/${e.id}/`) &&
    typeof e.photo.contentType === 'string' &&
    typeof e.createdAt === 'string' && typeof e.updatedAt === 'string'
  );
}

// Write a temporary file, flush it to disk, then rename it over the old one: a crash
// leaves either the old file or the new one, never half of one.
async function writeFileAtomically(filePath: string, text: string): Promise<void> {
  const tempPath = `${filePath}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    const file = await open(tempPath, 'wx', 0o600);
    try {
      await file.writeFile(text, 'utf8');
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(tempPath, filePath);
  } catch (error) {
    await rm(tempPath, { force: true });
    throw error;
  }
}
