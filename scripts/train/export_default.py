"""Exports the default app model's graphs: the `small` preset (tools/model/config.py) with the training
shapes the recipe needs. EmotionCoT traces run 86-141 words (~150-230 tokens with a 2,048-token BPE),
so the preset's 160 training tokens would cut the answer off; RAVDESS clips run up to ~5 s, so the
frame window is widened from 4 s to 4.8 s. Everything else is the preset, so parity and staleness
checks on tools/model keep covering this model.

    /usr/bin/python3 scripts/train/export_default.py --out DIR --tokens 256 --frames 480 [--graphs ...]
        [--utterance-fields name,name,...]

--utterance-fields picks the functionals the encoder reads (a subset of main/prosody/functionals.ts
PROSODY_FUNCTIONAL_NAMES): the default model leaves out the levels measured re the noise floor, which
carry the recording room more than the speaker (issue 11). Their statistics start as 0/1 here; the
recipe writes the training corpora's own into the manifest before training.
"""
import dataclasses
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'tools', 'model'))

import config  # noqa: E402
import export  # noqa: E402


def main():
    argv = sys.argv[1:]
    shape = {'--tokens': 'train_tokens', '--frames': 'train_frames', '--batch': 'train_batch'}
    overrides = {}
    rest = []
    i = 0
    while i < len(argv):
        if argv[i] == '--utterance-fields':
            fields = [f for f in argv[i + 1].split(',') if f]
            by_name = dict(zip(config.UTTERANCE_PROSODY_FIELDS, zip(config.UTTERANCE_PROSODY_MEAN, config.UTTERANCE_PROSODY_STD)))
            export.UTTERANCE_PROSODY_FIELDS = fields
            export.UTTERANCE_PROSODY_MEAN = [by_name.get(f, (0.0, 1.0))[0] for f in fields]
            export.UTTERANCE_PROSODY_STD = [by_name.get(f, (0.0, 1.0))[1] for f in fields]
            overrides['utterance_prosody_dims'] = len(fields)
            i += 2
        elif argv[i] in shape:
            overrides[shape[argv[i]]] = int(argv[i + 1])
            i += 2
        else:
            rest.append(argv[i])
            i += 1
    # A named preset, so the manifest says what it is and export.py's own argument checks still apply.
    config.PRESETS['default'] = dataclasses.replace(config.PRESETS['small'], **overrides)
    sys.argv = [sys.argv[0], '--preset', 'default', *rest]
    export.main()


if __name__ == '__main__':
    main()
