import { describe, expect, it } from 'vitest';
import { IngestError } from '../errors.js';
import { readCsv, readCsvFile } from './read-csv.js';

const texts = (bytes: Buffer) =>
  readCsv(bytes, 'x.csv').sheets[0]?.rows.map((r) => r.map((c) => c.text)) ?? [];

describe('readCsv', () => {
  it('strips a UTF-8 BOM and keeps CRLF multi-line quoted fields, with editor line numbers', () => {
    const bytes = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from(
        'Requirement,Status,Comments\r\n3.1.1,Met,"two\r\nlines, and ""quotes"""\r\n3.1.2,Met,\r\n',
      ),
    ]);
    const doc = readCsv(bytes, 'x.csv');
    expect(doc.encoding).toBe('utf-8');
    const sheet = doc.sheets[0];
    expect(sheet?.rows[0]?.[0]?.text).toBe('Requirement');
    expect(sheet?.rows[1]?.[2]?.text).toBe('two\r\nlines, and "quotes"');
    // The third record starts on line 4 because the quoted field spans lines 2-3.
    expect(sheet?.lineNumbers).toEqual([1, 2, 4]);
  });

  it('falls back to Windows-1252 when the bytes are not UTF-8, and detects semicolons', () => {
    const bytes = Buffer.from([
      ...Buffer.from('Control ID;Status;Comments\n3.1.1;Met;'),
      0x93, // left double quote in cp1252
      ...Buffer.from('MFA'),
      0x94,
      ...Buffer.from(' '),
      0xfc, // ü
      ...Buffer.from('ber VPN\n'),
    ]);
    const doc = readCsv(bytes, 'x.csv');
    expect(doc.encoding).toBe('windows-1252');
    expect(texts(bytes)[1]).toEqual(['3.1.1', 'Met', '\u201cMFA\u201d über VPN']);
  });

  it('reads UTF-16LE with a BOM and tabs', () => {
    const bytes = Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      Buffer.from('Practice ID\tStatus\r\nac.l2-3.1.1\tMet\r\n', 'utf16le'),
    ]);
    expect(readCsv(bytes, 'x.csv').encoding).toBe('utf-16le');
    expect(texts(bytes)).toEqual([
      ['Practice ID', 'Status'],
      ['ac.l2-3.1.1', 'Met'],
    ]);
  });

  it('fails on an unclosed quote at the line and column where it opened', () => {
    const bytes = Buffer.from(
      'Requirement,Status,Comments\n3.1.1,Met,ok\n3.1.2,Met,"broken\n3.1.3,Met,x\n',
    );
    try {
      readCsv(bytes, 'x.csv');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(IngestError);
      expect((error as IngestError).code).toBe('CSV_UNCLOSED_QUOTE');
      expect((error as IngestError).message).toMatch(/^x\.csv › C3: a quoted field/);
    }
  });

  it('fails on an empty or whitespace-only file', () => {
    expect(() => readCsv(Buffer.from(' \r\n'), 'x.csv')).toThrow(/empty/);
  });

  it('counts lines ended by a lone CR (old Mac exports) like an editor does', () => {
    const doc = readCsv(
      Buffer.from('Requirement,Status\r3.1.1,Met\r\r3.1.2,"two\rlines"\r3.1.3,Met\r'),
      'x.csv',
    );
    expect(doc.sheets[0]?.lineNumbers).toEqual([1, 2, 3, 4, 6]);
    expect(doc.sheets[0]?.rows[3]?.[1]?.text).toBe('two\rlines');
  });

  it('keeps UTF-8 with a few invalid bytes as UTF-8 and warns naming the first bad line', () => {
    const bytes = Buffer.concat([
      Buffer.from('Company,Zürich AG\nRequirement,Status\n3.1.1,Met\n3.1.2,'),
      Buffer.from([0xff]),
      Buffer.from('Met\n'),
    ]);
    const doc = readCsv(bytes, 'x.csv');
    expect(doc.encoding).toBe('utf-8');
    expect(doc.sheets[0]?.rows[0]?.[1]?.text).toBe('Zürich AG');
    expect(doc.warnings).toEqual([
      'x.csv › row 4: bytes that are not valid utf-8 (the first on this line) were read as \ufffd; values with them may be wrong: export the file again as CSV (UTF-8)',
    ]);
  });

  it('warns on bytes Windows-1252 leaves undefined', () => {
    const doc = readCsv(Buffer.from([...Buffer.from('a;b\nc;'), 0xe9, 0x81, 0x0a]), 'x.csv');
    expect(doc.encoding).toBe('windows-1252');
    expect(doc.warnings?.[0]).toMatch(/^x\.csv › row 2: bytes that are not valid windows-1252/);
  });

  it('parses supplier files in the worker pool, refusing one over the cell limit at its line', async () => {
    const bytes = Buffer.from('Requirement,Status\n3.1.1,Met\n3.1.2,Met\n3.1.3,Met\n');
    const doc = await readCsvFile(bytes, 'x.csv', { timeoutMs: 20_000, maxCells: 100 });
    expect(doc.sheets[0]?.rows.map((r) => r.map((c) => c.text))).toEqual([
      ['Requirement', 'Status'],
      ['3.1.1', 'Met'],
      ['3.1.2', 'Met'],
      ['3.1.3', 'Met'],
    ]);
    const error = await readCsvFile(bytes, 'x.csv', { timeoutMs: 20_000, maxCells: 5 }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(IngestError);
    expect((error as IngestError).code).toBe('TOO_MANY_CELLS');
    expect((error as IngestError).message).toMatch(
      /^x\.csv › row 3: the file holds more than 5 cells/,
    );
  });

  it('refuses a field longer than a cell, on any line and after any line ending, and not a long line of short fields', () => {
    const long = 'x'.repeat(40_000);
    const refused = (text: string) => {
      try {
        readCsv(Buffer.from(text), 'x.csv');
      } catch (error) {
        return (error as IngestError).code === 'CELL_TOO_LONG'
          ? (error as IngestError).message
          : null;
      }
      return null;
    };
    expect(refused(`id,status,notes\n3.1.1,MET,ok\n3.1.2,MET,${long}\n`)).toMatch(/^x\.csv › C3: /);
    expect(refused(`id,status,notes\r3.1.1,MET,${long}\r`)).toMatch(/^x\.csv › C2: /);
    // A line over the limit whose fields are all short is read.
    const wide = `${Array.from({ length: 12_000 }, (_, i) => `c${i}`).join(',')}\n3.1.1,MET\n`;
    expect(wide.split('\n')[0]?.length).toBeGreaterThan(32_767);
    expect(refused(wide)).toBeNull();
  });

  it('reads a tab-separated export whose quotes do not close with quotes as characters, and \\N as empty', () => {
    const tsv =
      'control_id\tresult\tremarks\n3.1.1\tMET\t\\N\n3.11.3\tNOT MET\t"Temporary" exception\n3.1.2\tMET\tok\n';
    const doc = readCsv(Buffer.from(tsv), 'x.tsv');
    expect(texts(Buffer.from(tsv))).toEqual([
      ['control_id', 'result', 'remarks'],
      ['3.1.1', 'MET', ''],
      ['3.11.3', 'NOT MET', '"Temporary" exception'],
      ['3.1.2', 'MET', 'ok'],
    ]);
    expect(doc.warnings).toEqual([
      "x.tsv › row 3: a quote opened on this line is never closed; a tab-separated file needs no quotes, so every quote was read as an ordinary character, and \\N (a database export's empty value) as an empty cell",
    ]);
    // Quoting still applies where it closes, and a comma-separated file with a quote that never closes is refused.
    expect(texts(Buffer.from('a\tb\n1\t"x\ty"\n'))).toEqual([
      ['a', 'b'],
      ['1', 'x\ty'],
    ]);
    expect(() => readCsv(Buffer.from('a,b\n1,"x\n2,y\n'), 'x.csv')).toThrow(/never closed/);
  });
});
