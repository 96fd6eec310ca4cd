"""Thin wrappers that give the inference graphs their flat ONNX signatures (contract names in
folder.encoder_io / folder.decoder_io). Cross-attention K/V are computed once by the encoder graph
and fed to every decoder step, so sampling never re-projects the encoder output."""
from torch import nn


class EncoderWithCrossKV(nn.Module):
    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, mel, prosody_frames, frame_mask, utterance_prosody):
        hidden, mask = self.model.encode(mel, prosody_frames, frame_mask, utterance_prosody)
        flat = [t for kv in self.model.cross_key_values(hidden) for t in kv]
        return (hidden, mask, *flat)


class DecoderStep(nn.Module):
    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, input_ids, encoder_mask, *kv):
        n = self.model.cfg.decoder_layers
        past = [(kv[2 * i], kv[2 * i + 1]) for i in range(n)]
        cross = [(kv[2 * n + 2 * i], kv[2 * n + 2 * i + 1]) for i in range(n)]
        logits, presents = self.model.decode(input_ids, encoder_mask, cross, past, one_hot=False)
        return (logits, *[t for kv_pair in presents for t in kv_pair])
