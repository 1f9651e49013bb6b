import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { IngestError } from '../errors.js';
import { ingestPaths } from '../ingest-paths.js';
import { readWorkbook } from '../readers/read-workbook.js';
import { count, withFiles, workbookBytes } from '../test-utils.js';
import { loadMapping } from './mapping.js';
import { metadataKeyOf } from './metadata.js';
import { parseDocument } from './parse-document.js';

const read = (bytes: Buffer) =>
  readWorkbook(bytes, 'w.xlsx', { timeoutMs: 5000, maxUncompressedBytes: 10_000_000 });

describe('parseDocument', () => {
  it('finds the header under a title block, skips family headings and reads metadata above it', async () => {
    const bytes = await workbookBytes((wb) => {
      const ws = wb.addWorksheet('Assessment');
      ws.getCell('A1').value = 'System Security Plan';
      ws.getRow(2).values = ['Company:', 'Acme'];
      ws.getRow(3).values = ['SPRS Score: 104'];
      ws.getRow(6).values = ['Control #', 'Requirement', 'Status'];
      ws.getRow(7).values = ['Access Control'];
      ws.getRow(8).values = ['AC.L2-3.1.1', 'Authorized access', 'Implemented'];
      ws.getRow(9).values = ['3.1.2[a]', 'Transactions, objective a', 'Met'];
    });
    const parsed = parseDocument(await read(bytes), { file: 'w.xlsx' });
    expect(parsed.layouts).toEqual(['requirement-status']);
    expect(parsed.metadata.organization?.cell.text).toBe('Acme');
    expect(parsed.metadata.score?.cell.text).toBe('104');
    expect(parsed.statusRows.map((r) => [r.id.raw, r.objective, r.finding, r.row])).toEqual([
      ['AC.L2-3.1.1', null, 'MET', 8],
      ['3.1.2[a]', 'a', 'MET', 9],
    ]);
  });

  it('reads a "Finding" column of Met / Not Met beside a POA&M number as answers, and one of weaknesses as a POA&M', async () => {
    const bytes = await workbookBytes((wb) => {
      const controls = wb.addWorksheet('L2 Controls');
      controls.getRow(1).values = ['Requirement', 'Description', 'Finding', 'Value', 'POA&M #'];
      controls.getRow(2).values = ['3.1.1', 'Authorized access', 'MET', 5, ''];
      controls.getRow(3).values = ['3.1.2', 'Transactions', 'NOT MET', 5, 'POAM-002'];
      controls.getRow(4).values = ['3.1.3', 'CUI flow', 'NOT APPLICABLE', 1, ''];
      const poam = wb.addWorksheet('POA&M');
      poam.getRow(1).values = ['POA&M #', 'Requirement', 'Finding'];
      poam.getRow(2).values = [
        'POAM-002',
        '3.1.2',
        'Transaction limits not enforced on the shop floor',
      ];
      poam.getRow(3).values = ['POAM-003', '3.1.5', 'Shared admin account on the CNC controller'];
      poam.getRow(4).values = ['POAM-004', '3.5.3', 'No MFA for remote access'];
    });
    const parsed = parseDocument(await read(bytes), { file: 'w.xlsx' });
    expect(parsed.statusRows.map((r) => [r.id.raw, r.finding])).toEqual([
      ['3.1.1', 'MET'],
      ['3.1.2', 'NOT_MET'],
      ['3.1.3', 'NOT_APPLICABLE'],
    ]);
    expect(parsed.poamRows.map((r) => r.weakness)).toEqual([
      'Transaction limits not enforced on the shop floor',
      'Shared admin account on the CNC controller',
      'No MFA for remote access',
    ]);
  });

  it('knows a label written in two languages, not one naming two fields, nor a Total row as a repeated value', async () => {
    const bytes = await workbookBytes((wb) => {
      const ws = wb.addWorksheet('Évaluation');
      ws.getRow(1).values = ['Entreprise / Company', 'Usinage Bélanger & Fils Inc.'];
      ws.getRow(2).values = ['SSP Version / Date', 'v2.1'];
      ws.getRow(4).values = ['ID', 'Exigence / Requirement', 'Statut / Status', 'CAGE'];
      ws.getRow(5).values = ['3.1.1', 'Authorized access', 'Implemented', 'L4Q27'];
      ws.getRow(6).values = ['3.1.2', 'Transactions', 'Not Implemented', 'L4Q27'];
      ws.getRow(8).values = ['Total', '', '', 'see notes'];
    });
    const parsed = parseDocument(await read(bytes), { file: 'w.xlsx' });
    expect(parsed.metadata.organization?.cell.text).toBe('Usinage Bélanger & Fils Inc.');
    expect(parsed.metadata.assessmentDate).toBeUndefined();
    expect(parsed.metadata.cage?.cell.text).toBe('L4Q27');
    expect(parsed.statusRows.map((r) => r.finding)).toEqual(['MET', 'NOT_MET']);
  });

  it('reads a cover sheet whose values sit two columns right of labels a WPS or openpyxl form uses', async () => {
    const bytes = await workbookBytes((wb) => {
      const cover = wb.addWorksheet('Cover');
      cover.getRow(3).values = ['Supplier Name', null, 'Meridian Harness & Cable Co.'];
      cover.getRow(5).values = ['Date Completed', null, '2026-09-22'];
      cover.getRow(9).values = ['Total SPRS Score', null, 102];
      const answers = wb.addWorksheet('Answers');
      answers.getRow(1).values = ['Practice', 'Answer (Y/N/NA)'];
      answers.getRow(2).values = ['AC.L2-3.1.1', 'Y'];
    });
    const parsed = parseDocument(await read(bytes), { file: 'w.xlsx' });
    expect(parsed.metadata.organization?.cell.text).toBe('Meridian Harness & Cable Co.');
    expect(parsed.metadata.assessmentDate?.cell.text).toBe('2026-09-22');
    expect(parsed.metadata.score?.cell.text).toBe('102');
    expect(metadataKeyOf('Calculated SPRS')).toBe('score');
  });

  it('takes a label beside a sheet name for a table of contents, used only when nothing else gives the field', async () => {
    const workbook = (companySheet: boolean) =>
      workbookBytes((wb) => {
        // Apple Numbers' first sheet when it exports: which table went to which worksheet.
        const index = wb.addWorksheet('Export Summary');
        index.getRow(1).values = [
          'Numbers Sheet Name',
          'Numbers Table Name',
          'Excel Worksheet Name',
        ];
        index.getRow(2).values = ['Assessment', 'Company', 'Assessment - Company'];
        index.getRow(3).values = ['', 'CAGE', 'Assessment - Controls'];
        if (companySheet) {
          const company = wb.addWorksheet('Assessment - Company');
          company.getRow(1).values = ['Company', 'Bayou Coatings LLC'];
          company.getRow(2).values = ['CAGE', '9BDC1'];
        }
        const controls = wb.addWorksheet('Assessment - Controls');
        controls.getRow(1).values = ['Practice', 'Compliance'];
        controls.getRow(2).values = ['AC.L2-3.1.1', 'Compliant'];
      });
    const parsed = parseDocument(await read(await workbook(true)), { file: 'w.xlsx' });
    expect(parsed.metadata.organization?.cell.text).toBe('Bayou Coatings LLC');
    expect(parsed.metadata.cage?.cell.text).toBe('9BDC1');
    // With no other label, the table of contents is all there is: kept rather than dropped.
    const only = parseDocument(await read(await workbook(false)), { file: 'w.xlsx' });
    expect(only.metadata.organization?.cell.text).toBe('Assessment - Company');
  });

  it('reads SSP fields numbered as on NIST\'s template from a cover sheet ("1.2 Responsible Organization")', async () => {
    const bytes = await workbookBytes((wb) => {
      const cover = wb.addWorksheet('System Identification');
      cover.getRow(1).values = ['1.1 System Name/Title', 'Engineering Network'];
      cover.getRow(2).values = ['1.2 Responsible Organization', 'Sierra Coatings Inc.'];
      cover.getRow(3).values = ['CAGE Code', '3STC6'];
      cover.getRow(4).values = ['Self-Assessment Date', 'November 2, 2026'];
      const ws = wb.addWorksheet('Requirements');
      ws.getRow(1).values = ['Identifier', 'Implementation Status'];
      ws.getRow(2).values = ['3.1.1', 'Implemented'];
      ws.getRow(3).values = ['3.1.2', 'Planned'];
    });
    const parsed = parseDocument(await read(bytes), { file: 'w.xlsx' });
    expect(parsed.metadata.organization?.cell.text).toBe('Sierra Coatings Inc.');
    expect(parsed.metadata.systemName?.cell.text).toBe('Engineering Network');
    expect(parsed.metadata.assessmentDate?.cell.text).toBe('November 2, 2026');
    expect(parsed.statusRows.map((r) => [r.id.raw, r.finding])).toEqual([
      ['3.1.1', 'MET'],
      ['3.1.2', 'NOT_MET'],
    ]);
  });

  it('reads a FedRAMP POA&M: label row with values below, guidance and example rows, Closed sheet', async () => {
    const bytes = await workbookBytes((wb) => {
      for (const name of ['Open POA&M Items', 'Closed POA&M Items']) {
        const ws = wb.addWorksheet(name);
        ws.getRow(2).values = ['CSP', 'System Name', 'Impact Level', 'POAM Date'];
        ws.getRow(3).values = ['Acme Cloud', 'Enclave', 'Moderate', '2026-07-01'];
        ws.getRow(5).values = [
          'POA&M ID',
          'Controls Affected',
          'Weakness Name',
          'Remediation Plan',
          'Resources Required ($)',
          'Scheduled Completion Date',
          'Status Date',
        ];
        ws.getRow(6).values = ['Unique identifier for each POAM Item', 'controls'];
        ws.getRow(7).values = ['V-1Example', 'AC-2'];
      }
      wb.getWorksheet('Open POA&M Items')?.addRow([
        'V-1',
        'IA-2',
        'MFA gap (IA.L2-3.5.3)',
        'Deploy MFA',
        '$5,000',
        46300,
        '',
      ]);
      wb.getWorksheet('Closed POA&M Items')?.addRow([
        'V-0',
        '3.1.9',
        'Banner',
        'Done',
        '',
        46000,
        '2026-01-05',
      ]);
    });
    const parsed = parseDocument(await read(bytes), { file: 'w.xlsx' });
    expect(parsed.layouts).toEqual(['fedramp-poam']);
    expect(parsed.metadata.organization?.cell.text).toBe('Acme Cloud');
    expect(parsed.metadata.systemName?.cell.text).toBe('Enclave');
    expect(
      parsed.poamRows.map((r) => [
        r.poamKey,
        r.nistId,
        r.status,
        r.resources,
        r.scheduledCompletionDate,
        r.closedDate,
        r.row,
      ]),
    ).toEqual([
      ['V-1', '3.5.3', 'open', '$5,000', '2026-10-05', null, 8],
      ['V-0', '3.1.9', 'closed', null, '2025-12-09', '2026-01-05', 8],
    ]);
  });

  it('says to use --mapping for an unknown layout, and a mapping reads it', async () => {
    const bytes = await workbookBytes((wb) => {
      const ws = wb.addWorksheet('RAG');
      ws.getRow(1).values = ['Assessment Date', '2026-02-02'];
      ws.getRow(2).values = ['Ctrl', 'Colour', 'Why'];
      ws.getRow(3).values = ['3.1.1', 'Green', ''];
      ws.getRow(4).values = ['3.1.2', 'Red', 'no RBAC'];
    });
    expect(() => parseDocument({ format: 'xlsx', sheets: [] }, { file: 'w.xlsx' })).toThrow(
      IngestError,
    );
    await withFiles(
      {
        'rag.xlsx': bytes,
        'map.json': JSON.stringify({
          sheet: 'RAG',
          headerRow: 2,
          columns: { id: 'Ctrl', status: 'B', comments: 'Why' },
          statusValues: { Green: 'MET', Red: 'NOT MET' },
        }),
      },
      async (store, dir) => {
        const unmapped = await ingestPaths(store, [join(dir, 'rag.xlsx')]);
        expect(unmapped.files[0]?.error).toMatch(/UNKNOWN|--mapping map\.json/);
        const mapping = await loadMapping(join(dir, 'map.json'));
        const report = await ingestPaths(store, [join(dir, 'rag.xlsx')], {
          mapping,
          organization: 'Rag Co',
        });
        expect(report.files[0]).toMatchObject({
          status: 'loaded',
          layout: 'mapping',
          rowsLoaded: 2,
        });
        expect(
          await count(store, 'requirement_results', "finding = 'NOT_MET' and comments = 'no RBAC'"),
        ).toBe(1);
        await writeFile(
          join(dir, 'bad.json'),
          JSON.stringify({ headerRow: 1, columns: { id: 'A' } }),
        );
        await expect(loadMapping(join(dir, 'bad.json'))).rejects.toThrow(
          /columns\.status is required/,
        );
      },
    );
  });

  it('rejects conflicting duplicates but not identical ones, and expands Level 1 ids', async () => {
    await withFiles(
      {
        'l1.csv':
          'Assessment Date,2026-01-10\nPractice,Status\nAC.L1-b.1.i,MET\nPE.L1-b.1.ix,MET\nAC.L1-b.1.i,MET\nAC.L1-b.1.ii,MET\nAC.L1-b.1.ii,NOT MET\n',
      },
      async (store, dir) => {
        const report = await ingestPaths(store, [dir], { organization: 'L1 Co' });
        expect(report.files[0]?.rejected.map((r) => [r.reason, r.row])).toEqual([
          ['DUPLICATE_CONFLICT', 7],
        ]);
        // PE.L1-b.1.ix covers 3.10.3, 3.10.4 and 3.10.5.
        expect(await count(store, 'requirement_results', "finding = 'MET'")).toBe(5);
        expect(await store.all('select distinct level from assessments')).toEqual([{ level: 1 }]);
      },
    );
  });
});
