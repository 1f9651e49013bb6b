/**
 * Small, hand-made view models shared by this package's tests (excluded from the build). The numbers
 * are consistent with the rules so the rendered reports read plausibly:
 * Acme: 110 − (1 + 1 + 1) = 107, Conditional (three 1-point items on the POA&M).
 * Borealis: 110 − (5 + 5 + 3 + 1 + …) = 71, no status (5-point requirements cannot be on a POA&M).
 * Annual affirmations (32 CFR 170.22), as of 2026-11-28: Acme affirmed on 2026-07-20, due 2027-07-20. Evergreen
 * (Final at Level 2 since 2025-11-20, at Level 3 since 2025-12-20, none affirmed): Level 2 due 2026-11-20, 8 days
 * overdue; Level 3 due 2026-12-20, in 22 days.
 */
import { createRulesPage } from './rules-page.js';
import type {
  PortfolioFigures,
  PortfolioReportModel,
  SupplierScorecardModel,
} from './view-models.js';

/**
 * Five suppliers, six statuses (Evergreen holds Level 2 and Level 3): 3 may be awarded work (2 Final, 1 Conditional
 * due in 14 days), 2 may not (Borealis: no status; Delta: Conditional expired).
 */
export function buildFigures(overrides: Partial<PortfolioFigures> = {}): PortfolioFigures {
  return {
    asOf: '2026-11-28',
    requirement: {
      defaultRequired: 'L2-self',
      defaultLabel: 'Level 2 (Self)',
      suppliersWithOwnRequirement: 1,
    },
    suppliers: 5,
    statuses: 6,
    eligible: { total: 3, final: 2, conditional: 1 },
    conditionalCloseout: { within30: 1, within60: 0, within90: 0, later: 0 },
    notEligible: {
      total: 2,
      byReason: [
        {
          code: 'NO_STATUS_OF_KIND',
          label: 'no Final or Conditional status of the required kind',
          suppliers: 1,
        },
        {
          code: 'CONDITIONAL_EXPIRED',
          label: 'Conditional status expired: POA&M not closed out within 180 days',
          suppliers: 1,
        },
      ],
    },
    affirmationOverdueSuppliers: 1,
    statusesByLevel: [
      { level: 1, total: 1, byStatus: { FINAL: 1, CONDITIONAL: 0, EXPIRED: 0, NO_STATUS: 0 } },
      { level: 2, total: 4, byStatus: { FINAL: 1, CONDITIONAL: 1, EXPIRED: 1, NO_STATUS: 1 } },
      { level: 3, total: 1, byStatus: { FINAL: 1, CONDITIONAL: 0, EXPIRED: 0, NO_STATUS: 0 } },
    ],
    statusTotals: { FINAL: 3, CONDITIONAL: 1, EXPIRED: 1, NO_STATUS: 1 },
    level2Scores: {
      scored: 4,
      noScore: 0,
      median: 99,
      histogram: [
        { label: '<0', count: 0 },
        { label: '0-49', count: 0 },
        { label: '50-87', count: 1 },
        { label: '88-109', count: 2 },
        { label: '110', count: 1 },
      ],
    },
    poam: { openItems: 4, overdueItems: 2, suppliersWithOverdue: 2 },
    ...overrides,
  };
}

export function buildSupplierModel(
  overrides: Partial<SupplierScorecardModel> = {},
): SupplierScorecardModel {
  return {
    asOf: '2026-11-28',
    rulesVersion: '2024-12-16',
    inputHash: 'a1b2c3d4e5f6',
    organizationName: 'Acme Precision Machining LLC',
    cage: '1ABC2',
    level: 2,
    assessmentType: 'c3pao',
    assessmentDate: '2026-07-01',
    statusDate: '2026-07-15',
    sprsScore: 107,
    maxScore: 110,
    assessedScore: 107,
    status: 'CONDITIONAL',
    reasons: [
      {
        code: 'POAM_OPEN',
        requirements: [],
        message: 'Score 107 ≥ 88 and all 3 NOT MET requirements are 1-point items on the POA&M.',
      },
    ],
    closeoutDeadline: '2027-01-11',
    daysToDeadline: 44,
    closedOutOn: null,
    expiredOn: null,
    statusExpiresOn: '2027-01-11',
    lastAffirmedOn: '2026-07-20',
    affirmedSinceStatus: true,
    affirmationDueOn: '2027-07-20',
    affirmationOverdue: false,
    selfReportedScore: 110,
    scoreByFamily: [
      { family: 'AC', familyName: 'Access Control', pointsLost: 1, maxPoints: 52, notMet: 1 },
      {
        family: 'AU',
        familyName: 'Audit and Accountability',
        pointsLost: 1,
        maxPoints: 22,
        notMet: 1,
      },
      {
        family: 'SC',
        familyName: 'System and Communications Protection',
        pointsLost: 1,
        maxPoints: 49,
        notMet: 1,
      },
    ],
    criticalGaps: [],
    poamItems: [
      {
        nistId: '3.1.10',
        weakness: 'Session lock not enforced on shop-floor terminals',
        detectionDate: '2026-07-01',
        scheduledCompletionDate: '2026-10-31',
        ageDays: 150,
        overdue: true,
        status: 'open',
        milestones: [
          {
            description: 'Deploy GPO',
            dueDate: '2026-09-30',
            completedDate: '2026-09-28',
            overdue: false,
          },
          {
            description: 'Verify on all terminals',
            dueDate: '2026-10-31',
            completedDate: null,
            overdue: true,
          },
        ],
      },
      {
        nistId: '3.3.8',
        weakness: 'Audit logs writable by administrators',
        detectionDate: '2026-07-01',
        scheduledCompletionDate: '2026-12-15',
        ageDays: 150,
        overdue: false,
        status: 'open',
        milestones: [],
      },
      {
        nistId: '3.13.9',
        weakness: 'VPN idle timeout 24 h',
        detectionDate: '2026-07-01',
        scheduledCompletionDate: '2026-08-15',
        ageDays: 150,
        overdue: false,
        status: 'closed',
        milestones: [],
      },
    ],
    notAssessed: [],
    notMet: ['3.1.10', '3.3.8', '3.13.9'],
    ...overrides,
  };
}

export function buildPortfolioModel(
  overrides: Partial<PortfolioReportModel> = {},
): PortfolioReportModel {
  return {
    portfolioName: 'Northwind Aerospace supply base',
    asOf: '2026-11-28',
    rulesVersion: '2024-12-16',
    inputHash: 'a1b2c3d4e5f6',
    figures: buildFigures(),
    expiring: {
      within30: [
        {
          organizationName: 'Cobalt Fasteners Inc',
          cage: '3XYZ9',
          level: 2,
          status: 'CONDITIONAL',
          expiresOn: '2026-12-12',
          daysRemaining: 14,
        },
      ],
      within60: [
        {
          organizationName: 'Acme Precision Machining LLC',
          cage: '1ABC2',
          level: 2,
          status: 'CONDITIONAL',
          expiresOn: '2027-01-11',
          daysRemaining: 44,
        },
      ],
      within90: [],
      past: [
        {
          organizationName: 'Delta Composites',
          cage: null,
          level: 2,
          status: 'EXPIRED',
          expiresOn: '2026-10-02',
          daysRemaining: -57,
        },
      ],
    },
    expiringCounts: { within30: 1, within60: 1, within90: 0, past: 1 },
    affirmations: {
      overdue: [
        {
          organizationName: 'Evergreen Forge Inc',
          cage: '39DU8',
          level: 2,
          status: 'FINAL',
          dueOn: '2026-11-20',
          lastAffirmedOn: null,
          daysRemaining: -8,
        },
      ],
      within30: [
        {
          organizationName: 'Evergreen Forge Inc',
          cage: '39DU8',
          level: 3,
          status: 'FINAL',
          dueOn: '2026-12-20',
          lastAffirmedOn: null,
          daysRemaining: 22,
        },
      ],
    },
    affirmationCounts: { overdue: 1, within30: 1 },
    scoreDistribution: {
      min: 71,
      q1: 85,
      median: 99,
      q3: 107,
      max: 110,
      histogram: [
        { label: '<0', count: 0 },
        { label: '0-49', count: 0 },
        { label: '50-87', count: 1 },
        { label: '88-109', count: 2 },
        { label: '110', count: 1 },
      ],
    },
    poamAgingBuckets: { days0To30: 2, days31To90: 3, days91To180: 4, over180: 1 },
    criticalFailureByFamily: [
      {
        family: 'AC',
        familyName: 'Access Control',
        failingSuppliers: 2,
        assessedSuppliers: 4,
        rate: 0.5,
      },
      {
        family: 'IA',
        familyName: 'Identification and Authentication',
        failingSuppliers: 1,
        assessedSuppliers: 4,
        rate: 0.25,
      },
      {
        family: 'SC',
        familyName: 'System and Communications Protection',
        failingSuppliers: 1,
        assessedSuppliers: 4,
        rate: 0.25,
      },
    ],
    suppliersAtRisk: [
      {
        organizationName: 'Borealis Electronics',
        cage: '5QRS1',
        requiredLabel: 'Level 2 (Self)',
        eligible: false,
        statusLabel: null,
        level: 2,
        sprsScore: 71,
        maxScore: 110,
        status: 'NO_STATUS',
        reasonSummary: 'Score 71 below 88; 3.5.3 (5 points) NOT MET cannot be on a POA&M',
        closeoutDeadline: null,
        daysToDeadline: null,
        overdueItems: 0,
      },
      {
        organizationName: 'Cobalt Fasteners Inc',
        cage: '3XYZ9',
        requiredLabel: 'Level 2 (Self)',
        eligible: true,
        statusLabel: 'Conditional Level 2 (Self)',
        level: 2,
        sprsScore: 96,
        maxScore: 110,
        status: 'CONDITIONAL',
        reasonSummary: 'Closeout due in 14 days with 2 items open',
        closeoutDeadline: '2026-12-12',
        daysToDeadline: 14,
        overdueItems: 1,
      },
      {
        organizationName: 'Delta Composites',
        cage: null,
        requiredLabel: 'Level 2 (C3PAO)',
        eligible: false,
        statusLabel: 'Expired Level 2 (C3PAO)',
        level: 2,
        sprsScore: null,
        maxScore: 110,
        status: 'EXPIRED',
        reasonSummary: 'Conditional status expired on 2 Oct 2026 without closeout',
        closeoutDeadline: null,
        daysToDeadline: null,
        overdueItems: 1,
      },
    ],
    atRiskFirstPage: 3,
    mostFailedRequirements: [
      {
        nistId: '3.5.3',
        cmmcId: 'IA.L2-3.5.3',
        title: 'Multifactor Authentication',
        points: 5,
        failingSuppliers: 2,
        rate: 0.5,
      },
      {
        nistId: '3.1.10',
        cmmcId: 'AC.L2-3.1.10',
        title: 'Session Lock',
        points: 1,
        failingSuppliers: 2,
        rate: 0.5,
      },
      {
        nistId: '3.13.11',
        cmmcId: 'SC.L2-3.13.11',
        title: 'CUI Encryption',
        points: 5,
        failingSuppliers: 1,
        rate: 0.25,
      },
    ],
    rules: createRulesPage(),
    ...overrides,
  };
}
