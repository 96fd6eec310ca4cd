"""Writes a reasoning-reward-model folder (issue 12): weights.bin, train_rrm.onnx (forward + masked
MSE + backward + AdamW; parameters and optimiser state are inputs, as for the speech model) and
score.onnx (parameters as inputs -> scores [B,4]), and manifest.json. Build-time developer step; the
app trains and runs the graphs with onnxruntime-node.

  /usr/bin/python3 tools/model/export_reward_model.py --out DIR --tokenizer resources/models/default/tokenizer.json \
      --prosody-dims 109 [--seed 0]
"""
import argparse
import datetime
import hashlib
import json
import os
import sys

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import fx_export  # noqa: E402
import folder as F  # noqa: E402
from reward_model import CRITERIA, RewardModelConfig, ReasoningRewardModel, scores_fn, train_step  # noqa: E402

torch.set_num_threads(1)
SOURCES = ['reward_model.py', 'export_reward_model.py', 'model.py', 'train_steps.py', 'fx_export.py']
BATCH_INPUTS = ['prosody_vector', 'input_ids', 'token_mask', 'target_scores', 'target_mask', 'row_mask']


def source_hash():
    h = hashlib.sha256()
    for name in SOURCES:
        with open(os.path.join(HERE, name), 'rb') as f:
            h.update(name.encode() + b'\n' + f.read() + b'\n')
    return h.hexdigest()


def example_batch(cfg, g):
    b, s = cfg.train_batch, cfg.train_tokens
    token_mask = torch.ones(b, s)
    token_mask[1:, s // 2:] = 0.0
    target_mask = torch.ones(b, len(CRITERIA))
    target_mask[0, 1] = 0.0
    return [torch.randn(b, cfg.prosody_dims, generator=g), torch.randint(0, cfg.vocab, (b, s), generator=g), token_mask,
            1 + 4 * torch.rand(b, len(CRITERIA), generator=g), target_mask, torch.ones(b)]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--out', required=True)
    ap.add_argument('--tokenizer', required=True)
    ap.add_argument('--prosody-dims', type=int, required=True)
    ap.add_argument('--seed', type=int, default=0)
    args = ap.parse_args()
    with open(args.tokenizer) as f:
        vocab = len(json.load(f)['model']['vocab'])
    cfg = RewardModelConfig(prosody_dims=args.prosody_dims, vocab=vocab)
    os.makedirs(args.out, exist_ok=True)
    torch.manual_seed(args.seed)
    model = ReasoningRewardModel(cfg)
    entries = F.parameter_entries(model)
    F.write_weights(model, os.path.join(args.out, 'weights.bin'))
    names = [e['name'] for e in entries]
    decay = [p.dim() >= 2 for _, p in model.named_parameters()]
    params = [p.detach().clone() for _, p in model.named_parameters()]
    n = len(names)
    g = torch.Generator().manual_seed(1)
    batch = example_batch(cfg, g)

    state = [torch.zeros_like(p) for p in params] + [torch.zeros_like(p) for p in params]
    train_args = params + state + F.scalars(cfg) + batch
    fn = lambda *a: train_step(model, names, decay, list(a[:n]), list(a[n:2 * n]), list(a[2 * n:3 * n]), *a[3 * n:])  # noqa: E731
    ins, outs = F.state_names(names) + F.SCALAR_INPUTS + BATCH_INPUTS, ['loss', 'grad_norm'] + F.new_state_names(names)
    fx_export.export(fx_export.trace(fn, train_args), train_args, os.path.join(args.out, 'train_rrm.onnx'), ins, outs)

    score_args = params + batch[:3]
    score = lambda *a: scores_fn(model, names, list(a[:n]), *a[n:])  # noqa: E731
    score_ins = [f'params.{x}' for x in names] + BATCH_INPUTS[:3]
    fx_export.export(fx_export.trace(score, score_args), score_args, os.path.join(args.out, 'score.onnx'), score_ins, ['scores'])

    with open(args.tokenizer, 'rb') as f:
        tokenizer_bytes = f.read()
    with open(os.path.join(args.out, 'tokenizer.json'), 'wb') as f:
        f.write(tokenizer_bytes)
    manifest = {
        'formatVersion': 1,
        'kind': 'reasoning-reward-model',
        'id': 'reasoning-reward-model',
        'name': 'Reasoning reward model (untrained)',
        'version': '0.1.0',
        'description': 'Scores a completion\'s reasoning against the clip\'s measured prosody on four criteria, 1-5.',
        'criteria': CRITERIA,
        'config': cfg.to_manifest(),
        'tokenizer': {'file': 'tokenizer.json'},
        'parameters': entries,
        'weights': {'file': 'weights.bin', 'bytes': sum(e['length'] for e in entries),
                    'parameterCount': sum(e['length'] // 4 for e in entries)},
        'graphs': {'trainSft': {'file': 'train_rrm.onnx', 'inputs': ins, 'outputs': outs},
                   'score': {'file': 'score.onnx', 'inputs': score_ins, 'outputs': ['scores']}},
        'training': {'shapes': {'batch': cfg.train_batch, 'tokens': cfg.train_tokens},
                     'defaults': {'lr': cfg.lr, 'betas': list(cfg.betas), 'eps': cfg.eps,
                                  'weightDecay': cfg.weight_decay, 'maxGradNorm': cfg.max_grad_norm}},
        'stages': [{'name': 'initialised', 'notes': f'random init, seed {args.seed}'}],
        'metrics': {},
        'licence': 'MIT',
        'trainingData': [],
        'sourceHash': source_hash(),
        'createdAt': datetime.datetime.now(datetime.timezone.utc).isoformat(timespec='seconds'),
    }
    with open(os.path.join(args.out, 'manifest.json'), 'w') as f:
        json.dump(manifest, f, indent=1)
        f.write('\n')
    print(f'wrote {args.out}: {manifest["weights"]["parameterCount"]} parameters')


if __name__ == '__main__':
    main()
