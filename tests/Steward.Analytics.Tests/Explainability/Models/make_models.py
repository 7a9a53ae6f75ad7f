#!/usr/bin/python3
"""Writes the small ONNX models used by the Kernel SHAP tests and benchmarks.

Run with Debian's interpreter after `apt-get install -y python3-onnx python3-numpy`:

    /usr/bin/python3 tests/Steward.Analytics.Tests/Explainability/Models/make_models.py

The graphs are built with onnx.helper (no training, no sklearn-onnx); weights come from a seeded numpy generator, so
re-running the script reproduces the committed files byte for byte (onnx 1.12, numpy 1.24 on Debian 12).
"""
import os

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

OPSET = 13
HERE = os.path.dirname(os.path.abspath(__file__))


def save(name, nodes, inputs, outputs, initializers):
    graph = helper.make_graph(nodes, name, inputs, outputs, initializer=initializers)
    model = helper.make_model(graph, producer_name="steward-tests", opset_imports=[helper.make_opsetid("", OPSET)])
    model.ir_version = 8
    onnx.checker.check_model(model)
    onnx.save(model, os.path.join(HERE, name + ".onnx"))


def features(m, name="features"):
    return helper.make_tensor_value_info(name, TensorProto.FLOAT, ["N", m])


def const(name, array):
    return numpy_helper.from_array(np.asarray(array, dtype=np.float32), name)


def linear(name, weights, bias, flat=False):
    """y = x·w + b; output [N, 1], or [N] when flat."""
    m = len(weights)
    w = const("w", np.asarray(weights).reshape(m, 1))
    b = const("b", [bias])
    if not flat:
        nodes = [helper.make_node("MatMul", ["features", "w"], ["xw"]), helper.make_node("Add", ["xw", "b"], ["score"])]
        out = helper.make_tensor_value_info("score", TensorProto.FLOAT, ["N", 1])
        save(name, nodes, [features(m)], [out], [w, b])
        return
    w_row = const("w_row", np.asarray(weights).reshape(1, m))
    nodes = [
        helper.make_node("Mul", ["features", "w_row"], ["xw"]),
        helper.make_node("ReduceSum", ["xw", "axes"], ["s"], keepdims=0),
        helper.make_node("Add", ["s", "b"], ["score"]),
    ]
    out = helper.make_tensor_value_info("score", TensorProto.FLOAT, ["N"])
    axes = numpy_helper.from_array(np.asarray([1], dtype=np.int64), "axes")
    save(name, nodes, [features(m)], [out], [w_row, b, axes])


def mlp(name, m, hidden, seed, activation="Tanh"):
    """sigmoid(act(act(x·W1 + b1)·W2 + b2)…·Wo + bo): one probability per row, [N, 1]."""
    rng = np.random.default_rng(seed)
    sizes = [m] + list(hidden) + [1]
    nodes, inits, current = [], [], "features"
    for i in range(len(sizes) - 1):
        scale = 1.0 / np.sqrt(sizes[i])
        inits.append(const(f"W{i}", rng.normal(0, scale, (sizes[i], sizes[i + 1])).round(4)))
        inits.append(const(f"B{i}", rng.normal(0, 0.1, (sizes[i + 1],)).round(4)))
        nodes.append(helper.make_node("Gemm", [current, f"W{i}", f"B{i}"], [f"g{i}"]))
        current = f"g{i}"
        if i < len(sizes) - 2:
            nodes.append(helper.make_node(activation, [current], [f"h{i}"]))
            current = f"h{i}"
    nodes.append(helper.make_node("Sigmoid", [current], ["probability"]))
    out = helper.make_tensor_value_info("probability", TensorProto.FLOAT, ["N", 1])
    save(name, nodes, [features(m)], [out], inits)


def softmax3():
    """An int64 label output first, then class probabilities [N, 3]: the float output must be the one picked."""
    rng = np.random.default_rng(3)
    inits = [const("W", rng.normal(0, 1, (4, 3)).round(4)), const("B", rng.normal(0, 0.1, (3,)).round(4))]
    nodes = [
        helper.make_node("Gemm", ["features", "W", "B"], ["logits"]),
        helper.make_node("ArgMax", ["logits"], ["label"], axis=1, keepdims=0),
        helper.make_node("Softmax", ["logits"], ["probabilities"], axis=1),
    ]
    outs = [
        helper.make_tensor_value_info("label", TensorProto.INT64, ["N"]),
        helper.make_tensor_value_info("probabilities", TensorProto.FLOAT, ["N", 3]),
    ]
    save("softmax3", nodes, [features(4)], outs, inits)


def two_inputs():
    """Not supported by Steward (two graph inputs): for the error-message test."""
    nodes = [helper.make_node("Add", ["a", "b"], ["sum"])]
    ins = [features(2, "a"), features(2, "b")]
    outs = [helper.make_tensor_value_info("sum", TensorProto.FLOAT, ["N", 2])]
    save("two_inputs", nodes, ins, outs, [])


if __name__ == "__main__":
    linear("linear4", [1.0, -2.0, 0.5, 3.0], 0.25)
    linear("linear4_flat", [1.0, -2.0, 0.5, 3.0], 0.25, flat=True)
    mlp("mlp5", 5, [8], seed=5)
    softmax3()
    two_inputs()
    # Benchmark models (bench/Steward.Benchmarks): 20 features.
    linear("linear20", list(np.random.default_rng(20).normal(0, 1, 20).round(4)), 0.1)
    mlp("mlp20", 20, [64, 64], seed=20, activation="Relu")
    print("wrote", sorted(f for f in os.listdir(HERE) if f.endswith(".onnx")))
