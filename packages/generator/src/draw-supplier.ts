/**
 * Draws the truth about one supplier: its scenario, its findings and its POA&M. Every outcome is then decided by
 * `decideStatus` from this truth alone; the files are written from it and never read back.
 */

import type { CmmcLevel } from '@cmmc/catalog';
import {
  addDays,
  daysBetween,
  LEVEL1_REQUIREMENTS,
  LEVEL2_REQUIREMENTS,
  LEVEL3_REQUIREMENTS,
  level2Deduction,
} from '@cmmc/catalog';
import type { Random } from './random.js';
import type {
  AssessmentLayout,
  AssessmentType,
  PoamItemTruth,
  Scenario,
  TruthFinding,
} from './types.js';

/** How a supplier's files spell things; chosen per supplier so each layout shows its variants. */
export interface WriteStyle {
  /** `cmmc`: `AC.L2-3.1.1`; `nist`: `3.1.1` (semicolon CSV and POA&M `Controls`). */
  idStyle: 'cmmc' | 'nist';
  /** Level 1 rows keyed `AC.L1-b.1.i` (15 rows) instead of one row per NIST id (17 rows). */
  level1Ids: boolean;
  /** SSP layout: one sheet per family instead of one `Assessment` sheet. */
  familySheets: boolean;
  /** CISO Assistant layout: one row per 800-171A objective (`3.1.1[a]`). */
  objectiveRows: boolean;
  /** CSV starts with a UTF-8 byte-order mark. */
  bom: boolean;
}

/** An assessment before its file name and decision are known. */
export interface AssessmentPlan {
  layout: AssessmentLayout;
  level: CmmcLevel;
  assessmentType: AssessmentType;
  assessmentDate: string;
  statusDate: string;
  findings: Map<string, TruthFinding>;
  poam: PoamItemTruth[];
  selfReportedScore: number | null;
}

const ONE_POINT_ELIGIBLE = LEVEL2_REQUIREMENTS.filter((r) => r.poamEligibility === 'yes');
const ONE_POINT_EXCLUDED = LEVEL2_REQUIREMENTS.filter((r) => r.points === 1 && r.neverOnPoam);
const ABOVE_ONE = LEVEL2_REQUIREMENTS.filter((r) => (r.points ?? 0) > 1);
const SCORABLE = LEVEL2_REQUIREMENTS.filter((r) => r.points !== null);
const LEVEL3_ALLOWED = LEVEL3_REQUIREMENTS.filter((r) => !r.neverOnPoam);
const LEVEL3_EXCLUDED = LEVEL3_REQUIREMENTS.filter((r) => r.neverOnPoam);
const POINTS_LAYOUTS: readonly AssessmentLayout[] = ['ssp-xlsx', 'semicolon-csv'];

const OWNERS = [
  'IT Manager',
  'Facility Security Officer',
  'ISSO',
  'CIO',
  'Network Administrator',
  'HR Director',
  'Operations Manager',
  'MSP (managed service provider)',
  'Compliance Lead',
  'Quality Manager',
];
const ACTIONS = [
  ['draft procedure', 'deploy', 'verify'],
  ['select tool', 'configure', 'collect evidence'],
  ['update policy', 'train staff', 'verify'],
  ['procure', 'implement', 'internal review'],
];

interface Context {
  random: Random;
  asOf: string;
  layout: AssessmentLayout;
}

function ago(ctx: Context, minDays: number, maxDays: number): string {
  return addDays(ctx.asOf, -ctx.random.int(minDays, maxDays));
}

/** All requirements of a level as MET, with the odd N/A or CSET-style alternative. */
function allMet(ctx: Context, level: CmmcLevel): Map<string, TruthFinding> {
  const findings = new Map<string, TruthFinding>();
  if (level === 1) {
    for (const r of LEVEL1_REQUIREMENTS) {
      const na = r.cmmcId === 'AC.L1-b.1.iv' && ctx.random.chance(0.1);
      for (const id of r.nistIds) {
        findings.set(id, { finding: na ? 'NOT_APPLICABLE' : 'MET', wording: null });
      }
    }
    return findings;
  }
  const ids =
    level === 3
      ? LEVEL3_REQUIREMENTS.map((r) => r.nistId)
      : LEVEL2_REQUIREMENTS.map((r) => r.nistId);
  for (const id of ids) {
    const roll = ctx.random.next();
    if (level === 2 && id !== '3.12.4' && roll < 0.03) {
      findings.set(id, { finding: 'NOT_APPLICABLE', wording: null });
    } else if (roll > 0.98) {
      findings.set(id, { finding: 'MET', wording: 'alternative' });
    } else {
      findings.set(id, { finding: 'MET', wording: null });
    }
  }
  return findings;
}

function markNotMet(
  ctx: Context,
  findings: Map<string, TruthFinding>,
  nistId: string,
  partial = false,
): void {
  const wording = partial
    ? 'partial'
    : ctx.random.weighted({ planned: 60, partial: 25, none: 15 } as const);
  findings.set(nistId, {
    finding: 'NOT_MET',
    wording: wording === 'none' ? null : wording,
    ...(partial ? { partial: true } : {}),
  });
}

/** Requirements, other than 3.12.4, whose deductions add up to `deficit` (or as close as the catalog allows). */
function gapsForDeficit(ctx: Context, deficit: number, mustInclude: string[] = []): string[] {
  const chosen = [...mustInclude];
  let remaining = deficit - mustInclude.reduce((s, id) => s + (level2Deduction(id, false) ?? 0), 0);
  for (const r of ctx.random.shuffle(SCORABLE)) {
    if (remaining <= 0) break;
    if (chosen.includes(r.nistId)) continue;
    if ((r.points ?? 0) <= remaining) {
      chosen.push(r.nistId);
      remaining -= r.points ?? 0;
    }
  }
  return chosen;
}

function poamItem(
  ctx: Context,
  nistId: string,
  cmmcId: string,
  title: string,
  detectionDate: string,
  statusDate: string,
  closedDate: string | null,
): PoamItemTruth {
  const scheduledCompletion = addDays(statusDate, ctx.random.int(30, 175));
  const steps = ctx.random.pick(ACTIONS);
  const span = Math.max(2, daysBetween(detectionDate, scheduledCompletion));
  const first = addDays(detectionDate, Math.max(1, Math.floor(span / 3)));
  const second = addDays(detectionDate, Math.max(2, Math.floor((2 * span) / 3)));
  return {
    nistId,
    cmmcId,
    closedDate,
    weakness: `${title}: not fully implemented`,
    remediationPlan: `${steps[0]}, then ${steps[1]}; evidence reviewed by the ${ctx.random.pick(OWNERS)}`,
    owner: ctx.random.pick(OWNERS),
    detectionDate,
    scheduledCompletion,
    milestones: [
      { date: first, text: steps[0] as string },
      { date: second, text: steps[1] as string },
      { date: scheduledCompletion, text: steps[2] as string },
    ],
  };
}

/** A closing date after detection, on or before `latest` (and never after asOf). */
function closingDate(ctx: Context, detectionDate: string, latest: string): string {
  const end = daysBetween(ctx.asOf, latest) > 0 ? ctx.asOf : latest;
  const span = daysBetween(detectionDate, end);
  return span <= 1 ? end : addDays(detectionDate, ctx.random.int(1, span));
}

type CloseRule = 'none' | 'some-open' | 'all-closed';

function level2Poam(
  ctx: Context,
  ids: string[],
  assessmentDate: string,
  statusDate: string,
  rule: CloseRule,
): PoamItemTruth[] {
  const openIndex = ctx.random.int(0, Math.max(0, ids.length - 1));
  return ids.map((id, i) => {
    const r = LEVEL2_REQUIREMENTS.find((x) => x.nistId === id);
    if (!r) throw new RangeError(`unknown requirement ${id}`);
    const close =
      rule === 'all-closed' || (rule === 'some-open' && i !== openIndex && ctx.random.chance(0.35));
    const closed = close ? closingDate(ctx, assessmentDate, addDays(statusDate, 180)) : null;
    return poamItem(ctx, id, r.cmmcId, r.title, assessmentDate, statusDate, closed);
  });
}

function level3Poam(ctx: Context, ids: string[], date: string): PoamItemTruth[] {
  const openIndex = ctx.random.int(0, Math.max(0, ids.length - 1));
  return ids.map((id, i) => {
    const r = LEVEL3_REQUIREMENTS.find((x) => x.nistId === id);
    if (!r) throw new RangeError(`unknown requirement ${id}`);
    const closed =
      i !== openIndex && ctx.random.chance(0.3) ? closingDate(ctx, date, addDays(date, 180)) : null;
    return poamItem(ctx, id, r.cmmcId, r.title, date, date, closed);
  });
}

function datesFor(ctx: Context, minDays: number, maxDays: number): [string, string] {
  const statusDate = ago(ctx, minDays, maxDays);
  // Only the SSP title block carries a separate status date; elsewhere the assessment date stands in (170.21(b)).
  const assessmentDate =
    ctx.layout === 'ssp-xlsx' ? addDays(statusDate, -ctx.random.int(0, 12)) : statusDate;
  return [assessmentDate, statusDate];
}

/** The truth of a Level 2 assessment for one of the Level 2 scenarios. */
export function drawLevel2(
  random: Random,
  asOf: string,
  layout: AssessmentLayout,
  scenario: Scenario,
): AssessmentPlan {
  const ctx: Context = { random, asOf, layout };
  const findings = allMet(ctx, 2);
  const pointsLayout = POINTS_LAYOUTS.includes(layout);
  let poam: PoamItemTruth[] = [];
  let selfReportedScore: number | null = null;
  let dates: [string, string] | undefined;
  const assessmentType: AssessmentType = random.chance(0.25) ? 'C3PAO' : 'Self';

  const conditional = (count: number, minDays: number, maxDays: number, rule: CloseRule): void => {
    dates = datesFor(ctx, minDays, maxDays);
    const ids = random
      .shuffle(ONE_POINT_ELIGIBLE)
      .slice(0, count)
      .map((r) => r.nistId);
    for (const id of ids) markNotMet(ctx, findings, id);
    if (pointsLayout && count <= 19 && random.chance(0.35)) {
      markNotMet(ctx, findings, '3.13.11', true);
      ids.push('3.13.11');
    }
    poam = level2Poam(ctx, ids, dates[0], dates[1], rule);
  };

  switch (scenario) {
    case 'final':
      dates = datesFor(ctx, 30, 900);
      break;
    case 'final-lapsed':
      dates = datesFor(ctx, 1100, 1400);
      break;
    case 'conditional':
      conditional(random.chance(0.85) ? random.int(1, 8) : random.int(9, 15), 5, 149, 'some-open');
      break;
    case 'conditional-expiring':
      conditional(random.int(1, 8), 150, 179, 'some-open');
      break;
    case 'conditional-expired':
      conditional(random.int(1, 10), 181, 420, 'some-open');
      break;
    case 'closed-out':
      conditional(random.int(1, 8), 30, 600, 'all-closed');
      break;
    case 'exactly-88-conditional': {
      dates = datesFor(ctx, 5, 170);
      const ids = random
        .shuffle(ONE_POINT_ELIGIBLE)
        .slice(0, 22)
        .map((r) => r.nistId);
      for (const id of ids) markNotMet(ctx, findings, id);
      poam = level2Poam(ctx, ids, dates[0], dates[1], 'some-open');
      break;
    }
    case 'exactly-88-no-status': {
      dates = datesFor(ctx, 10, 600);
      const first = random.pick(ABOVE_ONE).nistId;
      const ids = gapsForDeficit(ctx, 22, [first]);
      for (const id of ids) markNotMet(ctx, findings, id);
      if (random.chance(0.5)) poam = level2Poam(ctx, ids, dates[0], dates[1], 'none');
      break;
    }
    case 'ssp-missing': {
      dates = datesFor(ctx, 10, 700);
      const ids = gapsForDeficit(ctx, random.int(0, 30));
      markNotMet(ctx, findings, '3.12.4');
      for (const id of ids) markNotMet(ctx, findings, id);
      if (random.chance(0.4)) poam = level2Poam(ctx, ids, dates[0], dates[1], 'none');
      break;
    }
    case 'not-on-poam': {
      dates = datesFor(ctx, 5, 140);
      const ids = random
        .shuffle(ONE_POINT_ELIGIBLE)
        .slice(0, random.int(2, 6))
        .map((r) => r.nistId);
      for (const id of ids) markNotMet(ctx, findings, id);
      poam = level2Poam(ctx, ids.slice(1), dates[0], dates[1], 'none');
      break;
    }
    case 'excluded-by-name': {
      dates = datesFor(ctx, 5, 140);
      const ids = random
        .shuffle(ONE_POINT_ELIGIBLE)
        .slice(0, random.int(1, 4))
        .map((r) => r.nistId);
      ids.push(random.pick(ONE_POINT_EXCLUDED).nistId);
      for (const id of ids) markNotMet(ctx, findings, id);
      poam = level2Poam(ctx, ids, dates[0], dates[1], 'none');
      break;
    }
    case 'no-status':
    case 'below-zero': {
      dates = datesFor(ctx, 10, 1000);
      const target =
        scenario === 'below-zero'
          ? random.int(-203, -1)
          : random.chance(0.85)
            ? random.int(60, 107)
            : random.int(0, 59);
      const ids = gapsForDeficit(ctx, 110 - target, [random.pick(ABOVE_ONE).nistId]);
      for (const id of ids) {
        const partial = pointsLayout && (id === '3.5.3' || id === '3.13.11') && random.chance(0.5);
        markNotMet(ctx, findings, id, partial);
      }
      if (layout === 'ssp-xlsx' && scenario === 'no-status' && random.chance(0.35)) {
        selfReportedScore = halfCreditScore(ctx, findings, ids);
      }
      if (random.chance(0.65)) {
        const listed = ids.filter(() => random.chance(0.85));
        poam = level2Poam(ctx, listed, dates[0], dates[1], 'none');
      }
      if (random.chance(0.06)) dropOneMetRow(ctx, findings);
      break;
    }
    default:
      throw new RangeError(`not a Level 2 scenario: ${scenario}`);
  }
  if (!dates) throw new RangeError(`no dates drawn for scenario ${scenario}`);
  const [assessmentDate, statusDate] = dates;
  if (selfReportedScore === null) selfReportedScore = trueScore(findings);
  return {
    layout,
    level: 2,
    assessmentType,
    assessmentDate,
    statusDate,
    findings,
    poam,
    selfReportedScore,
  };
}

/** 110 minus the deductions, or null without an SSP: what an honest supplier reports. */
function trueScore(findings: ReadonlyMap<string, TruthFinding>): number | null {
  let score = 110;
  for (const r of LEVEL2_REQUIREMENTS) {
    const f = findings.get(r.nistId);
    if (f?.finding === 'MET' || f?.finding === 'NOT_APPLICABLE') continue;
    if (r.points === null) return null;
    score -= level2Deduction(r.nistId, f?.partial === true) ?? 0;
  }
  return score;
}

/**
 * The classic error: "Partially Implemented" counted as half the points (the `WEIGHT_PARTIAL = 0.5` of public code),
 * which DoD Assessment Methodology §5(g)(ii) rules out. Rewords one or more gaps as partial to make it visible.
 */
function halfCreditScore(
  ctx: Context,
  findings: Map<string, TruthFinding>,
  ids: string[],
): number | null {
  const big = ids.filter(
    (id) => (level2Deduction(id, false) ?? 0) > 1 && findings.get(id)?.partial !== true,
  );
  for (const id of big.slice(0, ctx.random.int(1, 3))) {
    findings.set(id, { finding: 'NOT_MET', wording: 'partial' });
  }
  const score = trueScore(findings);
  if (score === null) return null;
  let halfBack = 0;
  for (const [id, f] of findings) {
    if (f.finding === 'NOT_MET' && f.wording === 'partial')
      halfBack += level2Deduction(id, f.partial === true) ?? 0;
  }
  return score + Math.floor(halfBack / 2);
}

/** A requirement the supplier forgot to list: NOT ASSESSED, which counts as NOT MET and is a data-quality issue. */
function dropOneMetRow(ctx: Context, findings: Map<string, TruthFinding>): void {
  const met = [...findings]
    .filter(([id, f]) => f.finding === 'MET' && id !== '3.12.4')
    .map(([id]) => id);
  const id = ctx.random.pick(met);
  // CSET and CISO Assistant list every requirement and leave the answer blank; the others drop the row.
  if (ctx.layout === 'cset-xlsx' || ctx.layout === 'ciso-csv') {
    findings.set(id, { finding: 'NOT_ASSESSED', wording: null });
  } else {
    findings.delete(id);
  }
}

/** The truth of a Level 1 self-assessment. */
export function drawLevel1(
  random: Random,
  asOf: string,
  layout: AssessmentLayout,
  scenario: Scenario,
): AssessmentPlan {
  const ctx: Context = { random, asOf, layout };
  const findings = allMet(ctx, 1);
  let date = ago(ctx, 20, 360);
  if (scenario === 'l1-lapsed') date = ago(ctx, 370, 700);
  if (scenario === 'l1-not-met') {
    for (const r of random.shuffle(LEVEL1_REQUIREMENTS).slice(0, random.int(1, 3))) {
      const wording = random.chance(0.5) ? 'planned' : null;
      for (const id of r.nistIds) findings.set(id, { finding: 'NOT_MET', wording });
    }
  }
  return {
    layout,
    level: 1,
    assessmentType: 'Self',
    assessmentDate: date,
    statusDate: date,
    findings,
    poam: [],
    selfReportedScore: null,
  };
}

/**
 * The two assessments of a Level 3 organization: its Final Level 2 (C3PAO) assessment, all MET, and the Level 3
 * (DIBCAC) assessment that builds on it (32 CFR 170.18(a)).
 */
export function drawLevel3(
  random: Random,
  asOf: string,
  layout: AssessmentLayout,
  scenario: Scenario,
): [AssessmentPlan, AssessmentPlan] {
  const base: Context = { random, asOf, layout: 'ssp-xlsx' };
  const [level2Assessed, level2Status] = datesFor(base, 200, 800);
  const level2: AssessmentPlan = {
    layout: 'ssp-xlsx',
    level: 2,
    assessmentType: 'C3PAO',
    assessmentDate: level2Assessed,
    statusDate: level2Status,
    findings: allMet(base, 2),
    poam: [],
    selfReportedScore: 110,
  };
  const ctx: Context = { random, asOf, layout };
  const findings = allMet(ctx, 3);
  let poam: PoamItemTruth[] = [];
  let date = ago(ctx, 5, 150);
  if (scenario === 'l3-final') date = ago(ctx, 20, 180);
  if (scenario === 'l3-conditional') {
    const ids = random
      .shuffle(LEVEL3_ALLOWED)
      .slice(0, random.int(1, 4))
      .map((r) => r.nistId);
    for (const id of ids) markNotMet(ctx, findings, id);
    poam = level3Poam(ctx, ids, date);
  }
  if (scenario === 'l3-no-status') {
    const ids = random.chance(0.5)
      ? [random.pick(LEVEL3_EXCLUDED).nistId]
      : random
          .shuffle(LEVEL3_ALLOWED)
          .slice(0, random.int(5, 8))
          .map((r) => r.nistId);
    for (const id of ids) markNotMet(ctx, findings, id);
    poam = level3Poam(ctx, ids, date);
  }
  const level3: AssessmentPlan = {
    layout,
    level: 3,
    assessmentType: 'DIBCAC',
    assessmentDate: date,
    statusDate: date,
    findings,
    poam,
    selfReportedScore: null,
  };
  return [level2, level3];
}

/** Whether this layout has a points column (the only place partial credit can be said). */
export function hasPointsColumn(layout: AssessmentLayout): boolean {
  return POINTS_LAYOUTS.includes(layout);
}
