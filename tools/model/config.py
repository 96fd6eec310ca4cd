"""Model size presets and feature parameters: the one place the export script, the parity reference
and the benchmark read sizes from. Every number here ends up in the model folder's manifest.json."""
from dataclasses import dataclass, asdict, field

# Log-mel parameters shared with main/ml/features/log-mel.ts (the one implementation the app runs).
# 25 ms Hann window, 10 ms hop: the usual speech front end (Whisper, wav2vec2 fbank) and the same
# 10 ms grid as the prosody tracks (shared/types/pitch.ts), so mel frame i and pitch frame i line up.
FEATURES = {
    'sampleRate': 16000,
    'nFft': 512,          # power of two for fft.js; the 400-sample window is zero-padded to it
    'winLength': 400,
    'hopLength': 160,
    'nMels': 80,
    'fMin': 0.0,
    'fMax': 8000.0,
    'melScale': 'htk',
    'logFloor': 1e-10,
    'center': True,
    # Per-clip mean subtraction per mel bin: level and channel become relative to the recording
    # (DESIGN.md: absolute loudness/tilt made a RAVDESS-trained model call other corpora 'angry').
    'normalisation': 'utterance-mean',
}

# Frame-level prosody channels, in order (main/ml/features/prosody-frames.ts writes them).
PROSODY_FRAME_CHANNELS = ['log_f0_semitones_normalised', 'voicing', 'intensity_db_normalised']
# Utterance-level prosody vector, in order: the 33 eGeMAPS-like functionals of the prosody analysis
# (main/prosody/functionals.ts PROSODY_FUNCTIONAL_NAMES; a test pins the two lists together),
# z-scored with the fixed statistics below and clipped to +-5 by main/ml/features/clip-features.ts.
# They carry what the classic baseline classifies from (52 % on held-out RAVDESS speakers), so the
# encoder does not have to rediscover level, range, rate and voice quality from 960 clips.
UTTERANCE_PROSODY_FIELDS = [
    'f0_st_mean', 'f0_st_std', 'f0_st_p20', 'f0_st_p50', 'f0_st_p80', 'f0_st_range_p20_p80',
    'f0_rising_slope_mean_st_per_s', 'f0_rising_slope_std_st_per_s',
    'f0_falling_slope_mean_st_per_s', 'f0_falling_slope_std_st_per_s',
    'f0_contour_range_st', 'f0_final_change_st',
    'loudness_re_floor_mean_db', 'loudness_re_floor_std_db', 'loudness_re_floor_p20_db',
    'loudness_re_floor_p50_db', 'loudness_re_floor_p80_db', 'loudness_range_p20_p80_db',
    'speech_rms_re_floor_db', 'speech_rms_re_peak_db',
    'jitter_local', 'shimmer_local', 'hnr_db',
    'speech_rate_syl_per_s', 'articulation_rate_syl_per_s',
    'pause_rate_per_s', 'pause_mean_s', 'pause_fraction',
    'voiced_fraction', 'voiced_segments_per_s', 'voiced_segment_mean_s', 'voiced_segment_std_s',
    'unvoiced_segment_mean_s',
]
# Mean and standard deviation of each functional over RAVDESS actors 1-16 (the default model's
# training split; 960 clips, undefined values skipped). Fixed here rather than per training run so
# every model folder, the test model included, reads its inputs on the same scale.
UTTERANCE_PROSODY_MEAN = [
    34.0939, 2.9117, 31.6099, 33.9958, 36.7043, 5.0944, 32.3828, 30.3241, 32.4334, 29.2967, 9.1553,
    -1.0464, 52.1774, 7.7422, 45.4578, 53.4697, 59.0171, 13.5593, 56.8922, -6.9993, 0.0555, 0.1342,
    8.9709, 4.4795, 4.553, 0.0419, 0.0371, 0.0166, 0.7927, 2.9998, 0.3195, 0.1788, 0.0666,
]
UTTERANCE_PROSODY_STD = [
    6.5489, 0.8843, 6.5105, 6.6545, 6.7742, 2.0368, 13.0949, 14.5435, 11.7225, 13.6616, 2.7997,
    6.0701, 8.4387, 1.7486, 8.3887, 8.5264, 8.7851, 3.2577, 8.6294, 1.2377, 0.0093, 0.0245, 2.4269,
    0.8345, 0.7914, 0.1378, 0.1333, 0.0586, 0.1054, 1.2326, 0.1906, 0.1004, 0.0303,
]


@dataclass
class ModelConfig:
    d_model: int
    heads: int
    encoder_layers: int
    decoder_layers: int
    ffn: int
    vocab: int
    mel_bins: int = 80
    prosody_frame_dims: int = len(PROSODY_FRAME_CHANNELS)
    utterance_prosody_dims: int = len(UTTERANCE_PROSODY_FIELDS)
    # Two non-overlapping stride-2 convolutions: 10 ms frames -> 40 ms encoder steps.
    subsampling: int = 4
    max_frames: int = 3000   # 30 s at 10 ms; a guard, positions are sinusoidal
    max_tokens: int = 512
    # Fixed training-graph shapes (pad + masks), sized so a step fits in laptop memory.
    train_batch: int = 4
    train_frames: int = 400
    train_tokens: int = 96
    lr: float = 3e-4
    betas: tuple = (0.9, 0.98)
    eps: float = 1e-8
    weight_decay: float = 0.01
    max_grad_norm: float = 1.0
    grpo_beta: float = 0.04      # KL weight, EmotionThinker / DeepSeekMath GRPO
    grpo_clip_epsilon: float = 0.2

    def to_manifest(self):
        d = asdict(self)
        d['betas'] = list(self.betas)
        return d


PRESETS = {
    # Test model: ~0.5 M params, untrained, small enough to commit and to run in unit tests.
    'tiny': ModelConfig(d_model=64, heads=4, encoder_layers=3, decoder_layers=3, ffn=256, vocab=768,
                        train_batch=4, train_frames=400, train_tokens=96),
    # Default app model: ~2.5 M params (DESIGN.md measured 2.4 M, d=128 on 2 CPU cores).
    'small': ModelConfig(d_model=128, heads=4, encoder_layers=4, decoder_layers=4, ffn=512, vocab=2048,
                         train_batch=16, train_frames=400, train_tokens=160),
    # For users with a GPU: ~15 M params.
    'base': ModelConfig(d_model=256, heads=8, encoder_layers=6, decoder_layers=6, ffn=1024, vocab=4096,
                        train_batch=16, train_frames=800, train_tokens=256),
}
