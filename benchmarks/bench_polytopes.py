"""Polytope enumeration speed: robustbook.geometry.polytopes vs the LP-only Traversal-and-Pruning of Liu Y. et al.'s toolbox.

The reference below re-expresses the toolbox's algorithm (GoL_Toolbox `get_polytope_list`): for every region, build
A x <= c from its bit vector, then solve one LP per neuron row (maximise a_i x subject to all other rows and the box
rows) to find the active bits, and flip each active bit to queue a neighbour. It uses scipy's HiGHS instead of cvxpy
(which only makes the reference faster). Ours: 2-D polygon clipping (no LP) for planes; in higher dimension, box
pruning + free facet certification by ray shooting + one block-diagonal LP per chunk + skipping rows whose neighbour is
already processed.

Prints regions/second for both, their ratio and whether the region sets are equal, plus a 2-D slice partition of a
64-input net vs a dense grid count. Ratios are measured side by side in one run.

    python benchmarks/bench_polytopes.py [--quick]
"""
import sys, time, argparse
from collections import deque
import numpy as np
import torch
from torch import nn
from scipy.optimize import linprog
from robustbook.geometry.polytopes import (as_plnet, enumerate_regions, pattern_key, grid_patterns, plane_through,
                                  slice_plane)


def reference_traversal(pl, lo, hi):
    "LP-only traversal, one LP per row per region (the article's Algorithm 1 with LP (6) for the active bits)."
    m = pl.in_dim; I = np.eye(m)
    Abox, cbox = np.vstack([I, -I]), np.concatenate([hi, -lo])
    x0 = (lo + hi)/2; s0 = pl.patterns(x0)
    seen = {pattern_key(s0)}; q = deque([s0]); out = []; n_lp = 0
    while q:
        s = q.popleft(); out.append(s)
        A, c = pl.linear_model(s)
        for i in range(len(A)):
            rest = np.delete(np.arange(len(A)), i)
            r = linprog(-A[i], A_ub=np.vstack([A[rest], Abox]), b_ub=np.concatenate([c[rest], cbox]),
                        bounds=[(None, None)]*m, method="highs"); n_lp += 1
            active = r.status == 3 or (r.status == 0 and -r.fun > c[i] + 1e-9*(1 + abs(c[i])))
            if active:
                t = s.copy(); t[i] = ~t[i]; k = pattern_key(t)
                if k not in seen: seen.add(k); q.append(t)
    return out, n_lp


def mlp(dims, seed):
    torch.manual_seed(seed)
    layers = []
    for a, b in zip(dims[:-2], dims[1:-1]): layers += [nn.Linear(a, b), nn.ReLU()]
    return as_plnet(nn.Sequential(*layers, nn.Linear(dims[-2], dims[-1])))


def compare(name, pl, box):
    lo, hi = (np.full(pl.in_dim, float(box[0])), np.full(pl.in_dim, float(box[1])))
    t = time.perf_counter(); ref, n_lp = reference_traversal(pl, lo, hi); t_ref = time.perf_counter() - t
    t = time.perf_counter(); part = enumerate_regions(pl, box=(lo, hi)); t_ours = time.perf_counter() - t
    equal = {pattern_key(s) for s in ref} == {pattern_key(s) for s in part.patterns}
    print(f"{name:34s} regions ref={len(ref):5d} ours={len(part):5d} equal={equal}  "
          f"ref {len(ref)/t_ref:8.1f} reg/s ({n_lp} LPs, {t_ref:.2f}s)  ours {len(part)/t_ours:8.1f} reg/s "
          f"({part.n_lps} LP calls, {t_ours:.3f}s)  ratio {t_ref/t_ours:6.1f}x")
    return t_ref/t_ours, equal


def main(argv=None):
    ap = argparse.ArgumentParser(); ap.add_argument("--quick", action="store_true"); a = ap.parse_args(argv)
    torch.set_num_threads(1)
    print(__doc__.split("\n\n")[0])
    ratios = []
    ratios.append(compare("2-10-10-1 in [-1,1]^2 (2-D path)", mlp([2, 10, 10, 1], 0), (-1, 1)))
    ratios.append(compare("4-8-8-1 in [-1,1]^4 (LP path)", mlp([4, 8, 8, 1], 0), (-1, 1)))
    if not a.quick:
        ratios.append(compare("2-16-16-16-1 in [-2,2]^2 (2-D path)", mlp([2, 16, 16, 16, 1], 1), (-2, 2)))
        ratios.append(compare("5-6-6-1 in [-1,1]^5 (LP path)", mlp([5, 6, 6, 1], 1), (-1, 1)))
    # 2-D slice of a 64-input net through three points vs a dense grid count on the same plane
    net = mlp([64, 32, 32, 10], 2); P = np.random.default_rng(0).uniform(0, 1, (3, 64))
    plane = plane_through(*P); sl = slice_plane(net, plane); ab = plane.coords(P)
    box = (ab.min(0) - 0.5, ab.max(0) + 0.5)
    t = time.perf_counter(); part = enumerate_regions(sl, box=box); t_ours = time.perf_counter() - t
    res = 1001
    t = time.perf_counter(); g = grid_patterns(sl, box, res=res); t_grid = time.perf_counter() - t
    print(f"{'64-32-32-10, slice through 3 points':34s} exact={len(part)} regions in {t_ours:.3f}s; "
          f"{res}x{res} grid sees {len(g)} in {t_grid:.2f}s  ratio {t_grid/t_ours:.1f}x (grid only lower-bounds the count)")
    ok = all(e for _, e in ratios)
    print("equal counts everywhere:", ok, "| ratios:", ", ".join(f"{r:.1f}x" for r, _ in ratios))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
