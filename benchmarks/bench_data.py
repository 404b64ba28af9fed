"""Objects-on-backgrounds generation: robustbook's vectorised generator vs a plain per-image implementation.

Run: python benchmarks/bench_data.py [--n 10000] [--sizes 32 64] [--reference-n 1000]

For each image size, prints the time to generate `--n` images with `robustbook.core.data.objects_on_backgrounds` (one
vectorised call: numpy patterns, one batched `grid_sample` for all items) and the ratio against the same scene
written the plain way, one image at a time with PIL (scale and rotate the Fashion-MNIST item with `Image.resize` /
`Image.rotate`, paste it on that image's background, threshold the warped alpha for the mask). The reference is run
on `--reference-n` images and scaled linearly to `--n` (it is linear in n; say --reference-n 10000 to time it whole).
Also prints the size of the split as a compact cache file (uint8 images + bit-packed masks, npz-compressed).
Times are single-threaded process CPU time (torch.set_num_threads(1); time.process_time).
"""
import argparse, io, time
import numpy as np
import torch
from PIL import Image
import robustbook  # installs the torchvision shim
from robustbook.core.data import (objects_on_backgrounds, load_fashion_mnist, render_backgrounds, TRAIN_RANGES,
                             MASK_THRESHOLD, SEEN_BACKGROUNDS, _colours)

clock = time.process_time


def plain_reference(n, size, seed=0, p_spurious=0.9):
    "The same kind of scene, one image at a time with PIL (the straightforward implementation)."
    rng = np.random.default_rng(seed)
    ims, lbs = load_fashion_mnist("train")
    out_x = np.empty((n, 3, size, size), np.float32); out_m = np.empty((n, size, size), bool); out_y = np.empty(n, np.int64)
    for k in range(n):
        y = int(rng.integers(10)); idx = rng.choice(np.flatnonzero(lbs == y))
        bg = y if rng.random() < p_spurious else (y + int(rng.integers(1, 10))) % 10
        s = rng.uniform(*TRAIN_RANGES["scale"]); ang = rng.uniform(*TRAIN_RANGES["angle"])
        dx, dy = rng.uniform(*TRAIN_RANGES["offset"], 2)
        item = Image.fromarray(ims[idx]); side = max(1, round(s * size))
        item = item.resize((side, side), Image.BILINEAR).rotate(ang, Image.BILINEAR, expand=True)
        canvas = Image.new("L", (size, size))
        w = item.size[0]
        canvas.paste(item, (round(size/2 + dx*size - w/2), round(size/2 + dy*size - w/2)))
        a = np.asarray(canvas, np.float32) / max(1, ims[idx].max())
        m = a > MASK_THRESHOLD
        col = _colours(rng, 1, 0.7, 1.0)[0]
        back = render_backgrounds(np.array([bg]), size, rng)[0]
        out_x[k] = np.where(m[None], (0.45 + 0.55*a)[None] * col[:, None, None], back)
        out_m[k], out_y[k] = m, y
    return out_x, out_y, out_m


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=10000)
    ap.add_argument("--sizes", type=int, nargs="+", default=[32, 64])
    ap.add_argument("--reference-n", type=int, default=1000)
    a = ap.parse_args()
    torch.set_num_threads(1)
    load_fashion_mnist("train"); load_fashion_mnist("test")  # read the idx files once, outside the timings
    objects_on_backgrounds(10, size=32)                     # warm up (texture resizing is cached)
    print(f"n = {a.n} images per split, torch threads 1")
    print(f"{'size':>4s} {'split':>12s} {'ours (s)':>9s} {'img/s':>9s} {'plain/ours':>11s} {'cache MB':>9s}")
    for size in a.sizes:
        for split in ("train", "si_rotation", "bg_unseen"):
            t = clock(); d = objects_on_backgrounds(a.n, split, size=size, seed=0); ours = clock() - t
            ratio = ""
            if split == "train":
                t = clock(); plain_reference(a.reference_n, size); ref = (clock() - t) * a.n / a.reference_n
                ratio = f"{ref / ours:10.1f}x"
            buf = io.BytesIO()
            np.savez_compressed(buf, images=(d.images.numpy() * 255).round().astype(np.uint8),
                                masks=np.packbits(d.masks.numpy(), axis=-1), labels=d.labels.numpy().astype(np.uint8))
            print(f"{size:4d} {split:>12s} {ours:9.2f} {a.n / ours:9.0f} {ratio:>11s} {buf.tell() / 1e6:9.1f}")


if __name__ == "__main__":
    main()
