import { describe, expect, it } from 'vitest';
import { selectOrganizations } from './organizations.js';
import { loadPoamItems, loadPoamItemsByOrganization } from './poam-data.js';
import { AS_OF, openPortfolio } from './test-support/portfolio.js';

describe('loadPoamItemsByOrganization', () => {
  it('reads the whole portfolio in one pass and gives each supplier what a query about it alone gives', async () => {
    const store = await openPortfolio();
    try {
      // a second supplier with items, linked to no assessment, so its clock starts at its latest assessment's date
      await store.run(`insert into poam_items (id, organization_id, source_file_id, nist_id, level, weakness, detection_date,
          scheduled_completion_date, status) values
        (20, 2, 2, '3.5.3', 2, 'MFA missing for remote access', '2026-02-01', '2026-07-01', 'open')`);
      await store.run(
        `insert into poam_milestones values (20, 1, 'Roll out MFA', '2026-06-15', null)`,
      );
      const organizations = await selectOrganizations(store, 'all');
      const all = await loadPoamItemsByOrganization(store, organizations, AS_OF);
      expect([...all.keys()].sort()).toEqual([1, 2]);
      for (const organization of organizations) {
        expect(all.get(organization.id)).toEqual(await loadPoamItems(store, organization, AS_OF));
      }
      const [beta] = all.get(2) ?? [];
      expect(beta).toMatchObject({
        nistId: '3.5.3',
        organization: { cage: '9ZZ99' },
        clockStartDate: '2026-01-10',
        closeoutDeadline: '2026-07-09',
        daysToDeadline: 38,
        milestones: [{ sequence: 1, description: 'Roll out MFA', dueDate: '2026-06-15' }],
      });
      expect(all.get(1)?.map((i) => i.poamKey)).toEqual(['V-1', 'V-2']);
    } finally {
      store.close();
    }
  });
});
