"Timing helpers shared by the benchmark scripts: medians of repeats, and interleaved pairs for ratios on a busy machine."
import statistics, time


def timeit(f, repeats=7, warmup=1, clock=time.perf_counter):
    "Median time of `f()` over `repeats` calls, after `warmup` untimed calls."
    for _ in range(warmup): f()
    ts = []
    for _ in range(repeats):
        t = clock(); f(); ts.append(clock() - t)
    return statistics.median(ts)


def paired(fa, fb, repeat=15, warmup=2, clock=time.perf_counter):
    "Median times of fa and fb and the median of the per-pair ratios fa/fb (interleaved: robust to a busy machine)."
    for _ in range(warmup): fa(); fb()
    ta, tb = [], []
    for _ in range(repeat):
        t0 = clock(); fa(); t1 = clock(); fb(); t2 = clock()
        ta.append(t1 - t0); tb.append(t2 - t1)
    return statistics.median(ta), statistics.median(tb), statistics.median([a / b for a, b in zip(ta, tb)])
