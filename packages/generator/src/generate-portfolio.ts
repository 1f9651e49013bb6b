/**
 * Writes a synthetic, seeded portfolio of supplier assessments and POA&Ms in every layout the ingester reads, with
 * `suppliers.csv` and `expected.json` (the catalog's decision on each supplier's truth). Same options, same bytes.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { StatusDecision } from '@cmmc/catalog';
import { decideStatus, isIsoDate, RULES_VERSION } from '@cmmc/catalog';
import { csvLine } from './csv.js';
import type { AssessmentPlan, WriteStyle } from './draw-supplier.js';
import { drawLevel1, drawLevel2, drawLevel3 } from './draw-supplier.js';
import { writeCisoCsv } from './layouts/ciso-csv.js';
import { writeCsetXlsx } from './layouts/cset-xlsx.js';
import { writeFedrampPoamXlsx } from './layouts/fedramp-poam-xlsx.js';
import { writeSemicolonCsv } from './layouts/semicolon-csv.js';
import { writeSimplePoamXlsx } from './layouts/simple-poam-xlsx.js';
import { writeSspXlsx } from './layouts/ssp-xlsx.js';
import { IdentityPool, slugify } from './names.js';
import type { Random } from './random.js';
import { createRandom, dealDeck } from './random.js';
import type {
  AssessmentLayout,
  ExpectedOutcome,
  GeneratedAssessment,
  GeneratedPortfolio,
  GeneratedSupplier,
  GeneratePortfolioOptions,
  LayoutMix,
  PoamItemTruth,
  PoamLayout,
  Scenario,
} from './types.js';

/** Share of each scenario, in percent: about 10 % Level 1, 5 % Level 3, the rest Level 2. */
export const SCENARIO_WEIGHTS: Readonly<Record<Scenario, number>> = {
  'l1-final': 7,
  'l1-not-met': 2,
  'l1-lapsed': 1,
  'l3-final': 2.5,
  'l3-conditional': 1.5,
  'l3-no-status': 1,
  final: 9,
  'final-lapsed': 2,
  conditional: 13,
  'conditional-expiring': 5,
  'conditional-expired': 5,
  'closed-out': 5,
  'exactly-88-conditional': 2,
  'exactly-88-no-status': 1.5,
  'ssp-missing': 2.5,
  'not-on-poam': 3,
  'excluded-by-name': 2,
  'no-status': 31,
  'below-zero': 4,
};

const LAYOUT_WEIGHTS: Readonly<Record<LayoutMix, Partial<Record<AssessmentLayout, number>>>> = {
  all: { 'ssp-xlsx': 30, 'cset-xlsx': 20, 'ciso-csv': 30, 'semicolon-csv': 20 },
  'csv-heavy': { 'ciso-csv': 60, 'semicolon-csv': 40 },
};

const POAM_WEIGHTS: Readonly<Record<LayoutMix, Partial<Record<PoamLayout, number>>>> = {
  all: { 'fedramp-poam-xlsx': 50, 'simple-poam-xlsx': 50 },
  'csv-heavy': { 'simple-poam-xlsx': 100 },
};

const FILE_STEMS: Readonly<Record<AssessmentLayout, [string, string]>> = {
  'ssp-xlsx': ['ssp', 'xlsx'],
  'cset-xlsx': ['cset-sprs-scorecard', 'xlsx'],
  'ciso-csv': ['ciso-audit', 'csv'],
  'semicolon-csv': ['evaluation', 'csv'],
};

/**
 * Generates `suppliers` organizations under `outDir`: one folder each (the slug of its name) with its assessment
 * file(s) and, when it has POA&M items, a POA&M workbook; plus `suppliers.csv` and `expected.json` at the root.
 * Expected outcomes come from `decideStatus` on the generated truth, never from reading the files back.
 * @throws RangeError when `suppliers` is not a positive integer or `asOf` is not a `YYYY-MM-DD` date.
 */
export async function generatePortfolio(
  options: GeneratePortfolioOptions,
): Promise<GeneratedPortfolio> {
  const { suppliers: count, seed, outDir, asOf } = options;
  const mix = options.layouts ?? 'all';
  if (!Number.isInteger(count) || count < 1) {
    throw new RangeError(`suppliers must be a positive integer, got ${count}`);
  }
  if (!isIsoDate(asOf)) throw new RangeError(`asOf must be a YYYY-MM-DD date, got "${asOf}"`);
  if (!(mix in LAYOUT_WEIGHTS))
    throw new RangeError(`layouts must be all or csv-heavy, got "${mix}"`);

  const deckRandom = createRandom(`${seed}:decks`);
  const scenarios = dealDeck(deckRandom, SCENARIO_WEIGHTS, count);
  const layouts = dealDeck(
    deckRandom,
    LAYOUT_WEIGHTS[mix] as Record<AssessmentLayout, number>,
    count,
  );
  const poamLayouts = dealDeck(deckRandom, POAM_WEIGHTS[mix] as Record<PoamLayout, number>, count);
  const pool = new IdentityPool();
  const nameRandom = createRandom(`${seed}:names`);

  await mkdir(outDir, { recursive: true });
  const suppliers: GeneratedSupplier[] = [];
  const files: string[] = [];
  for (let i = 0; i < count; i++) {
    const supplier = await generateSupplier({
      random: createRandom(`${seed}:supplier:${i}`),
      nameRandom,
      pool,
      scenario: scenarios[i] as Scenario,
      layout: layouts[i] as AssessmentLayout,
      poamLayout: poamLayouts[i] as PoamLayout,
      asOf,
      outDir,
    });
    suppliers.push(supplier);
    files.push(...supplier.expected.files);
  }

  await writeFile(join(outDir, 'suppliers.csv'), suppliersCsv(suppliers));
  const expected = {
    generator: '@cmmc/generator',
    seed,
    asOf,
    rulesVersion: RULES_VERSION,
    supplierCount: count,
    suppliers: suppliers.map((s) => s.expected),
  };
  await writeFile(join(outDir, 'expected.json'), `${JSON.stringify(expected, null, 2)}\n`);
  files.push('suppliers.csv', 'expected.json');
  return { outDir, seed, asOf, suppliers, files: files.sort() };
}

interface SupplierJob {
  random: Random;
  nameRandom: Random;
  pool: IdentityPool;
  scenario: Scenario;
  layout: AssessmentLayout;
  poamLayout: PoamLayout;
  asOf: string;
  outDir: string;
}

async function generateSupplier(job: SupplierJob): Promise<GeneratedSupplier> {
  const { random, scenario, asOf } = job;
  let layout = job.layout;
  // CSET exports here cover Levels 2 and 3 only; Level 3 files are workbooks (the DIBCAC works from them).
  if (scenario.startsWith('l1-') && layout === 'cset-xlsx') layout = 'ssp-xlsx';
  if (scenario.startsWith('l3-') && layout.endsWith('-csv')) {
    layout = random.chance(0.5) ? 'ssp-xlsx' : 'cset-xlsx';
  }
  const name = job.pool.drawName(job.nameRandom, layout === 'semicolon-csv');
  const cage = job.pool.drawCage(job.nameRandom);
  const uei = job.pool.drawUei(job.nameRandom);
  const folder = slugify(name);
  const style: WriteStyle = {
    idStyle:
      layout === 'ciso-csv' || (layout === 'semicolon-csv' && random.chance(0.5)) ? 'nist' : 'cmmc',
    level1Ids: layout === 'semicolon-csv' || (layout === 'ssp-xlsx' && random.chance(0.7)),
    familySheets: layout === 'ssp-xlsx' && random.chance(0.3),
    objectiveRows: layout === 'ciso-csv' && random.chance(0.3),
    bom: random.chance(0.5),
  };

  const plans: AssessmentPlan[] = scenario.startsWith('l1-')
    ? [drawLevel1(random, asOf, layout, scenario)]
    : scenario.startsWith('l3-')
      ? drawLevel3(random, asOf, layout, scenario)
      : [drawLevel2(random, asOf, layout, scenario)];

  await mkdir(join(job.outDir, folder), { recursive: true });
  const assessments: GeneratedAssessment[] = [];
  let finalLevel2C3pao = false;
  for (const plan of plans) {
    const decision = decideStatus({
      level: plan.level,
      findings: plan.findings,
      poam: plan.poam.map((p) => ({ nistId: p.nistId, closedDate: p.closedDate })),
      statusDate: plan.statusDate,
      asOf,
      ...(plan.level === 3 ? { hasFinalLevel2C3pao: finalLevel2C3pao } : {}),
    });
    if (plan.level === 2 && plan.assessmentType === 'C3PAO' && decision.status === 'FINAL') {
      finalLevel2C3pao = true;
    }
    const [stem, ext] = FILE_STEMS[plan.layout];
    const file = `${folder}/${stem}-l${plan.level}-${plan.assessmentType.toLowerCase()}-${plan.assessmentDate}.${ext}`;
    const planStyle =
      plan.layout === layout ? style : { ...style, familySheets: false, level1Ids: false };
    await writeFile(
      join(job.outDir, file),
      await assessmentBytes(plan, name, cage, planStyle, random, asOf),
    );
    assessments.push({ ...plan, file, decision });
  }

  const items: PoamItemTruth[] = plans.flatMap((p) => p.poam);
  let poamFile: string | null = null;
  let poamLayout: PoamLayout | null = null;
  if (items.length > 0) {
    const top = plans[plans.length - 1] as AssessmentPlan;
    poamLayout = job.poamLayout;
    poamFile = `${folder}/${poamLayout === 'fedramp-poam-xlsx' ? 'fedramp-poam' : 'poam'}.xlsx`;
    const ctx = {
      company: name,
      idStyle: random.chance(0.5) ? ('nist' as const) : ('cmmc' as const),
      detector: `CMMC Level ${top.level} ${top.assessmentType} assessment`,
      poamDate: latestDate([
        top.statusDate,
        ...items.flatMap((p) => (p.closedDate ? [p.closedDate] : [])),
      ]),
    };
    const bytes =
      poamLayout === 'fedramp-poam-xlsx'
        ? await writeFedrampPoamXlsx(items, ctx, asOf)
        : await writeSimplePoamXlsx(items, ctx, asOf);
    await writeFile(join(job.outDir, poamFile), bytes);
  }

  const top = assessments[assessments.length - 1] as GeneratedAssessment;
  const files = [...assessments.map((a) => a.file), ...(poamFile ? [poamFile] : [])];
  const expected: ExpectedOutcome = {
    name,
    cage,
    uei,
    folder,
    level: top.level,
    assessmentType: top.assessmentType,
    scenario,
    score: top.decision.score,
    status: top.decision.status,
    notMet: top.decision.notMet,
    notAssessed: top.decision.notAssessed,
    reasonCodes: reasonCodes(top.decision),
    closeoutDeadline: top.decision.closeoutDeadline,
    // Only the SSP title block and the CSET information sheet state a score; CSV layouts have nowhere to put one.
    selfReportedScore:
      top.layout === 'ssp-xlsx' || top.layout === 'cset-xlsx' ? top.selfReportedScore : null,
    files,
    assessments: assessments.map((a) => ({
      file: a.file,
      level: a.level,
      assessmentType: a.assessmentType,
      assessmentDate: a.assessmentDate,
      statusDate: a.statusDate,
      score: a.decision.score,
      status: a.decision.status,
      notMet: a.decision.notMet,
      reasonCodes: reasonCodes(a.decision),
    })),
  };
  return {
    name,
    cage,
    uei,
    folder,
    level: top.level,
    assessmentType: top.assessmentType,
    scenario,
    assessments,
    poamFile,
    poamLayout,
    expected,
  };
}

function reasonCodes(decision: StatusDecision): ExpectedOutcome['reasonCodes'] {
  return decision.reasons.map((r) => r.code);
}

function latestDate(dates: string[]): string {
  // ISO dates sort as text
  return [...dates].sort()[dates.length - 1] as string;
}

function assessmentBytes(
  plan: AssessmentPlan,
  name: string,
  cage: string,
  style: WriteStyle,
  random: Random,
  asOf: string,
): Promise<Buffer> | Buffer {
  switch (plan.layout) {
    case 'ssp-xlsx':
      return writeSspXlsx(plan, name, cage, style, random, asOf);
    case 'cset-xlsx':
      return writeCsetXlsx(plan, name, cage, style, asOf);
    case 'ciso-csv':
      return writeCisoCsv(plan, style, random);
    case 'semicolon-csv':
      return writeSemicolonCsv(plan, style, random);
  }
}

/** `suppliers.csv`: one row per organization, UTF-8, in generation order. */
function suppliersCsv(suppliers: readonly GeneratedSupplier[]): string {
  const lines = [
    csvLine(
      [
        'name',
        'cage',
        'folder',
        'level',
        'assessment_type',
        'uei',
        'assessment_date',
        'status_date',
      ],
      ',',
    ),
  ];
  for (const s of suppliers) {
    const top = s.assessments[s.assessments.length - 1] as GeneratedAssessment;
    lines.push(
      csvLine(
        [
          s.name,
          s.cage,
          s.folder,
          s.level,
          s.assessmentType,
          s.uei,
          top.assessmentDate,
          top.statusDate,
        ],
        ',',
      ),
    );
  }
  return `${lines.join('\n')}\n`;
}
