/**
 * The CSV baseline: DuckDB's own `read_csv` over the same files into a table, in one multi-file scan with
 * `union_by_name` (the layouts differ in columns), with no validation at all. This is the fastest way a user with
 * DuckDB would load them, so "ours at 25 % of it" is a demanding comparison. One layout is written in Windows-1252
 * (as Excel's "CSV" export does), which DuckDB reads only through its `encodings` extension (a download; none here),
 * so those files are converted to UTF-8 first, outside the timed part, as that user would have to (iconv).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, quotedString } from '@duckdb/node-api';
import { seconds } from './timing.js';

export interface DuckDbCsvMeasurement {
  seconds: number;
  rows: number;
}

export async function measureDuckDbCsv(input: { files: string[] }): Promise<DuckDbCsvMeasurement> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    const utf8 = new TextDecoder('utf-8', { fatal: true });
    const windows1252 = new TextDecoder('windows-1252');
    const converted = mkdtempSync(join(tmpdir(), 'bench-csv-utf8-'));
    const files = input.files.map((file, i) => {
      const bytes = readFileSync(file);
      try {
        utf8.decode(bytes);
        return file;
      } catch {
        const copy = join(converted, `${i}.csv`);
        writeFileSync(copy, windows1252.decode(bytes));
        return copy;
      }
    });
    try {
      const start = performance.now();
      const list = files.map((f) => quotedString(f)).join(', ');
      await connection.run(
        `create table bench_csv as select * from read_csv([${list}], union_by_name = true, header = true)`,
      );
      const elapsed = seconds(start);
      const reader = await connection.runAndReadAll('select count(*) from bench_csv');
      return { seconds: elapsed, rows: Number(reader.getRows()[0]?.[0] ?? 0) };
    } finally {
      rmSync(converted, { recursive: true, force: true });
    }
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}
