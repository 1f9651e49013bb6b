/**
 * Report charts as SVG strings, drawn in Node by echarts' server-side renderer (no canvas, no browser).
 * The SVG is the only raw markup a template ever receives, so this module guarantees it is safe to inline:
 * echarts escapes every text it writes (labels come from supplier data), and `toSafeSvg` rejects any
 * output that still contains a script or foreign object. Animation is off and no timestamp is involved,
 * so the same data always gives the same SVG.
 */
import { createHash } from 'node:crypto';
import { LEVEL2_CONDITIONAL_MIN_SCORE } from '@cmmc/catalog';
import * as echarts from 'echarts';
import { ReportError } from './errors.js';
import { escapeHtml, formatPercent, formatStatus } from './format.js';
import {
  CMMC_STATUSES,
  type CmmcStatus,
  type FamilyFailureRate,
  type FamilyScore,
  type PoamAgingBuckets,
  type ScoreDistribution,
} from './view-models.js';

const FONT = 'Liberation Sans, Arial, sans-serif';
const INK = '#1f2933';
const MUTED = '#52606d';
const GRID_LINE = '#e4e7eb';
const PRIMARY = '#1f4e79';

/** Badge colours, kept in step with the `.badge-*` classes in templates/partials/styles.hbs. */
const STATUS_COLORS: Record<CmmcStatus, string> = {
  FINAL: '#2f7d32',
  CONDITIONAL: '#d98e04',
  EXPIRED: '#b42318',
  NO_STATUS: '#7b8794',
};

type ChartOption = Parameters<echarts.ECharts['setOption']>[0];

interface ChartSize {
  width: number;
  height: number;
}

/**
 * Drawn charts by their inputs. A scorecard's charts repeat across suppliers (the score scale has one drawing per
 * score, and many suppliers lose points in the same families), and echarts' server-side rendering is most of the
 * cost of a scorecard's HTML (8 of 11 ms measured on 1,000 suppliers), so each distinct chart is drawn once per
 * process. The SVG is a pure function of name, size and option (stabilizeIds), so a cached copy is the same bytes.
 * Bounded, oldest first out, so a 10,000-supplier run holds at most this many drawings.
 */
const drawn = new Map<string, string>();
const DRAWN_LIMIT = 2_000;

/** The cache key of a chart, or undefined when its option holds a function (a formatter) that JSON cannot key. */
function chartKey(name: string, size: ChartSize, option: ChartOption): string | undefined {
  let keyable = true;
  const json = JSON.stringify([name, size, option], (_key, value: unknown) => {
    if (typeof value === 'function') keyable = false;
    return value;
  });
  return keyable ? json : undefined;
}

function renderChart(name: string, size: ChartSize, option: ChartOption): string {
  const key = chartKey(name, size, option);
  const cached = key === undefined ? undefined : drawn.get(key);
  if (cached !== undefined) return cached;
  const svg = drawChart(name, size, option);
  if (key !== undefined) {
    if (drawn.size >= DRAWN_LIMIT) drawn.delete(drawn.keys().next().value as string);
    drawn.set(key, svg);
  }
  return svg;
}

function drawChart(name: string, size: ChartSize, option: ChartOption): string {
  let chart: echarts.ECharts | undefined;
  try {
    chart = echarts.init(null, null, { renderer: 'svg', ssr: true, ...size });
    chart.setOption({
      animation: false,
      textStyle: { fontFamily: FONT, color: INK },
      ...option,
    });
    return assertSafeSvg(name, stabilizeIds(chart.renderToSVGString()));
  } catch (error) {
    if (error instanceof ReportError) throw error;
    throw new ReportError('CHART_ERROR', `Chart "${name}" could not be drawn: ${String(error)}`, {
      cause: error,
    });
  } finally {
    chart?.dispose();
  }
}

/**
 * zrender names classes, clip paths and gradients `zr<instance>-<kind>-<n>` from process-wide counters,
 * so the same chart drawn twice differs. Renumber them in order of appearance and prefix them with a hash
 * of the result: identical charts get identical SVG, and different charts in one page cannot collide.
 */
function stabilizeIds(svg: string): string {
  const renamed = new Map<string, string>();
  const local = svg.replace(/\bzr\d+-([a-z]+)-?(\d+)\b/gi, (token: string, kind: string) => {
    let replacement = renamed.get(token);
    if (replacement === undefined) {
      replacement = `${kind}-${renamed.size}`;
      renamed.set(token, replacement);
    }
    return `\u0000${replacement}`;
  });
  const prefix = `c${createHash('sha256').update(local).digest('hex').slice(0, 10)}`;
  return local.replaceAll('\u0000', `${prefix}-`);
}

/** Defence in depth: the SVG is inlined unescaped, so refuse anything that could run or load. */
function assertSafeSvg(name: string, svg: string): string {
  if (!svg.startsWith('<svg') || /<script|<foreignObject|\son\w+\s*=|javascript:/i.test(svg)) {
    throw new ReportError(
      'CHART_ERROR',
      `Chart "${name}" produced SVG that is not safe to inline.`,
    );
  }
  return svg;
}

function categoryAxis(labels: string[], rotate = 0) {
  return {
    type: 'category' as const,
    data: labels,
    axisLabel: { color: MUTED, fontSize: 11, rotate, interval: 0 },
    axisTick: { show: false },
    axisLine: { lineStyle: { color: '#9aa5b1' } },
  };
}

function valueAxis(name?: string, max?: number) {
  return {
    type: 'value' as const,
    name,
    max,
    minInterval: 1,
    nameTextStyle: { color: MUTED, fontSize: 11 },
    axisLabel: { color: MUTED, fontSize: 11 },
    splitLine: { lineStyle: { color: GRID_LINE } },
  };
}

/** The Conditional minimum drawn on the Level 2 histogram: 88 of 110 (32 CFR 170.21(a)(2)(i)). */
const LEVEL2_THRESHOLD = LEVEL2_CONDITIONAL_MIN_SCORE;

/**
 * Histogram of Level 2 SPRS scores, one bar per bucket the model defines, with the Conditional minimum (88) drawn
 * as a dashed line on the boundary of the first bucket that starts at it (buckets are split there by analytics).
 */
export function drawScoreHistogram(distribution: ScoreDistribution): string {
  const size = { width: 340, height: 230 };
  const grid = { left: 40, right: 12, top: 28, bottom: 46 };
  const labels = distribution.histogram.map((bucket) => bucket.label);
  const thresholdBucket = labels.findIndex(
    (label) => Number.parseInt(label, 10) === LEVEL2_THRESHOLD,
  );
  const slot = (size.width - grid.left - grid.right) / Math.max(1, labels.length);
  const x = grid.left + thresholdBucket * slot;
  const threshold =
    thresholdBucket < 0
      ? []
      : [
          {
            type: 'line',
            silent: true,
            shape: { x1: x, y1: grid.top - 6, x2: x, y2: size.height - grid.bottom },
            style: { stroke: '#b42318', lineWidth: 1.5, lineDash: [4, 3] },
          },
          {
            type: 'text',
            silent: true,
            // Left of the line: the bars right of it (88 and above) are usually the tallest and carry labels.
            x: x - 3,
            y: grid.top - 12,
            style: {
              text: `Conditional minimum ${LEVEL2_THRESHOLD}`,
              align: 'right',
              fill: '#b42318',
              fontSize: 10,
              fontFamily: FONT,
            },
          },
        ];
  return renderChart('score distribution', size, {
    grid,
    xAxis: { ...categoryAxis(labels), name: '' },
    yAxis: valueAxis('Suppliers'),
    graphic: threshold,
    series: [
      {
        type: 'bar',
        silent: true,
        emphasis: { disabled: true },
        barCategoryGap: '12%',
        data: distribution.histogram.map((bucket) => bucket.count),
        itemStyle: { color: PRIMARY },
        label: { show: true, position: 'top', color: INK, fontSize: 11 },
      },
    ],
  });
}

/** Suppliers per CMMC status, bars coloured like the status badges. */
export function drawStatusBreakdown(counts: Record<CmmcStatus, number>): string {
  return renderChart(
    'status breakdown',
    { width: 340, height: 230 },
    {
      grid: { left: 40, right: 12, top: 28, bottom: 30 },
      xAxis: categoryAxis(CMMC_STATUSES.map((status) => formatStatus(status))),
      yAxis: valueAxis('Statuses'),
      series: [
        {
          type: 'bar',
          silent: true,
          emphasis: { disabled: true },
          barCategoryGap: '30%',
          data: CMMC_STATUSES.map((status) => ({
            value: counts[status],
            itemStyle: { color: STATUS_COLORS[status] },
          })),
          label: { show: true, position: 'top', color: INK, fontSize: 11 },
        },
      ],
    },
  );
}

/** Open POA&M items by age since detection. */
export function drawPoamAging(buckets: PoamAgingBuckets): string {
  const data = [
    { label: '0–30 days', value: buckets.days0To30, color: '#7fa7cf' },
    { label: '31–90 days', value: buckets.days31To90, color: '#3f7cb8' },
    { label: '91–180 days', value: buckets.days91To180, color: '#d98e04' },
    { label: 'Over 180 days', value: buckets.over180, color: '#b42318' },
  ];
  return renderChart(
    'POA&M aging',
    { width: 340, height: 230 },
    {
      grid: { left: 40, right: 12, top: 28, bottom: 30 },
      xAxis: categoryAxis(data.map((bucket) => bucket.label)),
      yAxis: valueAxis('Open items'),
      series: [
        {
          type: 'bar',
          silent: true,
          emphasis: { disabled: true },
          barCategoryGap: '30%',
          data: data.map((bucket) => ({ value: bucket.value, itemStyle: { color: bucket.color } })),
          label: { show: true, position: 'top', color: INK, fontSize: 11 },
        },
      ],
    },
  );
}

/** Share of assessed suppliers with a critical failure, per family, as horizontal bars (0–100 %). */
export function drawFamilyFailureRate(rows: FamilyFailureRate[]): string {
  // echarts draws the first category at the bottom of a horizontal bar chart; reverse to read top-down.
  const ordered = [...rows].reverse();
  return renderChart(
    'critical failure rate by family',
    { width: 340, height: Math.max(120, 40 + ordered.length * 20) },
    {
      grid: { left: 42, right: 40, top: 10, bottom: 24 },
      yAxis: { ...categoryAxis(ordered.map((row) => row.family)), type: 'category' },
      xAxis: {
        ...valueAxis(undefined, 1),
        minInterval: 0,
        interval: 0.25,
        axisLabel: {
          color: MUTED,
          fontSize: 10,
          formatter: (value: number) => formatPercent(value),
        },
      },
      series: [
        {
          type: 'bar',
          silent: true,
          emphasis: { disabled: true },
          barCategoryGap: '25%',
          data: ordered.map((row) => row.rate),
          itemStyle: { color: '#b42318' },
          label: {
            show: true,
            position: 'right',
            color: INK,
            fontSize: 10,
            formatter: (params: { value: unknown }) => formatPercent(Number(params.value)),
          },
        },
      ],
    },
  );
}

/**
 * echarts' "nice" axis interval for a value axis of `splitNumber` 5 and `minInterval` 1 (valueAxis()): the span over
 * five, rounded to 1, 2, 3, 5 or 10 times a power of ten, at least 1.
 */
function niceInterval(max: number): number {
  const rough = max / 5;
  if (!(rough > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(rough));
  const fraction = rough / power;
  const nice = fraction < 1.5 ? 1 : fraction < 2.5 ? 2 : fraction < 4 ? 3 : fraction < 7 ? 5 : 10;
  return Math.max(1, nice * power);
}

function svgNumber(value: number): string {
  return String(Math.round(value * 10) / 10);
}

/**
 * Points lost per family for one supplier (families that lost nothing are left out by the caller), first row on top.
 * Drawn here rather than by echarts: every scorecard has its own, so no drawing repeats, and echarts took 6 of a
 * scorecard's 8.5 ms of HTML (measured on 1,000 suppliers) for what is a few bars on a grid. It follows the look of
 * the echarts charts: the same grid, colours, fonts, axis and value labels.
 */
export function drawFamilyPointsLost(rows: FamilyScore[]): string {
  const width = 340;
  const height = Math.max(120, 40 + rows.length * 20);
  const left = 42;
  const right = width - 30;
  const top = 10;
  const bottom = height - 24;
  const largest = Math.max(0, ...rows.map((row) => row.pointsLost));
  const interval = niceInterval(largest);
  const axisMax = Math.max(interval, Math.ceil(largest / interval) * interval);
  const x = (value: number) => left + ((right - left) * value) / axisMax;
  const band = (bottom - top) / Math.max(1, rows.length);
  const text = (anchor: string, color: string, at: string, content: string, extra = '') =>
    `<text dominant-baseline="central" text-anchor="${anchor}" style="font-size:11px;font-family:${FONT};"${extra} transform="translate(${at})" fill="${color}">${escapeHtml(content)}</text>`;
  const parts = [
    `<svg width="${width}" height="${height}" xmlns="http://www.w3.org/2000/svg" version="1.1" viewBox="0 0 ${width} ${height}">`,
  ];
  for (let tick = 0; tick <= axisMax; tick += interval) {
    const tickX = Math.round(x(tick)) + 0.5;
    parts.push(
      `<path d="M${tickX} ${top}L${tickX} ${bottom}" fill="none" stroke="${GRID_LINE}"></path>`,
    );
  }
  parts.push(
    `<path d="M${left + 0.5} ${bottom}L${left + 0.5} ${top}" fill="none" stroke="#9aa5b1" stroke-linecap="round"></path>`,
  );
  rows.forEach((row, index) => {
    const middle = top + band * (index + 0.5);
    const barHeight = band * 0.75;
    const barEnd = x(row.pointsLost);
    parts.push(text('end', MUTED, `${left - 8} ${svgNumber(middle)}`, row.family));
    parts.push(
      `<path d="M${left} ${svgNumber(middle - barHeight / 2)}l${svgNumber(barEnd - left)} 0l0 ${svgNumber(barHeight)}l${svgNumber(left - barEnd)} 0Z" fill="#b42318"></path>`,
    );
    parts.push(
      text('start', INK, `${svgNumber(barEnd + 5)} ${svgNumber(middle)}`, String(row.pointsLost)),
    );
  });
  for (let tick = 0; tick <= axisMax; tick += interval) {
    parts.push(
      text('middle', MUTED, `${Math.round(x(tick))} ${bottom + 8}`, String(tick), ' y="5.5"'),
    );
  }
  parts.push('</svg>');
  return assertSafeSvg('points lost by family', parts.join('\n'));
}

/** One score on its scale, with the level's Conditional minimum (Level 2: 88 of 110; Level 3: 20 of 24). */
export interface ScoreScale {
  score: number;
  maxScore: number;
  /** 88 at Level 2, 20 at Level 3 (32 CFR 170.21(a)(2)(i), (a)(3)(i)). */
  minimum: number;
}

/**
 * The scorecard's score as a bar on its scale, from 0 (or the score, when negative) to the maximum, with the
 * Conditional minimum drawn as a dashed line labelled with its value.
 */
export function drawScoreScale(scale: ScoreScale): string {
  const color = scale.score >= scale.minimum ? PRIMARY : '#b42318';
  return renderChart(
    'score scale',
    { width: 520, height: 74 },
    {
      grid: { left: 12, right: 24, top: 22, bottom: 22 },
      yAxis: { type: 'category', data: [''], show: false },
      xAxis: {
        ...valueAxis(),
        min: Math.min(0, scale.score),
        max: scale.maxScore,
        splitLine: { show: false },
      },
      series: [
        {
          type: 'bar',
          silent: true,
          emphasis: { disabled: true },
          barWidth: 16,
          data: [scale.score],
          itemStyle: { color },
          markLine: {
            silent: true,
            symbol: 'none',
            lineStyle: { color: '#b42318', type: 'dashed', width: 1.5 },
            label: {
              formatter: `Conditional minimum ${scale.minimum}`,
              position: 'end',
              color: '#b42318',
              fontSize: 10,
              fontFamily: FONT,
            },
            data: [{ xAxis: scale.minimum }],
          },
        },
      ],
    },
  );
}
