"""The speech-reasoning model, defined once: an audio encoder over log-mel + prosody frames and a
transformer text decoder with cross-attention that writes <think>...</think><answer>...</answer>.

Written with plain tensor ops so that torch 1.13's make_fx trace of forward + backward exports to
ONNX opset 17 (issue 4): hand-written layer norm (no var_mean), non-overlapping strided convolutions
as reshape + matmul (no convolution_backward), embedding lookups as one-hot matmuls in training
graphs (a gather's scatter-add backward has no exact export), sinusoidal positions computed in-graph
(no parameter slicing, so no slice_backward), output projection tied to the token embedding."""
import math
import torch
from torch import nn

from config import ModelConfig

NEG_INF = -1e9


class LayerNorm(nn.Module):
    def __init__(self, d):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(d))
        self.bias = nn.Parameter(torch.zeros(d))

    def forward(self, x):
        mean = x.mean(-1, keepdim=True)
        centred = x - mean
        var = (centred * centred).mean(-1, keepdim=True)
        return centred / torch.sqrt(var + 1e-5) * self.weight + self.bias


class Linear(nn.Module):
    """y = x W + b with W stored [in, out] so the graph needs no transpose."""

    def __init__(self, d_in, d_out, bias=True):
        super().__init__()
        self.weight = nn.Parameter(torch.randn(d_in, d_out) * (1.0 / math.sqrt(d_in)))
        self.bias = nn.Parameter(torch.zeros(d_out)) if bias else None

    def forward(self, x):
        y = torch.matmul(x, self.weight)
        return y + self.bias if self.bias is not None else y


def sinusoid(positions, d):
    """Transformer sinusoidal positions (Vaswani et al. 2017), [..., d] from float positions."""
    inv = torch.exp(torch.arange(0, d, 2, dtype=torch.float32) * (-math.log(10000.0) / d))
    angles = positions.unsqueeze(-1) * inv
    return torch.cat([torch.sin(angles), torch.cos(angles)], dim=-1)


def split_heads(x, heads):
    b, t, d = x.shape
    return x.reshape(b, t, heads, d // heads).transpose(1, 2)


def merge_heads(x):
    b, h, t, dh = x.shape
    return x.transpose(1, 2).reshape(b, t, h * dh)


def attend(q, k, v, bias):
    """q [B,H,S,dh], k/v [B,H,L,dh], bias broadcastable to [B,H,S,L] (0 or NEG_INF)."""
    scores = torch.matmul(q, k.transpose(-1, -2)) * (1.0 / math.sqrt(q.shape[-1])) + bias
    return torch.matmul(torch.softmax(scores, dim=-1), v)


class Attention(nn.Module):
    def __init__(self, d, heads):
        super().__init__()
        self.heads = heads
        self.q, self.k, self.v, self.o = Linear(d, d), Linear(d, d), Linear(d, d), Linear(d, d)

    def project_kv(self, x):
        return split_heads(self.k(x), self.heads), split_heads(self.v(x), self.heads)

    def forward(self, x, k, v, bias):
        return self.o(merge_heads(attend(split_heads(self.q(x), self.heads), k, v, bias)))


class FeedForward(nn.Module):
    def __init__(self, d, ffn):
        super().__init__()
        self.up, self.down = Linear(d, ffn), Linear(ffn, d)

    def forward(self, x):
        return self.down(torch.nn.functional.gelu(self.up(x)))


class EncoderLayer(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.norm1, self.attn = LayerNorm(cfg.d_model), Attention(cfg.d_model, cfg.heads)
        self.norm2, self.ffn = LayerNorm(cfg.d_model), FeedForward(cfg.d_model, cfg.ffn)

    def forward(self, x, bias):
        h = self.norm1(x)
        k, v = self.attn.project_kv(h)
        x = x + self.attn(h, k, v, bias)
        return x + self.ffn(self.norm2(x))


class DecoderLayer(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        d = cfg.d_model
        self.norm1, self.self_attn = LayerNorm(d), Attention(d, cfg.heads)
        self.norm2, self.cross_attn = LayerNorm(d), Attention(d, cfg.heads)
        self.norm3, self.ffn = LayerNorm(d), FeedForward(d, cfg.ffn)

    def forward(self, x, past_k, past_v, self_bias, cross_k, cross_v, cross_bias):
        h = self.norm1(x)
        k, v = self.self_attn.project_kv(h)
        if past_k is not None:
            k, v = torch.cat([past_k, k], dim=2), torch.cat([past_v, v], dim=2)
        x = x + self.self_attn(h, k, v, self_bias)
        x = x + self.cross_attn(self.norm2(x), cross_k, cross_v, cross_bias)
        return x + self.ffn(self.norm3(x)), k, v


class EmotionReasoner(nn.Module):
    def __init__(self, cfg: ModelConfig):
        super().__init__()
        self.cfg = cfg
        d, s = cfg.d_model, 2  # two stride-2 stages
        frame_dims = cfg.mel_bins + cfg.prosody_frame_dims
        self.subsample1 = Linear(frame_dims * s, d)
        self.subsample2 = Linear(d * s, d)
        self.utterance_proj = Linear(cfg.utterance_prosody_dims, d)
        self.encoder_layers = nn.ModuleList([EncoderLayer(cfg) for _ in range(cfg.encoder_layers)])
        self.encoder_norm = LayerNorm(d)
        self.token_embedding = nn.Parameter(torch.randn(cfg.vocab, d) * 0.02)
        self.decoder_layers = nn.ModuleList([DecoderLayer(cfg) for _ in range(cfg.decoder_layers)])
        self.decoder_norm = LayerNorm(d)

    # ---- encoder -------------------------------------------------------------------------------
    def encode(self, mel, prosody_frames, frame_mask, utterance_prosody):
        """mel [B,T,80], prosody_frames [B,T,Fp], frame_mask [B,T], utterance_prosody [B,P];
        T must be a multiple of cfg.subsampling (the TS feature code pads with masked frames)."""
        b, t, _ = mel.shape
        m = frame_mask.unsqueeze(-1)
        x = torch.cat([mel, prosody_frames], dim=-1) * m
        # Non-overlapping kernel-2 stride-2 convolution == stack 2 frames, then a matmul.
        x = torch.nn.functional.gelu(self.subsample1(x.reshape(b, t // 2, -1)))
        x = torch.nn.functional.gelu(self.subsample2(x.reshape(b, t // 4, -1)))
        t4 = x.shape[1]
        # A step is real when any of its 4 frames is; pooled as a reshape-mean, then thresholded.
        encoder_mask = (frame_mask.reshape(b, t4, 4).mean(-1) > 0).to(torch.float32)
        positions = torch.arange(t4, dtype=torch.float32)
        x = x + sinusoid(positions, self.cfg.d_model)
        x = x + self.utterance_proj(utterance_prosody).unsqueeze(1)
        bias = ((1.0 - encoder_mask) * NEG_INF)[:, None, None, :]
        for layer in self.encoder_layers:
            x = layer(x, bias)
        return self.encoder_norm(x), encoder_mask

    def cross_key_values(self, encoder_hidden):
        return [layer.cross_attn.project_kv(encoder_hidden) for layer in self.decoder_layers]

    # ---- decoder -------------------------------------------------------------------------------
    def embed(self, input_ids, one_hot):
        if one_hot:
            ids = input_ids.unsqueeze(-1) == torch.arange(self.cfg.vocab, dtype=torch.int64)
            return torch.matmul(ids.to(torch.float32), self.token_embedding)
        return torch.nn.functional.embedding(input_ids, self.token_embedding)

    def decode(self, input_ids, encoder_mask, cross_kv, past, one_hot=False):
        """past: list of (k, v) per layer with [B,H,past,dh] (past may be 0 long) or None.
        Returns logits [B,S,V] and the new (k, v) per layer."""
        s = input_ids.shape[1]
        past_len = past[0][0].shape[2] if past is not None else 0
        x = self.embed(input_ids, one_hot)
        positions = torch.arange(s, dtype=torch.float32) + past_len
        x = x + sinusoid(positions, self.cfg.d_model)
        # Causal: query i (absolute past_len + i) sees keys j <= past_len + i.
        keys = torch.arange(s + past_len, dtype=torch.int64)
        queries = torch.arange(s, dtype=torch.int64) + past_len
        self_bias = ((keys[None, :] > queries[:, None]).to(torch.float32) * NEG_INF)[None, None]
        cross_bias = ((1.0 - encoder_mask) * NEG_INF)[:, None, None, :]
        presents = []
        for i, layer in enumerate(self.decoder_layers):
            pk, pv = past[i] if past is not None else (None, None)
            x, k, v = layer(x, pk, pv, self_bias, cross_kv[i][0], cross_kv[i][1], cross_bias)
            presents.append((k, v))
        logits = torch.matmul(self.decoder_norm(x), self.token_embedding.transpose(0, 1))
        return logits, presents

    def forward(self, mel, prosody_frames, frame_mask, utterance_prosody, input_ids, one_hot=True):
        """Teacher-forced logits [B,S,V] (training graphs)."""
        hidden, enc_mask = self.encode(mel, prosody_frames, frame_mask, utterance_prosody)
        logits, _ = self.decode(input_ids, enc_mask, self.cross_key_values(hidden), None, one_hot)
        return logits


def parameter_names(model):
    return [name for name, _ in model.named_parameters()]
