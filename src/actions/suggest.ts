// The closest known name to a mistyped one (flags, actions), or nothing when none is close.
import { distance } from 'fastest-levenshtein';

/** The known name nearest to `word` when it is close enough to be a typo (ties: the first listed). */
export function closestName(word: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const name of known) {
    const d = distance(word.toLowerCase(), name.toLowerCase());
    if (d < bestDistance) {
      best = name;
      bestDistance = d;
    }
  }
  // One edit in three characters (at least 2): `--chek`, `packer:clen`, not `--foo` for `--yes`.
  const allowed = Math.max(2, Math.floor(word.length / 3));
  return best !== undefined && bestDistance <= allowed && bestDistance > 0 ? best : undefined;
}

/** ` (did you mean X?)`, or '' when nothing is close. */
export function didYouMean(word: string, known: readonly string[]): string {
  const match = closestName(word, known);
  return match ? `; did you mean ${match}?` : '';
}
