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
# Utterance-level prosody vector, in order (main/ml/features/prosody-frames.ts).
UTTERANCE_PROSODY_FIELDS = [
    'f0_median_semitones', 'f0_range_semitones', 'f0_slope_semitones_per_s', 'voiced_fraction',
    'intensity_range_db', 'intensity_slope_db_per_s', 'duration_s', 'speech_rate_proxy',
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
