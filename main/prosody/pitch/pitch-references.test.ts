import { describe, expect, it } from 'vitest';
import { parseFdaF0ref, parseKeeleCsv } from './pitch-references';

describe('pitch reference readers', () => {
  it('reads Keele rows at 10 ms and leaves "uncertain" frames unscored (NaN)', () => {
    const track = parseKeeleCsv(
      'time_s,f0_hz,period_samples_20k,voicing\n0.00,0.000,0,unvoiced\n0.01,0.000,-1,uncertain\n0.02,151.515,132,voiced\n',
    );
    expect(track.stepS).toBe(0.01);
    expect(track.firstTimeS).toBe(0);
    expect(Array.from(track.f0Hz)).toEqual([0, NaN, 151.515]);
  });

  it('reads FDA values at 15 ms with frame 0 at time 0', () => {
    const track = parseFdaF0ref('0\n0\n 112.5\n113\n');
    expect(track.stepS).toBe(0.015);
    expect(Array.from(track.f0Hz)).toEqual([0, 0, 112.5, 113]);
  });
});
