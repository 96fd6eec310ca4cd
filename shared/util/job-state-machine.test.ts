import { describe, expect, it } from 'vitest';
import { JOB_STATES } from '../types/training-jobs';
import { canApply, holdsWorker, isFinished, nextJobState } from './job-state-machine';

describe('the training job state machine', () => {
  it('runs a job from the queue to completion through pause and resume', () => {
    expect(nextJobState('queued', 'start')).toBe('running');
    expect(nextJobState('running', 'pause')).toBe('paused');
    expect(nextJobState('paused', 'resume')).toBe('running');
    expect(nextJobState('running', 'complete')).toBe('completed');
  });

  it('interrupts a running or paused job whose worker died, and queues it again on resume', () => {
    expect(nextJobState('running', 'interrupt')).toBe('interrupted');
    expect(nextJobState('paused', 'interrupt')).toBe('interrupted');
    expect(nextJobState('interrupted', 'resume')).toBe('queued');
    expect(nextJobState('queued', 'interrupt')).toBeNull();
  });

  it('cancels from any unfinished state and fails only where a worker or its start can fail', () => {
    for (const state of ['queued', 'running', 'paused', 'interrupted'] as const) expect(nextJobState(state, 'cancel')).toBe('cancelled');
    expect(nextJobState('interrupted', 'fail')).toBeNull();
    expect(nextJobState('running', 'fail')).toBe('failed');
  });

  it('leaves finished jobs alone: no event moves them', () => {
    for (const state of ['completed', 'cancelled', 'failed'] as const) {
      expect(isFinished(state)).toBe(true);
      for (const event of ['start', 'pause', 'resume', 'complete', 'cancel', 'fail', 'interrupt'] as const)
        expect(canApply(state, event)).toBe(false);
    }
    expect(JOB_STATES.filter(isFinished)).toEqual(['completed', 'cancelled', 'failed']);
  });

  it('refuses what makes no sense: pausing a queued job, resuming a running one, starting twice', () => {
    expect(canApply('queued', 'pause')).toBe(false);
    expect(canApply('running', 'resume')).toBe(false);
    expect(canApply('running', 'start')).toBe(false);
    expect(holdsWorker('paused')).toBe(true);
    expect(holdsWorker('interrupted')).toBe(false);
  });
});
