"""robustbook.vit.perceptual_alignment: decoder-Jacobian tangent spaces and the gradient-norm-regularised training step.

Run: python benchmarks/bench_perceptual_alignment.py [--batch 8] [--latent 16] [--size 28] [--repeats 3] [--threads 1]

Prints ratios measured side by side in one run (never absolute pass/fail times):
  1. tangent space of images through the ConvAutoencoder decoder (robustbook.core.models): `decoder_jacobian(method='forward')`
     (one batched forward-mode JVP with the k latent basis vectors as tangents) vs the authors' procedure, one backward
     pass per output pixel, image by image (what CIFAR10-EstimateTangentSpace.ipynb does), and vs per-pixel backward
     passes shared by a whole batch, for one image and for a batch; the Jacobians are checked to agree;
  2. one SGD step of a small CNN with the gradient-norm penalty (double backprop, `gradient_norm_loss`) vs a plain
     cross-entropy step, and the other three objectives (smoothness, randomized smoothing, 10-step L2 PGD) for scale.
"""
import argparse, statistics, time
import torch, torch.nn as nn, torch.nn.functional as F
import robustbook  # installs the torchvision shim
from robustbook.core.models import ConvAutoencoder, small_cnn
from robustbook.vit.perceptual_alignment import decoder_jacobian, orthonormal_basis, robust_objective


from _timing import timeit

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--batch', type=int, default=8); ap.add_argument('--latent', type=int, default=16)
    ap.add_argument('--size', type=int, default=28); ap.add_argument('--repeats', type=int, default=3)
    ap.add_argument('--threads', type=int, default=1)
    a = ap.parse_args()
    if a.threads: torch.set_num_threads(a.threads)
    torch.manual_seed(0)

    print(f"# 1. tangent space: ConvAutoencoder decoder, latent k={a.latent}, image 1x{a.size}x{a.size} (d={a.size**2})")
    ae = ConvAutoencoder(1, a.size, a.latent).eval()
    for B in (1, a.batch):
        z = torch.randn(B, a.latent)
        Jf, Jb = decoder_jacobian(ae.decode, z), decoder_jacobian(ae.decode, z, method='backward')
        err = (Jf - Jb).abs().max().item() / Jb.abs().max().item()
        tf = timeit(lambda: orthonormal_basis(decoder_jacobian(ae.decode, z)), a.repeats)
        # the authors' procedure: one image at a time, one backward pass per output pixel
        official = lambda: [orthonormal_basis(decoder_jacobian(ae.decode, z[i:i+1], method='backward')) for i in range(B)]
        to = timeit(official, max(1, a.repeats // 2))
        line = f"batch {B:3d}: official per-image per-pixel backward {to*1e3:9.1f} ms | forward-mode {tf*1e3:7.1f} ms | speed-up x{to/tf:7.1f}"
        if B > 1:  # a stronger reference: per-pixel backward passes shared by the whole batch
            tb = timeit(lambda: orthonormal_basis(decoder_jacobian(ae.decode, z, method='backward')), max(1, a.repeats // 2))
            line += f" | batched per-pixel backward {tb*1e3:8.1f} ms (x{tb/tf:5.1f})"
        print(line + f" | max rel. diff {err:.1e}")

    print(f"\n# 2. one SGD step of small_cnn(width=16) on a batch of 64 Fashion-MNIST-sized images")
    model = small_cnn(10, 1, a.size, width=16, act=lambda: nn.Softplus(beta=20))
    opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    x, y = torch.rand(64, 1, a.size, a.size), torch.randint(0, 10, (64,))
    def step(obj):
        def f():
            opt.zero_grad(); loss, _ = obj(model, x, y); loss.backward(); opt.step()
        return f
    base = timeit(step(robust_objective('none', 0)), a.repeats * 3)
    print(f"plain cross-entropy step: {base*1e3:.1f} ms")
    for kind, s, kw in [('gnorm', 0.01, {}), ('gnorm', 0.01, dict(scaling='official')), ('smooth', 1.0, {}),
                        ('rand_smooth', 0.1, {}), ('pgd', 1.0, dict(steps=10)), ('pgd', 1.0, dict(steps=10, norm='batch'))]:
        t = timeit(step(robust_objective(kind, s, **kw)), a.repeats * 3)
        print(f"{kind:11s} {str(kw):32s} step / plain step = x{t/base:5.2f}")


if __name__ == '__main__':
    main()
