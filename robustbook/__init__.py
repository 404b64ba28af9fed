"""robustbook: reproductions of ViT-robustness papers and the *Geometries of learning* articles.

Where things are (every module is exported from the notebook of the same name in `nbs/`):
- the book: `settings` (settings.ini, profiles), `results` (the claim ledger, `Recorder`), `stats` (estimates,
  intervals, verdicts), `reproduce` (the `robustbook` command: list / run / reproduce / report);
- shared pieces: `data`, `corruptions`, `attacks`, `evaluate`, `models`, `train`;
- ViT robustness: `explain` (relevance maps), `widgets` (attention explorer), `nullspace`, `relevance_finetune`,
  `spatial_entropy`, `manifold` (perceptually-aligned gradients);
- geometry: `polytopes`, `polytope_widget`, `grassmann`, `rsa`, `linmaps`, `diffusion_maps`, `topology`;
- generative models: `diffusion`, `flows`, `vae`, `mrml`, `disentangle`.

The main entry points are importable from the package itself (`from robustbook import gae_relevance`); they load
their module (and torch) on first use, so `import robustbook` and `robustbook --help` stay fast.
"""
__version__ = "0.1.0"
import importlib, sys
from . import _docs, _tvhook

_tvhook.activate()   # the torchvision shim runs before the first `import torchvision` / `import timm`, whoever imports it
_docs.install()      # parameter comments (docments) reach help() and __doc__

_ENTRY_POINTS = dict(
    load_settings="settings", Recorder="results", Estimate="stats", paired_accuracy_diff="stats", verdict="stats",
    load_fashion_mnist="data", corrupt="corruptions", pgd="attacks", correct="evaluate", small_vit="models",
    fit="train", cached_model="train", relevance_map="explain", gae_relevance="explain", rollout="explain",
    AttentionExplorer="widgets", nullspace_basis="nullspace", sample_nullspace_noise="nullspace",
    spatial_entropy_loss="spatial_entropy", SARLoss="spatial_entropy", enumerate_regions="polytopes",
    PolytopeExplorer="polytope_widget")
__all__ = list(_ENTRY_POINTS)

def __getattr__(name:str):
    "Load an entry point's module on first use (PEP 562)."
    if name not in _ENTRY_POINTS: raise AttributeError(f"module 'robustbook' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{_ENTRY_POINTS[name]}", __name__), name)
    globals()[name] = value
    return value

def __dir__(): return sorted(set(globals()) | set(_ENTRY_POINTS))
