/**
 * "Did you mean {tmdbId}?" for a `{word}` that is not a placeholder. The comparison is bounded: words
 * longer than MAX_COMPARED are not typos of a placeholder name, so each comparison costs at most
 * MAX_COMPARED × the candidate's length steps, and the whole suggestion is linear in the known names.
 */
const MAX_COMPARED = 40;

/**
 * Edits between two words, where an edit inserts, deletes or replaces a letter or swaps two neighbours
 * (`tmbdId` → `tmdbId` is one edit): the optimal string alignment distance, computed row by row.
 */
function editDistance(a: string, b: string): number {
  let beforePrevious: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const replace = previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1);
      let best = Math.min(previous[j] + 1, current[j - 1] + 1, replace);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, beforePrevious[j - 2] + 1);
      current.push(best);
    }
    beforePrevious = previous;
    previous = current;
  }
  return previous[b.length];
}

/** Short names tolerate one edit, longer ones two: `{id}` is not a typo of `{year}`. */
function tolerance(name: string): number {
  return name.length <= 4 ? 1 : 2;
}

/** The known name closest to `word` (case-insensitive, as placeholders match), when it is close enough to be a typo. */
export function closestName(word: string, known: readonly string[]): string | undefined {
  if (word.length > MAX_COMPARED) return undefined;
  const lower = word.toLowerCase();
  let closest: string | undefined;
  let closestDistance = Number.POSITIVE_INFINITY;
  for (const name of known) {
    const distance = editDistance(lower, name.toLowerCase());
    if (distance <= tolerance(name) && distance < closestDistance) {
      closest = name;
      closestDistance = distance;
    }
  }
  return closest;
}
