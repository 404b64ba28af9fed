"""robustbook.geometry.manifold_risk: CIDM kernel + eigenpairs and the Nyström projection, dense all-pairs kernel vs sparse k-NN kernel.

Run: python benchmarks/bench_manifold_risk.py [--n 5000] [--dim 64] [--queries 1000] [--L 20] [--threads 1] [--repeats 1]

Data: N points on a flat torus embedded in `dim` dimensions (a random isometry of (cos u, sin u, cos v, sin v)),
plus small noise. For each kernel ('dense': the N×N kernel, eigsh on the dense matrix, Nyström over all N points;
'knn': the sparse k-NN kernel, k = ⌈log² N⌉) it times `CIDM.fit` and `CIDM.project` of `queries` noisy points, and
prints the dense/knn ratios measured side by side in one run, plus how far the two projections are from the clean
torus (both should be small; they are not required to agree exactly, the kernels differ).
"""
import argparse, statistics, time
import numpy as np
import robustbook  # noqa: F401  (torchvision shim, project conventions)
from robustbook.geometry.manifold_risk import CIDM


def timeit(f, repeats):
    ts, out = [], None
    for _ in range(repeats):
        t = time.perf_counter(); out = f(); ts.append(time.perf_counter() - t)
    return statistics.median(ts), out


def torus(n, dim, rng, noise=0.0):
    g = rng.uniform(0, 2 * np.pi, (n, 2))
    X4 = np.c_[np.cos(g[:, 0]), np.sin(g[:, 0]), np.cos(g[:, 1]), np.sin(g[:, 1])]
    return X4, g, noise


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=5000); ap.add_argument("--dim", type=int, default=64)
    ap.add_argument("--queries", type=int, default=1000); ap.add_argument("--L", type=int, default=20)
    ap.add_argument("--threads", type=int, default=1); ap.add_argument("--repeats", type=int, default=1)
    a = ap.parse_args()
    if a.threads:
        from threadpoolctl import threadpool_limits
        threadpool_limits(a.threads)
    rng = np.random.default_rng(0)
    Qm, _ = np.linalg.qr(rng.normal(size=(a.dim, 4)))               # isometric embedding R^4 -> R^dim
    g = rng.uniform(0, 2 * np.pi, (a.n, 2))
    X = np.c_[np.cos(g[:, 0]), np.sin(g[:, 0]), np.cos(g[:, 1]), np.sin(g[:, 1])] @ Qm.T + 0.01 * rng.normal(size=(a.n, a.dim))
    gq = rng.uniform(0, 2 * np.pi, (a.queries, 2))
    clean_q = np.c_[np.cos(gq[:, 0]), np.sin(gq[:, 0]), np.cos(gq[:, 1]), np.sin(gq[:, 1])] @ Qm.T
    noisy_q = clean_q + 0.1 * rng.normal(size=clean_q.shape)
    print(f"# CIDM on a flat torus in R^{a.dim}: N={a.n}, {a.queries} noisy queries (s.d. 0.1), L={a.L}, threads={a.threads}")
    res = {}
    for kernel in ("knn", "dense"):
        t_fit, cm = timeit(lambda: CIDM(kernel=kernel).fit(X), a.repeats)
        t_proj, P = timeit(lambda: cm.project(noisy_q, L=a.L), a.repeats)
        err_before = float(np.linalg.norm(noisy_q - clean_q, axis=1).mean())
        err_after = float(np.linalg.norm(P - clean_q, axis=1).mean())
        res[kernel] = (t_fit, t_proj)
        print(f"{kernel:>5}: fit {t_fit:7.2f} s   projection {t_proj:7.2f} s   distance to clean {err_before:.3f} -> {err_after:.3f}   (k={cm.k_}, eps={cm.eps:.3f})")
    print(f"ratio dense/knn: fit {res['dense'][0] / res['knn'][0]:.1f}x, projection {res['dense'][1] / res['knn'][1]:.1f}x, "
          f"total {sum(res['dense']) / sum(res['knn']):.1f}x")


if __name__ == "__main__":
    main()
