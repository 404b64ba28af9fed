"""Cost of ε-approximate nullspace noise synthesis and of one Alg. 1 finetuning round (CPU by default).

1. Noise synthesis steps/s with the clean patch tokens and logits cached once per pool (`TokenPool(cache=True)`,
   what `epsilon_noise` does) vs a loop that recomputes them at every step (the authors' loop), at a fixed number of
   steps (ε tiny so the early stop never fires); and the time to reach the ε boundary (ε = 0.03) both ways.
2. One finetuning round (noise to ε, then S model steps on CE(clean) + CE(noisy)) relative to one plain training
   step (CE(clean), AdamW), i.e. how many plain steps a round costs.
3. The pooled-δ stop (`stop_on='pool'`: every step also measures the influence over the whole pool) against the
   minibatch stop, at a fixed number of steps: the cost per noise step of the stop rule the small profile uses.

Measurements are interleaved and repeated (`--rounds`), medians reported: robust to a busy machine.

usage: python benchmarks/bench_nullspace.py [--threads 1] [--steps 40] [--batch 64] [--S 20] [--device cpu]
"""
import argparse, time, statistics, copy
import torch
import torch.nn.functional as F
from robustbook.core.models import small_vit
from robustbook.vit.nullspace import epsilon_noise, nullspace_finetune


def model(dev):
    torch.manual_seed(0)
    m = small_vit(img_size=32, patch_size=8, embed_dim=64, depth=4, num_heads=4, num_classes=10).to(dev).eval()
    with torch.no_grad(): m.net.head.weight.mul_(10)  # a confident classifier: noise moves its output
    return m


def synth(m, x, steps, batch, cache, eps=1e-12, stop_on="batch"):
    t0 = time.perf_counter()
    _, info = epsilon_noise(m, x, eps=eps, max_steps=steps, batch_size=batch, cache=cache, stop_on=stop_on)
    return time.perf_counter() - t0, info


def plain_steps(m, x, y, n, batch):
    opt = torch.optim.AdamW(m.parameters(), lr=1e-5); m.train()
    t0 = time.perf_counter()
    for i in range(n):
        j = (i * batch) % (len(x) - batch)
        loss = F.cross_entropy(m(x[j:j+batch]), y[j:j+batch]); opt.zero_grad(); loss.backward(); opt.step()
    m.eval()
    return (time.perf_counter() - t0) / n


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--threads", type=int, default=1); ap.add_argument("--steps", type=int, default=40)
    ap.add_argument("--batch", type=int, default=64); ap.add_argument("--S", type=int, default=20)
    ap.add_argument("--pool", type=int, default=512); ap.add_argument("--device", default="cpu"); ap.add_argument("--rounds", type=int, default=3)
    a = ap.parse_args()
    if a.threads: torch.set_num_threads(a.threads)
    dev = torch.device(a.device)
    g = torch.Generator().manual_seed(0)
    x, y = torch.rand(a.pool, 3, 32, 32, generator=g).to(dev), torch.randint(0, 10, (a.pool,), generator=g).to(dev)
    m = model(dev)
    synth(m, x[:a.batch * 2], 2, a.batch, True); synth(m, x[:a.batch * 2], 2, a.batch, False)  # warm-up
    cached, plain, to_eps_c, to_eps_p, step_t, round_t, nsteps, pooled = [], [], [], [], [], [], [], []
    for _ in range(a.rounds):
        tc, _ = synth(m, x, a.steps, a.batch, True); tp, _ = synth(m, x, a.steps, a.batch, False)
        cached.append(a.steps / tc); plain.append(a.steps / tp)
        tq, _ = synth(m, x, a.steps, a.batch, True, stop_on="pool")
        pooled.append(a.steps / tq)
        tc, ic = synth(m, x, 3000, a.batch, True, eps=0.03); tp, ip = synth(m, x, 3000, a.batch, False, eps=0.03)
        to_eps_c.append(tc); to_eps_p.append(tp); nsteps.append(ic["steps"])
        mm = copy.deepcopy(m)
        step_t.append(plain_steps(mm, x, y, a.S, a.batch))
        t0 = time.perf_counter()
        nullspace_finetune(mm, (x, y), rounds=1, steps=a.S, eps=0.03, noise_images=a.pool, batch_size=a.batch, lr=1e-5)
        round_t.append(time.perf_counter() - t0)
    med = statistics.median
    print(f"small ViT (32 px, patch 8, dim 64, depth 4), batch {a.batch}, pool {a.pool}, device {a.device}, threads {torch.get_num_threads()}")
    print(f"noise synthesis: cached clean logits {med(cached):6.1f} steps/s | recomputed {med(plain):6.1f} steps/s | "
          f"speed-up {med([c / p for c, p in zip(cached, plain)]):.2f}x")
    print(f"pooled-δ stop (influence over all {a.pool} pool images every step): {med(pooled):6.1f} steps/s = "
          f"{med([c / q for c, q in zip(cached, pooled)]):.2f}x the minibatch stop's cost per step")
    print(f"to the ε = 0.03 boundary ({med(nsteps):.0f} steps): cached {med(to_eps_c):.2f} s | recomputed {med(to_eps_p):.2f} s")
    print(f"one round (noise to ε + S = {a.S} steps): {med(round_t):.2f} s = {med([r / s for r, s in zip(round_t, step_t)]):.1f} plain "
          f"training steps ({med(step_t) * 1e3:.1f} ms each); i.e. {med([r / (s * a.S) for r, s in zip(round_t, step_t)]):.2f}x "
          f"the cost of S plain steps")


if __name__ == "__main__":
    main()
