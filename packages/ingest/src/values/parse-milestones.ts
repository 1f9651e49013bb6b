/**
 * Milestones out of the free text of a POA&M "Planned Milestones" cell, as FedRAMP and simpler POA&Ms write them:
 * `(1) 2026-10-01: draft procedure; (2) 2026-11-15: verify`, `Milestone 1: train staff by 2026-03-01`, or one
 * milestone per line. A date preceded by "completed"/"done" is the completion date; the first other date is due.
 */
import { type DateOrder, parseDateText } from './parse-date.js';

export interface Milestone {
  sequence: number;
  description: string;
  dueDate: string | null;
  completedDate: string | null;
}

export type MilestonesResult =
  | { ok: true; milestones: Milestone[] }
  | { ok: false; message: string };

const MARKER =
  /(?:^|(?<=[\s;,.]))(?:\((\d{1,2})\)|milestone\s*#?\s*(\d{1,2})\s*[:.)-]|(\d{1,2})[.)](?=\s))/gi;

const MONTH = '(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\\.?';
const DATE = new RegExp(
  [
    '\\b\\d{4}-\\d{1,2}-\\d{1,2}\\b',
    '\\b\\d{4}/\\d{1,2}/\\d{1,2}\\b',
    '\\b\\d{1,2}/\\d{1,2}/(?:\\d{4}|\\d{2})\\b',
    `\\b\\d{1,2}\\s+${MONTH}\\s+\\d{4}\\b`,
    `\\b${MONTH}\\s+\\d{1,2},?\\s+\\d{4}\\b`,
  ].join('|'),
  'gi',
);

export function parseMilestones(text: string, order?: DateOrder): MilestonesResult {
  const source = text.replace(/\r\n?/g, '\n').trim();
  if (source === '') return { ok: true, milestones: [] };
  const segments: { sequence: number | null; text: string }[] = [];
  const markers = [...source.matchAll(MARKER)];
  if (markers.length > 0) {
    const lead = source.slice(0, markers[0]?.index ?? 0).trim();
    if (lead !== '') segments.push({ sequence: null, text: lead });
    markers.forEach((marker, i) => {
      const start = (marker.index ?? 0) + marker[0].length;
      const end = markers[i + 1]?.index ?? source.length;
      segments.push({
        sequence: Number(marker[1] ?? marker[2] ?? marker[3]),
        text: source.slice(start, end),
      });
    });
  } else {
    for (const part of source.split(/[;\n]+/)) segments.push({ sequence: null, text: part });
  }
  const milestones: Milestone[] = [];
  for (const segment of segments) {
    const body = segment.text
      .trim()
      .replace(/[;,]+$/, '')
      .trim();
    if (body === '') continue;
    let dueDate: string | null = null;
    let completedDate: string | null = null;
    for (const match of body.matchAll(DATE)) {
      const parsed = parseDateText(match[0].replace(/\.(?=\s)/, ''), order);
      if (!parsed.ok) return { ok: false, message: `milestone "${body}": ${parsed.message}` };
      const before = body.slice(Math.max(0, (match.index ?? 0) - 14), match.index ?? 0);
      if (/\b(?:completed?|done|closed|finished)\b\W*(?:on\s*)?$/i.test(before)) {
        completedDate ??= parsed.iso;
      } else {
        dueDate ??= parsed.iso;
      }
    }
    const description =
      body
        .replace(DATE, ' ')
        .replace(/\(\s*(?:completed?|done|closed)?\s*\)/gi, ' ')
        .replace(/\b(?:completed?|done|closed|finished)\s*(?:on\s*)?$/i, ' ')
        .replace(/\b(?:by|due|on)\s*$/i, ' ')
        .replace(/^\s*(?:due|by)?\s*[:\-–]\s*/i, '')
        .replace(/\s+/g, ' ')
        .replace(/^[\s:;,.\-–]+|[\s:;,\-–]+$/g, '')
        .trim() || body;
    milestones.push({
      sequence: segment.sequence ?? milestones.length + 1,
      description,
      dueDate,
      completedDate,
    });
  }
  return { ok: true, milestones };
}
