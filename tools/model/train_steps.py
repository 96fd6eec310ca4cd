"""Whole training steps as pure functions of tensors (params, optimizer state, scalars, batch), the
shape make_fx traces into one graph: forward + loss + backward + global-norm clip + AdamW.

Also used directly, in eager PyTorch, by the parity reference and the benchmark, so the ONNX graphs
and the reference can only differ by what the export does."""
import torch
from torch.nn.utils.stateless import functional_call

from model import EmotionReasoner


def token_logprobs(model: EmotionReasoner, names, params, mel, prosody_frames, frame_mask,
                   utterance_prosody, input_ids, target_ids):
    """log p(target_ids[b,s] | ...) [B,S]; the target pick is a one-hot product (issue 4)."""
    logits = functional_call(model, dict(zip(names, params)),
                             (mel, prosody_frames, frame_mask, utterance_prosody, input_ids))
    logp = torch.log_softmax(logits, dim=-1)
    picks = (target_ids.unsqueeze(-1) == torch.arange(logits.shape[-1], dtype=torch.int64)).to(torch.float32)
    return (logp * picks).sum(-1)


def clip_and_adamw(cfg, params, grads, adam_m, adam_v, step, lr, weight_decay, max_grad_norm, decay_mask):
    """Global-norm gradient clipping then AdamW (Loshchilov & Hutter 2019), bias-corrected with the
    1-based step. Weight decay only on matrices (decay_mask), the usual transformer practice."""
    grad_norm = torch.sqrt(sum((g * g).sum() for g in grads))
    scale = torch.minimum(max_grad_norm / (grad_norm + 1e-6), torch.ones_like(grad_norm))
    b1, b2 = cfg.betas
    correction1 = 1.0 - torch.pow(torch.full_like(step, b1), step)
    correction2 = 1.0 - torch.pow(torch.full_like(step, b2), step)
    new_p, new_m, new_v = [], [], []
    for p, g, m, v, decays in zip(params, grads, adam_m, adam_v, decay_mask):
        g = g * scale
        m2 = b1 * m + (1.0 - b1) * g
        v2 = b2 * v + (1.0 - b2) * g * g
        update = (m2 / correction1) / (torch.sqrt(v2 / correction2) + cfg.eps)
        p2 = p * (1.0 - lr * weight_decay) if decays else p
        new_p.append(p2 - lr * update)
        new_m.append(m2)
        new_v.append(v2)
    return grad_norm, new_p, new_m, new_v


def sft_step(model, names, decay_mask, params, adam_m, adam_v, step, lr, weight_decay, max_grad_norm,
             mel, prosody_frames, frame_mask, utterance_prosody, input_ids, target_ids, target_weights):
    """Weighted token cross-entropy (target_weights 0 = ignore), mean over weighted tokens."""
    params = [p.detach().requires_grad_(True) for p in params]
    lp = token_logprobs(model, names, params, mel, prosody_frames, frame_mask, utterance_prosody,
                        input_ids, target_ids)
    loss = -(lp * target_weights).sum() / torch.clamp(target_weights.sum(), min=1.0)
    grads = torch.autograd.grad(loss, params)
    grad_norm, new_p, new_m, new_v = clip_and_adamw(model.cfg, params, grads, adam_m, adam_v, step, lr,
                                                    weight_decay, max_grad_norm, decay_mask)
    return (loss.detach(), grad_norm.detach(), *[p.detach() for p in new_p], *new_m, *new_v)


def grpo_step(model, names, decay_mask, params, adam_m, adam_v, step, lr, weight_decay, max_grad_norm,
              mel, prosody_frames, frame_mask, utterance_prosody, input_ids, target_ids, target_weights,
              advantages, old_logprobs, ref_logprobs, beta, clip_epsilon_low, clip_epsilon_high):
    """GRPO (Shao et al. 2024, DeepSeekMath) as used by EmotionThinker: clipped ratio objective with
    group-normalised advantages and the k3 KL estimator to the reference model, each completion's
    token mean then the mean over completions. The ratio is clipped to [1 - eps_low, 1 + eps_high]
    (DAPO's decoupled clip; equal values give the symmetric PPO clip). Masked positions are selected
    out with a where rather than multiplied by 0, so a non-finite value at a padding or truncated
    position (inf - inf in the ratio) cannot turn the loss or the gradients into NaN."""
    params = [p.detach().requires_grad_(True) for p in params]
    lp = token_logprobs(model, names, params, mel, prosody_frames, frame_mask, utterance_prosody,
                        input_ids, target_ids)
    valid = target_weights > 0
    zeros = torch.zeros_like(lp)
    # Masked positions see log-ratio 0 (ratio 1, KL 0) before anything can overflow.
    log_ratio = torch.where(valid, lp - old_logprobs, zeros)
    ratio = torch.exp(log_ratio)
    adv = advantages.unsqueeze(-1)
    clipped = torch.maximum(torch.minimum(ratio, 1.0 + clip_epsilon_high), 1.0 - clip_epsilon_low)
    objective = torch.minimum(ratio * adv, clipped * adv)
    log_ref_ratio = torch.where(valid, ref_logprobs - lp, zeros)
    kl = torch.exp(log_ref_ratio) - log_ref_ratio - 1.0
    per_token = torch.where(valid, -(objective - beta * kl) * target_weights, zeros)
    tokens = target_weights.sum(-1)
    has_tokens = (tokens > 0).to(torch.float32)
    per_seq = per_token.sum(-1) / torch.clamp(tokens, min=1.0)
    n_seq = torch.clamp(has_tokens.sum(), min=1.0)
    loss = (per_seq * has_tokens).sum() / n_seq
    kl_mean = ((torch.where(valid, kl * target_weights, zeros).sum(-1) / torch.clamp(tokens, min=1.0)) * has_tokens).sum() / n_seq
    grads = torch.autograd.grad(loss, params)
    grad_norm, new_p, new_m, new_v = clip_and_adamw(model.cfg, params, grads, adam_m, adam_v, step, lr,
                                                    weight_decay, max_grad_norm, decay_mask)
    return (loss.detach(), kl_mean.detach(), grad_norm.detach(), *[p.detach() for p in new_p], *new_m, *new_v)


def logprobs_fn(model, names, params, mel, prosody_frames, frame_mask, utterance_prosody, input_ids, target_ids):
    return token_logprobs(model, names, params, mel, prosody_frames, frame_mask, utterance_prosody,
                          input_ids, target_ids)
