"""Weight-only int8 for an ONNX export of MiniLM, the scheme of the bundled model.

The bundled all-MiniLM-L6-v2 keeps its matrices as int8 with a float scale per output column
(per row for the token embeddings) and computes in float32: its vectors stay within a cosine
of 0.999 of the float model. onnxruntime's `quantize_dynamic` (activations quantized too) is
faster but measured a mean cosine of 0.991 to the float model on the utterance bank (0.959 per
tensor), which moves clauses across the reader's similarity thresholds; a tuned encoder should
differ from the bundled one by its weights, not by its arithmetic. Needs the `onnx` package.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

MIN_ELEMENTS = 65_536
"""Smaller tensors (biases, norms, position embeddings) stay float: they weigh little."""


def _int8(weights: np.ndarray, axis: int) -> tuple[np.ndarray, np.ndarray]:
    """Symmetric int8 with one scale per slice along `axis` (kept dims, for broadcasting)."""
    peak = np.abs(weights).max(axis=axis, keepdims=True)
    scale = np.where(peak > 0, peak / 127.0, 1.0).astype(np.float32)
    return np.clip(np.rint(weights / scale), -127, 127).astype(np.int8), scale


def quantize_weights(source: Path, target: Path) -> None:
    """Write `source` with every large MatMul weight and Gather table stored as int8."""
    import onnx
    from onnx import helper, numpy_helper

    model = onnx.load(str(source))
    graph = model.graph
    weights = {i.name: i for i in graph.initializer if len(i.dims) == 2}
    nodes: list[Any] = []
    done: set[str] = set()
    for node in graph.node:
        if node.op_type == "MatMul" and node.input[1] in weights:
            name = node.input[1]
            w = numpy_helper.to_array(weights[name])
            if w.size >= MIN_ELEMENTS and name not in done:
                q, scale = _int8(w, axis=0)  # per output column
                _replace(graph, name, q, scale.reshape(-1), numpy_helper)
                nodes += [
                    helper.make_node("Cast", [f"{name}_q"], [f"{name}_f"], to=1),
                    helper.make_node("Mul", [f"{name}_f", f"{name}_scale"], [f"{name}_dq"]),
                ]
                done.add(name)
            if name in done:
                node.input[1] = f"{name}_dq"
        elif node.op_type == "Gather" and node.input[0] in weights:
            name = node.input[0]
            w = numpy_helper.to_array(weights[name])
            if w.size < MIN_ELEMENTS:
                continue
            # Only the gathered rows are dequantized: the table itself stays int8 in memory.
            q, scale = _int8(w, axis=1)  # per row
            _replace(graph, name, q, scale, numpy_helper)
            out, ids = node.output[0], node.input[1]
            node.input[0], node.output[0] = f"{name}_q", f"{out}_q"
            nodes += [
                helper.make_node("Gather", [f"{name}_scale", ids], [f"{out}_s"]),
                helper.make_node("Cast", [f"{out}_q"], [f"{out}_f"], to=1),
                helper.make_node("Mul", [f"{out}_f", f"{out}_s"], [out]),
            ]
    graph.node.extend(nodes)
    _sort(graph)
    onnx.checker.check_model(model)
    onnx.save(model, str(target))


def _replace(graph: Any, name: str, q: np.ndarray, scale: np.ndarray, numpy_helper: Any) -> None:
    kept = [_copy(i) for i in graph.initializer if i.name != name]
    del graph.initializer[:]
    graph.initializer.extend(
        [
            *kept,
            numpy_helper.from_array(q, f"{name}_q"),
            numpy_helper.from_array(scale, f"{name}_scale"),
        ]
    )


def _sort(graph: Any) -> None:
    """Order the nodes so each comes after what it reads (ONNX requires a topological order)."""
    ready = {i.name for i in graph.input} | {i.name for i in graph.initializer} | {""}
    pending, ordered = list(graph.node), []
    while pending:
        rest = []
        for node in pending:
            if all(i in ready for i in node.input):
                ordered.append(node)
                ready.update(node.output)
            else:
                rest.append(node)
        if len(rest) == len(pending):
            raise ValueError("the graph has a cycle or a missing input")
        pending = rest
    ordered = [_copy(n) for n in ordered]
    del graph.node[:]
    graph.node.extend(ordered)


def _copy(message: Any) -> Any:
    """A detached copy: protobuf messages taken out of a cleared repeated field are not safe."""
    fresh = type(message)()
    fresh.CopyFrom(message)
    return fresh
