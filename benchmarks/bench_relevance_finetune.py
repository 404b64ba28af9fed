"""Ratios for robustbook.vit.relevance_finetune, measured side by side in one run (never absolute pass/fail times).

1. one RobustViT finetuning step (batched GAE kept in the graph + L_bg, L_fg, L_cls + backward + AdamW) vs a plain
   CE step on the same batch and model;
2. the official training step re-expressed (hila-chefer/RobustViT imagenet_finetune.py: `generate_relevance` one
   image at a time — full N x N R = I, R += mean_h((grad*A)^+) R — then a second, hook-free forward for L_cls) vs ours
   (one batched capture pass; the logits reused);
3. the relevance alone: batched differentiable GAE vs the official per-image loop (no backward);
4. GradMask and RRR steps (double backward through the input gradient) vs the CE step.

Both implementations give the same loss (checked before timing).

usage: python benchmarks/bench_relevance_finetune.py [--threads 1] [--img 32 --patch 4 --dim 64 --depth 4 --heads 4 --batch 8]
"""
import argparse, time, statistics
import torch
import torch.nn.functional as F
from robustbook.core.models import small_vit, capture_attention, get_vit
from robustbook.vit.relevance_finetune import (RobustViTLoss, GradientMaskLoss, relevance_forward, bg_loss, fg_loss,
                                           confidence_loss, LAMBDAS)


from _timing import paired

def official_relevance(model, x, target):
    "RobustViT ViT/explainer.py generate_relevance, one image at a time, differentiable through A (grads constant)."
    vit = get_vit(model); k = vit.num_prefix_tokens
    out = []
    for i in range(len(x)):
        with capture_attention(model) as cap:
            logits = model(x[i:i+1])
        y = logits[0, int(target[i])]
        grads = torch.autograd.grad(y, cap.attn, retain_graph=True)      # no create_graph: constants
        N = cap.attn[0].shape[-1]
        R = torch.eye(N, device=x.device)
        for A, G in zip(cap.attn, grads):
            cam = (G[0] * A[0]).clamp(min=0).mean(0)
            R = R + cam @ R
        rel = R[0, k:].reshape(1, 1, *cap.grid)
        rel = F.interpolate(rel, size=x.shape[-2:], mode="bilinear", align_corners=False)
        out.append((rel - rel.min()) / (rel.max() - rel.min()).clamp_min(1e-12))
    return torch.cat(out)[:, 0]


def official_loss(model, batch, lam=LAMBDAS):
    x, y, S = batch
    R = official_relevance(model, x, y)
    logits = model(x)                                                     # the second, hook-free forward
    rel = lam["bg"] * bg_loss(R, S) + lam["fg"] * fg_loss(R, S, "mask")
    return lam["rel"] * rel + lam["cls"] * confidence_loss(logits)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--img", type=int, default=32); ap.add_argument("--patch", type=int, default=4)
    ap.add_argument("--dim", type=int, default=64); ap.add_argument("--depth", type=int, default=4); ap.add_argument("--heads", type=int, default=4)
    ap.add_argument("--batch", type=int, default=8); ap.add_argument("--repeat", type=int, default=15)
    ap.add_argument("--device", default="cpu")
    a = ap.parse_args()
    if a.threads: torch.set_num_threads(a.threads)
    torch.manual_seed(0); dev = torch.device(a.device)
    model = small_vit(img_size=a.img, patch_size=a.patch, embed_dim=a.dim, depth=a.depth, num_heads=a.heads, num_classes=10).to(dev).eval()
    x = torch.rand(a.batch, 3, a.img, a.img, device=dev); y = torch.randint(0, 10, (a.batch,), device=dev)
    S = torch.zeros(a.batch, a.img, a.img, device=dev); S[:, a.img // 4: 3 * a.img // 4, a.img // 4: 3 * a.img // 4] = 1
    batch = (x, y, S)
    obj = RobustViTLoss(fg_target="mask")
    opt = torch.optim.AdamW(model.parameters(), lr=0.0)                  # lr 0: the model stays the same while timing
    ours, off = obj(model, batch), official_loss(model, batch)
    assert torch.allclose(ours, off, rtol=1e-4, atol=1e-6), (ours.item(), off.item())
    gm, rrr = GradientMaskLoss("gradmask"), GradientMaskLoss("rrr")

    def step(lossf):
        def f():
            opt.zero_grad(set_to_none=True); lossf().backward(); opt.step()
        return f
    ce_step = step(lambda: F.cross_entropy(model(x), y))
    ours_step = step(lambda: obj(model, batch))
    off_step = step(lambda: official_loss(model, batch))
    print(f"ViT img {a.img} patch {a.patch} dim {a.dim} depth {a.depth} heads {a.heads}, batch {a.batch}, "
          f"threads {torch.get_num_threads()}, device {dev}; loss ours {ours.item():.6f} = official {off.item():.6f}")
    t1, t0, r = paired(ours_step, ce_step, a.repeat)
    print(f"1. RobustViT step vs CE step:          {t1*1e3:8.2f} ms vs {t0*1e3:8.2f} ms  ratio {r:5.2f}x")
    t1, t0, r = paired(off_step, ours_step, a.repeat)
    print(f"2. official per-image step vs ours:     {t1*1e3:8.2f} ms vs {t0*1e3:8.2f} ms  speed-up {r:5.2f}x")
    t1, t0, r = paired(lambda: official_relevance(model, x, y), lambda: relevance_forward(model, x, y), a.repeat)
    print(f"3. official per-image GAE vs batched:   {t1*1e3:8.2f} ms vs {t0*1e3:8.2f} ms  speed-up {r:5.2f}x")
    for name, o in (("GradMask", gm), ("RRR", rrr)):
        t1, t0, r = paired(step(lambda o=o: o(model, batch)), ce_step, a.repeat)
        print(f"4. {name:8s} step vs CE step:         {t1*1e3:8.2f} ms vs {t0*1e3:8.2f} ms  ratio {r:5.2f}x")


if __name__ == "__main__":
    main()
