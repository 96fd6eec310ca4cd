"""Parity reference: eager PyTorch results for one graph of a model folder, for
main/ml/models/parity.test.ts to compare against onnxruntime-node.

  /usr/bin/python3 tools/model/reference.py <model folder> <graph> <out dir>
  graph: encoder | decoder | train_sft | train_grpo | logprobs

Writes <out>/index.json ({inputs|outputs: [{name, dtype, shape, offset, bytes}]}) and the tensors
little-endian in <out>/inputs.bin and <out>/outputs.bin, named exactly as the graph's I/O."""
import json
import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import folder as F  # noqa: E402
import train_steps as ts  # noqa: E402
from inference_modules import DecoderStep, EncoderWithCrossKV  # noqa: E402

torch.set_num_threads(1)


def write(out_dir, kind, names, tensors):
    entries, offset = [], 0
    with open(os.path.join(out_dir, f'{kind}.bin'), 'wb') as f:
        for name, t in zip(names, tensors):
            array = t.detach().numpy()
            dtype = {np.dtype('float32'): 'float32', np.dtype('int64'): 'int64'}[array.dtype]
            data = array.astype('<f4' if dtype == 'float32' else '<i8').tobytes()
            f.write(data)
            entries.append({'name': name, 'dtype': dtype, 'shape': list(array.shape), 'offset': offset, 'bytes': len(data)})
            offset += len(data)
    return entries


def encoder_case(model, cfg, g):
    b, t = 2, 48
    mask = torch.ones(b, t)
    mask[1, 30:] = 0.0
    ins = [torch.randn(b, t, cfg.mel_bins, generator=g), torch.randn(b, t, cfg.prosody_frame_dims, generator=g), mask,
           torch.randn(b, cfg.utterance_prosody_dims, generator=g)]
    return F.encoder_io(cfg), ins, EncoderWithCrossKV(model)(*ins)


def decoder_case(model, cfg, g):
    """A second decoding step: 2 cached tokens, 3 new ones, the encoder outputs of a real encoder run."""
    _, enc_ins, enc_outs = encoder_case(model, cfg, g)
    encoder_mask, cross = enc_outs[1], list(enc_outs[2:])
    step = DecoderStep(model)
    empty = [torch.zeros(2, cfg.heads, 0, cfg.d_model // cfg.heads) for _ in range(2 * cfg.decoder_layers)]
    first = step(torch.randint(0, cfg.vocab, (2, 2), generator=g), encoder_mask, *empty, *cross)
    ins = [torch.randint(0, cfg.vocab, (2, 3), generator=g), encoder_mask, *first[1:], *cross]
    return F.decoder_io(cfg), ins, step(*ins)


def training_case(model, cfg, g, kind):
    names = [n for n, _ in model.named_parameters()]
    decay = [p.dim() >= 2 for _, p in model.named_parameters()]
    params = [p.detach().clone() for _, p in model.named_parameters()]
    if kind == 'logprobs':
        ins = params + F.example_batch(cfg, g)[:6]
        return F.logprobs_io(names), ins, [ts.logprobs_fn(model, names, params, *ins[len(params):])]
    # Optimizer state as after a few steps, so bias correction and decay are exercised.
    m = [torch.randn(p.shape, generator=g) * 1e-3 for p in params]
    v = [torch.rand(p.shape, generator=g) * 1e-5 for p in params]
    grpo = kind == 'train_grpo'
    rest = F.scalars(cfg, step=3) + F.example_batch(cfg, g, grpo=grpo)
    step = ts.grpo_step if grpo else ts.sft_step
    outs = step(model, names, decay, params, m, v, *rest)
    return (F.train_grpo_io if grpo else F.train_sft_io)(names), params + m + v + rest, outs


def main():
    folder_dir, kind, out_dir = sys.argv[1:4]
    model, manifest = F.load_folder(folder_dir)
    cfg = model.cfg
    g = torch.Generator().manual_seed(1234)
    with torch.no_grad() if kind in ('encoder', 'decoder', 'logprobs') else torch.enable_grad():
        if kind == 'encoder':
            (in_names, out_names), ins, outs = encoder_case(model, cfg, g)
        elif kind == 'decoder':
            (in_names, out_names), ins, outs = decoder_case(model, cfg, g)
        else:
            (in_names, out_names), ins, outs = training_case(model, cfg, g, kind)
    os.makedirs(out_dir, exist_ok=True)
    index = {'inputs': write(out_dir, 'inputs', in_names, ins), 'outputs': write(out_dir, 'outputs', out_names, outs)}
    with open(os.path.join(out_dir, 'index.json'), 'w') as f:
        json.dump(index, f)


if __name__ == '__main__':
    main()
