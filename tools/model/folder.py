"""Model-folder helpers shared by export.py, reference.py and the benchmark: build the model from a
preset or a folder, read/write weights.bin, the graph input/output name lists, the source hash."""
import hashlib
import json
import os

import numpy as np
import torch

from config import PRESETS, ModelConfig
from model import EmotionReasoner

HERE = os.path.dirname(os.path.abspath(__file__))


# The files whose content decides what the exported graphs compute. main/ml/models/
# staleness.test.ts keeps the same list.
GRAPH_SOURCES = ['config.py', 'export.py', 'folder.py', 'fx_export.py', 'inference_modules.py', 'model.py',
                 'train_steps.py']


def source_hash():
    """sha256 over GRAPH_SOURCES (name + '\n' + content + '\n', in list order); the staleness test
    recomputes it to fail when committed graphs lag the model source."""
    h = hashlib.sha256()
    for path in [os.path.join(HERE, name) for name in GRAPH_SOURCES]:
        with open(path, 'rb') as f:
            content = f.read()
        h.update(os.path.basename(path).encode() + b'\n' + content + b'\n')
    return h.hexdigest()


def build(cfg: ModelConfig, seed=0):
    torch.manual_seed(seed)
    return EmotionReasoner(cfg).eval()


def load_folder(folder):
    with open(os.path.join(folder, 'manifest.json')) as f:
        manifest = json.load(f)
    cfg_dict = dict(manifest['config'])
    cfg_dict['betas'] = tuple(cfg_dict['betas'])
    model = build(ModelConfig(**cfg_dict))
    weights = np.fromfile(os.path.join(folder, manifest['weights']['file']), dtype='<f4')
    state = dict(model.named_parameters())
    with torch.no_grad():
        for entry in manifest['parameters']:
            start = entry['offset'] // 4
            values = weights[start:start + entry['length'] // 4].reshape(entry['shape'])
            state[entry['name']].copy_(torch.from_numpy(values.copy()))
    return model, manifest


def parameter_entries(model):
    entries, offset = [], 0
    for name, p in model.named_parameters():
        length = p.numel() * 4
        entries.append({'name': name, 'shape': list(p.shape), 'dtype': 'float32', 'offset': offset,
                        'length': length, 'weightDecay': p.dim() >= 2})
        offset += length
    return entries


def write_weights(model, path):
    with open(path, 'wb') as f:
        for _, p in model.named_parameters():
            f.write(p.detach().numpy().astype('<f4').tobytes())


def encoder_io(cfg):
    outs = ['encoder_hidden', 'encoder_mask']
    for i in range(cfg.decoder_layers):
        outs += [f'present.{i}.encoder.key', f'present.{i}.encoder.value']
    return ['mel', 'prosody_frames', 'frame_mask', 'utterance_prosody'], outs


def decoder_io(cfg):
    ins = ['input_ids', 'encoder_mask']
    for i in range(cfg.decoder_layers):
        ins += [f'past_key_values.{i}.decoder.key', f'past_key_values.{i}.decoder.value']
    for i in range(cfg.decoder_layers):
        ins += [f'past_key_values.{i}.encoder.key', f'past_key_values.{i}.encoder.value']
    outs = ['logits']
    for i in range(cfg.decoder_layers):
        outs += [f'present.{i}.decoder.key', f'present.{i}.decoder.value']
    return ins, outs


BATCH_INPUTS = ['mel', 'prosody_frames', 'frame_mask', 'utterance_prosody', 'input_ids', 'target_ids', 'target_weights']
GRPO_EXTRA_INPUTS = ['advantages', 'old_logprobs', 'ref_logprobs', 'beta', 'clip_epsilon_low', 'clip_epsilon_high']
SCALAR_INPUTS = ['step', 'lr', 'weight_decay', 'max_grad_norm']


def state_names(names):
    return ([f'params.{n}' for n in names] + [f'adam_m.{n}' for n in names] + [f'adam_v.{n}' for n in names])


def new_state_names(names):
    return ([f'new_params.{n}' for n in names] + [f'new_adam_m.{n}' for n in names]
            + [f'new_adam_v.{n}' for n in names])


def train_sft_io(names):
    return state_names(names) + SCALAR_INPUTS + BATCH_INPUTS, ['loss', 'grad_norm'] + new_state_names(names)


def train_grpo_io(names):
    return (state_names(names) + SCALAR_INPUTS + BATCH_INPUTS + GRPO_EXTRA_INPUTS,
            ['loss', 'kl', 'grad_norm'] + new_state_names(names))


def logprobs_io(names):
    return [f'params.{n}' for n in names] + BATCH_INPUTS[:6], ['token_logprobs']


def example_batch(cfg, generator, grpo=False):
    """A random but well-formed training batch at the fixed training shapes."""
    b, t, s = cfg.train_batch, cfg.train_frames, cfg.train_tokens
    g = generator
    frame_mask = torch.ones(b, t)
    frame_mask[1:, t * 3 // 4:] = 0.0   # shorter clips are padded
    target_weights = torch.ones(b, s)
    target_weights[:, s * 2 // 3:] = 0.0
    batch = [torch.randn(b, t, cfg.mel_bins, generator=g), torch.randn(b, t, cfg.prosody_frame_dims, generator=g),
             frame_mask, torch.randn(b, cfg.utterance_prosody_dims, generator=g),
             torch.randint(0, cfg.vocab, (b, s), generator=g), torch.randint(0, cfg.vocab, (b, s), generator=g),
             target_weights]
    if grpo:
        batch += [torch.randn(b, generator=g), -torch.rand(b, s, generator=g) * 3 - 5,
                  -torch.rand(b, s, generator=g) * 3 - 5, torch.tensor(cfg.grpo_beta),
                  torch.tensor(cfg.grpo_clip_epsilon), torch.tensor(cfg.grpo_clip_epsilon + 0.08)]
    return batch


def scalars(cfg, step=1.0):
    return [torch.tensor(float(step)), torch.tensor(cfg.lr), torch.tensor(cfg.weight_decay),
            torch.tensor(cfg.max_grad_norm)]
