"""Spatial-entropy loss (SAR): batched torch components vs the official per-map CPU loop; SE overhead in a ViT step.

Run: python benchmarks/bench_spatial_entropy.py [--batch 64] [--heads 6] [--repeats 5] [--threads 1]

Prints ratios measured side by side in one run (never absolute pass/fail times):
  1. the SE loss (components + pooling, forward and forward+backward) at batch x heads maps on 14x14 and 8x8 grids:
     `robustbook.vit.spatial_entropy.spatial_entropy_loss` (default backend on CPU: one batched scipy call) vs `spatial_entropy_loop` (the authors' algorithm re-expressed:
     one map at a time on the CPU, a label call per map, one mask per component) with scipy, and with OpenCV
     (`cv2.connectedComponents`, as in the official code) when opencv-python-headless is installed;
  2. the connected-component labelling alone, batched vs the per-map scipy/OpenCV loop;
  3. the overhead of SAR in one small-ViT training step (AdamW, batch `--batch`, embed 192, depth 6, 6 heads):
     the step with the last block's q/k hooked and L_se added (what `SARLoss` does), vs the plain step, interleaved.
     Target: <= 15 %.
"""
import argparse, statistics, time
import numpy as np, scipy.ndimage as ndi
import torch, torch.nn.functional as F
import robustbook  # installs the torchvision shim before timm
from robustbook.vit.spatial_entropy import connected_components, spatial_entropy_loss, spatial_entropy_loop

try:
    import cv2
except ImportError:  # optional reference
    cv2 = None


# Single-threaded CPU time of this process (time.process_time): on a shared machine it is far less sensitive to other
# jobs than wall-clock time, and with one torch thread it measures the same work.
clock = time.process_time


from _timing import timeit as _timeit

def timeit(f, repeats, warmup=1): return _timeit(f, repeats, warmup, clock=clock)

def attention_like(B, H, k, seed=0):
    "Smooth random scores plus a little noise: maps with a few blobs above the mean, as a trained ViT's."
    rng = np.random.default_rng(seed)
    s = ndi.gaussian_filter(rng.standard_normal((B, H, k, k)), (0, 0, 1.0, 1.0)) + 0.05 * rng.standard_normal((B, H, k, k))
    return torch.from_numpy(s).float().reshape(B, H, k * k)


def bench_loss(B, H, k, repeats):
    S = attention_like(B, H, k)
    rows = []
    ours_f = timeit(lambda: spatial_entropy_loss(S), repeats)
    def fb(fn):
        def g():
            X = S.clone().requires_grad_(); fn(X).backward()
        return g
    ours_fb = timeit(fb(spatial_entropy_loss), repeats)
    refs = [("scipy", "scipy")] + ([("opencv", "cv2")] if cv2 is not None else [])
    for name, lab in refs:
        ref = lambda X, lab=lab: spatial_entropy_loop(X, labeler=lab)
        assert abs(ref(S).item() - spatial_entropy_loss(S).item()) < 1e-4, "reference and ours disagree"
        rf = timeit(lambda: ref(S), max(2, repeats // 2))
        rfb = timeit(fb(ref), max(2, repeats // 2))
        rows.append((f"SE loss fwd      {k:2d}x{k:<2d} B*H={B*H}: ours vs per-map {name:6s}", ours_f, rf))
        rows.append((f"SE loss fwd+bwd  {k:2d}x{k:<2d} B*H={B*H}: ours vs per-map {name:6s}", ours_fb, rfb))
    # the torch backend (what runs on a GPU) on this CPU, against the scipy per-map loop
    t_torch = timeit(fb(lambda X: spatial_entropy_loss(X, backend="torch")), repeats)
    rows.append((f"SE loss fwd+bwd  {k:2d}x{k:<2d} B*H={B*H}: torch backend vs per-map scipy", t_torch, rows[1][2]))
    # labelling alone
    M = (S > S.mean(-1, keepdim=True)).view(B * H, k, k)
    ours_l = timeit(lambda: connected_components(M), repeats)
    rows.append((f"labelling only   {k:2d}x{k:<2d} B*H={B*H}: torch backend vs batched scipy", timeit(lambda: connected_components(M, backend="torch"), repeats), ours_l))
    Mn = M.numpy(); st = np.ones((3, 3), int)
    t_s = timeit(lambda: [ndi.label(m, structure=st) for m in Mn], max(2, repeats // 2))
    rows.append((f"labelling only   {k:2d}x{k:<2d} B*H={B*H}: ours vs per-map scipy ", ours_l, t_s))
    if cv2 is not None:
        Mu = Mn.astype(np.uint8)
        t_c = timeit(lambda: [cv2.connectedComponents(m, connectivity=8) for m in Mu], max(2, repeats // 2))
        rows.append((f"labelling only   {k:2d}x{k:<2d} B*H={B*H}: ours vs per-map opencv", ours_l, t_c))
    return rows


def bench_step(B, img, patch, repeats, heads=6):
    "One AdamW step of a small ViT: plain vs SAR (last-block q/k hook + L_se, what `SARLoss` adds), interleaved."
    from robustbook.core.models import small_vit
    from robustbook.vit.spatial_entropy import capture_qk, set_last_block
    k = img // patch
    x = torch.rand(B, 3, img, img); y = torch.randint(0, 10, (B,))
    torch.manual_seed(0)
    model = set_last_block(small_vit(img_size=img, patch_size=patch, num_classes=10, embed_dim=192, depth=6,
                                     num_heads=heads), "sar")
    opt = torch.optim.AdamW(model.parameters(), lr=1e-4)
    def timed(sar):
        rec = capture_qk(model) if sar else None
        try:
            t = clock()
            opt.zero_grad(set_to_none=True)
            loss = F.cross_entropy(model(x), y)
            if sar: loss = loss + 0.01 * spatial_entropy_loss(rec.scores())
            loss.backward(); opt.step()
            return clock() - t
        finally:
            if rec is not None: rec.remove()
    timed(False); timed(True)
    ts = {False: [], True: []}
    for _ in range(repeats):   # interleaved, so that load on the machine hits both alike
        for sar in (False, True): ts[sar].append(timed(sar))
    S = attention_like(B, heads, k).requires_grad_()
    se = timeit(lambda: spatial_entropy_loss(S).backward(), repeats)
    return k, statistics.median(ts[False]), statistics.median(ts[True]), se


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--batch", type=int, default=64); p.add_argument("--heads", type=int, default=6)
    p.add_argument("--repeats", type=int, default=5); p.add_argument("--threads", type=int, default=1)
    p.add_argument("--no-step", action="store_true", help="skip the ViT training-step overhead")
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    global clock
    if a.threads != 1: clock = time.perf_counter   # CPU time would add up the threads
    print(f"torch {torch.__version__}, threads={torch.get_num_threads()}, opencv={'yes ' + cv2.__version__ if cv2 else 'not installed'}")
    print(f"timing: median {'CPU' if clock is time.process_time else 'wall'} time of {a.repeats} runs; batch {a.batch} x {a.heads} heads")
    print(f"{'measurement':70s} {'ours ms':>9s} {'ref ms':>9s} {'speed-up':>9s}")
    for k in (14, 8):
        for name, ours, ref in bench_loss(a.batch, a.heads, k, a.repeats):
            print(f"{name:70s} {ours*1e3:9.2f} {ref*1e3:9.2f} {ref/ours:8.1f}x")
    if not a.no_step:
        for img, patch in ((56, 4), (32, 4)):
            k, plain, sar, se = bench_step(a.batch, img, patch, a.repeats)
            print(f"ViT step (embed 192, depth 6, 6 heads, {k}x{k} grid, batch {a.batch}): plain {plain*1e3:.1f} ms, "
                  f"SAR (q/k hook + L_se) {sar*1e3:.1f} ms -> overhead {100*(sar/plain-1):+.1f} %; "
                  f"L_se fwd+bwd alone {se*1e3:.1f} ms = {100*se/plain:.1f} % of the plain step")


if __name__ == "__main__":
    main()
