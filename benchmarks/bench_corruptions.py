"""Common corruptions on a batch: robustbook's batched `corrupt` vs corrupting image by image.

Run: python benchmarks/bench_corruptions.py [--batch 256] [--size 32] [--severity 3] [--repeats 3]

Prints, per corruption, the time of one batched call of `robustbook.core.corruptions.corrupt` on (batch, 3, size, size)
images and two ratios measured side by side in the same run:
  * loop/ours:  our own corruption applied one image at a time (a per-image loop over the same code), and
  * ic/ours:    `imagecorruptions.corrupt` (1.1.2, the reference package) applied image by image to uint8 HWC arrays,
    when it can be imported. It is not a robustbook dependency; to include it, install it aside:
        pip install --no-deps --target /tmp/ic_ref imagecorruptions opencv-python-headless wand
    and run with IMAGECORRUPTIONS_PATH=/tmp/ic_ref. On numpy 2 / scikit-image >= 0.19 two of its corruptions fail
    (glass_blur: `multichannel`, fog: `np.float_`); they are reported as failing, not timed.
|dx| columns: the mean absolute change of the images (in [0, 1] units) under each implementation, to show they do
comparable damage. Caveats: imagecorruptions uses the ImageNet-C parameters (tuned for 224 px) and the global np.random, ours the
CIFAR-10-C ones scaled to the image size and an explicit Generator, so the work per image is similar but not identical.
Times are single-threaded process CPU time (torch.set_num_threads(1); time.process_time), medians over repeats.
"""
import argparse, os, statistics, sys, time, types, importlib.util
import numpy as np
import torch
import robustbook  # installs the torchvision shim
from robustbook.core.corruptions import CORRUPTIONS, corrupt
from robustbook.core.data import objects_on_backgrounds

clock = time.process_time


from _timing import timeit as _timeit

def timeit(f, repeats, warmup=1): return _timeit(f, repeats, warmup, clock=clock)

def load_imagecorruptions():
    "imagecorruptions.corrupt, or None; shims pkg_resources (gone from recent setuptools), which it imports for one path."
    path = os.environ.get("IMAGECORRUPTIONS_PATH")
    if path and path not in sys.path: sys.path.insert(0, path)
    if importlib.util.find_spec("imagecorruptions") is None: return None
    if importlib.util.find_spec("pkg_resources") is None:
        pr = types.ModuleType("pkg_resources")
        pr.resource_filename = lambda pkg, name: os.path.join(os.path.dirname(importlib.util.find_spec(pkg).origin), name)
        sys.modules["pkg_resources"] = pr
    try:
        from imagecorruptions import corrupt as ic_corrupt
        return ic_corrupt
    except Exception as e:  # noqa: BLE001 - report and go on without it
        print(f"imagecorruptions found but not importable: {type(e).__name__}: {e}")
        return None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--batch", type=int, default=256)
    ap.add_argument("--size", type=int, default=32)
    ap.add_argument("--severity", type=int, default=3)
    ap.add_argument("--repeats", type=int, default=3)
    a = ap.parse_args()
    torch.set_num_threads(1)
    x = objects_on_backgrounds(a.batch, "iid", size=a.size, seed=0).images
    x8 = (x.permute(0, 2, 3, 1).numpy() * 255).round().astype(np.uint8)
    ic = load_imagecorruptions()
    print(f"batch {a.batch} x 3 x {a.size} x {a.size}, severity {a.severity}, torch threads 1; "
          f"imagecorruptions: {'yes' if ic else 'not available (set IMAGECORRUPTIONS_PATH, see the docstring)'}")
    print(f"{'corruption':18s} {'ours (s)':>9s} {'loop/ours':>10s} {'ic/ours':>9s} {'|dx| ours':>10s} {'|dx| ic':>8s}")
    loops, ics = [], []
    for name in CORRUPTIONS:
        ours = timeit(lambda: corrupt(x, name, a.severity, np.random.default_rng(0)), a.repeats)
        loop = timeit(lambda: [corrupt(xi[None], name, a.severity, np.random.default_rng(i)) for i, xi in enumerate(x)], 1, warmup=0)
        r_ic, d_ic = "n/a", "n/a"
        d_ours = (corrupt(x, name, a.severity, np.random.default_rng(0)) - x).abs().mean().item()
        if ic is not None:
            try:
                np.random.seed(0); out = []
                t_ic = timeit(lambda: out.append([ic(xi, severity=a.severity, corruption_name=name) for xi in x8]), 1, warmup=0)
                d_ic = f"{np.abs(np.stack(out[-1]).astype(np.float32) / 255 - x8.astype(np.float32) / 255).mean():8.3f}"
                ics.append(t_ic / ours); r_ic = f"{t_ic / ours:8.1f}x"
            except Exception as e:  # noqa: BLE001
                r_ic = f"fails ({type(e).__name__})"
        loops.append(loop / ours)
        print(f"{name:18s} {ours:9.4f} {loop / ours:9.1f}x {r_ic:>9s} {d_ours:10.3f} {d_ic:>8s}")
    gm = lambda v: float(np.exp(np.mean(np.log(v)))) if v else float("nan")
    print(f"geometric mean: loop/ours {gm(loops):.1f}x" + (f", imagecorruptions/ours {gm(ics):.1f}x over {len(ics)} corruptions" if ics else ""))


if __name__ == "__main__":
    main()
