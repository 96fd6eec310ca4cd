"""Adds the train_grpo graph to an exported model folder whose weights were trained without it (the
graphs take every parameter as an input, so a graph exported from the same preset and shapes fits
the folder's weights.bin; the logprobs graph of the same export is compared byte for byte to prove it).

    /usr/bin/python3 scripts/model/add-grpo-graph.py --model resources/models/default --from /tmp/grpo-graph
"""
import argparse
import filecmp
import json
import os
import shutil

ap = argparse.ArgumentParser()
ap.add_argument('--model', required=True)
ap.add_argument('--from', dest='source', required=True, help='a folder exported with --graphs train_grpo,logprobs')
args = ap.parse_args()
model_manifest = os.path.join(args.model, 'manifest.json')
with open(model_manifest) as f:
    manifest = json.load(f)
with open(os.path.join(args.source, 'manifest.json')) as f:
    source = json.load(f)
if manifest['config'] != source['config']:
    raise SystemExit('the source export has a different config: ' + json.dumps({k: (manifest['config'].get(k), v) for k, v in source['config'].items() if manifest['config'].get(k) != v}))
if not filecmp.cmp(os.path.join(args.model, 'logprobs.onnx'), os.path.join(args.source, 'logprobs.onnx'), shallow=False):
    raise SystemExit('the source export\'s logprobs graph differs from the folder\'s: not the same architecture export')
if [p['name'] for p in manifest['parameters']] != [p['name'] for p in source['parameters']]:
    raise SystemExit('parameter layouts differ')
shutil.copyfile(os.path.join(args.source, 'train_grpo.onnx'), os.path.join(args.model, 'train_grpo.onnx'))
manifest['graphs']['trainGrpo'] = source['graphs']['trainGrpo']
with open(model_manifest, 'w') as f:
    json.dump(manifest, f, indent=1)
    f.write('\n')
print('added train_grpo.onnx to', args.model)
