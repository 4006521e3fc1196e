// Handlebars templates: a project's templates/ overrides the built-in ones file by file.
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';
import { usageError } from '../errors.js';
import { PRECOMPILED } from './precompiled.js';

export type TemplateName = 'role.json' | 'packer.json' | 'dna.json' | 'user-data.sh' | 'haproxy.cfg';
export type Render = (context: object) => string;

/** The built-in templates/ folder, found from this module (src/ in tests, dist/ when built). */
export function builtinTemplatesDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    if (existsSync(join(dir, 'templates', 'role.json.hbs'))) return join(dir, 'templates');
    dir = dirname(dir);
  }
  throw new Error('hangar: built-in templates/ folder not found');
}

/** How every template is compiled (the bundle precompiles the built-in ones with these too). */
export const COMPILE_OPTIONS = { noEscape: true, strict: false } as const;

/** A handlebars instance whose only way to insert a value into JSON is the `json` helper. */
function createHandlebars(): typeof Handlebars {
  const hbs = Handlebars.create();
  hbs.registerHelper('json', (value: unknown) => new hbs.SafeString(JSON.stringify(value ?? null)));
  return hbs;
}

const cache = new Map<string, Render>();

/** The template `name` for a project: `<projectDir>/templates/<name>.hbs` if present, else built-in. */
export function loadTemplate(projectDir: string, name: TemplateName): Render {
  const own = join(projectDir, 'templates', `${name}.hbs`);
  const file = existsSync(own) ? own : join(builtinTemplatesDir(), `${name}.hbs`);
  const cached = cache.get(file);
  if (cached) return cached;
  const source = readFileSync(file, 'utf8');
  let compiled: HandlebarsTemplateDelegate;
  // A built-in template still as shipped skips parsing and code generation (most of a short run's template cost).
  const ahead = PRECOMPILED[basename(file)];
  try {
    compiled = ahead?.source === source ? createHandlebars().template(ahead.spec) : createHandlebars().compile(source, COMPILE_OPTIONS);
  } catch (error) {
    throw usageError('template.compile', `${file}: ${(error as Error).message}`, { cause: error });
  }
  const render: Render = (context) => {
    try {
      return compiled(context);
    } catch (error) {
      throw usageError('template.render', `${file}: ${(error as Error).message}`, { cause: error });
    }
  };
  cache.set(file, render);
  return render;
}

/** Renders a JSON template and normalises it: 2-space indent, final newline, key order kept. */
export function renderJson(projectDir: string, name: TemplateName, context: object): string {
  const text = loadTemplate(projectDir, name)(context);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw usageError('template.json', `template ${name}.hbs did not produce valid JSON: ${(error as Error).message}`, {
      cause: error,
    });
  }
  return `${JSON.stringify(value, null, 2)}\n`;
}
