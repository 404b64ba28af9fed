"""robustbook.geometry.topology: Rips persistence on max-min landmarks vs on the full point cloud (ripser).

Run: python benchmarks/bench_topology.py [--n1 2000] [--m1 400] [--n2 700] [--m2 250] [--threads 1] [--repeats 3]

Data: a noisy embedded torus in R^3 (R = 2, r = 1, noise 0.03) and the same torus isometrically embedded in R^64
(pixel-like ambient dimension). Two cases:
  H1: full Rips persistence up to H1 of n1 points vs of m1 max-min landmarks;
  H2: up to H2 of n2 points vs of m2 landmarks (full H2 grows like n^3-n^4: n2 stays small).
For each it prints the median times, their ratio (full / landmarks, interleaved pairs), the prominent-feature counts
per dimension (the torus: H1 = 2, H2 = 1) and the diagram Wasserstein-2 distance (L-inf ground metric) between the
two H1 (and H2) diagrams, the price of the landmark approximation.
"""
import argparse
import numpy as np
import robustbook  # noqa: F401  (project conventions)
from robustbook.geometry.topology import noisy_torus, rips_persistence, prominent_counts, diagram_distance, top_lifetimes
from _timing import paired


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n1", type=int, default=2000); ap.add_argument("--m1", type=int, default=400)
    ap.add_argument("--n2", type=int, default=700); ap.add_argument("--m2", type=int, default=250)
    ap.add_argument("--dim", type=int, default=64)
    ap.add_argument("--threads", type=int, default=1); ap.add_argument("--repeats", type=int, default=3)
    a = ap.parse_args()
    if a.threads:
        from threadpoolctl import threadpool_limits
        threadpool_limits(a.threads)
    rng = np.random.default_rng(0)
    Q, _ = np.linalg.qr(rng.normal(size=(a.dim, 3)))
    for maxdim, n, m in ((1, a.n1, a.m1), (2, a.n2, a.m2)):
        X = noisy_torus(n, noise=0.03, seed=1) @ Q.T
        out = {}
        t_full, t_lm, ratio = paired(lambda: out.__setitem__("full", rips_persistence(X, maxdim)),
                                     lambda: out.__setitem__("lm", rips_persistence(X, maxdim, n_landmarks=m)),
                                     repeat=a.repeats, warmup=0)
        full, lm = out["full"], out["lm"]
        print(f"maxdim={maxdim}: full n={n}: {t_full:.2f} s   landmarks m={m}: {t_lm:.2f} s   full/landmarks = {ratio:.1f}x")
        print(f"  prominent counts (H0..H{maxdim}): full {prominent_counts(full)}  landmarks {prominent_counts(lm)}")
        for k in range(1, maxdim + 1):
            print(f"  H{k}: top lifetimes full {np.round(top_lifetimes(full)[f'H{k}'], 3)} landmarks "
                  f"{np.round(top_lifetimes(lm)[f'H{k}'], 3)}  W2(full, landmarks) = {diagram_distance(full[k], lm[k]):.3f}")


if __name__ == "__main__":
    main()
