"""`make gpu-check DRY=1` keeps working where no GPU is at hand: `python -m robustbook.core.gpu_check --dry` runs every
check (CUDA report, the nullspace / RobustViT / SAR / PAGs paper-path steps with tiny timm models at 32 px on the
CPU, and a 2-process gloo torchrun of a PAGs model through `core.launch.train_cached`), each in its own process, and
writes a report where every check is ok with a step time."""
import json, os, subprocess, sys
from pathlib import Path
from robustbook.core.gpu_check import CHECKS

def test_gpu_check_dry(tmp_path):
    env = dict(os.environ, HF_HUB_OFFLINE="1")
    p = subprocess.run([sys.executable, "-m", "robustbook.core.gpu_check", "--dry", "--out", str(tmp_path)],
                       capture_output=True, text=True, env=env, timeout=600)
    rep = json.loads((tmp_path/"report.json").read_text())
    rows = {r["check"]: r for r in rep["checks"]}
    assert list(rows) == list(CHECKS), p.stdout + p.stderr
    for name, r in rows.items():
        assert r["status"] == "ok", f"{name}: {r.get('error')}\n{p.stdout}"
        assert r["step_s"] > 0 and r["steps"] >= 1, r
        assert r["device"] == "cpu"
    assert rows["torchrun"]["nproc"] == 2
    assert all(rows[n]["peak_mem_mb"] > 0 for n in CHECKS if n != "torchrun")
    assert rep["ok"] and rep["plan"]["dry"] and p.returncode == 0, p.stdout + p.stderr
    md = (tmp_path/"report.md").read_text()
    assert all(f"| {n} | ok |" in md for n in CHECKS), md
