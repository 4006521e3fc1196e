// Keeps secrets out of history: flags named like a secret are left out, no secret value of the environment survives, URL passwords are hidden.
import { redactUrls } from '../redact.js';

/** Flag names whose value is a secret (never recorded). */
const SECRET_FLAG = /pass|secret|token|credential|private|auth|session/i;
/** Environment variables whose value is a secret: scrubbed from anything recorded. */
const SECRET_ENV = /PASSWORD|SECRET|TOKEN|SESSION|CREDENTIAL|PRIVATE|_KEY$|_KEY_ID$/i;

export const LEFT_OUT = '(left out)';

/** The flags as recorded: a secret-named flag keeps its name, never its value. */
export function redactFlags(flags: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(flags)) out[name] = SECRET_FLAG.test(name) ? LEFT_OUT : value;
  return out;
}

/** The secret values of `env` (at least 4 characters: shorter ones would scrub ordinary words). */
export function secretValues(env: NodeJS.ProcessEnv): string[] {
  return Object.entries(env)
    .filter(([name, value]) => SECRET_ENV.test(name) && typeof value === 'string' && value.length >= 4)
    .map(([, value]) => value!)
    .sort((a, b) => b.length - a.length);
}

/** A JSON text with every secret value replaced (as it appears JSON-escaped, so the text stays valid JSON) and URL userinfo hidden. */
export function scrubJson(json: string, secrets: readonly string[]): string {
  let out = redactUrls(json);
  for (const secret of secrets) {
    const escaped = JSON.stringify(secret).slice(1, -1);
    out = out.split(escaped).join(LEFT_OUT);
  }
  return out;
}
