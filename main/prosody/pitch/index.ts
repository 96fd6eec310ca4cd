// Public surface of the pitch tracker: other prosody modules import from here only.
export { trackPitch, type TrackPitchOptions } from './track-pitch';
export { PitchError, type PitchErrorCode } from './pitch-error';
