"""PyTorch side of scripts/bench/engine.ts: the same model folder and batch shapes, eager PyTorch.
Prints one JSON line: SFT and GRPO step times, KV-cached sampling tokens/s, peak RSS.

  OPENBLAS_NUM_THREADS=2 /usr/bin/python3 tools/model/bench_torch.py <folder> [steps] [sequences] [tokens]
Debian's torch does its matmuls in OpenBLAS, so intra-op threads stay at 1 and the BLAS thread count
is the thread budget (DESIGN.md: set_num_threads(2) oversubscribes 2 cores and doubles step time)."""
import json
import os
import resource
import sys
import time

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import folder as F  # noqa: E402
import train_steps as ts  # noqa: E402
from inference_modules import DecoderStep, EncoderWithCrossKV  # noqa: E402

torch.set_num_threads(1)


def time_steps(fn, steps):
    fn()  # warm-up
    started = time.perf_counter()
    for _ in range(steps):
        fn()
    return (time.perf_counter() - started) / steps


def blas_library():
    """The BLAS torch's matmuls actually loaded (Debian's reference libblas is ~20x slower than OpenBLAS)."""
    with open('/proc/self/maps') as f:
        libs = {line.split()[-1] for line in f if 'blas' in line.lower()}
    return ', '.join(sorted(os.path.realpath(lib) for lib in libs)) or 'unknown'


def main():
    folder_dir = sys.argv[1]
    steps = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    sequences = int(sys.argv[3]) if len(sys.argv) > 3 else 8
    tokens = int(sys.argv[4]) if len(sys.argv) > 4 else 64
    model, manifest = F.load_folder(folder_dir)
    cfg = model.cfg
    names = [n for n, _ in model.named_parameters()]
    decay = [p.dim() >= 2 for _, p in model.named_parameters()]
    params = [p.detach().clone() for _, p in model.named_parameters()]
    state = [torch.zeros_like(p) for p in params], [torch.zeros_like(p) for p in params]
    g = torch.Generator().manual_seed(3)
    sft_batch = F.scalars(cfg) + F.example_batch(cfg, g)
    grpo_batch = F.scalars(cfg) + F.example_batch(cfg, g, grpo=True)
    sft_s = time_steps(lambda: ts.sft_step(model, names, decay, params, *state, *sft_batch), steps)
    grpo_s = time_steps(lambda: ts.grpo_step(model, names, decay, params, *state, *grpo_batch), steps)
    rss_train = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    # Sampling: one clip of 3 s, `sequences` completions of exactly `tokens` tokens (no early stop).
    frames = 300
    with torch.no_grad():
        def sample():
            enc = EncoderWithCrossKV(model)(torch.randn(1, frames, cfg.mel_bins), torch.randn(1, frames, cfg.prosody_frame_dims),
                                            torch.ones(1, frames), torch.randn(1, cfg.utterance_prosody_dims))
            mask = enc[1].expand(sequences, -1)
            cross = [t.expand(sequences, -1, -1, -1) for t in enc[2:]]
            past = [torch.zeros(sequences, cfg.heads, 0, cfg.d_model // cfg.heads) for _ in range(2 * cfg.decoder_layers)]
            ids = torch.full((sequences, 1), manifest['tokenizer']['tokenIds']['bos'], dtype=torch.int64)
            step = DecoderStep(model)
            for _ in range(tokens):
                out = step(ids, mask, *past, *cross)
                past = list(out[1:])
                probs = torch.softmax(out[0][:, -1, :], dim=-1)
                ids = torch.multinomial(probs, 1)
        sample_s = time_steps(sample, 2)
    print(json.dumps({
        'blas': blas_library(),
        'threads': os.environ.get('OPENBLAS_NUM_THREADS', 'default'),
        'sftStepS': sft_s, 'grpoStepS': grpo_s,
        'samplingTokensPerS': sequences * tokens / sample_s,
        'peakRssTrainMb': rss_train, 'peakRssMb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }))


if __name__ == '__main__':
    main()
