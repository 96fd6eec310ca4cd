// Wording diversity of a set of traces: distinct-n (unique n-grams / all n-grams, Li et al. 2016)
// and the share of traces that occur only once.

export interface DiversityReport {
  traces: number;
  distinct1: number;
  distinct2: number;
  distinct3: number;
  uniqueTraceShare: number;
}

const wordsOf = (text: string): string[] => text.toLowerCase().match(/[a-z0-9.'-]+/g) ?? [];

export function measureDiversity(traces: string[]): DiversityReport {
  const distinct = (n: number): number => {
    const seen = new Set<string>();
    let total = 0;
    for (const t of traces) {
      const w = wordsOf(t);
      for (let i = 0; i + n <= w.length; i++) {
        seen.add(w.slice(i, i + n).join(' '));
        total++;
      }
    }
    return total ? seen.size / total : 0;
  };
  return {
    traces: traces.length,
    distinct1: distinct(1),
    distinct2: distinct(2),
    distinct3: distinct(3),
    uniqueTraceShare: traces.length ? new Set(traces).size / traces.length : 0,
  };
}
