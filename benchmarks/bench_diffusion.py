"""robustbook.generative.diffusion: samples per second of the batched / respaced samplers vs a naive per-step Python loop.

Run: python benchmarks/bench_diffusion.py [--arch mlp|unet] [--size 16] [--batch 256] [--S 50] [--T 1000] [--threads 1]

Times, in one run on the same (untrained: the cost does not depend on the weights) ε-network:
- naive: a textbook DDPM loop, one image at a time, all T steps, Python-float coefficients;
- batched: `robustbook.generative.diffusion.sample` on a batch, all T steps;
- respaced: the same on a uniform S-step grid (what LMD's inpainting uses);
- inpaint: `robustbook.generative.diffusion.inpaint` with S steps on the batch (LMD Algorithm 2, one attempt).
Prints samples per second and the speed-ups over the naive loop; the batched and naive samplers agree in
distribution (same update; checked on the exact ε of a Gaussian in the library notebook).
"""
import argparse, math, sys, time
from pathlib import Path
import torch
import robustbook  # noqa: F401  (torchvision shim, project conventions)
from robustbook.generative.diffusion import Schedule, EpsMLP, UNet, sample, inpaint, get_mask
sys.path.insert(0, str(Path(__file__).parent))
from _timing import timeit


@torch.no_grad()
def naive_sample(model, sched, shape):
    "One image at a time: a per-step Python loop over all T steps (σ² = β)."
    x = torch.randn(shape)
    betas, abar = sched.betas.tolist(), sched.abar.tolist()
    for t in range(sched.T, 0, -1):
        ab_t, beta = abar[t], betas[t - 1]
        eps = model(x, torch.full((shape[0],), float(t)))
        x = (x - beta / math.sqrt(1 - ab_t) * eps) / math.sqrt(1 - beta)
        if t > 1: x = x + math.sqrt(beta) * torch.randn(shape)
    return x


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--arch", default="mlp", choices=["mlp", "unet"]); ap.add_argument("--size", type=int, default=16)
    ap.add_argument("--batch", type=int, default=256); ap.add_argument("--S", type=int, default=50)
    ap.add_argument("--T", type=int, default=1000); ap.add_argument("--naive", type=int, default=2, help="images for the naive loop")
    ap.add_argument("--threads", type=int, default=1); ap.add_argument("--repeats", type=int, default=3)
    a = ap.parse_args()
    if a.threads:
        from threadpoolctl import threadpool_limits
        threadpool_limits(a.threads); torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    net = (EpsMLP(a.size ** 2, hidden=512, depth=4, emb_dim=128, residual=True) if a.arch == "mlp"
           else UNet(1, base=32, ch_mult=(1, 2), num_res=1, img_size=a.size)).eval()
    sched = Schedule.linear(a.T)
    shape = (1, a.size, a.size)
    print(f"# {a.arch} ε-net ({sum(p.numel() for p in net.parameters()) / 1e6:.2f}M params), {a.size}x{a.size}, T={a.T}, S={a.S}, "
          f"batch={a.batch}, threads={a.threads}")
    t_naive = timeit(lambda: [naive_sample(net, sched, (1, *shape)) for _ in range(a.naive)], repeats=1, warmup=0)
    rows = {"naive per-image loop, T steps": a.naive / t_naive}
    rows["batched, T steps"] = a.batch / timeit(lambda: sample(net, sched, (a.batch, *shape)), repeats=1, warmup=0)
    rows[f"batched respaced, S={a.S}"] = a.batch / timeit(lambda: sample(net, sched, (a.batch, *shape), S=a.S), repeats=a.repeats)
    x0 = torch.rand(a.batch, *shape) * 2 - 1; M = get_mask("checkerboard_alt", a.size, 8)
    rows[f"inpaint (LMD), S={a.S}"] = a.batch / timeit(lambda: inpaint(net, sched, x0, M, S=a.S), repeats=a.repeats)
    base = rows["naive per-image loop, T steps"]
    for k, v in rows.items(): print(f"{k:>32}: {v:9.2f} samples/s   ({v / base:7.1f}x naive)")


if __name__ == "__main__":
    main()
