"""A startup hook for a virtual environment: apply the torchvision shim (`robustbook._tvcompat`) before the first
`import torchvision`, whichever package imports it first (`import timm` before `import robustbook` included).

`python -m robustbook._tvhook` writes `robustbook_tvshim.pth` into the environment's site-packages (the Makefile's
set-up does this). At interpreter start the .pth line only puts a tiny finder on `sys.meta_path` (no torch import);
the finder removes itself and runs the shim the first time `torchvision` is imported. Where torchvision's compiled
ops load, the shim does nothing. `import robustbook` calls `activate()`, which puts the same finder in place for
environments without the .pth file (pip installs). Hand-written (not exported from a notebook), like `_tvcompat`.
"""
import sys, sysconfig
from pathlib import Path

_HOOK = '''
def _robustbook_find_spec(name, path=None, target=None):
    import sys
    if name == "torchvision":
        sys.meta_path[:] = [f for f in sys.meta_path if not getattr(f, "_robustbook_shim", False)]
        try: import robustbook._tvcompat
        except Exception: pass
    return None
import sys, types
_f = types.SimpleNamespace(find_spec=_robustbook_find_spec, _robustbook_shim=True)
if "torchvision" not in sys.modules and not any(getattr(f, "_robustbook_shim", False) for f in sys.meta_path):
    sys.meta_path.insert(0, _f)
'''
PTH_NAME = "robustbook_tvshim.pth"

def pth_line() -> str:
    "The one line of the .pth file: executed by `site` at every interpreter start."
    return f"import sys; exec({_HOOK!r})\n"

def activate():
    "Put the finder on `sys.meta_path` in this interpreter (what `robustbook/__init__.py` does; no torch import)."
    exec(_HOOK, {"__name__": "robustbook_tvshim"})

def install(site_dir:str|None=None) -> Path:
    "Write the .pth file into `site_dir` (default: this environment's purelib site-packages)."
    p = Path(site_dir or sysconfig.get_paths()["purelib"])/PTH_NAME
    p.write_text(pth_line())
    return p

if __name__ == "__main__": print(install())
