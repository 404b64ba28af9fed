"""Make `import torchvision` (and so `import timm`) work on a CPU-only torch with a CUDA build of torchvision.

PyPI's torchvision 0.28.0 is a CUDA build: on the CPU wheel of torch its C++ ops cannot load, and two
`register_fake` decorators (`nms`, `qnms`) then fail at import time because their op schemas were never defined.
Defining just those two schemas lets the pure-Python parts of torchvision (and all of timm) import.
Wherever torchvision's real ops load (a matching CUDA or CPU build) this module does nothing.
Hand-written (not exported from a notebook); imported first by `robustbook/__init__.py`.
"""
import importlib.util, os, sys

_lib = None  # keep a reference: a dropped Library object removes its definitions

def _apply() -> bool:
    "Define the missing op schemas if torchvision's compiled ops cannot load; return True if the shim was needed."
    global _lib
    if "torchvision" in sys.modules: return False  # already imported (successfully): nothing to fix
    spec = importlib.util.find_spec("torchvision")
    if spec is None or spec.origin is None: return False
    import torch
    so = os.path.join(os.path.dirname(spec.origin), "_C.so")
    if not os.path.exists(so): return False
    try:
        torch.ops.load_library(so)
        return False  # the real ops load: nothing to do
    except (OSError, RuntimeError): pass
    _lib = torch.library.Library("torchvision", "FRAGMENT")
    for name in ("nms", "qnms"):
        try: _lib.define(f"{name}(Tensor dets, Tensor scores, float iou_threshold) -> Tensor")
        except RuntimeError: pass  # already defined
    return True

APPLIED = _apply()
