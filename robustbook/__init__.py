"""robustbook: reproductions of ViT-robustness papers and the *Geometries of learning* articles.

The package has four wings; every module is exported from the notebook of the same name in `nbs/<wing>/`:
- `core`: the book and the pieces every paper shares: `settings` (settings.ini, profiles), `results` (the claim
  ledger, `Recorder`), `stats` (estimates, intervals, verdicts), `reproduce` (the `robustbook` command: list / run /
  reproduce / report), `data`, `corruptions`, `attacks`, `evaluate`, `metrics`, `models`, `train`;
- `vit`: ViT robustness: `explain` (relevance maps), `attention_widget` (attention explorer), `nullspace`,
  `relevance_finetune` (RobustViT), `spatial_entropy`, `perceptual_alignment` (perceptually-aligned gradients);
- `geometry`: `polytopes` (ReLU regions), `polytope_widget`, `activation_codes` (a ReLU MLP builder, chunked nearest
  neighbours of activation codes), `region_measures` (trained ReLU MLPs measured: region counts over
  initialisations, active bits, Hamming distances at a radius, regions along segments, Chebyshev radii of point
  sets), `local_maps` (per-input affine maps, their k-means simplification and maps
  between networks), `linear_maps` (linear maps between embeddings),
  `manifold_risk` (on/off-manifold risk decomposition), `vehicle_scenes` (rendered vehicles and the on-manifold PGD
  experiments), `grassmann`, `rsa`, `topology`;
- `generative`: `diffusion` (DDPM), `flows`, `vae`, `mrml`, `disentangle`.

The main entry points are importable from the package itself (`from robustbook import gae_relevance`); they load
their module (and torch) on first use, so `import robustbook` and `robustbook --help` stay fast.
"""
__version__ = "0.1.0"
import importlib, sys
from . import _docs, _tvhook

_tvhook.activate()   # the torchvision shim runs before the first `import torchvision` / `import timm`
_docs.install()      # parameter comments (docments) reach help() and __doc__

_ENTRY_POINTS = dict(   # name -> the module (under robustbook) that defines it
    load_settings="core.settings", Recorder="core.results",
    Estimate="core.stats", paired_accuracy_diff="core.stats", verdict="core.stats",
    load_fashion_mnist="core.data", corrupt="core.corruptions", pgd="core.attacks", correct="core.evaluate",
    small_vit="core.models", fit="core.train", cached_model="core.train",
    relevance_map="vit.explain", gae_relevance="vit.explain", rollout="vit.explain",
    AttentionExplorer="vit.attention_widget", nullspace_basis="vit.nullspace", sample_nullspace_noise="vit.nullspace",
    spatial_entropy_loss="vit.spatial_entropy", SARLoss="vit.spatial_entropy",
    enumerate_regions="geometry.polytopes", PolytopeExplorer="geometry.polytope_widget")
__all__ = list(_ENTRY_POINTS)

def __getattr__(name:str):
    "Load an entry point's module on first use (PEP 562)."
    if name not in _ENTRY_POINTS: raise AttributeError(f"module 'robustbook' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{_ENTRY_POINTS[name]}", __name__), name)
    globals()[name] = value
    return value

def __dir__(): return sorted(set(globals()) | set(_ENTRY_POINTS))
