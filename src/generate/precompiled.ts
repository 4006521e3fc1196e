// The built-in templates compiled ahead of time: empty here (tests and `src/` runs compile them on first use); the bundle fills it in (tsup.config.ts).

/** A built-in template's text and its handlebars precompiled spec (the same compile options as templates.ts). */
export interface PrecompiledTemplate {
  source: string;
  spec: TemplateSpecification;
}

/** By template file name (`role.json.hbs`): used only while the file on disk still has exactly `source`. */
export const PRECOMPILED: Readonly<Record<string, PrecompiledTemplate>> = {};
