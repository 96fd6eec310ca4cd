"""Writes a model folder: encoder.onnx + decoder.onnx (weights as external data in weights.bin),
train_sft.onnx, train_grpo.onnx, logprobs.onnx (weights and optimizer state as inputs), weights.bin
and manifest.json. Build-time developer step (Debian python3-torch 1.13 + python3-onnx); the app
never runs Python.

  /usr/bin/python3 tools/model/export.py --preset tiny --out resources/models/tiny \
      [--graphs encoder,decoder,train_sft,train_grpo,logprobs] [--weights-from <folder>]

The folder must already hold tokenizer.json (scripts/model/train-tokenizer.ts) with cfg.vocab tokens.
"""
import argparse
import dataclasses
import datetime
import json
import os
import sys
import time

import onnx
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fx_export  # noqa: E402
import folder as F  # noqa: E402
import train_steps as ts  # noqa: E402
from config import (FEATURES, PRESETS, PROSODY_FRAME_CHANNELS, UTTERANCE_PROSODY_FIELDS,  # noqa: E402
                    UTTERANCE_PROSODY_MEAN, UTTERANCE_PROSODY_STD)
from inference_modules import DecoderStep, EncoderWithCrossKV  # noqa: E402

torch.set_num_threads(1)  # DESIGN.md: Debian torch's OpenBLAS already uses both cores
ALL_GRAPHS = ['encoder', 'decoder', 'train_sft', 'train_grpo', 'logprobs']
LABELS = ['neutral', 'calm', 'happy', 'sad', 'angry', 'fearful', 'disgust', 'surprised']


def token_ids(tokenizer_path, cfg, labels):
    with open(tokenizer_path) as f:
        tok = json.load(f)
    vocab = tok['model']['vocab']
    if len(vocab) != cfg.vocab:
        raise SystemExit(f'{tokenizer_path} has {len(vocab)} tokens; the preset needs {cfg.vocab}')
    names = {'pad': '<pad>', 'bos': '<bos>', 'eos': '<eos>', 'thinkOpen': '<think>', 'thinkClose': '</think>',
             'answerOpen': '<answer>', 'answerClose': '</answer>'}
    ids = {key: vocab[token] for key, token in names.items()}
    ids['labels'] = {label: vocab[label] for label in labels}
    return ids


def externalise(onnx_path, entries, weights_file):
    """Points every parameter initializer at its slice of weights.bin (ONNX external data), so a new
    weights.bin in the same layout makes a new model without touching the graph."""
    model = onnx.load(onnx_path)
    by_name = {e['name']: e for e in entries}
    seen = set()
    for init in model.graph.initializer:
        entry = by_name.get(init.name.removeprefix('model.'))
        if entry is None:
            continue
        seen.add(entry['name'])
        init.ClearField('raw_data')
        del init.float_data[:]
        init.data_location = onnx.TensorProto.EXTERNAL
        del init.external_data[:]
        for key, value in (('location', weights_file), ('offset', str(entry['offset'])),
                           ('length', str(entry['length']))):
            kv = init.external_data.add()
            kv.key, kv.value = key, value
    inline = [i.name for i in model.graph.initializer if i.data_location != onnx.TensorProto.EXTERNAL
              and len(i.raw_data) > 4096]
    if inline:
        raise SystemExit(f'{onnx_path}: large initializers not mapped to parameters: {inline}')
    onnx.save(model, onnx_path)
    return seen


def _export_inference(module, args, path, ins, outs, axes):
    # Train mode + PRESERVE: torch 1.13 merges initializers with equal *values* (all the zero
    # biases) in eval mode, which would tie parameters that diverge after training; in train mode it
    # merges only shared storage. The model has no dropout/batch-norm, so the maths is identical.
    module.train()
    torch.onnx.export(module, args, path, input_names=ins, output_names=outs, dynamic_axes=axes,
                      opset_version=17, do_constant_folding=False, training=torch.onnx.TrainingMode.PRESERVE)


def export_encoder(model, cfg, path):
    ins, outs = F.encoder_io(cfg)
    t = cfg.subsampling * 10
    args = (torch.randn(2, t, cfg.mel_bins), torch.randn(2, t, cfg.prosody_frame_dims), torch.ones(2, t),
            torch.randn(2, cfg.utterance_prosody_dims))
    axes = {'mel': {0: 'batch', 1: 'frames'}, 'prosody_frames': {0: 'batch', 1: 'frames'},
            'frame_mask': {0: 'batch', 1: 'frames'}, 'utterance_prosody': {0: 'batch'},
            'encoder_hidden': {0: 'batch', 1: 'steps'}, 'encoder_mask': {0: 'batch', 1: 'steps'}}
    for name in outs[2:]:
        axes[name] = {0: 'batch', 2: 'steps'}
    _export_inference(EncoderWithCrossKV(model), args, path, ins, outs, axes)


def export_decoder(model, cfg, path):
    ins, outs = F.decoder_io(cfg)
    b, s, past, steps, dh = 2, 2, 3, 5, cfg.d_model // cfg.heads
    kv = lambda n: torch.randn(b, cfg.heads, n, dh)  # noqa: E731
    args = [torch.randint(0, cfg.vocab, (b, s)), torch.ones(b, steps)]
    args += [kv(past) for _ in range(2 * cfg.decoder_layers)] + [kv(steps) for _ in range(2 * cfg.decoder_layers)]
    axes = {'input_ids': {0: 'batch', 1: 'tokens'}, 'encoder_mask': {0: 'batch', 1: 'steps'},
            'logits': {0: 'batch', 1: 'tokens'}}
    for name in ins[2:]:
        axes[name] = {0: 'batch', 2: 'past' if '.decoder.' in name else 'steps'}
    for name in outs[1:]:
        axes[name] = {0: 'batch', 2: 'past_plus_tokens'}
    _export_inference(DecoderStep(model), tuple(args), path, ins, outs, axes)


def export_training(model, cfg, kind, path):
    names = [n for n, _ in model.named_parameters()]
    decay = [p.dim() >= 2 for _, p in model.named_parameters()]
    n = len(names)
    params = [p.detach().clone() for _, p in model.named_parameters()]
    g = torch.Generator().manual_seed(1)
    if kind == 'logprobs':
        ins, outs = F.logprobs_io(names)
        args = params + F.example_batch(cfg, g)[:6]
        fn = lambda *a: ts.logprobs_fn(model, names, list(a[:n]), *a[n:])  # noqa: E731
    else:
        state = [torch.zeros_like(p) for p in params] + [torch.zeros_like(p) for p in params]
        grpo = kind == 'train_grpo'
        ins, outs = (F.train_grpo_io if grpo else F.train_sft_io)(names)
        args = params + state + F.scalars(cfg) + F.example_batch(cfg, g, grpo=grpo)
        step = ts.grpo_step if grpo else ts.sft_step
        fn = lambda *a: step(model, names, decay, list(a[:n]), list(a[n:2 * n]), list(a[2 * n:3 * n]), *a[3 * n:])  # noqa: E731
    gm = fx_export.trace(fn, args)
    fx_export.export(gm, args, path, ins, outs)
    return ins, outs


def check_coverage(used, names, expected):
    # Cross-attention K/V projections live in the decoder module but run in the encoder graph.
    missing = [n for n in names if expected(n) and n not in used]
    if missing:
        raise SystemExit(f'parameters not found as initializers: {missing}')


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--preset', default='tiny', choices=sorted(PRESETS))
    ap.add_argument('--out', required=True)
    ap.add_argument('--graphs', default=','.join(ALL_GRAPHS))
    ap.add_argument('--id', default=None)
    ap.add_argument('--seed', type=int, default=0)
    ap.add_argument('--vocab', type=int, default=None,
                    help='override the preset vocabulary (e.g. a benchmark copy of "small" with the tiny tokenizer)')
    args = ap.parse_args()
    cfg = PRESETS[args.preset]
    if args.vocab is not None:
        cfg = dataclasses.replace(cfg, vocab=args.vocab)
    os.makedirs(args.out, exist_ok=True)
    ids = token_ids(os.path.join(args.out, 'tokenizer.json'), cfg, LABELS)
    model = F.build(cfg, args.seed)
    entries = F.parameter_entries(model)
    F.write_weights(model, os.path.join(args.out, 'weights.bin'))
    names = [e['name'] for e in entries]
    graphs = {'crossAttention': 'encoder-outputs-cached'}
    wanted = args.graphs.split(',')
    for kind, key, file in [('encoder', 'encoder', 'encoder.onnx'), ('decoder', 'decoder', 'decoder.onnx'),
                            ('train_sft', 'trainSft', 'train_sft.onnx'), ('train_grpo', 'trainGrpo', 'train_grpo.onnx'),
                            ('logprobs', 'logprobs', 'logprobs.onnx')]:
        path = os.path.join(args.out, file)
        if kind not in wanted:
            if os.path.exists(path):
                os.remove(path)  # a graph from an older export would be stale
            continue
        started = time.time()
        if kind == 'encoder':
            export_encoder(model, cfg, path)
            ins, outs = F.encoder_io(cfg)
            used = externalise(path, entries, 'weights.bin')
            check_coverage(used, names, lambda n: not n.startswith(('token_embedding', 'decoder_')))
        elif kind == 'decoder':
            export_decoder(model, cfg, path)
            ins, outs = F.decoder_io(cfg)
            used = externalise(path, entries, 'weights.bin')
            check_coverage(used, names, lambda n: n.startswith(('token_embedding', 'decoder_')) and '.cross_attn.k.' not in n and '.cross_attn.v.' not in n)
        else:
            ins, outs = export_training(model, cfg, kind, path)
        graphs[key] = {'file': file, 'inputs': ins, 'outputs': outs}
        print(f'{file}: {os.path.getsize(path) / 1e6:.2f} MB in {time.time() - started:.0f} s', flush=True)
    test = args.preset == 'tiny'
    manifest = {
        'formatVersion': 1,
        'id': args.id or f'emotion-reasoner-{args.preset}',
        'name': f'EmotionReasoner {args.preset}' + (' (untrained test model)' if test else ''),
        'version': '0.1.0',
        'description': ('Untrained, randomly initialised test model for unit tests: it generates noise. '
                        if test else '') + 'Log-mel + prosody encoder, transformer decoder writing '
                       '<think>...</think><answer>label</answer>.',
        'testModel': test,
        'labels': LABELS,
        'config': cfg.to_manifest(),
        'features': {**FEATURES, 'prosodyFrameChannels': PROSODY_FRAME_CHANNELS,
                     'utteranceProsodyFields': UTTERANCE_PROSODY_FIELDS,
                     'utteranceProsodyMean': UTTERANCE_PROSODY_MEAN, 'utteranceProsodyStd': UTTERANCE_PROSODY_STD},
        'tokenizer': {'file': 'tokenizer.json', 'tokenIds': ids},
        'parameters': entries,
        'weights': {'file': 'weights.bin', 'bytes': sum(e['length'] for e in entries),
                    'parameterCount': sum(e['length'] // 4 for e in entries)},
        'graphs': graphs,
        'training': {
            'shapes': {'batch': cfg.train_batch, 'frames': cfg.train_frames, 'tokens': cfg.train_tokens},
            'defaults': {'lr': cfg.lr, 'betas': list(cfg.betas), 'eps': cfg.eps, 'weightDecay': cfg.weight_decay,
                         'maxGradNorm': cfg.max_grad_norm, 'grpoBeta': cfg.grpo_beta,
                         'grpoClipEpsilon': cfg.grpo_clip_epsilon},
        },
        'stages': [{'name': 'initialised', 'notes': f'random init, seed {args.seed}'}],
        'metrics': {},
        'licence': 'MIT',
        'trainingData': [],
        'sourceHash': F.source_hash(),
        'createdAt': datetime.datetime.now(datetime.timezone.utc).isoformat(timespec='seconds'),
    }
    with open(os.path.join(args.out, 'manifest.json'), 'w') as f:
        json.dump(manifest, f, indent=1)
        f.write('\n')
    print(f'wrote {args.out}: {manifest["weights"]["parameterCount"]} parameters')


if __name__ == '__main__':
    main()
