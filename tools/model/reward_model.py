"""The reasoning reward model (issue 12), defined once: a clip's measured prosody plus a completion's
text in, four scores in 1..5 out (factual alignment, interpretative quality, caption completeness,
fluency & structure; EmotionThinker's reasoning criteria).

Built from the speech model's layers (model.py) so it exports the same way (make_fx forward +
backward + AdamW, opset 17) and runs on the same engine. Its audio side is the prosody *vector* the
app computes from the clip's measurement (main/ml/reward-model/prosody-vector.ts: z-scored
functionals, level/contour classes, stress and pause timelines): the criteria are about what was
measured and what the text claims, and the vector is what the evidence checker reads too.

  prosody_vector [B,P] -> M memory slots [B,M,d]
  input_ids [B,S] + positions -> L layers (bidirectional self-attention over real tokens,
  cross-attention to the memory, feed-forward) -> [mean over real tokens ; the last real token]
  -> 4 scores 1 + 4 sigmoid(.)
The last real token is the completion's closing </answer>: reading it beside the mean gives the head
the answer in context, which interpretative quality turns on (does the reasoning conclude the
answer, link its cues to it?) and which a mean over ~200 tokens dilutes.
"""
from dataclasses import asdict, dataclass

import torch
from torch import nn
from torch.nn.utils.stateless import functional_call

from model import NEG_INF, DecoderLayer, LayerNorm, Linear, sinusoid

CRITERIA = ['factualAlignment', 'interpretativeQuality', 'captionCompleteness', 'fluencyStructure']


@dataclass
class RewardModelConfig:
    prosody_dims: int
    vocab: int
    d_model: int = 64
    heads: int = 4
    layers: int = 3
    ffn: int = 256
    memory_slots: int = 8
    train_batch: int = 16
    train_tokens: int = 224
    lr: float = 5e-4
    betas: tuple = (0.9, 0.98)
    eps: float = 1e-8
    weight_decay: float = 0.01
    max_grad_norm: float = 1.0

    def to_manifest(self):
        d = asdict(self)
        d['betas'] = list(self.betas)
        return d


class ReasoningRewardModel(nn.Module):
    def __init__(self, cfg: RewardModelConfig):
        super().__init__()
        self.cfg = cfg
        d = cfg.d_model
        self.prosody_in = Linear(cfg.prosody_dims, d * cfg.memory_slots)
        self.memory_norm = LayerNorm(d)
        self.token_embedding = nn.Parameter(torch.randn(cfg.vocab, d) * 0.02)
        self.layers = nn.ModuleList([DecoderLayer(cfg) for _ in range(cfg.layers)])
        self.final_norm = LayerNorm(d)
        self.head = Linear(2 * d, len(CRITERIA))

    def forward(self, prosody_vector, input_ids, token_mask):
        b, s = input_ids.shape
        d, m = self.cfg.d_model, self.cfg.memory_slots
        memory = self.memory_norm(torch.nn.functional.gelu(self.prosody_in(prosody_vector)).reshape(b, m, d))
        # One-hot matmul instead of a gather: its backward exports exactly (model.py's header).
        one_hot = (input_ids.unsqueeze(-1) == torch.arange(self.cfg.vocab, dtype=torch.int64)).to(torch.float32)
        x = torch.matmul(one_hot, self.token_embedding)
        x = x + sinusoid(torch.arange(s, dtype=torch.float32), d)
        # Bidirectional: every real token sees every real token (a judge reads the whole text).
        self_bias = ((1.0 - token_mask) * NEG_INF)[:, None, None, :]
        cross_bias = torch.zeros(b, 1, 1, m)
        for layer in self.layers:
            ck, cv = layer.cross_attn.project_kv(memory)
            x, _, _ = layer(x, None, None, self_bias, ck, cv, cross_bias)
        x = self.final_norm(x)
        weights = token_mask.unsqueeze(-1)
        mean = (x * weights).sum(1) / torch.clamp(weights.sum(1), min=1.0)
        # 1 exactly at the last real token: mask[i] = 1 and mask[i + 1] = 0 (the row's end counts as 0).
        following = torch.cat([token_mask[:, 1:], torch.zeros(b, 1)], dim=1)
        last = ((x * (token_mask * (1.0 - following)).unsqueeze(-1))).sum(1)
        return 1.0 + 4.0 * torch.sigmoid(self.head(torch.cat([mean, last], dim=-1)))


def scores_fn(model, names, params, prosody_vector, input_ids, token_mask):
    return functional_call(model, dict(zip(names, params)), (prosody_vector, input_ids, token_mask))


def train_step(model, names, decay_mask, params, adam_m, adam_v, step, lr, weight_decay, max_grad_norm,
               prosody_vector, input_ids, token_mask, target_scores, target_mask, row_mask):
    """Masked mean squared error over the criteria each row has a target for (a clinician may rate
    only some), then the speech model's clipping + AdamW."""
    from train_steps import clip_and_adamw
    params = [p.detach().requires_grad_(True) for p in params]
    scores = scores_fn(model, names, params, prosody_vector, input_ids, token_mask)
    mask = target_mask * row_mask.unsqueeze(-1)
    err = (scores - target_scores) * mask
    loss = (err * err).sum() / torch.clamp(mask.sum(), min=1.0)
    grads = torch.autograd.grad(loss, params)
    grad_norm, new_p, new_m, new_v = clip_and_adamw(model.cfg, params, grads, adam_m, adam_v, step, lr,
                                                    weight_decay, max_grad_norm, decay_mask)
    return (loss.detach(), grad_norm.detach(), *[p.detach() for p in new_p], *new_m, *new_v)
