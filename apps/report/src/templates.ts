/**
 * The Handlebars side of the report: one isolated environment (never the global `Handlebars`, so another
 * package's helpers cannot leak in), the helpers the templates may call, and the loader for
 * `templates/`. Templates compile in strict mode, so a field the view model lacks is an error naming the
 * template instead of a silently empty cell. Output is escaped everywhere; the only markup a template
 * receives unescaped is the SVG returned by the `chart` helper, which this package drew itself.
 */
import { readdirSync, readFileSync } from 'node:fs';
import Handlebars from 'handlebars';
import {
  drawFamilyFailureRate,
  drawFamilyPointsLost,
  drawPoamAging,
  drawScoreHistogram,
  drawScoreScale,
  drawStatusBreakdown,
} from './charts.js';
import { TemplateError } from './errors.js';
import {
  formatAssessmentType,
  formatDate,
  formatDaysTo,
  formatNumber,
  formatPercent,
  formatPlural,
  formatScore,
  formatStatus,
  statusClass,
} from './format.js';
import type { CmmcLevel } from './view-models.js';

/** Where the `.hbs` files live; resolves the same from `src/` (vitest) and `dist/` (node). */
const TEMPLATE_DIR = new URL('../templates/', import.meta.url);

type HandlebarsEnvironment = ReturnType<typeof Handlebars.create>;
/** A compiled template: context in, HTML out; throws `TemplateError` naming the template. */
export type CompiledTemplate = (context: object) => string;

/** The charts a template may ask for by name; each drawer takes its own slice of the view model. */
const CHARTS: Record<string, (data: never) => string> = {
  'score-distribution': drawScoreHistogram,
  'status-breakdown': drawStatusBreakdown,
  'poam-aging': drawPoamAging,
  'family-failure-rate': drawFamilyFailureRate,
  'family-points-lost': drawFamilyPointsLost,
  'score-scale': drawScoreScale,
};

/** Handlebars passes its `options` object as the last argument; strip it from variadic helpers. */
function argumentsOf(values: unknown[]): unknown[] {
  return values.slice(0, -1);
}

function registerHelpers(environment: HandlebarsEnvironment): void {
  environment.registerHelper('date', (value: unknown) =>
    formatDate(typeof value === 'string' ? value : null),
  );
  environment.registerHelper('number', (value: unknown) =>
    formatNumber(typeof value === 'number' ? value : null),
  );
  environment.registerHelper('percent', (value: unknown) =>
    formatPercent(typeof value === 'number' ? value : null),
  );
  environment.registerHelper('plural', (...values: unknown[]) => {
    const [count, singular, plural] = argumentsOf(values);
    return formatPlural(
      Number(count),
      String(singular),
      typeof plural === 'string' ? plural : undefined,
    );
  });
  environment.registerHelper('score', (value: unknown, level: unknown) =>
    formatScore(typeof value === 'number' ? value : null, level as CmmcLevel),
  );
  environment.registerHelper('daysTo', (value: unknown) =>
    formatDaysTo(typeof value === 'number' ? value : null),
  );
  environment.registerHelper('statusLabel', (value: unknown) => formatStatus(value));
  environment.registerHelper('statusClass', (value: unknown) => statusClass(value));
  environment.registerHelper('assessmentType', (value: unknown) => formatAssessmentType(value));
  environment.registerHelper('eq', (left: unknown, right: unknown) => left === right);
  environment.registerHelper('ne', (left: unknown, right: unknown) => left !== right);
  environment.registerHelper(
    'gt',
    (left: unknown, right: unknown) => typeof left === 'number' && left > Number(right),
  );
  environment.registerHelper(
    'lt',
    (left: unknown, right: unknown) => typeof left === 'number' && left < Number(right),
  );
  environment.registerHelper('and', (...values: unknown[]) => argumentsOf(values).every(Boolean));
  environment.registerHelper('or', (...values: unknown[]) => argumentsOf(values).some(Boolean));
  environment.registerHelper('sum', (...values: unknown[]) =>
    argumentsOf(values).reduce<number>((total, value) => total + Number(value), 0),
  );
  environment.registerHelper('concat', (...values: unknown[]) =>
    argumentsOf(values)
      .map((value) => (value instanceof Handlebars.SafeString ? value.toString() : String(value)))
      .join(''),
  );
  environment.registerHelper('ifThen', (condition: unknown, then: unknown, otherwise: unknown) =>
    condition ? then : otherwise,
  );
  environment.registerHelper('join', (list: unknown, separator: unknown) =>
    Array.isArray(list)
      ? list.map(String).join(typeof separator === 'string' ? separator : ', ')
      : '',
  );
  environment.registerHelper('chart', (kind: unknown, data: unknown) => {
    const draw = typeof kind === 'string' && Object.hasOwn(CHARTS, kind) ? CHARTS[kind] : undefined;
    if (!draw) throw new Error(`unknown chart "${String(kind)}"`);
    // The view model's shape is checked by TypeScript where it is built; a template passing the wrong
    // slice makes echarts throw, which surfaces as a TemplateError naming the template.
    return new Handlebars.SafeString(draw(data as never));
  });
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Compiles `source` in `environment`, parsing it now so a syntax error surfaces here rather than at the
 * first render. Errors become `TemplateError`s whose message starts with the template's name.
 */
export function compileTemplate(
  name: string,
  source: string,
  environment: HandlebarsEnvironment = createEnvironment(),
): CompiledTemplate {
  let template: HandlebarsTemplateDelegate;
  try {
    environment.parse(source);
    template = environment.compile(source, { strict: true });
  } catch (error) {
    throw new TemplateError(name, `could not be compiled: ${messageOf(error)}`, { cause: error });
  }
  return (context) => {
    try {
      return template(context);
    } catch (error) {
      if (error instanceof TemplateError) throw error;
      throw new TemplateError(name, `could not be rendered: ${messageOf(error)}`, { cause: error });
    }
  };
}

/** A fresh environment with this package's helpers and no partials. */
function createEnvironment(): HandlebarsEnvironment {
  const environment = Handlebars.create();
  registerHelpers(environment);
  return environment;
}

function readTemplate(relativePath: string): string {
  return readFileSync(new URL(relativePath, TEMPLATE_DIR), 'utf8');
}

/** Registers `layouts/*.hbs` and `partials/*.hbs` as partials named by their path without `.hbs`. */
function registerPartials(environment: HandlebarsEnvironment): void {
  for (const folder of ['layouts', 'partials']) {
    const files = readdirSync(new URL(`${folder}/`, TEMPLATE_DIR))
      .filter((file) => file.endsWith('.hbs'))
      .sort();
    for (const file of files) {
      const name = `${folder}/${file.slice(0, -'.hbs'.length)}`;
      const source = readTemplate(`${folder}/${file}`);
      try {
        environment.parse(source);
      } catch (error) {
        throw new TemplateError(`${name}.hbs`, `could not be compiled: ${messageOf(error)}`, {
          cause: error,
        });
      }
      environment.registerPartial(name, source);
    }
  }
}

export type ReportTemplateName = 'portfolio' | 'supplier';

let loaded: Map<ReportTemplateName, CompiledTemplate> | undefined;

/** The compiled report templates, read from disk once per process. */
export function loadReportTemplate(name: ReportTemplateName): CompiledTemplate {
  if (!loaded) {
    const environment = createEnvironment();
    registerPartials(environment);
    loaded = new Map();
    for (const templateName of ['portfolio', 'supplier'] as const) {
      const file = `${templateName}.hbs`;
      loaded.set(templateName, compileTemplate(file, readTemplate(file), environment));
    }
  }
  const template = loaded.get(name);
  if (!template) throw new TemplateError(`${name}.hbs`, 'is not a report template');
  return template;
}
