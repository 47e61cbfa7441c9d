/** Summary statistics of latency samples (ms). Percentiles use the nearest-rank method. */
function percentile(sorted, p) {
  if (sorted.length === 0) return undefined;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

export function summarise(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  if (sorted.length === 0) return { samples: 0 };
  const round = (x) => Math.round(x * 100) / 100;
  return {
    samples: sorted.length,
    median: round(percentile(sorted, 50)),
    p95: round(percentile(sorted, 95)),
    min: round(sorted[0]),
    max: round(sorted[sorted.length - 1]),
    mean: round(sorted.reduce((a, b) => a + b, 0) / sorted.length),
  };
}
