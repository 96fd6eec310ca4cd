// Words and numbers of the training pages: durations, state names, step counts.
import type { RewardModelEntry } from '../../../shared/types/reward-models';
import type { JobState } from '../../../shared/types/training-jobs';

/** "2 h 05 min", "3 min 20 s", "12 s". */
export function formatDuration(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return '—';
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
}

export const STATE_WORDS: Record<JobState, string> = {
  queued: 'queued',
  running: 'running',
  paused: 'paused',
  completed: 'completed',
  cancelled: 'cancelled',
  failed: 'failed',
  interrupted: 'interrupted',
};

/** A number for a table cell: 3 significant digits, exponent for tiny learning rates. */
export function formatValue(v: number | null): string {
  if (v === null || !Number.isFinite(v)) return '—';
  if (v !== 0 && Math.abs(v) < 1e-3) return v.toExponential(1);
  return Math.abs(v) >= 1000 ? Math.round(v).toLocaleString('en') : Number(v.toPrecision(3)).toString();
}

/** A reasoning reward model in a choice list: its name, where it comes from, its ratings and mean ρ. */
export function rewardModelWords(m: RewardModelEntry): string {
  const rhos = m.agreement.flatMap((a) => (a.spearman === null ? [] : [a.spearman]));
  const rho = rhos.length > 0 ? `, mean ρ ${(rhos.reduce((s, r) => s + r, 0) / rhos.length).toFixed(2)}` : '';
  const ratings =
    m.clinicianRatings === null
      ? 'clinician ratings unknown'
      : `${m.clinicianRatings} clinician rating${m.clinicianRatings === 1 ? '' : 's'}`;
  return `${m.name}${m.origin === 'user' ? ` (${m.key.slice(5)})` : ' (shipped)'} — ${ratings}${rho}`;
}
