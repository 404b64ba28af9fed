"The package's layout: four wings mirrored by the notebooks, unique public names, entry points that resolve."
import ast, collections, importlib
from pathlib import Path
import robustbook

ROOT = Path(__file__).resolve().parent.parent
PKG = ROOT/"robustbook"
WINGS = ("core", "vit", "geometry", "generative")

def _modules():
    return sorted(p for p in PKG.rglob("*.py") if p.name != "__init__.py" and not p.name.startswith("_") and "__pycache__" not in p.parts)

def _public_names(path):
    for node in ast.parse(path.read_text()).body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "__all__" for t in node.targets):
            return [e.value for e in node.value.elts]
    return []

def test_every_module_lives_in_a_wing_and_has_its_notebook():
    mods = _modules()
    assert len(mods) >= 30
    outside = [p.relative_to(PKG).as_posix() for p in mods if p.parent.name not in WINGS or p.parent.parent != PKG]
    assert not outside, f"library modules outside the four wings {WINGS}: {outside}"
    missing = [p.relative_to(PKG).as_posix() for p in mods if not list((ROOT/"nbs"/p.parent.name).glob(f"[0-9][0-9]_{p.stem}.ipynb"))]
    assert not missing, f"modules without a notebook nbs/<wing>/NN_<module>.ipynb: {missing}"

def test_public_names_are_unique_across_the_package():
    where = collections.defaultdict(list)
    for p in _modules():
        for name in _public_names(p): where[name].append(p.relative_to(PKG).as_posix())
    assert len(where) > 400
    dups = {k: v for k, v in where.items() if len(v) > 1}
    assert not dups, f"public names defined in several modules (one name, one meaning): {dups}"

def test_entry_points_resolve_to_their_modules():
    for name, mod in robustbook._ENTRY_POINTS.items():
        assert mod.split(".")[0] in WINGS, (name, mod)
        assert getattr(robustbook, name) is getattr(importlib.import_module(f"robustbook.{mod}"), name)
    assert all(w in robustbook.__doc__ for w in WINGS)
