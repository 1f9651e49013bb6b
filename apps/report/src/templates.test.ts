import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';
import { TemplateError } from './errors.js';
import { compileTemplate } from './templates.js';

const TEMPLATE_DIR = fileURLToPath(new URL('../templates/', import.meta.url));

function templateFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? templateFiles(join(directory, entry.name))
      : entry.name.endsWith('.hbs')
        ? [join(directory, entry.name)]
        : [],
  );
}

/**
 * A failure means a template outputs something unescaped. Data must go through `{{ }}`; the only raw
 * markup allowed is the SVG returned by the `chart` helper as a SafeString.
 */
test('no template uses triple-stash {{{ }}} (unescaped output)', () => {
  const files = templateFiles(TEMPLATE_DIR);
  expect(files.length).toBeGreaterThanOrEqual(4);
  const offenders = files.filter((file) => readFileSync(file, 'utf8').includes('{{{'));
  expect(offenders).toEqual([]);
});

test('a template syntax error names the template', () => {
  expect(() => compileTemplate('broken.hbs', '<p>{{#each items}}{{name}}</p>')).toThrowError(
    TemplateError,
  );
  try {
    compileTemplate('broken.hbs', '<p>{{#each items}}{{name}}</p>');
  } catch (error) {
    expect(error).toBeInstanceOf(TemplateError);
    expect((error as TemplateError).code).toBe('TEMPLATE_ERROR');
    expect((error as TemplateError).template).toBe('broken.hbs');
    expect((error as Error).message).toMatch(/^Template "broken\.hbs": could not be compiled: /);
  }
});

test('a field missing from the view model is an error naming the template (strict mode)', () => {
  const render = compileTemplate('strict.hbs', '<p>{{organizationName}} {{sprsScore}}</p>');
  expect(render({ organizationName: 'Acme', sprsScore: null })).toBe('<p>Acme </p>');
  expect(() => render({ organizationName: 'Acme' })).toThrowError(
    /Template "strict\.hbs": could not be rendered: "sprsScore" not defined/,
  );
});

test('an unknown chart name is an error naming the template', () => {
  const render = compileTemplate('chart.hbs', '{{chart "pie-in-the-sky" data}}');
  expect(() => render({ data: [] })).toThrowError(
    /Template "chart\.hbs".*unknown chart "pie-in-the-sky"/,
  );
});

test('helpers escape what they return', () => {
  const render = compileTemplate('escape.hbs', '{{plural count word}}|{{join ids ", "}}');
  expect(render({ count: 2, word: '<b>', ids: ['<i>', '&'] })).toBe(
    '2 &lt;b&gt;s|&lt;i&gt;, &amp;',
  );
});
