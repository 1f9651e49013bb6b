import { describe, expect, it } from 'vitest';
import { parseMilestones } from './parse-milestones.js';

describe('parseMilestones', () => {
  it('reads FedRAMP-style numbered milestones', () => {
    expect(parseMilestones('(1) 2026-10-01: draft procedure; (2) 2026-11-15: verify')).toEqual({
      ok: true,
      milestones: [
        { sequence: 1, description: 'draft procedure', dueDate: '2026-10-01', completedDate: null },
        { sequence: 2, description: 'verify', dueDate: '2026-11-15', completedDate: null },
      ],
    });
  });

  it('reads "Milestone n: ... by date" and completion dates', () => {
    const result = parseMilestones(
      'Milestone 1: train staff by 2026-03-01 (completed 2026-02-27)\nMilestone 2: audit by 2026-04-15',
    );
    expect(result).toEqual({
      ok: true,
      milestones: [
        {
          sequence: 1,
          description: 'train staff',
          dueDate: '2026-03-01',
          completedDate: '2026-02-27',
        },
        { sequence: 2, description: 'audit', dueDate: '2026-04-15', completedDate: null },
      ],
    });
  });

  it('keeps undated steps and refuses ambiguous dates', () => {
    expect(parseMilestones('order hardware; install it')).toMatchObject({
      ok: true,
      milestones: [
        { sequence: 1, description: 'order hardware', dueDate: null },
        { sequence: 2, description: 'install it', dueDate: null },
      ],
    });
    expect(parseMilestones('(1) 03/04/2026: draft')).toMatchObject({ ok: false });
    expect(parseMilestones('(1) 03/04/2026: draft', 'dmy')).toMatchObject({
      ok: true,
      milestones: [{ dueDate: '2026-04-03' }],
    });
  });
});
