import type { RulesPageModel } from './view-models.js';

/**
 * The "rules used" page: the scoring and status rules the numbers in the report follow, restated from
 * 32 CFR 170.21 (POA&M), 32 CFR 170.22 (affirmation), 32 CFR 170.24 (scoring) and the DoD Assessment
 * Methodology v1.2.1, as summarised in `packages/catalog/reference/rules.md`. It is text, not logic: `@cmmc/catalog` implements the rules.
 *
 * @returns a fresh copy, so a caller may add a section without touching the next report.
 */
export function createRulesPage(): RulesPageModel {
  return {
    title: 'Rules used in this report',
    sections: [
      {
        heading: 'Who may be awarded work',
        paragraphs: [
          'A status is a level and an assessment kind, ordered Level 1 (Self) < Level 2 (Self) < Level 2 (C3PAO) < Level 3 (DIBCAC). A supplier may be awarded a contract or subcontract requiring a status when it holds a Final or Conditional status of that kind or a higher one, not expired, and its yearly affirmation is current. The cover judges each supplier against its required status (suppliers.csv), else Level 2 (Self).',
        ],
        citations: ['32 CFR 170.15(b)', '32 CFR 170.22', 'DFARS 252.204-7021'],
      },
      {
        heading: 'Findings',
        paragraphs: [
          'Each requirement is MET, NOT MET or NOT APPLICABLE; N/A counts as MET. A requirement is MET only if every applicable NIST SP 800-171A objective is MET or N/A. Partially implemented, planned and in-progress all mean NOT MET.',
          'A requirement missing from a supplier’s submission is counted NOT MET and listed as “not assessed”, a data-quality problem to raise with the supplier.',
        ],
        citations: ['32 CFR 170.24(b)', 'DoD Assessment Methodology v1.2.1 §5'],
      },
      {
        heading: 'Level 2 score (SPRS)',
        paragraphs: [
          'The score starts at 110 and loses the value of each NOT MET requirement: 5, 3 or 1 point. The range is −203 to 110. POA&M items are NOT MET and are deducted.',
          'Partial credit exists only for 3.5.3 (multi-factor authentication for remote and privileged users only: 3 points instead of 5) and 3.13.11 (encryption employed but not FIPS-validated: 3 points instead of 5).',
          '3.12.4 (System Security Plan) has no point value: without a current SSP the assessment cannot be completed and there is no score at all (“No score”).',
        ],
        citations: [
          '32 CFR 170.24(c)(2)',
          'DoD Assessment Methodology v1.2.1 §5(d), §5(e), Annex A',
        ],
      },
      {
        heading: 'Conditional Level 2 status and the POA&M',
        paragraphs: [
          'A Conditional status needs a score of at least 88 points, which is 80 % of the 110 possible, with every NOT MET requirement on the POA&M.',
          'Only requirements worth 1 point may be on a POA&M. The one exception is 3.13.11 (SC.L2-3.13.11) at its partial value of 3 points, when encryption is employed but not FIPS-validated.',
          'Six requirements may never be on a POA&M whatever their value: AC.L2-3.1.20, AC.L2-3.1.22, CA.L2-3.12.4, PE.L2-3.10.3, PE.L2-3.10.4 and PE.L2-3.10.5.',
          'Otherwise the supplier has no CMMC status. Every status decision in this report lists its reasons.',
        ],
        citations: ['32 CFR 170.21(a)(2)', '32 CFR 170.24(c)(2)'],
      },
      {
        heading: '180-day closeout',
        paragraphs: [
          'A Conditional status expires 180 days after the Conditional CMMC Status Date unless every POA&M item is closed and verified by a POA&M closeout assessment; day 180 is the last valid day. The status date is the one the input gives, otherwise the assessment date.',
          'Final Level 2 and Level 3 status lasts three years from the status date, Level 1 is renewed yearly, and every level needs a yearly affirmation.',
        ],
        citations: [
          '32 CFR 170.21(b)',
          '32 CFR 170.16(a)(1)',
          '32 CFR 170.17(a)(1)',
          '32 CFR 170.18(a)(1)',
        ],
      },
      {
        heading: 'Annual affirmation',
        paragraphs: [
          'The supplier’s Affirming Official affirms continuing compliance in SPRS after every assessment and every year after it. A Final or Conditional status is due for affirmation a year after the latest affirmation on record, or a year after the status date when none has been recorded since.',
          'Once that day has passed with no affirmation on record, the affirmation is overdue and SPRS may show the status as lapsed. This report flags it and does not change the status.',
        ],
        citations: ['32 CFR 170.22'],
      },
      {
        heading: 'Level 1',
        paragraphs: [
          'Level 1 has 15 requirements (17 NIST SP 800-171 ids). All must be MET or N/A: there is no score, only a result, and no POA&M is permitted at any time.',
        ],
        citations: ['32 CFR 170.21(a)(1)', '32 CFR 170.24(c)(1)'],
      },
      {
        heading: 'Level 3',
        paragraphs: [
          'Level 3 has 24 requirements from NIST SP 800-172, 1 point each, for a maximum of 24. A Conditional status needs at least 20 of 24 (80 %).',
          'Seven Level 3 requirements may never be on a POA&M: IR.L3-3.6.1e, IR.L3-3.6.2e, RA.L3-3.11.1e, RA.L3-3.11.4e, RA.L3-3.11.6e, RA.L3-3.11.7e and SI.L3-3.14.3e. Level 3 also requires a Final Level 2 (C3PAO) status for the same scope.',
        ],
        citations: ['32 CFR 170.21(a)(3)', '32 CFR 170.24(c)(3)'],
      },
    ],
  };
}
