"""Docments in `help()`: the parameter comments of robustbook's functions and classes reach their `__doc__`.

The library is written in fastcore's docments style (`x:int, # what x is`). Python's `help()` and IDEs only read
`__doc__`, so `install()` (called by `robustbook/__init__.py`) puts a small finder on `sys.meta_path` that, after a
`robustbook.*` submodule is executed, appends a "Parameters" / "Returns" section built by `fastcore.docments` to the
docstring of every public function and class the module defines. Hand-written (not exported from a notebook).
"""
import importlib.abc, importlib.machinery, inspect, sys

_MARK = "\n\nParameters:\n"

def _kind(anno) -> str:
    if anno is inspect.Parameter.empty: return ""
    return anno if isinstance(anno, str) else getattr(anno, "__name__", str(anno))

def _line(name:str, d:dict) -> str:
    anno = _kind(d.get("anno", inspect.Parameter.empty))
    default = d.get("default", inspect.Parameter.empty)
    doc = d.get("docment")
    head = f"{name}: {anno}" if anno else name
    if default is not inspect.Parameter.empty and name != "return":
        head += f" = {default.__name__ if callable(default) and hasattr(default, '__name__') else repr(default)}"
    return f"    {head}" + (f"\n        {doc}" if doc else "")

def docments_section(obj) -> str:
    "The Parameters / Returns text for `obj` from its docments (empty if it takes nothing and returns nothing noted)."
    from fastcore.docments import docments
    try: ds = docments(obj, full=True)
    except Exception: return ""   # builtins, C extensions, objects without source
    params = {k: v for k, v in ds.items() if k not in ("return", "self")}
    ret = ds.get("return", {})
    out = _MARK + "\n".join(_line(k, v) for k, v in params.items()) if params else ""
    if ret and (ret.get("docment") or _kind(ret.get("anno", inspect.Parameter.empty)) not in ("", "None")):
        anno, doc = _kind(ret.get("anno", inspect.Parameter.empty)), ret.get("docment")
        out += "\n\nReturns:\n    " + (anno or "") + (f"\n        {doc}" if doc else "")
    return out

def add_docments(module) -> int:
    ("Append the docments section to the docstrings of the public functions and classes `module` defines; "
     "returns how many.")
    n = 0
    for name in getattr(module, "__all__", []):
        obj = getattr(module, name, None)
        public = inspect.isfunction(obj) or inspect.isclass(obj)
        if not public or getattr(obj, "__module__", None) != module.__name__: continue
        doc = obj.__doc__ or ""
        if _MARK in doc: continue
        extra = docments_section(obj)
        if not extra: continue
        try: obj.__doc__ = doc + extra
        except (AttributeError, TypeError): continue
        n += 1
    return n

class _Loader(importlib.abc.Loader):
    def __init__(self, inner): self.inner = inner
    def __getattr__(self, name): return getattr(self.inner, name)   # get_source, resource readers, ...
    def create_module(self, spec): return self.inner.create_module(spec)
    def exec_module(self, module):
        self.inner.exec_module(module)
        try: add_docments(module)
        except Exception: pass   # documentation must never break an import

class _Finder(importlib.abc.MetaPathFinder):
    _robustbook_docs = True
    def find_spec(self, name, path=None, target=None):
        if not name.startswith("robustbook.") or name.rsplit(".", 1)[-1].startswith("_"): return None
        spec = importlib.machinery.PathFinder.find_spec(name, path, target)
        if spec is not None and spec.loader is not None and hasattr(spec.loader, "exec_module"):
            spec.loader = _Loader(spec.loader)
        return spec

def install():
    "Put the finder on `sys.meta_path` once (modules imported later get their docments in `__doc__`)."
    if not any(getattr(f, "_robustbook_docs", False) for f in sys.meta_path): sys.meta_path.insert(0, _Finder())
