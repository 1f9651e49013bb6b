/**
 * Builds the report view models from the analytics queries, so every figure in a PDF is the figure `cmmc scores`,
 * `cmmc poam` and `cmmc portfolio` print for the same database and as-of date. Each query runs once for the whole
 * portfolio and is grouped here; nothing is queried per supplier.
 */
import { createHash } from 'node:crypto';
import {
  type CriticalGap as AnalyticsCriticalGap,
  type CriticalGapReason,
  criticalGapMatrix,
  criticalGaps,
  expiringConditionals,
  familyScores,
  type PoamItem,
  poamItems,
  portfolioSummary,
  type SupplierScore,
  supplierPoamSummaries,
  supplierScores,
} from '@cmmc/analytics';
import { daysBetween, RULES_VERSION } from '@cmmc/catalog';
import type { Store } from '@cmmc/store';
import { createRulesPage } from './rules-page.js';
import type {
  AffirmationDueSupplier,
  CmmcStatus,
  ExpiringSupplier,
  PortfolioReportModel,
  RequirementId,
  SupplierAtRisk,
  SupplierScorecardModel,
} from './view-models.js';

export interface BuildModelOptions {
  asOf: string;
  /** Shown on the portfolio cover. */
  portfolioName?: string;
}

/** A short hash of what went in: the files' SHA-256s (sorted), the as-of date and the rules version. */
function hashInputs(sha256s: readonly string[], asOf: string): string {
  const hash = createHash('sha256');
  for (const sha of sha256s) hash.update(`${sha}\n`);
  hash.update(`${asOf}\n${RULES_VERSION}`);
  return hash.digest('hex').slice(0, 12);
}

/**
 * The SHA-256 of every loaded file, sorted: the portfolio report's inputs. `cmmc schedule` puts the full list (not
 * the short footer hash, which also covers the as-of date) in the key that decides whether a report is rendered again.
 */
export async function listPortfolioInputFiles(store: Store): Promise<string[]> {
  const rows = await store.all<{ sha256: string }>(
    'select sha256 from source_files order by sha256',
  );
  return rows.map((r) => r.sha256);
}

/** Each organization's input files (SHA-256, sorted), in one query for the whole batch. */
async function organizationInputFiles(store: Store): Promise<Map<number, string[]>> {
  const rows = await store.all<{ organization_id: number; sha256s: string[] }>(
    `select organization_id, list(sha256 order by sha256) as sha256s
     from source_files where organization_id is not null group by organization_id`,
  );
  return new Map(rows.map((r) => [r.organization_id, r.sha256s]));
}

/** Each supplier's headline assessment: its highest level. */
function headlineRows(scores: readonly SupplierScore[]): SupplierScore[] {
  const byOrganization = new Map<number, SupplierScore>();
  for (const s of scores) {
    const current = byOrganization.get(s.organizationId);
    if (!current || s.level > current.level) byOrganization.set(s.organizationId, s);
  }
  return [...byOrganization.values()];
}

const RISK_ORDER: Record<CmmcStatus, number> = {
  EXPIRED: 0,
  CONDITIONAL: 1,
  NO_STATUS: 2,
  FINAL: 3,
};

/** How many statuses of each expiry window the executive report lists (the soonest); the rest are counted. */
const EXPIRING_LIMIT = 30;

/** How many statuses of each affirmation list the executive report lists; the rest are counted. */
const AFFIRMATION_LIMIT = 30;

/** Affirmations falling due within this many days of `asOf` are listed as due soon. */
const AFFIRMATION_SOON_DAYS = 30;

/** How many at-risk rows the executive report lists; the rest are counted in the headline figures. */
const AT_RISK_LIMIT = 150;

export async function buildPortfolioModel(
  store: Store,
  options: BuildModelOptions,
): Promise<PortfolioReportModel> {
  const { asOf } = options;
  const scores = await supplierScores(store, { asOf });
  const poamSummaries = await supplierPoamSummaries(store, { asOf });
  const summary = await portfolioSummary(store, {
    asOf,
    scores,
    poamSummaries,
    mostFailedLimit: 15,
  });
  const expiring = await expiringConditionals(store, { asOf });
  const matrix = await criticalGapMatrix(store, { asOf });
  const headline = headlineRows(scores);

  const overdueByOrganization = new Map<number, number>();
  for (const p of poamSummaries) {
    overdueByOrganization.set(
      p.organizationId,
      (overdueByOrganization.get(p.organizationId) ?? 0) + p.overdueItems,
    );
  }
  const countsByStatus: Record<CmmcStatus, number> = {
    FINAL: 0,
    CONDITIONAL: 0,
    EXPIRED: 0,
    NO_STATUS: 0,
  };
  const countsByLevel = { 1: 0, 2: 0, 3: 0 };
  for (const s of headline) {
    countsByStatus[s.status] += 1;
    countsByLevel[s.level] += 1;
  }
  const toExpiring = (window: string): ExpiringSupplier[] =>
    expiring.suppliers
      .filter((e) => e.window === window)
      .slice(0, EXPIRING_LIMIT)
      .map((e) => ({
        organizationName: e.organizationName,
        cage: e.cage,
        level: e.level,
        status: e.status,
        expiresOn: e.closeoutDeadline,
        daysRemaining: e.daysToDeadline,
      }));

  const atRisk: SupplierAtRisk[] = scores
    .map((s) => ({ s, overdue: overdueByOrganization.get(s.organizationId) ?? 0 }))
    .filter(
      ({ s, overdue }) =>
        s.status === 'EXPIRED' ||
        s.status === 'NO_STATUS' ||
        overdue > 0 ||
        (s.status === 'CONDITIONAL' && (s.daysToDeadline ?? 0) <= 90),
    )
    .sort(
      (a, b) =>
        RISK_ORDER[a.s.status] - RISK_ORDER[b.s.status] ||
        (a.s.daysToDeadline ?? 99_999) - (b.s.daysToDeadline ?? 99_999) ||
        (a.s.score ?? -1_000) - (b.s.score ?? -1_000) ||
        a.s.organizationName.localeCompare(b.s.organizationName),
    )
    .slice(0, AT_RISK_LIMIT)
    .map(({ s, overdue }) => ({
      organizationName: s.organizationName,
      cage: s.cage,
      level: s.level,
      sprsScore: s.score,
      status: s.status,
      reasonSummary: summarizeReasons(s),
      closeoutDeadline: s.closeoutDeadline,
      daysToDeadline: s.daysToDeadline,
      overdueItems: overdue,
    }));

  const affirmations = affirmationsDue(scores, asOf);

  const aging = { days0To30: 0, days31To90: 0, days91To180: 0, over180: 0 };
  for (const p of poamSummaries) {
    aging.days0To30 += p.aging.days0To30;
    aging.days31To90 += p.aging.days31To90;
    aging.days91To180 += p.aging.days91To180;
    aging.over180 += p.aging.over180;
  }
  const distribution = summary.level2Scores;
  return {
    portfolioName: options.portfolioName ?? 'Supplier portfolio',
    asOf,
    rulesVersion: RULES_VERSION,
    inputHash: hashInputs(await listPortfolioInputFiles(store), asOf),
    supplierCount: headline.length,
    countsByStatus,
    countsByLevel,
    medianScore: distribution.median,
    overdueItems: summary.poam.overdueItems,
    expiring: {
      within30: toExpiring('WITHIN_30'),
      within60: toExpiring('WITHIN_60'),
      within90: toExpiring('WITHIN_90'),
      past: toExpiring('PAST'),
    },
    expiringCounts: {
      within30: expiring.counts.WITHIN_30,
      within60: expiring.counts.WITHIN_60,
      within90: expiring.counts.WITHIN_90,
      past: expiring.counts.PAST,
    },
    affirmations: {
      overdue: affirmations.overdue.slice(0, AFFIRMATION_LIMIT),
      within30: affirmations.within30.slice(0, AFFIRMATION_LIMIT),
    },
    affirmationCounts: {
      overdue: affirmations.overdue.length,
      within30: affirmations.within30.length,
    },
    affirmationOverdueSuppliers: new Set(
      scores.filter((s) => s.affirmationOverdue).map((s) => s.organizationId),
    ).size,
    scoreDistribution: {
      min: distribution.min,
      q1: distribution.q1,
      median: distribution.median,
      q3: distribution.q3,
      max: distribution.max,
      histogram: distribution.histogram.map((b) => ({ label: b.label, count: b.count })),
    },
    poamAgingBuckets: aging,
    criticalFailureByFamily: matrix.families
      .filter((f) => f.level === 2)
      .map((f) => ({
        family: f.family,
        familyName: f.familyName,
        failingSuppliers: f.suppliersFailing,
        assessedSuppliers: f.suppliersAssessed,
        rate: f.rate ?? 0,
      })),
    suppliersAtRisk: atRisk,
    mostFailedRequirements: summary.mostFailed.map((r) => ({
      nistId: r.nistId as RequirementId,
      cmmcId: r.cmmcId,
      title: r.title,
      points: r.points ?? 0,
      failingSuppliers: r.suppliersFailing,
      rate: r.rate,
    })),
    rules: createRulesPage(),
  };
}

/**
 * Every status in force (each supplier and level, not only the headline) whose yearly affirmation (32 CFR 170.22) is
 * overdue or falls due within 30 days, longest overdue and soonest due first. Analytics decides what is due and what
 * is overdue; this only sorts and splits.
 */
function affirmationsDue(
  scores: readonly SupplierScore[],
  asOf: string,
): { overdue: AffirmationDueSupplier[]; within30: AffirmationDueSupplier[] } {
  const overdue: AffirmationDueSupplier[] = [];
  const within30: AffirmationDueSupplier[] = [];
  for (const s of scores) {
    if (s.affirmationDueOn === null) continue;
    const row: AffirmationDueSupplier = {
      organizationName: s.organizationName,
      cage: s.cage,
      level: s.level,
      status: s.status,
      dueOn: s.affirmationDueOn,
      lastAffirmedOn: s.lastAffirmedOn,
      daysRemaining: daysBetween(asOf, s.affirmationDueOn),
    };
    if (s.affirmationOverdue) overdue.push(row);
    else if (row.daysRemaining <= AFFIRMATION_SOON_DAYS) within30.push(row);
  }
  const byDueDay = (a: AffirmationDueSupplier, b: AffirmationDueSupplier) =>
    a.daysRemaining - b.daysRemaining ||
    a.organizationName.localeCompare(b.organizationName) ||
    a.level - b.level;
  return { overdue: overdue.sort(byDueDay), within30: within30.sort(byDueDay) };
}

function summarizeReasons(s: SupplierScore): string {
  if (s.reasons.length === 0) {
    if (s.status === 'CONDITIONAL')
      return `Conditional: POA&M closeout due by ${s.closeoutDeadline}`;
    return s.status === 'FINAL' ? 'Final' : 'No reason recorded';
  }
  const first = s.reasons[0]?.message ?? '';
  return s.reasons.length === 1 ? first : `${first} (+${s.reasons.length - 1} more)`;
}

const GAP_WHY: Record<CriticalGapReason, string> = {
  SSP_MISSING: 'No system security plan: the assessment cannot be scored (32 CFR 170.24)',
  EXCLUDED_BY_NAME: 'Never allowed on a POA&M (32 CFR 170.21(a)(2)(iii))',
  VALUE_ABOVE_ONE_POINT: 'Worth more than 1 point: cannot be on a POA&M (32 CFR 170.21(a)(2)(ii))',
};

/** A supplier in a scorecard batch: the analytics row, the model to render and the files it was built from. */
export interface SupplierReport {
  score: SupplierScore;
  model: SupplierScorecardModel;
  /** SHA-256 of the supplier's loaded files, sorted; `model.inputHash` is their short hash with the as-of date. */
  inputFiles: string[];
}

/**
 * One scorecard per supplier and level assessed (latest assessment), in name order. `organizations` narrows the
 * batch to suppliers whose name or CAGE matches (case-insensitive).
 */
export async function buildSupplierModels(
  store: Store,
  options: BuildModelOptions & { organizations?: readonly string[] },
): Promise<SupplierReport[]> {
  const { asOf } = options;
  const wanted = options.organizations?.map((o) => o.trim().toLowerCase());
  const scores = (await supplierScores(store, { asOf })).filter(
    (s) =>
      !wanted ||
      wanted.includes(s.organizationName.toLowerCase()) ||
      (s.cage !== null && wanted.includes(s.cage.toLowerCase())),
  );
  const families = groupBy(await familyScores(store, { asOf }), (f) => `${f.assessmentId}`);
  const gaps = groupBy(await criticalGaps(store, { asOf }), (g) => `${g.assessmentId}`);
  const items = groupBy(await poamItems(store, { asOf }), (p) => `${p.organizationId}:${p.level}`);
  const files = await organizationInputFiles(store);
  return scores
    .sort((a, b) => a.organizationName.localeCompare(b.organizationName) || a.level - b.level)
    .map((s) => ({
      score: s,
      inputFiles: files.get(s.organizationId) ?? [],
      model: {
        asOf,
        rulesVersion: RULES_VERSION,
        inputHash: hashInputs(files.get(s.organizationId) ?? [], asOf),
        organizationName: s.organizationName,
        cage: s.cage,
        level: s.level,
        assessmentType: s.assessmentType,
        assessmentDate: s.assessmentDate,
        statusDate: s.statusDate,
        sprsScore: s.score,
        maxScore: s.maxScore,
        status: s.status,
        reasons: explainStatus(s),
        closeoutDeadline: s.closeoutDeadline,
        daysToDeadline: s.daysToDeadline,
        statusExpiresOn: s.statusExpiresOn,
        lastAffirmedOn: s.lastAffirmedOn,
        affirmedSinceStatus: s.affirmedSinceStatus,
        affirmationDueOn: s.affirmationDueOn,
        affirmationOverdue: s.affirmationOverdue,
        selfReportedScore: s.selfReportedScore,
        scoreByFamily: (families.get(`${s.assessmentId}`) ?? []).map((f) => ({
          family: f.family,
          familyName: f.familyName,
          pointsLost: f.pointsLost ?? 0,
          maxPoints: f.pointsPossible ?? 0,
          notMet: f.notMet,
        })),
        criticalGaps: (gaps.get(`${s.assessmentId}`) ?? []).map((g: AnalyticsCriticalGap) => ({
          nistId: g.nistId as RequirementId,
          cmmcId: g.cmmcId,
          title: g.title,
          points: g.points ?? 0,
          why: GAP_WHY[g.reason],
        })),
        poamItems: (items.get(`${s.organizationId}:${s.level}`) ?? []).map((p: PoamItem) => ({
          nistId: p.nistId as RequirementId,
          weakness: p.weakness ?? p.title ?? '',
          detectionDate: p.detectionDate,
          scheduledCompletionDate: p.scheduledCompletionDate,
          ageDays: p.ageDays,
          overdue: p.overdue,
          status: p.status,
          milestones: p.milestones.map((m) => ({
            description: m.description,
            dueDate: m.dueDate,
            completedDate: m.completedDate,
            overdue: m.overdue,
          })),
        })),
        notAssessed: s.notAssessedIds as RequirementId[],
        notMet: s.notMet as RequirementId[],
      },
    }));
}

/**
 * The reasons behind the status in plain words. Analytics lists what blocks or ends a status; a Conditional or Final
 * status with nothing against it still deserves a sentence saying why it holds.
 */
function explainStatus(s: SupplierScore): SupplierScorecardModel['reasons'] {
  const reasons = s.reasons.map((r) => ({
    code: r.code,
    requirement: (r.requirement ?? null) as RequirementId | null,
    message: r.message,
  }));
  if (reasons.length > 0) return reasons;
  if (s.status === 'CONDITIONAL') {
    return [
      {
        code: 'CONDITIONAL_POAM_OPEN',
        requirement: null,
        message: `score ${s.score} is at least ${s.conditionalMinimum ?? 88} and every requirement not met (${s.notMet.join(', ')}) is an allowed POA&M item (32 CFR 170.21(a)); all must be closed by ${s.closeoutDeadline} or the status expires`,
      },
    ];
  }
  if (s.status === 'FINAL') {
    return [
      {
        code: 'ALL_MET',
        requirement: null,
        message: `every requirement is met or not applicable; the status is valid until ${s.statusExpiresOn}`,
      },
    ];
  }
  return reasons;
}

function groupBy<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const k = key(row);
    const list = groups.get(k);
    if (list) list.push(row);
    else groups.set(k, [row]);
  }
  return groups;
}
