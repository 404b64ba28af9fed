"""Ratios for robustbook.vit.explain / robustbook.core.models, measured side by side in one run (never absolute pass/fail times).

1. forward with attention capture vs timm's plain (fused-attention) forward, same model and batch (aim: <= 1.3x);
2. batched GAE relevance (batch 32) vs the per-image loop of the official code (one image at a time, full N x N R);
3. batched GAE vs our own implementation called per image (what batching alone buys).

usage: python benchmarks/bench_explain.py [--threads 1] [--img 32 --patch 4 --dim 96 --depth 6 --heads 3] [--device cpu]
"""
import argparse, time, statistics
import torch
from robustbook.core.models import small_vit, capture_attention, get_vit
from robustbook.vit.explain import gae_relevance
import torch.nn.functional as F


from _timing import paired, timeit as _timeit

def timeit(fn, repeat=7, warmup=2): return _timeit(fn, repeat, warmup)

def gae_official_loop(model, x, target):
    "RobustViT explainer.generate_relevance, one image at a time: full R = I; R += mean_h((grad*A)^+) @ R."
    out = []
    k = get_vit(model).num_prefix_tokens
    for i in range(len(x)):
        with capture_attention(model) as cap:
            logits = model(x[i:i+1])
        y = logits[0, int(target[i])]
        grads = torch.autograd.grad(y, cap.attn, retain_graph=True)
        N = cap.attn[0].shape[-1]
        R = torch.eye(N, device=x.device)
        for A, G in zip(cap.attn, grads):
            cam = (G[0] * A[0].detach()).clamp(min=0).mean(0)
            R = R + cam @ R
        rel = R[0, k:].reshape(1, 1, *cap.grid)
        rel = F.interpolate(rel, size=x.shape[-2:], mode="bilinear")
        out.append((rel - rel.min()) / (rel.max() - rel.min()))
    return torch.cat(out)[:, 0]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--img", type=int, default=32); ap.add_argument("--patch", type=int, default=4)
    ap.add_argument("--dim", type=int, default=96); ap.add_argument("--depth", type=int, default=6); ap.add_argument("--heads", type=int, default=3)
    ap.add_argument("--batch", type=int, default=32); ap.add_argument("--device", default="cpu")
    a = ap.parse_args()
    if a.threads: torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    dev = torch.device(a.device)
    model = small_vit(img_size=a.img, patch_size=a.patch, embed_dim=a.dim, depth=a.depth, num_heads=a.heads).to(dev).eval()
    x = torch.rand(a.batch, 3, a.img, a.img, device=dev)
    print(f"model: ViT {a.img}px patch {a.patch} ({(a.img // a.patch) ** 2} patches), dim {a.dim}, depth {a.depth}, heads {a.heads}; "
          f"batch {a.batch}; device {dev}; threads {torch.get_num_threads()}")

    def cap_fwd(**kw):
        with capture_attention(model, **kw) as cap: model(x)
    with torch.no_grad():
        t_cap, t_plain, r = paired(cap_fwd, lambda: model(x))
        t_caps, _, rs = paired(lambda: cap_fwd(scores=True), lambda: model(x))
    t_cap_graph, t_plain_graph, rg = paired(lambda: cap_fwd(), lambda: model(x))  # in the graph, as GAE/losses use it
    print(f"forward, no grad:   capture {t_cap*1e3:7.1f} ms  plain {t_plain*1e3:7.1f} ms  ratio {r:.2f}x (aim <= 1.3x); with scores too {rs:.2f}x")
    print(f"forward, with grad: capture {t_cap_graph*1e3:7.1f} ms  plain {t_plain_graph*1e3:7.1f} ms  ratio {rg:.2f}x")

    target = model(x).argmax(1)
    ours = gae_relevance(model, x, target)
    ref = gae_official_loop(model, x, target)
    err = (ours - ref).abs().max().item()
    t_batch = timeit(lambda: gae_relevance(model, x, target), repeat=5)
    t_loop_ours = timeit(lambda: torch.cat([gae_relevance(model, x[i:i+1], target[i:i+1]) for i in range(len(x))]), repeat=3, warmup=1)
    t_loop_off = timeit(lambda: gae_official_loop(model, x, target), repeat=3, warmup=1)
    print(f"GAE batch {a.batch}: {t_batch*1e3:7.1f} ms | per-image official-style loop {t_loop_off*1e3:7.1f} ms "
          f"(speed-up {t_loop_off/t_batch:.1f}x) | our function per image {t_loop_ours*1e3:7.1f} ms (speed-up {t_loop_ours/t_batch:.1f}x); "
          f"max |diff| vs loop {err:.1e}")


if __name__ == "__main__":
    main()
