"""Shared pieces of the PyTorch peers: arguments, timing (warm-up + median of >= 3 runs), peak RSS,
Keras-like initialisation, and the result line bench/run.ts parses (same fields as bench/harness.ts)."""
import argparse
import json
import os
import resource
import statistics
import sys
import time

# Debian's torch calls OpenBLAS (pthreads) for matrix products and OpenMP for everything else: two
# pools of 2 threads each on 2 cores, and OpenMP threads that spin between regions, made epochs 3-10x
# slower and erratic (measured). One BLAS thread inside torch's own pool and passive OpenMP waits gave the
# fastest, steadiest epochs (b64 2.5 s, b256 1.5 s vs 4-19 s). Set before torch loads; the runner sets them too.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import torch  # noqa: E402
from torch import nn  # noqa: E402

RESULT_PREFIX = "@@bench "
HERE = os.path.dirname(os.path.abspath(__file__))


def workloads():
    """bench/workloads.json: the shapes both implementations read."""
    with open(os.path.join(HERE, "..", "workloads.json")) as f:
        return json.load(f)


def parse_args(extra=None):
    p = argparse.ArgumentParser()
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--warmup", type=int, default=1)
    p.add_argument("--threads", type=int, default=2, help="torch.set_num_threads (default 2 = this machine's cores)")
    if extra:
        extra(p)
    a = p.parse_args()
    if a.runs < 3:
        p.error("--runs must be >= 3")
    torch.set_num_threads(a.threads)
    # Inter-op threads would only matter for parallel graph branches; one keeps the count stated honest.
    torch.set_num_interop_threads(1)
    return a


def backend_label():
    return (f"torch {torch.__version__} cpu, {torch.get_num_threads()} threads "
            f"(OPENBLAS_NUM_THREADS={os.environ.get('OPENBLAS_NUM_THREADS')}, OMP_WAIT_POLICY={os.environ.get('OMP_WAIT_POLICY')})")


def peak_rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def measure(workload, items, unit, args, run, detail=None):
    """Warm up, time args.runs runs of run(), print the human line and the result line."""
    for _ in range(args.warmup):
        run()
    runs, cpu = [], []
    for _ in range(args.runs):
        c0 = time.process_time()  # user + system CPU of all the process's threads
        t0 = time.perf_counter()
        run()
        runs.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    med = statistics.median(runs)
    r = {
        "workload": workload, "impl": "torch", "median_s": med, "runs_s": runs, "cpu_s": cpu, "throughput": items / med, "unit": unit,
        "peak_rss_mb": peak_rss_mb(), "backend": backend_label(), "detail": detail() if detail else None,
    }
    print(f"{workload:<28} {med:9.3f} s  {items / med:.1f} {unit}  CPU {statistics.median(cpu):.2f} s  peak RSS {r['peak_rss_mb']:.0f} MiB  {r['backend']}  "
          f"(runs: {', '.join(f'{s:.2f}' for s in runs)} s)")
    print(RESULT_PREFIX + json.dumps(r), flush=True)
    return r


def keras_init_gru(gru: nn.GRU):
    """Keras GRU defaults: kernel Glorot-uniform over [D, 3U], recurrent kernel orthogonal over [U, 3U], biases 0.
    torch stores the transposes ([3U, D], [3U, U]), which have the same fans and orthonormal columns."""
    for name, p in gru.named_parameters():
        if name.startswith("weight_ih"):
            nn.init.xavier_uniform_(p)
        elif name.startswith("weight_hh"):
            nn.init.orthogonal_(p)
        else:
            nn.init.zeros_(p)


def keras_init_dense(lin: nn.Module):
    """Keras Dense/Conv1D defaults: Glorot-uniform kernel, zero bias (torch's fans for Conv1d weight [out, in, k] match Keras's)."""
    nn.init.xavier_uniform_(lin.weight)
    if lin.bias is not None:
        nn.init.zeros_(lin.bias)


def random_data(shape, seed):
    g = torch.Generator().manual_seed(seed)
    return torch.randn(*shape, generator=g)


def train_epoch(model, opt, x, val, batch_size, loss_fn, clipnorm):
    """One shuffled epoch with global-norm clipping, then the validation loss; returns {loss, val_loss}."""
    model.train()
    n = x.shape[0]
    order = torch.randperm(n)
    total = 0.0
    for s in range(0, n, batch_size):
        xb = x[order[s:s + batch_size]]
        opt.zero_grad(set_to_none=True)
        loss = loss_fn(model(xb), xb)
        loss.backward()
        nn.utils.clip_grad_norm_(model.parameters(), clipnorm)
        opt.step()
        total += loss.detach() * xb.shape[0]
    model.eval()
    with torch.no_grad():
        val_loss = loss_fn(model(val), val).item()
    return {"loss": total.item() / n, "val_loss": val_loss}


def score_errors(model, x, batch_size):
    """Mean squared reconstruction error per sample, in inference mode and batches."""
    model.eval()
    n = x.shape[0]
    out = torch.empty(n)
    with torch.no_grad():
        for s in range(0, n, batch_size):
            xb = x[s:s + batch_size]
            out[s:s + batch_size] = torch.mean((model(xb) - xb) ** 2, dim=tuple(range(1, xb.dim())))
    return out.numpy()


def main_guard(fn):
    try:
        fn()
    except Exception as e:  # the runner shows stderr; exit non-zero
        print(f"peer failed: {e!r}", file=sys.stderr)
        raise
