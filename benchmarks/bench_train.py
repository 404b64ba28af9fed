"""Training throughput of a small ViT with and without bf16 autocast (CPU by default), measured side by side in one run.

Reports images/s for float32 and for bf16 autocast and their ratio; runs `robustbook.core.train.fit` itself (the real loop:
AdamW, cosine schedule, extra-loss plumbing), on random 32 px images.

usage: python benchmarks/bench_train.py [--threads 1] [--steps 20] [--batch 64] [--device cpu]
"""
import argparse, time, statistics
import torch
from robustbook.core.models import small_vit
from robustbook.core.train import fit


def run(bf16, steps, batch, dev, x, y):
    torch.manual_seed(0)
    m = small_vit(img_size=32, patch_size=4, num_classes=10, embed_dim=96, depth=6, num_heads=3)
    fit(m, (x[:batch * 2], y[:batch * 2]), steps=2, batch_size=batch, bf16=bf16, device=dev, progress=False)  # warm-up
    t0 = time.perf_counter()
    h = fit(m, (x, y), steps=steps, batch_size=batch, bf16=bf16, device=dev, progress=False)
    dt = time.perf_counter() - t0
    return steps * batch / dt, h.loss.iloc[-1]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--threads", type=int, default=1); ap.add_argument("--steps", type=int, default=20)
    ap.add_argument("--batch", type=int, default=64); ap.add_argument("--device", default="cpu"); ap.add_argument("--rounds", type=int, default=3)
    a = ap.parse_args()
    if a.threads: torch.set_num_threads(a.threads)
    g = torch.Generator().manual_seed(0)
    x, y = torch.rand(a.steps * a.batch, 3, 32, 32, generator=g), torch.randint(0, 10, (a.steps * a.batch,), generator=g)
    f32, b16 = [], []
    for _ in range(a.rounds):  # interleaved rounds: robust to a busy machine
        f32.append(run(False, a.steps, a.batch, a.device, x, y)[0]); b16.append(run(True, a.steps, a.batch, a.device, x, y)[0])
    print(f"small ViT (32 px, patch 4, dim 96, depth 6), batch {a.batch}, {a.steps} steps, device {a.device}, threads {torch.get_num_threads()}")
    print(f"float32: {statistics.median(f32):7.1f} img/s | bf16 autocast: {statistics.median(b16):7.1f} img/s | "
          f"bf16/float32 throughput ratio {statistics.median([b / f for b, f in zip(b16, f32)]):.2f}x")


if __name__ == "__main__":
    main()
