import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ingestPaths } from '@cmmc/ingest';
import { openStore } from '@cmmc/store';
import { describe, expect, it } from 'vitest';
import { exportPoamWorkbook } from './poam-workbook.js';
import { AS_OF, INJECTION, openPortfolio } from './test-support/portfolio.js';

describe('FedRAMP workbook round trip', () => {
  it('loads back through the ingester with the same POA&M items', async () => {
    const source = await openPortfolio();
    const target = await openStore(':memory:');
    try {
      const out = join(mkdtempSync(join(tmpdir(), 'round-trip-')), 'acme-poam.xlsx');
      await exportPoamWorkbook(source, {
        organization: '1ABC2',
        template: 'fedramp',
        asOf: AS_OF,
        outPath: out,
      });
      await ingestPaths(target, [out]);
      const query = `select p.poam_key, p.nist_id, p.status, p.weakness, p.remediation_plan, p.detection_date,
          p.scheduled_completion_date, (select count(*) from poam_milestones m where m.poam_item_id = p.id) as milestones
        from poam_items p order by p.poam_key`;
      const loaded = await target.all(query);
      expect(loaded).toEqual([
        {
          poam_key: 'V-1',
          nist_id: '3.1.3',
          status: 'open',
          // The apostrophe that neutralised the formula is the one thing that does not survive as typed.
          weakness: expect.stringContaining(INJECTION),
          remediation_plan: 'Deploy a DLP gateway',
          detection_date: '2026-03-01',
          scheduled_completion_date: '2026-05-01',
          milestones: 2,
        },
        {
          poam_key: 'V-2',
          nist_id: '3.13.11',
          status: 'closed',
          weakness: 'Encryption not FIPS validated',
          remediation_plan: 'Replace the VPN',
          detection_date: '2026-03-01',
          scheduled_completion_date: '2026-04-30',
          milestones: 1,
        },
      ]);
      const [org] = await target.all<{ name: string; cage: string }>(
        'select name, cage from organizations',
      );
      expect(org).toEqual({ name: 'Acme Defense, Inc.', cage: '1ABC2' });
    } finally {
      source.close();
      target.close();
    }
  });
});
