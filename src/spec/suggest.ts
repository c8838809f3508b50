// "did you mean ...?" for unknown keys and names.

function distance(a: string, b: string): number {
  // Levenshtein with adjacent transpositions (memroy → memory is one edit, not two).
  // d(i, j): the distance between a's first i and b's first j characters, kept row by row in one array.
  const width = b.length + 1;
  const cells = Array.from({ length: (a.length + 1) * width }, (_, k) =>
    k < width ? k : k % width === 0 ? k / width : 0,
  );
  const d = (i: number, j: number) => cells[i * width + j] ?? Infinity;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d(i - 1, j) + 1, d(i, j - 1) + 1, d(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d(i - 2, j - 2) + 1);
      cells[i * width + j] = best;
    }
  }
  return d(a.length, b.length);
}

/** The closest candidate, if it is close enough to be a plausible typo; ties go to the first. */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  const w = word.toLowerCase();
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const dist = distance(w, c.toLowerCase());
    if (dist < bestD) [best, bestD] = [c, dist];
  }
  const limit = Math.max(2, Math.floor(w.length / 3));
  return bestD <= limit ? best : undefined;
}
