"""PyTorch peer of workload 4: the GRU NIDS classifier of lib/models/gru-classifier.ts (buildNidsModel) in torch.

Architecture, mirrored layer for layer: Linear(80 -> 64, no bias) -> GRU(64, no bias; reset_after as FastGRU)
-> Dropout(0.2) on its last state -> Linear(64 -> 15, no bias); seq_len 1. Init as Keras (Glorot-uniform kernels,
orthogonal recurrent kernel). Training as lib/nids trainNidsClassifier: shuffled batches of 32, sample-weighted
cross-entropy (sum of w * nll / sum of w per batch), AdamW(lr 2e-3, weight decay 1e-2, eps 1e-7), global-norm
clipping 1.0, then the validation pass over 1,024 flows. Data as bench/nids.bench.ts: standard-normal flows,
class c drawn with probability proportional to 1/(c+1), balanced weights (same distribution, torch's own draws).
Run: /usr/bin/python3 bench/peer/nids.py [--threads 2] [--runs 3]
"""
import common  # first: it sets the BLAS/OpenMP thread environment before torch loads

import torch
from torch import nn


class GruNids(nn.Module):
    def __init__(self, features, hidden, classes, dropout):
        super().__init__()
        self.proj = nn.Linear(features, hidden, bias=False)
        self.gru = nn.GRU(hidden, hidden, batch_first=True, bias=False)
        self.drop = nn.Dropout(dropout)
        self.out = nn.Linear(hidden, classes, bias=False)
        common.keras_init_dense(self.proj)
        common.keras_init_gru(self.gru)
        common.keras_init_dense(self.out)

    def forward(self, x):
        _, last = self.gru(self.proj(x))
        return self.out(self.drop(last[0]))


def flows(n, features, classes, seed):
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(n, 1, features, generator=g)
    p = torch.tensor([1.0 / (c + 1) for c in range(classes)])
    y = torch.multinomial(p / p.sum(), n, replacement=True, generator=g)
    counts = torch.bincount(y, minlength=classes).clamp(min=1).float()
    w = (n / (classes * counts))[y]
    return x, y, w


def weighted_ce(logits, y, w):
    nll = nn.functional.cross_entropy(logits, y, reduction="none")
    return (w * nll).sum() / w.sum()


def main():
    args = common.parse_args()
    w = common.workloads()["nids"]
    n, bs = w["n"], w["batch_size"]
    x, y, wt = flows(n, w["features"], w["classes"], w["seed"])
    vx, vy, vw = flows(1024, w["features"], w["classes"], w["seed"] + 2)
    torch.manual_seed(w["seed"])
    model = GruNids(w["features"], 64, w["classes"], 0.2)
    opt = torch.optim.AdamW(model.parameters(), lr=0.002, weight_decay=0.01, eps=1e-7)
    last = {}

    def epoch():
        model.train()
        order = torch.randperm(n)
        total, weight = 0.0, 0.0
        for s in range(0, n, bs):
            idx = order[s:s + bs]
            opt.zero_grad(set_to_none=True)
            loss = weighted_ce(model(x[idx]), y[idx], wt[idx])
            loss.backward()
            nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            total += loss.detach() * wt[idx].sum()
            weight += wt[idx].sum()
        model.eval()
        with torch.no_grad():
            last["val_loss"] = weighted_ce(model(vx), vy, vw).item()
        last["loss"] = (total / weight).item()

    common.measure(f"nids epoch b{bs}", n, "flows/s", args, epoch,
                   lambda: {"flows": n, "features": w["features"], "classes": w["classes"], "batch_size": bs,
                            "params": sum(p.numel() for p in model.parameters()), "last_epoch_loss": last["loss"]})


if __name__ == "__main__":
    common.main_guard(main)
