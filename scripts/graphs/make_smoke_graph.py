"""Writes resources/graphs/engine-smoke.onnx: a two-op graph (MatMul + Add) the app runs at start-up
to prove onnxruntime-node loads and executes a model on each execution provider it finds.

Developer step only (needs Debian's python3-onnx); the output is committed.
Run: /usr/bin/python3 scripts/graphs/make_smoke_graph.py
"""
import os
import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

OUT = os.path.join(os.path.dirname(__file__), '..', '..', 'resources', 'graphs', 'engine-smoke.onnx')

weight = np.arange(12, dtype=np.float32).reshape(4, 3) / 10.0
bias = np.array([1.0, -1.0, 0.5], dtype=np.float32)
graph = helper.make_graph(
    [
        helper.make_node('MatMul', ['x', 'weight'], ['xw']),
        helper.make_node('Add', ['xw', 'bias'], ['y']),
    ],
    'engine_smoke',
    [helper.make_tensor_value_info('x', TensorProto.FLOAT, ['batch', 4])],
    [helper.make_tensor_value_info('y', TensorProto.FLOAT, ['batch', 3])],
    initializer=[numpy_helper.from_array(weight, 'weight'), numpy_helper.from_array(bias, 'bias')],
)
model = helper.make_model(graph, opset_imports=[helper.make_opsetid('', 17)], producer_name='emotionthinker')
model.ir_version = 8
onnx.checker.check_model(model)
onnx.save(model, OUT)
print('wrote', os.path.normpath(OUT))
