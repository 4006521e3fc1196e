// A hangar command line printed for people (a hint, a fix): it carries the run's target flags, so that a command copied from a sandbox or --endpoint run acts where it was printed.
import { redactUrls } from '../redact.js';

/** `hangar WORDS... TARGET...`, e.g. `hangar autoscale:update web --resume --yes --sandbox`; a password in an endpoint URL is shown as `***`. */
export function hangarCommand(words: readonly string[], target: readonly string[] = []): string {
  return ['hangar', ...words, ...target.map(redactUrls)].join(' ');
}
