"The project's environment: any import order works (the torchvision shim's startup hook), quickly."
import subprocess, sys

def run(code:str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)

def test_timm_before_robustbook():
    r = run("import timm, torchvision.transforms; import robustbook; print(timm.__version__)")
    assert r.returncode == 0, r.stderr[-2000:]

def test_startup_hook_does_not_import_torch():
    r = run("import sys; print('torch' in sys.modules, any(getattr(f, '_robustbook_shim', False) for f in sys.meta_path))")
    assert r.stdout.split() == ["False", "True"], r.stdout + r.stderr
