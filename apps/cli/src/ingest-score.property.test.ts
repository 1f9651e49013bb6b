/**
 * Ingest-level property test (issue #9): random Level 2 status sets are written as the CSV a supplier would send,
 * loaded by @cmmc/ingest, scored by the SQL in @cmmc/analytics, and compared with the catalog's reference
 * `decideStatus`. Each case is loaded twice, as two suppliers, once in catalog order and once shuffled, and both
 * must agree. packages/analytics/src/supplier-scores.property.test.ts does the same below the ingester.
 * It lives in the CLI workspace because that is the one that depends on ingest, analytics and catalog together.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { supplierScores } from '@cmmc/analytics';
import {
  decideStatus,
  type Finding,
  LEVEL2_MAX_SCORE,
  LEVEL2_MIN_SCORE,
  LEVEL2_REQUIREMENTS,
  type RequirementOutcome,
} from '@cmmc/catalog';
import { ingestPaths } from '@cmmc/ingest';
import { openStore } from '@cmmc/store';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

const ids = LEVEL2_REQUIREMENTS.map((r) => r.nistId);
const ASSESSMENT_DATE = '2026-03-02';
const AS_OF = '2026-06-30';

type Answer = Finding | 'MISSING';

/** The words a supplier writes for each finding; the ingester must read them all the same way. */
const WORDS: Record<Finding, string[]> = {
  MET: ['MET', 'Met', 'Implemented', 'Yes'],
  NOT_MET: ['NOT MET', 'Not Met', 'Not Implemented', 'No'],
  NOT_APPLICABLE: ['N/A', 'Not Applicable'],
  NOT_ASSESSED: ['Not Assessed'],
};

const slot = fc.record({
  answer: fc.oneof(
    { weight: 20, arbitrary: fc.constant<Answer>('MET') },
    { weight: 4, arbitrary: fc.constant<Answer>('NOT_MET') },
    { weight: 2, arbitrary: fc.constant<Answer>('NOT_APPLICABLE') },
    { weight: 1, arbitrary: fc.constant<Answer>('NOT_ASSESSED') },
    { weight: 1, arbitrary: fc.constant<Answer>('MISSING') },
  ),
  partial: fc.boolean(),
  word: fc.nat(),
});

const scenario = fc.record({
  slots: fc.array(slot, { minLength: ids.length, maxLength: ids.length }),
  sspMet: fc.oneof(
    { weight: 4, arbitrary: fc.constant(true) },
    { weight: 1, arbitrary: fc.constant(false) },
  ),
  order: fc.array(fc.nat(), { minLength: ids.length, maxLength: ids.length }),
});

type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;

function rowsOf(s: Scenario): { line: string; nistId: string; outcome: RequirementOutcome }[] {
  const rows: { line: string; nistId: string; outcome: RequirementOutcome }[] = [];
  s.slots.forEach((slot, i) => {
    const nistId = ids[i] as string;
    const answer: Answer = nistId === '3.12.4' && s.sspMet ? 'MET' : slot.answer;
    if (answer === 'MISSING') return;
    const words = WORDS[answer];
    const word = words[slot.word % words.length] as string;
    // Partial credit is only ever recorded for 3.5.3 and 3.13.11 when NOT MET (DoD Assessment Methodology).
    const partial =
      slot.partial && answer === 'NOT_MET' && (nistId === '3.5.3' || nistId === '3.13.11');
    rows.push({
      line: `${nistId},${word},${partial ? 'Yes' : ''}`,
      nistId,
      outcome: { finding: answer, partial },
    });
  });
  return rows;
}

function csvOf(name: string, lines: string[]): string {
  return [
    `Company,${name}`,
    `Assessment Date,${ASSESSMENT_DATE}`,
    'Requirement,Status,Partial Credit',
    ...lines,
  ].join('\n');
}

describe('ingest → SQL score against decideStatus, randomized', () => {
  it('scores every CSV as the reference does, within -203..110, whatever the row order', async () => {
    const store = await openStore(':memory:');
    const dir = mkdtempSync(join(tmpdir(), 'cmmc-property-'));
    let run = 0;
    try {
      await fc.assert(
        fc.asyncProperty(scenario, async (s) => {
          run++;
          const rows = rowsOf(s);
          const shuffled = rows
            .map((r, i) => ({ r, key: s.order[i] ?? 0, i }))
            .sort((a, b) => a.key - b.key || b.i - a.i)
            .map((x) => x.r);
          const inOrder = join(dir, `ordered-${run}.csv`);
          const outOfOrder = join(dir, `shuffled-${run}.csv`);
          writeFileSync(
            inOrder,
            csvOf(
              `Ordered ${run}`,
              rows.map((r) => r.line),
            ),
          );
          writeFileSync(
            outOfOrder,
            csvOf(
              `Shuffled ${run}`,
              shuffled.map((r) => r.line),
            ),
          );
          const report = await ingestPaths(store, [inOrder, outOfOrder]);
          expect(report.files.map((f) => [f.status, f.rejected])).toEqual([
            ['loaded', []],
            ['loaded', []],
          ]);

          const reference = decideStatus({
            level: 2,
            findings: new Map(rows.map((r) => [r.nistId, r.outcome])),
            poam: [],
            statusDate: ASSESSMENT_DATE,
            asOf: AS_OF,
          });
          const pick = async (name: string) => {
            const [row] = await supplierScores(store, { asOf: AS_OF, organization: name });
            return {
              score: row?.score,
              status: row?.status,
              reasons: row?.reasons,
              notMet: row?.notMet,
              statusExpiresOn: row?.statusExpiresOn,
            };
          };
          const expected = {
            score: reference.score,
            status: reference.status,
            reasons: reference.reasons,
            notMet: reference.notMet,
            statusExpiresOn: reference.statusExpiresOn,
          };
          expect(await pick(`Ordered ${run}`)).toEqual(expected);
          expect(await pick(`Shuffled ${run}`)).toEqual(expected);
          if (reference.score !== null) {
            expect(reference.score).toBeGreaterThanOrEqual(LEVEL2_MIN_SCORE);
            expect(reference.score).toBeLessThanOrEqual(LEVEL2_MAX_SCORE);
          }
        }),
        { numRuns: 30, seed: 20260930 },
      );
    } finally {
      store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
