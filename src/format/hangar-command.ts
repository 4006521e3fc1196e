// A hangar command line printed for people (a hint, a fix): it carries the run's target flags, so that a command copied from a sandbox or --endpoint run acts where it was printed.
import { redactUrls } from '../redact.js';

/** What a printed command ends with to reach the run's target: ` --sandbox`, ` --endpoint URL` (a password as `***`), '' for AWS. */
export function targetSuffix(target: readonly string[]): string {
  return target.length === 0 ? '' : ` ${target.map(redactUrls).join(' ')}`;
}

/** `hangar WORDS... TARGET...`, e.g. `hangar autoscale:update web --resume --yes --sandbox`. */
export function hangarCommand(words: readonly string[], target: readonly string[] = []): string {
  return ['hangar', ...words].join(' ') + targetSuffix(target);
}
