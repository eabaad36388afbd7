import { CsvError, parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import type { Db } from '../db/connect.js';
import { ValidationError, type Problem } from '../domain/errors.js';
import { nameTextProblem } from '../domain/text.js';
import { auditWho, recordAudit } from '../repositories/audit.repository.js';
import { allCustomers, customerNameKey, insertCustomer, updateCustomer } from '../repositories/customer.repository.js';
import type { Who } from './customer.service.js';

/**
 * A spreadsheet runs a cell that starts with `=`, `+`, `-`, `@`, tab or CR as a formula (DESIGN §12),
 * so such a cell is written with a leading `'`. A value that already starts with `'` before one of
 * those gets one more, so that import, which strips exactly one, gives back every value unchanged.
 */
const formulaStart = /^'*[=+\-@\t\r]/;

export function neutraliseCell(value: string): string {
  return formulaStart.test(value) ? `'${value}` : value;
}

export function restoreCell(value: string): string {
  return value.startsWith("'") && formulaStart.test(value) ? value.slice(1) : value;
}

/** `name,active`, one row per customer, sorted by name. */
export async function exportCustomersCsv(db: Db): Promise<string> {
  const rows = (await allCustomers(db)).map((c) => [neutraliseCell(c.name), c.active === 1 ? 'true' : 'false']);
  return stringify([['name', 'active'], ...rows]);
}

export interface CsvImportSummary {
  created: number;
  updated: number;
  unchanged: number;
}

interface CsvRow {
  line: number;
  name: string;
  /** Absent when the file has no active column or the cell is empty: new customers are active, existing ones keep theirs. */
  active: boolean | undefined;
}

const trueWords = new Set(['true', '1', 'yes', 'y', 'active']);
const falseWords = new Set(['false', '0', 'no', 'n', 'inactive']);

/**
 * Reads the whole file first and lists every problem as `line N, column X`; only a file without any
 * is applied, in one transaction, upserting by the name key. Unknown columns are ignored.
 */
export function readCustomersCsv(text: string): CsvRow[] {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, { bom: true, skip_empty_lines: true, relax_column_count: true, info: true }) as unknown as typeof records;
  } catch (error) {
    if (error instanceof CsvError) throw new ValidationError('the CSV file cannot be read', [{ path: `line ${(error as CsvError & { lines?: number }).lines ?? 1}`, message: error.message }]);
    throw error;
  }
  const [header, ...body] = records;
  if (!header) throw new ValidationError('the CSV file is empty', [{ path: 'line 1', message: 'expected the header name,active' }]);
  const columns = header.record.map((c) => c.trim().toLowerCase());
  const nameAt = columns.indexOf('name');
  const activeAt = columns.indexOf('active');
  if (nameAt < 0) throw new ValidationError('the CSV file has no name column', [{ path: 'line 1, column name', message: 'the header must have a name column' }]);

  const problems: Problem[] = [];
  const seen = new Map<string, number>();
  const rows: CsvRow[] = [];
  for (const { record, info } of body) {
    // info.lines is the line where the record ends; for a record on one line that is its line.
    const line = info.lines;
    if (record.length > header.record.length) {
      problems.push({ path: `line ${line}`, message: `${record.length} cells, but the header has ${header.record.length} columns` });
    }
    const name = restoreCell(record[nameAt] ?? '').trim();
    if (!name) problems.push({ path: `line ${line}, column name`, message: 'the name is empty' });
    else if (name.length > 200) problems.push({ path: `line ${line}, column name`, message: 'the name is longer than 200 characters' });
    else if (nameTextProblem(name)) problems.push({ path: `line ${line}, column name`, message: `the name ${nameTextProblem(name)}` });
    else {
      const first = seen.get(customerNameKey(name));
      if (first !== undefined) problems.push({ path: `line ${line}, column name`, message: `"${name}" is already on line ${first}` });
      else seen.set(customerNameKey(name), line);
    }
    const cell = activeAt < 0 ? '' : (record[activeAt] ?? '').trim().toLowerCase();
    let active: boolean | undefined;
    if (trueWords.has(cell)) active = true;
    else if (falseWords.has(cell)) active = false;
    else if (cell !== '') problems.push({ path: `line ${line}, column active`, message: `"${record[activeAt]}" is not true or false` });
    rows.push({ line, name, active });
  }
  if (problems.length > 0) throw new ValidationError(`the CSV file has ${problems.length} problem(s); nothing was imported`, problems);
  return rows;
}

export async function importCustomersCsv(db: Db, who: Who, text: string, now: Date): Promise<CsvImportSummary> {
  const rows = readCustomersCsv(text);
  const at = now.toISOString();
  return db.transaction().execute(async (trx) => {
    const existing = new Map((await allCustomers(trx)).map((c) => [c.name_key, c]));
    const summary: CsvImportSummary = { created: 0, updated: 0, unchanged: 0 };
    const changes: unknown[] = [];
    for (const row of rows) {
      const current = existing.get(customerNameKey(row.name));
      if (!current) {
        const active = row.active ?? true;
        await insertCustomer(trx, row.name, at, active);
        changes.push({ after: { name: row.name, active } });
        summary.created++;
        continue;
      }
      const before = { name: current.name, active: current.active === 1 };
      const after = { name: row.name, active: row.active ?? before.active };
      if (after.name === before.name && after.active === before.active) {
        summary.unchanged++;
        continue;
      }
      await updateCustomer(trx, current.id, after, at);
      changes.push({ id: current.id, before, after });
      summary.updated++;
    }
    await recordAudit(trx, { at, ...auditWho(who), action: 'customers.import', entityType: 'customer', details: { ...summary, changes } });
    return summary;
  });
}
