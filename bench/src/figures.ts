/** What a benchmark run records: every figure carries its unit, and its target when the issue sets one. */

export type StageName =
  | 'xlsx-ingest'
  | 'csv-ingest'
  | 'analytics'
  | 'supplier-pdfs'
  | 'portfolio-pdf'
  | 'exports'
  | 'end-to-end'
  | 'weekly-rerun'
  | 'hostile-ingest';

export const STAGES: readonly StageName[] = [
  'xlsx-ingest',
  'csv-ingest',
  'analytics',
  'supplier-pdfs',
  'portfolio-pdf',
  'exports',
  'end-to-end',
  'weekly-rerun',
  'hostile-ingest',
] as const;

/** A target as the issue states it: the figure must be at most, or at least, `value`. */
export interface Target {
  op: '<=' | '>=';
  value: number;
}

export interface Figure {
  suppliers: number;
  stage: StageName;
  /** What was measured, e.g. `ours: wall time` or `ratio pandas / ours`. */
  name: string;
  value: number;
  unit: string;
  target?: Target;
  /** Whether `value` meets `target`; absent without a target. */
  met?: boolean;
}

/** A figure before the runner stamps it with the size and stage. */
export type StageFigure = Omit<Figure, 'suppliers' | 'stage' | 'met'>;

export interface StageOutcome {
  figures: StageFigure[];
  /** What was skipped or approximated, and why. */
  notes: string[];
}

export interface MachineInfo {
  cpuModel: string;
  cores: number;
  memoryGiB: number;
  platform: string;
  release: string;
}

export interface BenchResults {
  date: string;
  node: string;
  duckdb: string;
  machine: MachineInfo;
  /** The command-line options the run was given. */
  options: { suppliers: number[]; quick: boolean; stages: StageName[] };
  figures: Figure[];
  notes: { suppliers: number; stage: StageName; note: string }[];
}

export function meets(value: number, target: Target): boolean {
  return target.op === '<=' ? value <= target.value : value >= target.value;
}

export function figure(name: string, value: number, unit: string, target?: Target): StageFigure {
  return target ? { name, value, unit, target } : { name, value, unit };
}

/** `value` rounded to about four significant digits, for tables. */
export function formatValue(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  const digits = abs >= 1000 ? 0 : abs >= 100 ? 1 : abs >= 10 ? 2 : 3;
  return value.toLocaleString('en-US', {
    minimumFractionDigits: 0,
    maximumFractionDigits: digits,
  });
}

/** A plain-text table of every figure, one line each. */
export function formatTable(figures: readonly Figure[]): string {
  const header = ['suppliers', 'stage', 'figure', 'value', 'unit', 'target', 'met'];
  const rows = figures.map((f) => [
    f.suppliers.toLocaleString('en-US'),
    f.stage,
    f.name,
    formatValue(f.value),
    f.unit,
    f.target ? `${f.target.op} ${formatValue(f.target.value)}` : '',
    f.met === undefined ? '' : f.met ? 'yes' : 'NO',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === 3 ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}
