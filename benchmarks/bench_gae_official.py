"""Batched GAE (robustbook.vit.explain.gae_relevance) against the authors' algorithm, side by side in one run.

The reference is RobustViT's `ViT/explainer.py:generate_relevance` re-expressed for a timm ViT (same equations, no
code copied): a forward pass that keeps every block's attention map, then **one `autograd.grad` per block** (each a
backward pass from the target logit down to that block, `retain_graph=True`), and the **full N x N relevance matrix**
`R <- R + mean_h((dy/dA * A)^+) @ R`, read at its [CLS] row, bilinearly upsampled and min-max normalised.
Transformer-Explainability, which RobustViT builds on, explains one image at a time, so both uses are timed:

1. ours at batch B vs the authors' algorithm at batch B (what one backward pass and the CLS-row product buy);
2. ours at batch B vs the authors' algorithm called per image (the per-image loop of the original explainer);
3. ours at batch B vs our own function called per image (what batching alone buys);
4. ours at batch B vs its floor: one forward pass with the attention captured plus one backward pass to the attention
   maps (what any GAE needs), and a plain no-grad forward for scale.

Ratios only (interleaved medians on a shared machine), never absolute pass/fail times; the maps are checked equal.

usage: python benchmarks/bench_gae_official.py [--threads 1] [--clock cpu|wall] [--batch 32]
       [--img 32 --patch 4 --dim 96 --depth 6 --heads 3]
       (ViT-B/16 shape: --img 224 --patch 16 --dim 768 --depth 12 --heads 12, slow on a CPU)
"""
import argparse, time
import torch
import torch.nn.functional as F
from robustbook.core.models import small_vit, capture_attention, get_vit
from robustbook.vit.explain import gae_relevance
from _timing import paired, timeit


def gae_authors(model, x, index):
    "RobustViT's generate_relevance on a timm ViT: per-block autograd.grad, full (B, N, N) R, [CLS] row, upscaled."
    with capture_attention(model) as cap: output = model(x)
    one_hot = F.one_hot(index, output.shape[-1]).float().requires_grad_(True)
    one_hot = torch.sum(one_hot * output)
    B, N = len(x), cap.attn[0].shape[-1]
    R = torch.eye(N, device=x.device).unsqueeze(0).expand(B, N, N)
    for A in cap.attn:
        grad = torch.autograd.grad(one_hot, [A], retain_graph=True)[0]
        cam = (grad * A).clamp(min=0).mean(dim=1)           # avg_heads (rule 5)
        R = R + torch.matmul(cam, R)                         # apply_self_attention_rules (rule 6)
    rel = R[:, 0, get_vit(model).num_prefix_tokens:].reshape(B, 1, *cap.grid)
    rel = F.interpolate(rel, size=tuple(x.shape[-2:]), mode="bilinear").reshape(B, -1)
    lo, hi = rel.min(1, keepdim=True)[0], rel.max(1, keepdim=True)[0]
    return ((rel - lo) / (hi - lo)).reshape(B, *x.shape[-2:]).detach()


def fwd_bwd(model, x, index):
    "The floor of any GAE: a forward pass keeping the attention maps, one backward pass from the target logits to them."
    x = x.detach().requires_grad_(True)
    with capture_attention(model) as cap: out = model(x)
    return torch.autograd.grad(out.gather(1, index[:, None]).sum(), cap.attn)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--img", type=int, default=32)
    ap.add_argument("--patch", type=int, default=4)
    ap.add_argument("--dim", type=int, default=96)
    ap.add_argument("--depth", type=int, default=6)
    ap.add_argument("--heads", type=int, default=3)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--clock", choices=("cpu", "wall"), default="cpu",
                    help="cpu: this process's CPU time (with --threads 1, robust to other jobs on a shared machine)")
    a = ap.parse_args()
    clock = time.process_time if a.clock == "cpu" else time.perf_counter
    if a.threads: torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    model = small_vit(img_size=a.img, patch_size=a.patch, embed_dim=a.dim, depth=a.depth, num_heads=a.heads).eval()
    x = torch.rand(a.batch, 3, a.img, a.img)
    with torch.no_grad(): target = model(x).argmax(1)
    print(f"ViT {a.img}px patch {a.patch} ({(a.img // a.patch) ** 2 + 1} tokens), dim {a.dim}, depth {a.depth}, "
          f"heads {a.heads}; batch {a.batch}; threads {torch.get_num_threads()}; clock {a.clock}")

    ours = lambda: gae_relevance(model, x, target)
    authors = lambda: gae_authors(model, x, target)
    authors_loop = lambda: torch.cat([gae_authors(model, x[i:i+1], target[i:i+1]) for i in range(len(x))])
    ours_loop = lambda: torch.cat([gae_relevance(model, x[i:i+1], target[i:i+1]) for i in range(len(x))])
    err = max((ours() - f()).abs().max().item() for f in (authors, authors_loop))
    print(f"max |ours - authors'| over the batch: {err:.1e}")

    t_a, t_o, r_a = paired(authors, ours, repeat=a.repeat, warmup=1, clock=clock)
    print(f"1. authors' algorithm at batch {a.batch}: {t_a*1e3:8.1f} ms | ours {t_o*1e3:8.1f} ms | "
          f"speed-up {r_a:.1f}x (paired median)")
    t_al, t_o2, r_al = paired(authors_loop, ours, repeat=max(2, a.repeat // 2), warmup=1, clock=clock)
    print(f"2. authors' algorithm per image:   {t_al*1e3:8.1f} ms | ours {t_o2*1e3:8.1f} ms | speed-up {r_al:.1f}x")
    t_ol = timeit(ours_loop, repeats=max(2, a.repeat // 2), warmup=1, clock=clock)
    print(f"3. our function per image:         {t_ol*1e3:8.1f} ms | ours {t_o*1e3:8.1f} ms | "
          f"speed-up {t_ol / t_o:.1f}x")
    t_f, t_o3, r_f = paired(lambda: fwd_bwd(model, x, target), ours, repeat=a.repeat, warmup=1, clock=clock)
    with torch.no_grad(): t_n = timeit(lambda: model(x), repeats=a.repeat, warmup=1, clock=clock)
    print(f"4. floor (forward + one backward): {t_f*1e3:8.1f} ms | ours {t_o3*1e3:8.1f} ms | ours / floor "
          f"{1 / r_f:.2f} (plain forward {t_n*1e3:.1f} ms)")


if __name__ == "__main__":
    main()
