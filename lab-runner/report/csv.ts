// CSV for spreadsheets, safe to open: a cell that starts with = + - @, a tab or a carriage return would run as a formula,
// so it gets a leading apostrophe, as OWASP advises (https://owasp.org/www-community/attacks/CSV_Injection).
import { stringify } from 'csv-stringify/sync';

export function neutralise(cell: string): string {
  return /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}

export function csvText(rows: string[][]): string {
  return stringify(rows.map((row) => row.map(neutralise)), { record_delimiter: 'unix' });
}
