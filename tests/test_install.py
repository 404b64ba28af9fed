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

def test_import_robustbook_is_light_and_shim_still_applies():
    "Without the startup hook (a pip install): `import robustbook` loads no torch, and timm imported after it works."
    r = run("import sys; sys.meta_path[:] = [f for f in sys.meta_path if not getattr(f, '_robustbook_shim', False)]; "
            "import robustbook; light = 'torch' not in sys.modules; import timm; "
            "from robustbook import gae_relevance; print(light, gae_relevance.__module__)")
    assert r.returncode == 0 and r.stdout.split() == ["True", "robustbook.vit.explain"], r.stdout + r.stderr[-2000:]

def test_help_shows_parameter_comments():
    r = run("import robustbook.core.train as t; print(t.cached_model.__doc__)")
    assert "Parameters:" in r.stdout and "a readable prefix for the cache folder" in r.stdout, r.stdout + r.stderr[-2000:]

def test_cli_help_is_quick():
    "`robustbook --help` parses arguments without importing torch (measured as imports, not time)."
    r = run("import sys; sys.argv = ['robustbook', '--help']\nimport robustbook.core.reproduce as rp\n"
            "print('torch' in sys.modules, 'scipy.stats' in sys.modules)")
    assert r.returncode == 0 and r.stdout.split() == ["False", "False"], r.stdout + r.stderr[-2000:]
