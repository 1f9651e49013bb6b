/**
 * The generator's promises: same seed → same bytes; a 200-supplier portfolio holds every status, level and layout;
 * expected.json is `decideStatus` on the truth; and each file, read back with the catalog's own id and status
 * normalizers, says exactly what the truth says (a failure here means ingest tests would be checked against lies).
 */
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Finding } from '@cmmc/catalog';
import {
  CMMC_STATUSES,
  daysBetween,
  decideStatus,
  FEDRAMP_CLOSED_SHEET,
  FEDRAMP_HEADER_ROW,
  FEDRAMP_OPEN_SHEET,
  FEDRAMP_POAM_COLUMNS,
  normalizeFinding,
  normalizeRequirementId,
} from '@cmmc/catalog';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { generatePortfolio } from './generate-portfolio.js';
import { CISO_HEADER } from './layouts/ciso-csv.js';
import { CSET_HEADER, CSET_SHEET } from './layouts/cset-xlsx.js';
import { SEMICOLON_HEADER } from './layouts/semicolon-csv.js';
import { SIMPLE_POAM_HEADER, SIMPLE_POAM_SHEET } from './layouts/simple-poam-xlsx.js';
import { SSP_HEADER, SSP_HEADER_ROW } from './layouts/ssp-xlsx.js';
import type { GeneratedAssessment, GeneratedPortfolio } from './types.js';
import { ASSESSMENT_LAYOUTS, POAM_LAYOUTS } from './types.js';

const AS_OF = '2026-06-30';
const dirs: string[] = [];
const idKindsSeen = new Set<string>();
let portfolio: GeneratedPortfolio;

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'cmmc-generator-'));
  dirs.push(dir);
  return dir;
}

async function hashes(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    out.set(
      path.slice(dir.length),
      createHash('sha256')
        .update(await readFile(path))
        .digest('hex'),
    );
  }
  return out;
}

async function openWorkbook(path: string): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(path);
  return workbook;
}

function rowTexts(sheet: ExcelJS.Worksheet, row: number, columns: number): string[] {
  return Array.from({ length: columns }, (_, i) => sheet.getRow(row).getCell(i + 1).text);
}

beforeAll(async () => {
  portfolio = await generatePortfolio({
    suppliers: 200,
    seed: 'spread',
    outDir: await tempDir(),
    asOf: AS_OF,
  });
}, 60_000);

afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

describe('determinism', () => {
  test('two runs with one seed write byte-identical files; another seed does not', async () => {
    const options = { suppliers: 40, seed: 7, asOf: AS_OF };
    const [a, b, c] = [await tempDir(), await tempDir(), await tempDir()];
    await generatePortfolio({ ...options, outDir: a });
    await generatePortfolio({ ...options, outDir: b });
    await generatePortfolio({ ...options, seed: 8, outDir: c });
    const [ha, hb, hc] = [await hashes(a), await hashes(b), await hashes(c)];
    expect(ha.size).toBeGreaterThan(40);
    expect([...hb]).toEqual([...ha]);
    expect(hc.get('/expected.json')).not.toBe(ha.get('/expected.json'));
  }, 60_000);
});

describe('spread of a 200-supplier portfolio', () => {
  test('every status, and Levels 1, 2 and 3', () => {
    const statuses = new Set(portfolio.suppliers.map((s) => s.expected.status));
    expect([...statuses].sort()).toEqual([...CMMC_STATUSES].sort());
    const levels = portfolio.suppliers.map((s) => s.level);
    const level1 = levels.filter((l) => l === 1).length;
    const level3 = levels.filter((l) => l === 3).length;
    expect(level1).toBeGreaterThanOrEqual(15); // ~10 %
    expect(level3).toBeGreaterThanOrEqual(6); // ~5 %
  });

  test('scores stay in -203..110, most 60..110, with a tail below zero, some at 88 and some with no score', () => {
    const level2 = portfolio.suppliers.filter((s) => s.level === 2).map((s) => s.expected);
    const scores = level2.flatMap((e) => (e.score === null ? [] : [e.score]));
    expect(Math.min(...scores)).toBeGreaterThanOrEqual(-203);
    expect(Math.max(...scores)).toBe(110);
    expect(scores.filter((s) => s >= 60).length / scores.length).toBeGreaterThan(0.7);
    expect(scores.some((s) => s < 0)).toBe(true);
    expect(scores.filter((s) => s === 88).length).toBeGreaterThanOrEqual(2);
    expect(level2.some((e) => e.score === null && e.reasonCodes.includes('SSP_MISSING'))).toBe(
      true,
    );
  });

  test('the time-sensitive cases: expiring, expired, closed out, overdue items', () => {
    const expected = portfolio.suppliers.map((s) => s.expected);
    const expiring = expected.filter(
      (e) =>
        e.status === 'CONDITIONAL' &&
        e.closeoutDeadline &&
        daysBetween(AS_OF, e.closeoutDeadline) <= 30,
    );
    expect(expiring.length).toBeGreaterThan(0);
    expect(expected.some((e) => e.reasonCodes.includes('CONDITIONAL_WINDOW_PASSED'))).toBe(true);
    // 32 CFR 170.21(b): POA&M items the supplier reports closed, with no closeout assessment, never make the status
    // Final: the 'closed-out' scenario stays Conditional (closeout pending) until day 180 and expires after it
    const reportedClosed = expected.filter((e) => e.scenario === 'closed-out');
    expect(reportedClosed.length).toBeGreaterThan(0);
    for (const e of reportedClosed) {
      expect(e.status === 'CONDITIONAL' ? 'CLOSEOUT_PENDING' : 'CONDITIONAL_WINDOW_PASSED').toBe(
        e.reasonCodes[0],
      );
    }
    const overdue = portfolio.suppliers.flatMap((s) =>
      s.assessments.flatMap((a) =>
        a.poam.filter((p) => p.closedDate === null && p.scheduledCompletion < AS_OF),
      ),
    );
    expect(overdue.length).toBeGreaterThan(0);
  });

  test('Conditional suppliers carry only POA&M-eligible gaps, sometimes 3.13.11 at its partial value', () => {
    const conditional = portfolio.suppliers.filter(
      (s) => s.level === 2 && s.expected.status === 'CONDITIONAL',
    );
    expect(conditional.length).toBeGreaterThan(10);
    const partial = conditional.filter(
      (s) => s.assessments[0]?.findings.get('3.13.11')?.partial === true,
    );
    expect(partial.length).toBeGreaterThan(0);
    for (const s of partial)
      expect(['ssp-xlsx', 'semicolon-csv']).toContain(s.assessments[0]?.layout);
  });

  test('some self-reported scores count partial as half and overstate the truth', () => {
    const wrong = portfolio.suppliers.filter(
      (s) =>
        s.expected.selfReportedScore !== null &&
        s.expected.score !== null &&
        s.expected.scenario === 'no-status' &&
        s.expected.selfReportedScore > s.expected.score,
    );
    expect(wrong.length).toBeGreaterThan(0);
  });

  test('Level 3 organizations also hold a Final Level 2 (C3PAO) assessment', () => {
    for (const s of portfolio.suppliers.filter((x) => x.level === 3)) {
      expect(s.assessments.map((a) => [a.level, a.assessmentType, a.decision.status])).toEqual([
        [2, 'C3PAO', 'FINAL'],
        [3, 'DIBCAC', s.expected.status],
      ]);
    }
  });

  test('every assessment and POA&M layout is present', () => {
    const layouts = new Set(portfolio.suppliers.flatMap((s) => s.assessments.map((a) => a.layout)));
    expect([...layouts].sort()).toEqual([...ASSESSMENT_LAYOUTS].sort());
    const poams = new Set(portfolio.suppliers.flatMap((s) => (s.poamLayout ? [s.poamLayout] : [])));
    expect([...poams].sort()).toEqual([...POAM_LAYOUTS].sort());
  });
});

describe('expected.json and suppliers.csv', () => {
  test('expected.json is decideStatus on the truth, supplier by supplier', async () => {
    const json = JSON.parse(await readFile(join(portfolio.outDir, 'expected.json'), 'utf8'));
    expect(json.suppliers).toHaveLength(200);
    portfolio.suppliers.forEach((s, i) => {
      const assessments = s.assessments;
      let finalLevel2 = false;
      let decision = assessments[0]?.decision;
      for (const a of assessments) {
        decision = decideStatus({
          level: a.level,
          findings: a.findings,
          poam: a.poam.map((p) => ({ nistId: p.nistId, closedDate: p.closedDate })),
          statusDate: a.statusDate,
          asOf: AS_OF,
          ...(a.level === 3 ? { hasFinalLevel2C3pao: finalLevel2 } : {}),
        });
        finalLevel2 ||=
          a.level === 2 && a.assessmentType === 'C3PAO' && decision.status === 'FINAL';
      }
      const row = json.suppliers[i];
      expect(row.name).toBe(s.name);
      expect(row.cage).toBe(s.cage);
      expect(row.score).toBe(decision?.score);
      expect(row.status).toBe(decision?.status);
      expect(row.notMet).toEqual(decision?.notMet);
      expect(row.reasonCodes).toEqual(decision?.reasons.map((r) => r.code));
    });
  });

  test('suppliers.csv lists every supplier once, with its folder', async () => {
    const lines = (await readFile(join(portfolio.outDir, 'suppliers.csv'), 'utf8'))
      .trimEnd()
      .split('\n');
    expect(lines[0]).toBe('name,cage,folder,level,assessment_type,uei,assessment_date,status_date');
    expect(lines).toHaveLength(201);
    expect(lines.some((l) => l.startsWith('Société Générale Défense,'))).toBe(true);
  });
});

describe('files say what the truth says', () => {
  /** Finding and partial credit per NIST id, read back the way an ingester would (catalog normalizers). */
  async function readBack(a: GeneratedAssessment): Promise<Map<string, string>> {
    const path = join(portfolio.outDir, a.file);
    const rows: { id: string; status: string; points: string }[] = [];
    if (a.layout === 'ssp-xlsx') {
      const workbook = await openWorkbook(path);
      for (const sheet of workbook.worksheets) {
        expect(rowTexts(sheet, SSP_HEADER_ROW, 5)).toEqual([...SSP_HEADER]);
        expect(sheet.getCell('A1').text).toBe('Company');
        for (let r = SSP_HEADER_ROW + 1; r <= sheet.rowCount; r++) {
          const [id, , status, points] = rowTexts(sheet, r, 4) as [string, string, string, string];
          rows.push({ id, status, points });
        }
      }
    } else if (a.layout === 'cset-xlsx') {
      const sheet = (await openWorkbook(path)).getWorksheet(CSET_SHEET);
      if (!sheet) throw new Error(`no ${CSET_SHEET} in ${a.file}`);
      expect(rowTexts(sheet, 1, 4)).toEqual([...CSET_HEADER]);
      for (let r = 2; r <= sheet.rowCount; r++) {
        const [id, , status] = rowTexts(sheet, r, 3) as [string, string, string];
        rows.push({ id, status, points: '' });
      }
    } else if (a.layout === 'ciso-csv') {
      const text = (await readFile(path, 'utf8')).replace(/^\ufeff/, '');
      const lines = text.trimEnd().split('\n');
      expect(lines[0]).toBe(CISO_HEADER.join(','));
      for (const line of lines.slice(1)) {
        // ref_id is column 2 and compliance_result column 7; no quoted field before them holds a comma
        const fields =
          line.match(/("([^"]|"")*"|[^,]*)(,|$)/g)?.map((f) => f.replace(/,$/, '')) ?? [];
        rows.push({ id: fields[1] ?? '', status: fields[6] ?? '', points: '' });
      }
    } else {
      const text = new TextDecoder('windows-1252').decode(await readFile(path));
      const lines = text.trimEnd().split('\r\n');
      expect(lines[0]).toBe(SEMICOLON_HEADER.join(';'));
      for (const line of lines.slice(1)) {
        const [id, status, points] = line.split(';') as [string, string, string];
        rows.push({ id, status, points });
      }
    }
    const out = new Map<string, string>();
    for (const row of rows) {
      const id = normalizeRequirementId(row.id);
      const finding = normalizeFinding(row.status);
      if (!finding.ok) throw new Error(finding.message);
      if (id.kind !== 'level1' && id.kind !== 'level2' && id.kind !== 'level3')
        throw new Error(id.raw);
      idKindsSeen.add(id.raw.includes('.L1-b.') ? 'level1-clause' : id.kind);
      const nistIds = id.kind === 'level1' ? id.nistIds : [id.nistId];
      for (const nistId of nistIds) {
        const partial =
          finding.finding === 'NOT_MET' &&
          row.points === '3' &&
          ['3.5.3', '3.13.11'].includes(nistId);
        const previous = out.get(nistId);
        // objective rows: the requirement is MET only when every objective is MET or N/A
        const worst: Finding =
          previous && previous !== 'MET' && previous !== 'NOT_APPLICABLE'
            ? (previous as Finding)
            : finding.finding === 'NOT_APPLICABLE' && previous === 'MET'
              ? 'MET'
              : finding.finding;
        out.set(nistId, partial ? 'NOT_MET partial' : worst);
      }
    }
    return out;
  }

  test('every assessment file reads back to its truth', async () => {
    for (const s of portfolio.suppliers) {
      for (const a of s.assessments) {
        const truth = new Map(
          [...a.findings].map(([id, f]) => [id, f.partial ? 'NOT_MET partial' : f.finding]),
        );
        expect(Object.fromEntries(await readBack(a)), a.file).toEqual(Object.fromEntries(truth));
      }
    }
    // Level 1 rows keyed `AC.L1-b.1.i` appear in some files, Level 3 rows in others
    expect(idKindsSeen).toContain('level1-clause');
    expect(idKindsSeen).toContain('level3');
  }, 60_000);

  test('POA&M workbooks have their headers where promised and one row per item', async () => {
    for (const s of portfolio.suppliers) {
      if (!s.poamFile) continue;
      const workbook = await openWorkbook(join(portfolio.outDir, s.poamFile));
      const items = s.assessments.flatMap((a) => a.poam);
      if (s.poamLayout === 'fedramp-poam-xlsx') {
        let rows = 0;
        for (const name of [FEDRAMP_OPEN_SHEET, FEDRAMP_CLOSED_SHEET]) {
          const sheet = workbook.getWorksheet(name);
          if (!sheet) throw new Error(`no ${name} in ${s.poamFile}`);
          expect(rowTexts(sheet, FEDRAMP_HEADER_ROW, 31)).toEqual([...FEDRAMP_POAM_COLUMNS]);
          expect(sheet.getCell('A2').text).toBe('CSP');
          expect(sheet.getCell('A6').text).toBe('Unique identifier for each POAM Item');
          expect(sheet.getCell('A7').text).toBe('V-1Example');
          rows += Math.max(0, sheet.rowCount - 7);
        }
        expect(rows).toBe(items.length);
      } else {
        const sheet = workbook.getWorksheet(SIMPLE_POAM_SHEET);
        if (!sheet) throw new Error(`no ${SIMPLE_POAM_SHEET} in ${s.poamFile}`);
        expect(rowTexts(sheet, 1, 9)).toEqual([...SIMPLE_POAM_HEADER]);
        expect(sheet.rowCount - 1).toBe(items.length);
        const closed = items.filter((p) => p.closedDate !== null).length;
        const statuses = Array.from(
          { length: items.length },
          (_, i) => sheet.getCell(i + 2, 8).text,
        );
        expect(statuses.filter((t) => t === 'Closed')).toHaveLength(closed);
      }
    }
  }, 60_000);

  test('the semicolon CSV is Windows-1252, not UTF-8', async () => {
    const s = portfolio.suppliers.find((x) => x.name === 'Société Générale Défense');
    expect(s?.folder).toBe('societe-generale-defense');
    const file = s?.assessments[0]?.file ?? '';
    expect(file).toMatch(/evaluation-.*\.csv$/);
    const bytes = await readFile(join(portfolio.outDir, file));
    expect(bytes.includes(0xc3)).toBe(false); // no UTF-8 lead byte for é, à, ü …
    expect(bytes.some((b) => b >= 0x80)).toBe(true);
  });
});
