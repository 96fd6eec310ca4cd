"""Traces a training-step function (forward + autograd backward + optimizer) with make_fx, rewrites
the aten/prims ops torch 1.13's ONNX exporter cannot handle, and exports the graph at opset 17
with constant folding off (issue 4's measured recipe)."""
import operator
import torch
from torch._decomp import get_decompositions
from torch.fx.experimental.proxy_tensor import make_fx

aten = torch.ops.aten
prims = torch.ops.prims

# Decompose backward ops into primitives torch.onnx knows.
DECOMPOSITIONS = get_decompositions([
    aten._softmax_backward_data, aten._log_softmax_backward_data, aten.gelu_backward,
    aten.embedding_dense_backward, aten.native_layer_norm_backward, aten.tanh_backward,
    aten.sigmoid_backward, aten.threshold_backward, aten.t, aten.transpose.int,
])


def _to_dtype(x, dtype):
    return x.to(dtype)


def _slice_backward(grad, input_sizes, dim, start, end, step):
    """Slice backward = zero tensor with grad written into [start:end:step]; step 1 is a zero pad."""
    assert step == 1, 'slice_backward with step != 1 is not exportable here'
    size = input_sizes[dim]
    end = min(end, size)
    start = start if start >= 0 else start + size
    pad = [0, 0] * (len(input_sizes) - 1 - dim % len(input_sizes)) + [start, size - end]
    return torch.nn.functional.pad(grad, pad)


def _var_mean(x, dims, correction=1, keepdim=False):
    mean = x.mean(dims, keepdim=True)
    centred = x - mean
    n = 1
    for d in dims:
        n *= x.shape[d]
    var = (centred * centred).sum(dims, keepdim=keepdim) / (n - correction)
    return var, (mean if keepdim else mean.squeeze(dims[0]) if len(dims) == 1 else x.mean(dims))


def _rewrite(gm: torch.fx.GraphModule):
    """Replaces ops the 1.13 ONNX exporter rejects with exportable equivalents."""
    for node in list(gm.graph.nodes):
        if node.op != 'call_function':
            continue
        t = node.target
        if t in (prims.convert_element_type.default,):
            node.target, node.args = _to_dtype, (node.args[0], node.args[1])
        elif t == aten._to_copy.default:
            node.target, node.args, node.kwargs = _to_dtype, (node.args[0], node.kwargs['dtype']), {}
        elif t in (aten._reshape_alias.default, aten._unsafe_view.default):
            node.target, node.args = aten.reshape.default, (node.args[0], node.args[1])
        elif t == aten._softmax.default:
            node.target, node.args = torch.softmax, (node.args[0], node.args[1])
        elif t == aten._log_softmax.default:
            node.target, node.args = torch.log_softmax, (node.args[0], node.args[1])
        elif t == aten.slice_backward.default:
            node.target = _slice_backward
        elif t == aten.var_mean.correction:
            node.target = _var_mean
    gm.graph.lint()
    gm.recompile()
    return gm


def trace(fn, example_args):
    gm = make_fx(fn, decomposition_table=DECOMPOSITIONS)(*example_args)
    return _rewrite(gm)


def op_counts(gm):
    counts = {}
    for node in gm.graph.nodes:
        if node.op == 'call_function':
            key = str(node.target)
            counts[key] = counts.get(key, 0) + 1
    return counts


def export(gm, example_args, path, input_names, output_names):
    torch.onnx.export(gm, tuple(example_args), path, input_names=input_names, output_names=output_names,
                      opset_version=17, do_constant_folding=False)
