/**
 * A spreadsheet saved by European Excel as "CSV (separator ;)": `Requirement;Status;Points;Comments`, Windows-1252,
 * CRLF line ends, statuses Met / Not Met / Partial / N/A, ids as `3.1.1`, `AC.L2-3.1.1` or (Level 1) `AC.L1-b.1.i`.
 * Comments carry accents and cp1252-only characters (’ – €) that are wrong if read as UTF-8 or Latin-1.
 */

import { csvLine, encodeWindows1252 } from '../csv.js';
import type { AssessmentPlan, WriteStyle } from '../draw-supplier.js';
import type { Random } from '../random.js';
import { assessmentRows } from '../rows.js';

export const SEMICOLON_HEADER = ['Requirement', 'Status', 'Points', 'Comments'] as const;

const MET_COMMENTS = [
  'Procédure validée – revue annuelle',
  'Maßnahme umgesetzt; Nachweis im Ordner „ISMS“',
  'Géré par le prestataire (infogérance)',
  'Contrôle vérifié par l’auditeur interne',
  '',
];
const GAP_COMMENTS = [
  'Plan d’action en cours – échéance au POA&M',
  'Budget prévu : 12 000 € (outil SIEM)',
  'Maßnahme geplant; Umsetzung im nächsten Quartal',
  'Partiellement déployé sur le site de Besançon',
];

export function writeSemicolonCsv(plan: AssessmentPlan, style: WriteStyle, random: Random): Buffer {
  const lines = [csvLine(SEMICOLON_HEADER, ';')];
  for (const row of assessmentRows(plan.level, plan.findings, style)) {
    const f = row.finding;
    const status =
      f.finding === 'MET'
        ? 'Met'
        : f.finding === 'NOT_APPLICABLE'
          ? 'N/A'
          : f.wording === 'partial'
            ? 'Partial'
            : 'Not Met';
    const comment = random.pick(f.finding === 'NOT_MET' ? GAP_COMMENTS : MET_COMMENTS);
    lines.push(csvLine([row.id, status, row.points, comment], ';'));
  }
  return encodeWindows1252(`${lines.join('\r\n')}\r\n`);
}
