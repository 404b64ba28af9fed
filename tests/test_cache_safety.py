"""Model-cache safety (tracker issue 24): training checkpoints are never unpickled, damaged cache files are detected
and retrained, `cached_model` leaves the caller's global RNG states alone, and `load_denoiser` refuses pickles
unless trusted. Each test uses a tiny nn.Linear and a tmp cache_dir, and fails on the code before the fix."""
import json, os, pickle, random
import numpy as np
import pytest
import torch
from torch import nn
from robustbook.core.train import cached_model, cache_path, fit

CFG = dict(d_in=20, d_out=30, steps=4, seed=0, version=1)
X = torch.randn(64, 20, generator=torch.Generator().manual_seed(0))
Y = torch.randn(64, 30, generator=torch.Generator().manual_seed(1))


class _Marker:
    "Unpickling this creates the folder `path` (stands in for arbitrary code in a malicious file)."
    def __init__(self, path): self.path = str(path)
    def __reduce__(self): return (os.mkdir, (self.path,))


def _build(c): return nn.Linear(c["d_in"], c["d_out"])


def _train(model, c, ckpt):
    return fit(model, (X, Y), steps=c["steps"], batch_size=16, lr=1e-2, device="cpu", seed=c["seed"], ckpt_path=ckpt,
               progress=False, loss_fn=lambda out, b: (out - b[1]).pow(2).mean())


def _same(a, b): return all(torch.equal(p, q) for p, q in zip(a.state_dict().values(), b.state_dict().values()))


def test_malicious_train_ckpt_is_not_unpickled(tmp_path):
    "(a) a pickle whose __reduce__ would run code, where fit / cached_model resume from: never executed."
    marker = tmp_path / "pwned"
    ckpt = cache_path("lin", CFG, tmp_path) / "train.ckpt"
    ckpt.parent.mkdir(parents=True)
    torch.save({"model": _Marker(marker), "step": 0}, ckpt)
    with pytest.raises(ValueError, match="resume=False") as e:   # fit: a clear error naming the file and the fix
        _train(_build(CFG), CFG, ckpt)
    assert str(ckpt) in str(e.value) and not marker.exists()
    with pytest.warns(RuntimeWarning, match="train.ckpt"):          # cached_model: discards its own checkpoint, retrains
        m = cached_model("lin", CFG, _build, _train, cache_dir=tmp_path)
    assert not marker.exists() and not m.cache_info["hit"]
    assert _same(m, cached_model("lin", CFG, _build, _train, cache_dir=tmp_path / "fresh"))


def test_random_bytes_train_ckpt_names_the_path(tmp_path):
    "(b) random bytes as a checkpoint: fit's error names the file; cached_model warns (naming it) and retrains."
    ckpt = tmp_path / "run.ckpt"
    ckpt.write_bytes(os.urandom(2048))
    with pytest.raises(ValueError) as e: _train(_build(CFG), CFG, ckpt)
    assert str(ckpt) in str(e.value) and "resume=False" in str(e.value)
    own = cache_path("lin", CFG, tmp_path) / "train.ckpt"
    own.parent.mkdir(parents=True); own.write_bytes(os.urandom(2048))
    with pytest.warns(RuntimeWarning, match=str(own)):
        m = cached_model("lin", CFG, _build, _train, cache_dir=tmp_path)
    assert not m.cache_info["hit"] and (own.parent / "model.safetensors").exists() and not own.exists()


def test_flipped_weights_are_detected_and_retrained(tmp_path):
    "(c) ~400 flipped bytes inside model.safetensors' tensor data: a warning naming the file, then the fresh weights."
    m1 = cached_model("lin", CFG, _build, _train, cache_dir=tmp_path)
    f = cache_path("lin", CFG, tmp_path) / "model.safetensors"
    raw = bytearray(f.read_bytes())
    header = 8 + int.from_bytes(raw[:8], "little")
    assert len(raw) - header > 1000
    for i in range(header + 500, header + 900): raw[i] ^= 0xFF
    f.write_bytes(bytes(raw))
    with pytest.warns(RuntimeWarning, match=str(f)):
        m2 = cached_model("lin", CFG, _build, _train, cache_dir=tmp_path)
    assert not m2.cache_info["hit"] and _same(m1, m2)
    m3 = cached_model("lin", CFG, _build, _train, cache_dir=tmp_path)   # the rewritten entry is a clean hit
    assert m3.cache_info["hit"] and _same(m1, m3)
    assert "sha256" in json.loads((f.parent / "meta.json").read_text())


def _draws(call):
    torch.manual_seed(123); np.random.seed(123); random.seed(123)
    if call: call()
    return torch.rand(3), np.random.rand(3), random.random()


def test_cold_and_warm_cache_leave_the_same_rng(tmp_path):
    "(d) after cached_model returns, torch/numpy/python draws are the same cold and warm (and as without the call)."
    ref = _draws(None)
    cold = _draws(lambda: cached_model("lin", CFG, _build, _train, cache_dir=tmp_path))
    warm = _draws(lambda: cached_model("lin", CFG, _build, _train, cache_dir=tmp_path))
    assert torch.equal(cold[0], warm[0]) and np.array_equal(cold[1], warm[1]) and cold[2] == warm[2]
    assert torch.equal(cold[0], ref[0]) and np.array_equal(cold[1], ref[1]) and cold[2] == ref[2]


def test_load_denoiser_refuses_untrusted_pickles(tmp_path):
    "(e) an EDM-style .pkl (and a .pt pickling foreign globals) are refused without trust=True; nothing runs."
    from robustbook.vit.perceptual_alignment import load_denoiser
    marker = tmp_path / "pwned"
    with open(tmp_path / "edm.pkl", "wb") as f: pickle.dump({"ema": _Marker(marker)}, f)
    with pytest.raises(ValueError, match="trust=True"): load_denoiser(tmp_path / "edm.pkl")
    torch.save({"ema": _Marker(marker)}, tmp_path / "evil.pt")
    with pytest.raises(ValueError, match="trust=True"): load_denoiser(tmp_path / "evil.pt")
    assert not marker.exists()


def test_full_disk_leaves_the_previous_files_intact(tmp_path, monkeypatch):
    "Every file the library writes goes through `atomic_write`: when the disk fills mid-write, the old file stays."
    import errno
    from robustbook.core import results
    from robustbook.core.models import save_checkpoint
    from robustbook.geometry.polytope_widget import save_checkpoints
    from robustbook.core.train import _save_train_ckpt
    writers = {"weights.safetensors": lambda p: save_checkpoint(nn.Linear(3, 2), p),
               "train.ckpt": lambda p: _save_train_ckpt(dict(step=3, history=[1.0, 2.0]), p),
               "polytopes.npz": lambda p: save_checkpoints({}, p),
               "results.json": lambda p: results.atomic_write(p, '{"new": true}')}
    for name in writers: (tmp_path/name).write_bytes(b"the previous run's file")

    def full(fd): raise OSError(errno.ENOSPC, "No space left on device")
    monkeypatch.setattr(results.os, "fsync", full)
    for name, write in writers.items():
        with pytest.raises(OSError, match="No space left"): write(tmp_path/name)
        assert (tmp_path/name).read_bytes() == b"the previous run's file", name
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(writers)   # no temporary files left behind
