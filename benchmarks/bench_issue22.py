"""Issue 22's speed items, old vs new in one process: the disentanglement entropies and the meta_manifolds metrics.

Run: python benchmarks/bench_issue22.py [--threads 1] [--n-views 800] [--repeat 5]

1. `disentanglement_scores` (Shukla et al.): the former `np.unique(axis=0)` entropy per column pair, computed twice
   (normalised and not), against the bincount entropies computed once. 1 000 scenes (the small profile's grid),
   5 factors, 96 code dimensions. The outputs are asserted equal.
2. `manifold_metrics` (Gong et al.): the former path (scipy `cdist` in `rips_persistence` and in each of the two k-NN
   graphs) against one `pairwise_distances` matrix shared by the three; on `--n-views` rendered 3×32×32 views and a
   noisy blurred copy standing in for reconstructions. Timed whole and for the distance part alone; asserted equal.
Ratios are medians of interleaved pairs (`_timing.paired`), BLAS limited to `--threads` threads (cdist has one).
"""
import argparse, os, sys
ap = argparse.ArgumentParser()
ap.add_argument("--threads", type=int, default=1)
ap.add_argument("--n-views", type=int, default=800)
ap.add_argument("--repeat", type=int, default=5)
args = ap.parse_args()
for v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"): os.environ[v] = str(args.threads)
sys.path.insert(0, os.path.dirname(__file__))
import numpy as np
from scipy.spatial.distance import cdist
from _timing import paired
from robustbook.generative.disentangle import disentanglement_scores, discretize, _gaps
from robustbook.generative.mrml import render_views, view_directions, reference_summary, manifold_metrics
from robustbook.geometry.topology import (rips_persistence, knn_adjacency, adjacency_spectrum, diagram_distances,
                                          pairwise_distances, _float32_exact, _knn_from_dist)


def _H_old(*cols):
    _, cnt = np.unique(np.stack(cols, 1), axis=0, return_counts=True)
    p = cnt / cnt.sum()
    return float(-(p * np.log2(p)).sum())

def _mi_old(factors, codes, normalize=False):
    Hf = np.array([_H_old(factors[:, f]) for f in range(factors.shape[1])])
    Hc = np.array([_H_old(codes[:, c]) for c in range(codes.shape[1])])
    J = np.array([[_H_old(factors[:, f], codes[:, c]) for c in range(codes.shape[1])] for f in range(factors.shape[1])])
    M = np.maximum(Hf[:, None] + Hc[None, :] - J, 0)
    if normalize: M = np.divide(M, Hc[None, :], out=np.zeros_like(M), where=Hc[None, :] > 0)
    return M, J, Hf, Hc

def scores_old(factors, codes, nb_bins=10):
    "The former disentanglement_scores (discrete factors)."
    cd = discretize(np.asarray(codes, float), nb_bins)
    Mn = _mi_old(factors, cd, normalize=True)[0]
    M, J, Hf, Hc = _mi_old(factors, cd)
    g = _gaps(M, 0)
    G = np.zeros_like(M)
    G[M.argmax(0), np.arange(M.shape[1])] = g
    top = M.argmax(1)
    srt = np.sort(M, 1)
    je = J[np.arange(len(top)), top] - srt[:, -1] + srt[:, -2]
    return dict(mig=float(_gaps(Mn, 1).mean()), dcimig=float(G.max(1).sum() / Hf.sum()),
                mig_sup=float(_gaps(Mn, 0).mean()), jemmig=float((1 - je / (Hf + np.log2(nb_bins))).mean()))

def ref_old(X, ks=(5, 20)):
    X = np.asarray(X, np.float64).reshape(len(X), -1)
    return dict(dgms=rips_persistence(X, maxdim=1), spec={k: adjacency_spectrum(knn_adjacency(X, k)) for k in ks},
                ks=tuple(ks), maxdim=1, symmetric=True, n_landmarks=None, n=len(X))

def metrics_old(R, ref, X, ps=(1, 2)):
    "The former manifold_metrics: Rips and each k-NN graph compute their own cdist."
    R = np.asarray(R, np.float64).reshape(len(R), -1)
    out = dict(mse=float(((R - np.asarray(X, np.float64).reshape(len(X), -1))**2).mean()))
    dg = rips_persistence(R, maxdim=1)
    for p in ps:
        w = diagram_distances(ref["dgms"], dg, p=p)
        for d in range(2): out[f"w{p}_dim{d + 1}"] = w[f"H{d}"]
        out[f"w{p}_total"] = w["total"]
    for k, lam in ref["spec"].items():
        out[f"spec_k{k}"] = float(np.sqrt((np.abs(lam - adjacency_spectrum(knn_adjacency(R, k)))**2).sum()))
    return out

def dist_old(R):
    return cdist(R, R), knn_adjacency(R, 5), knn_adjacency(R, 20)

def dist_new(R):
    D = pairwise_distances(R)
    return _float32_exact(R, D), knn_adjacency(R, 5, dist=D), knn_adjacency(R, 20, dist=D)


rng = np.random.default_rng(0)
fac = np.stack(np.meshgrid(*[np.arange(v) for v in (5, 4, 5, 5, 2)], indexing="ij"), -1).reshape(-1, 5)
codes = np.tanh(fac @ rng.normal(size=(5, 96)) / 4 + 0.5 * rng.normal(size=(len(fac), 96)))
assert scores_old(fac, codes) == disentanglement_scores(fac, codes)
to, tn, r = paired(lambda: scores_old(fac, codes), lambda: disentanglement_scores(fac, codes),
                   repeat=args.repeat, warmup=1)
print(f"disentanglement_scores ({len(fac)}×5 factors, 96 codes): old {to:.3f} s, new {tn:.4f} s, ratio {r:.1f}× "
      "(outputs equal)")

X = render_views(view_directions(args.n_views, "sphere"), size=32, supersample=2).reshape(args.n_views, -1)
X = X.astype(np.float64)
R = np.clip(0.7 * X + 0.3 * X.mean(0) + 0.02 * rng.normal(size=X.shape), 0, 1)
ro, rn = ref_old(X), reference_summary(X)
for a, b in zip(ro["dgms"], rn["dgms"]): assert np.array_equal(a, b)
assert metrics_old(R, ro, X) == manifold_metrics(R, rn, X=X)
o, n = dist_old(R), dist_new(R)
iu = np.triu_indices(len(R), 1)
assert np.array_equal(o[0][iu].astype(np.float32), n[0][iu].astype(np.float32))
assert np.array_equal(o[1], n[1]) and np.array_equal(o[2], n[2])
to, tn, r = paired(lambda: dist_old(R), lambda: dist_new(R), repeat=args.repeat, warmup=1)
print(f"distances for Rips + k=5, 20 graphs ({args.n_views}×{X.shape[1]}): 3 cdist {to:.3f} s, one shared BLAS "
      f"matrix {tn:.3f} s, ratio {r:.1f}× (ripser's float32 input and the graphs equal)")
to, tn, r = paired(lambda: metrics_old(R, ro, X), lambda: manifold_metrics(R, rn, X=X), repeat=args.repeat, warmup=1)
print(f"manifold_metrics whole: old {to:.2f} s, new {tn:.2f} s, ratio {r:.2f}× (outputs equal)")
