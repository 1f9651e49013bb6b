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
  familyScores,
  portfolioSummary,
  type ScorecardPoamItem,
  type SupplierEligibility,
  type SupplierScore,
  scorecardPoamItems,
  supplierEligibility,
  supplierPoamSummaries,
  supplierScores,
} from '@cmmc/analytics';
import {
  type CmmcStatus,
  daysBetween,
  RULES_VERSION,
  requiredKind,
  STATUS_KIND_NAMES,
} from '@cmmc/catalog';
import type { Store } from '@cmmc/store';
import { groupReasons, summarizeGroupedReasons, type UngroupedReason } from './group-reasons.js';
import { createRulesPage } from './rules-page.js';
import type {
  AffirmationDueSupplier,
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
  /**
   * `supplierScores(store, { asOf })` with the same `asOf`, when the caller already has it: a run building both the
   * portfolio model and every scorecard's asks the database once (0.8 s at 10,000 suppliers).
   */
  scores?: readonly SupplierScore[];
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

/** How many statuses of each expiry window the executive report lists (the soonest); the rest are counted. */
const EXPIRING_LIMIT = 30;

/** How many statuses of each affirmation list the executive report lists; the rest are counted. */
const AFFIRMATION_LIMIT = 30;

/** Affirmations falling due within this many days of `asOf` are listed as due soon. */
const AFFIRMATION_SOON_DAYS = 30;

/** At-risk rows that fit the at-risk page (one line of reasons each); the appendix lists every one. */
const AT_RISK_FIRST_PAGE = 12;

/** How many requirement ids an at-risk row names per reason before "+N more". */
const AT_RISK_IDS = 3;

/** Not eligible for these reasons, in this order after the Conditional deadlines: the easiest to recover first. */
const NOT_ELIGIBLE_ORDER: Record<string, number> = {
  AFFIRMATION_OVERDUE: 0,
  CONDITIONAL_EXPIRED: 1,
  STATUS_LAPSED: 2,
  NO_STATUS_OF_KIND: 3,
};

/** Conditional statuses whose closeout deadline is this close make an eligible supplier at risk. */
const AT_RISK_DAYS = 90;

export async function buildPortfolioModel(
  store: Store,
  options: BuildModelOptions,
): Promise<PortfolioReportModel> {
  const { asOf } = options;
  const scores = options.scores ? [...options.scores] : await supplierScores(store, { asOf });
  const poamSummaries = await supplierPoamSummaries(store, { asOf });
  const eligibility = await supplierEligibility(store, { asOf });
  const summary = await portfolioSummary(store, {
    asOf,
    scores,
    poamSummaries,
    eligibility,
    mostFailedLimit: 15,
  });
  const { figures } = summary;
  const matrix = await criticalGapMatrix(store, { asOf });

  const overdueByOrganization = new Map<number, number>();
  for (const p of poamSummaries) {
    overdueByOrganization.set(
      p.organizationId,
      (overdueByOrganization.get(p.organizationId) ?? 0) + p.overdueItems,
    );
  }
  const expiring = expiringStatuses(scores, asOf);
  const atRisk = suppliersAtRisk(scores, eligibility, overdueByOrganization, asOf);
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
    figures,
    expiring: {
      within30: expiring.within30.slice(0, EXPIRING_LIMIT),
      within60: expiring.within60.slice(0, EXPIRING_LIMIT),
      within90: expiring.within90.slice(0, EXPIRING_LIMIT),
      past: expiring.past.slice(0, EXPIRING_LIMIT),
    },
    expiringCounts: {
      within30: expiring.within30.length,
      within60: expiring.within60.length,
      within90: expiring.within90.length,
      past: expiring.past.length,
    },
    affirmations: {
      overdue: affirmations.overdue.slice(0, AFFIRMATION_LIMIT),
      within30: affirmations.within30.slice(0, AFFIRMATION_LIMIT),
    },
    affirmationCounts: {
      overdue: affirmations.overdue.length,
      within30: affirmations.within30.length,
    },
    scoreDistribution: {
      min: distribution.min,
      q1: distribution.q1,
      median: distribution.median,
      q3: distribution.q3,
      max: distribution.max,
      histogram: figures.level2Scores.histogram,
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
    atRiskFirstPage: Math.min(AT_RISK_FIRST_PAGE, atRisk.length),
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
 * Conditional statuses by days to their POA&M closeout deadline (0-30, 31-60, 61-90), and every Expired status
 * (a Conditional past its 180 days, or a Final past its validity), so the expired list counts what the status table
 * counts. Soonest first; expired: most recent first.
 */
function expiringStatuses(
  scores: readonly SupplierScore[],
  asOf: string,
): Record<'within30' | 'within60' | 'within90' | 'past', ExpiringSupplier[]> {
  const lists = {
    within30: [] as ExpiringSupplier[],
    within60: [] as ExpiringSupplier[],
    within90: [] as ExpiringSupplier[],
    past: [] as ExpiringSupplier[],
  };
  for (const s of scores) {
    const row = (expiresOn: string, daysRemaining: number): ExpiringSupplier => ({
      organizationName: s.organizationName,
      cage: s.cage,
      level: s.level,
      status: s.status,
      expiresOn,
      daysRemaining,
    });
    if (s.status === 'EXPIRED') {
      const windowPassed = s.reasons.some((r) => r.code === 'CONDITIONAL_WINDOW_PASSED');
      const endedOn = windowPassed ? s.closeoutDeadline : s.statusExpiresOn;
      if (endedOn !== null) lists.past.push(row(endedOn, daysBetween(asOf, endedOn)));
      continue;
    }
    if (s.status !== 'CONDITIONAL' || s.closeoutDeadline === null || s.daysToDeadline === null)
      continue;
    const days = s.daysToDeadline;
    const list =
      days <= 30
        ? lists.within30
        : days <= 60
          ? lists.within60
          : days <= 90
            ? lists.within90
            : null;
    list?.push(row(s.closeoutDeadline, days));
  }
  const soonest = (a: ExpiringSupplier, b: ExpiringSupplier) =>
    a.daysRemaining - b.daysRemaining || a.organizationName.localeCompare(b.organizationName);
  lists.within30.sort(soonest);
  lists.within60.sort(soonest);
  lists.within90.sort(soonest);
  lists.past.sort((a, b) => -soonest(a, b));
  return lists;
}

/**
 * Suppliers that may not be awarded work at their required status, and those that may only until a Conditional
 * closeout deadline within 90 days. Most urgent first: Conditional deadlines soonest first (still recoverable by a
 * closeout), then not eligible, the easiest to recover first (an overdue affirmation), then by name.
 */
function suppliersAtRisk(
  scores: readonly SupplierScore[],
  eligibility: readonly SupplierEligibility[],
  overdueByOrganization: ReadonlyMap<number, number>,
  asOf: string,
): SupplierAtRisk[] {
  // The status row that decides: the supplier's row of the deciding kind.
  const rowOf = new Map(scores.map((s) => [`${s.organizationId}:${s.statusKind}`, s]));
  const daysLeft = (e: SupplierEligibility) =>
    e.status === 'CONDITIONAL' && e.closeoutDeadline !== null
      ? daysBetween(asOf, e.closeoutDeadline)
      : null;
  const listed = eligibility.filter((e) => {
    const days = daysLeft(e);
    return !e.eligible || (days !== null && days <= AT_RISK_DAYS);
  });
  const urgency = (e: SupplierEligibility) =>
    e.eligible ? (daysLeft(e) ?? 0) - 1_000 : (NOT_ELIGIBLE_ORDER[e.reasons[0]?.code ?? ''] ?? 9);
  return listed
    .sort((a, b) => urgency(a) - urgency(b) || a.organizationName.localeCompare(b.organizationName))
    .map((e) => {
      const deciding =
        e.statusKind === null ? undefined : rowOf.get(`${e.organizationId}:${e.statusKind}`);
      return {
        organizationName: e.organizationName,
        cage: e.cage,
        requiredLabel: STATUS_KIND_NAMES[requiredKind(e.required)],
        eligible: e.eligible,
        statusLabel: e.statusLabel,
        status: (e.status as CmmcStatus | null) ?? null,
        level: deciding?.level ?? null,
        sprsScore: deciding?.score ?? null,
        maxScore: deciding?.maxScore ?? null,
        reasonSummary: atRiskReason(e, deciding),
        closeoutDeadline: e.status === 'CONDITIONAL' ? e.closeoutDeadline : null,
        daysToDeadline: daysLeft(e),
        overdueItems: overdueByOrganization.get(e.organizationId) ?? 0,
      };
    });
}

/** The at-risk row's "Why": the eligibility reason, and for an assessment with no status its grouped reasons. */
function atRiskReason(e: SupplierEligibility, deciding: SupplierScore | undefined): string {
  if (e.eligible) {
    return 'Conditional: POA&M to be closed out by the deadline';
  }
  const reason = e.reasons[0];
  if (!reason) return 'not eligible';
  if (reason.code === 'NO_STATUS_OF_KIND' && deciding && deciding.reasons.length > 0) {
    return summarizeGroupedReasons(groupReasons(deciding.reasons), AT_RISK_IDS);
  }
  return reason.message;
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
  const scores = (options.scores ?? (await supplierScores(store, { asOf }))).filter(
    (s) =>
      !wanted ||
      wanted.includes(s.organizationName.toLowerCase()) ||
      (s.cage !== null && wanted.includes(s.cage.toLowerCase())),
  );
  const families = groupBy(await familyScores(store, { asOf }), (f) => `${f.assessmentId}`);
  const gaps = groupBy(await criticalGaps(store, { asOf }), (g) => `${g.assessmentId}`);
  const items = groupBy(
    await scorecardPoamItems(store, { asOf }),
    (p) => `${p.organizationId}:${p.level}`,
  );
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
        reasons: groupReasons(explainStatus(s)),
        // A deadline is shown only while it is open: a Final status (closed out or not) has none to meet, and an
        // Expired one says so in its reasons instead of counting days past a deadline that no longer applies.
        closeoutDeadline: s.status === 'CONDITIONAL' ? s.closeoutDeadline : null,
        daysToDeadline: s.status === 'CONDITIONAL' ? s.daysToDeadline : null,
        closedOutOn: s.status === 'FINAL' ? s.closedOutOn : null,
        expiredOn: expiredOn(s),
        assessedScore: s.assessedScore,
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
        poamItems: (items.get(`${s.organizationId}:${s.level}`) ?? []).map(
          (p: ScorecardPoamItem) => ({
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
          }),
        ),
        notAssessed: s.notAssessedIds as RequirementId[],
        notMet: s.notMet as RequirementId[],
      },
    }));
}

/**
 * The reasons behind the status in plain words. Analytics lists what blocks or ends a status; a Conditional or Final
 * status with nothing against it still deserves a sentence saying why it holds.
 */
function explainStatus(s: SupplierScore): UngroupedReason[] {
  const reasons: UngroupedReason[] = s.reasons.map((r) => ({
    code: r.code,
    requirement: r.requirement ?? null,
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

/** An Expired status's last valid day: the closeout deadline it missed, else the end of its validity. */
function expiredOn(s: SupplierScore): string | null {
  if (s.status !== 'EXPIRED') return null;
  const windowPassed = s.reasons.some((r) => r.code === 'CONDITIONAL_WINDOW_PASSED');
  return windowPassed ? s.closeoutDeadline : (s.statusExpiresOn ?? s.closeoutDeadline);
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
