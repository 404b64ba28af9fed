"""`robustbook.core.launch` across processes: `train_cached` under torchrun (2 CPU gloo ranks) equals the single-process run
on the same global batch and leaves one cache entry; `train_sweep` spreads specs over 2 workers, equals in-process
training, reports failing and crashing specs in `SweepError` while the others are cached, and leaves no process behind."""
import os, sys, time
from pathlib import Path
import pytest, torch
from robustbook.core.launch import ModelSpec, SweepError, train_cached, train_sweep

DEMO = ("robustbook.core.launch:demo_model", "robustbook.core.launch:demo_train")

def spec(name, **cfg):
    return ModelSpec(name, {**dict(seed=1, steps=6, batch_size=32, hidden=16, lr=1e-2), **cfg}, *DEMO)

def crash_train(model, config, ckpt_path):
    "A train function whose process dies without a Python exception (a segfault or the OOM killer look like this)."
    os._exit(3)

def same_weights(a, b):
    sa, sb = a.state_dict(), b.state_dict()
    assert sa.keys() == sb.keys()
    for k in sa: torch.testing.assert_close(sa[k], sb[k], rtol=1e-5, atol=1e-6, msg=lambda m: f"{k}: {m}")

def entries(root):
    return sorted(p.name for p in (Path(root)/"models").iterdir() if p.is_dir())

@pytest.fixture(autouse=True)
def one_thread(monkeypatch):
    monkeypatch.setenv("OMP_NUM_THREADS", "1")

def test_train_cached_torchrun_equals_single_process(tmp_path):
    s = spec("ddp")
    single = train_cached(s, nproc=1, cache_dir=tmp_path/"one")
    t0 = time.time()
    ddp = train_cached(s, nproc=2, cache_dir=tmp_path/"two")
    print(f"torchrun 2 ranks: {time.time() - t0:.1f} s")
    assert ddp.cache_info["hit"] and not single.cache_info["hit"]
    assert entries(tmp_path/"two") == entries(tmp_path/"one") == [Path(single.cache_info["path"]).name]
    folder = Path(ddp.cache_info["path"])
    assert (folder/"model.safetensors").exists() and (folder/"meta.json").exists() and not (folder/"train.ckpt").exists()
    same_weights(ddp, single)
    # a cached spec launches nothing, at any nproc
    again = train_cached(s, nproc=2, cache_dir=tmp_path/"two")
    assert again.cache_info["hit"]

def test_train_cached_torchrun_failure_names_the_error(tmp_path):
    with pytest.raises(RuntimeError, match=r"(?s)torchrun \(2 processes\) failed.*no full batch"):
        train_cached(spec("too-big", batch_size=512), nproc=2, cache_dir=tmp_path)
    assert not (tmp_path/"models").exists() or not any((tmp_path/"models").glob("*/model.safetensors"))
    with pytest.raises(ValueError, match="another process cannot import it|never functions defined in a notebook"):
        train_cached(ModelSpec("x", {}, "__main__:build", DEMO[1]), nproc=2, cache_dir=tmp_path)

def test_train_sweep_two_workers(tmp_path):
    good = [spec(n, seed=i) for i, n in enumerate("abcd")]
    bad = [spec("too-big", batch_size=512), ModelSpec("crash", dict(seed=0), DEMO[0], f"{__name__}:crash_train")]
    specs = good[:2] + bad[:1] + good[2:3] + bad[1:] + good[3:]
    log = []
    t0 = time.time()
    with pytest.raises(SweepError) as ei:
        train_sweep(specs, nproc=2, log=log, cache_dir=tmp_path/"sweep")
    print(f"sweep of {len(specs)} specs on 2 workers: {time.time() - t0:.1f} s")
    err = ei.value
    assert set(err.failures) == {"too-big", "crash"}
    assert "no full batch" in err.failures["too-big"] and "the worker died (exit code 3)" in err.failures["crash"]
    assert [r["name"] for r in log] == [s.name for s in specs]
    ok = [r for r in log if r["error"] is None]
    assert len(ok) == 4 and {r["worker"] for r in ok} == {0, 1} and len({r["pid"] for r in ok}) >= 2
    assert all(r["device"] == "cpu" and not r["cached"] and r["seconds"] > 0 for r in ok)
    assert entries(tmp_path/"sweep") == sorted(r["key"] for r in ok)
    # every worker is gone (no orphans)
    for pid in {r["pid"] for r in log if r["pid"] != os.getpid()}:
        with pytest.raises(ProcessLookupError): os.kill(pid, 0)
    # the models equal in-process training of the same specs, and a rerun finds them all in the cache
    ref = train_sweep(good, nproc=1, cache_dir=tmp_path/"ref")
    log2 = []
    models = train_sweep(good, nproc=2, log=log2, cache_dir=tmp_path/"sweep")
    assert [r["cached"] for r in log2] == [True] * 4 and [r["worker"] for r in log2] == [None] * 4
    for m, r, e in zip(models, ref, [err.models[i] for i in (0, 1, 3, 5)]):
        same_weights(m, r)
        same_weights(m, e)
