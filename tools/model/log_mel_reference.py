"""Reference log-mel for main/ml/features/log-mel.test.ts: torch.stft + the HTK filterbank, same
parameters as config.FEATURES. Reads float32 samples from argv[1], writes float32 [T, nMels] to argv[2]."""
import sys

import numpy as np
import torch

from config import FEATURES as P

torch.set_num_threads(1)


def mel_filterbank():
    hz_to_mel = lambda hz: 2595.0 * np.log10(1.0 + hz / 700.0)  # noqa: E731
    mel_to_hz = lambda mel: 700.0 * (10.0 ** (mel / 2595.0) - 1.0)  # noqa: E731
    edges = mel_to_hz(np.linspace(hz_to_mel(P['fMin']), hz_to_mel(P['fMax']), P['nMels'] + 2))
    freqs = np.arange(P['nFft'] // 2 + 1) * P['sampleRate'] / P['nFft']
    rise = (freqs[None, :] - edges[:-2, None]) / (edges[1:-1, None] - edges[:-2, None])
    fall = (edges[2:, None] - freqs[None, :]) / (edges[2:, None] - edges[1:-1, None])
    return np.maximum(0.0, np.minimum(rise, fall))


def log_mel(samples):
    x = torch.from_numpy(samples.astype(np.float64))
    spec = torch.stft(x, P['nFft'], hop_length=P['hopLength'], win_length=P['winLength'],
                      window=torch.hann_window(P['winLength'], periodic=True, dtype=torch.float64),
                      center=P['center'], pad_mode='constant', return_complex=True)
    power = (spec.abs() ** 2).numpy()           # [bins, T]
    mel = mel_filterbank() @ power               # [nMels, T]
    return np.log(np.maximum(mel, P['logFloor'])).T.astype(np.float32)


if __name__ == '__main__':
    log_mel(np.fromfile(sys.argv[1], dtype='<f4')).tofile(sys.argv[2])
