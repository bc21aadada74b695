"""PyTorch peer of workloads 1 and 2: the GRU-SAE of lib/models/gru-sae.ts (buildGruSae) in torch.

Architecture, mirrored layer for layer: GRU(64, sequences) -> Dropout(0.1) -> GRU(32, last state = latent)
-> RepeatVector(20) -> GRU(32, sequences) -> Dropout -> GRU(64, sequences) -> Dropout -> Linear(32) per step.
torch's nn.GRU is the reset_after form (Keras reset_after=True, as FastGRU). Init as Keras: Glorot-uniform
kernels, orthogonal recurrent kernels, zero biases. Training as lib/train trainAutoencoder: shuffled batches,
MSE, Adam(lr 1e-3, eps 1e-7 = TF.js's), global-norm clipping 1.0, then the validation pass over 64 sequences.
Threads: torch.set_num_threads(--threads, default 2 = the machine's cores), printed in every result.
Run: /usr/bin/python3 bench/peer/gru_ae.py --mode train|score [--threads 2] [--runs 3]
"""
import common  # first: it sets the BLAS/OpenMP thread environment before torch loads

import torch
import torch.nn.functional as F
from torch import nn


class GruSae(nn.Module):
    def __init__(self, features, seq_len, enc_units, dec_units, dropout):
        super().__init__()
        self.seq_len = seq_len
        self.enc = nn.ModuleList()
        d = features
        for u in enc_units:
            self.enc.append(nn.GRU(d, u, batch_first=True))
            d = u
        self.dec = nn.ModuleList()
        for u in dec_units:
            self.dec.append(nn.GRU(d, u, batch_first=True))
            d = u
        self.drop = nn.Dropout(dropout)
        self.out = nn.Linear(d, features)
        for g in [*self.enc, *self.dec]:
            common.keras_init_gru(g)
        common.keras_init_dense(self.out)

    def forward(self, x):
        h = x
        for i, g in enumerate(self.enc):
            seq, last = g(h)
            # Non-last encoder GRUs return sequences followed by dropout; the last one's final state is the latent.
            h = self.drop(seq) if i < len(self.enc) - 1 else last[0]
        h = h.unsqueeze(1).expand(-1, self.seq_len, -1)  # RepeatVector
        for g in self.dec:
            h = self.drop(g(h)[0])
        return self.out(h)


def main():
    args = common.parse_args(lambda p: p.add_argument("--mode", choices=["train", "score"], required=True))
    W = common.workloads()
    w = W["gru-ae"]
    x = common.random_data((w["n"], w["seq_len"], w["features"]), w["seed"])
    val = common.random_data((w["val"], w["seq_len"], w["features"]), w["seed"] + 1)
    n = w["n"]

    def build():
        torch.manual_seed(w["seed"])
        return GruSae(w["features"], w["seq_len"], w["encoder_units"], w["decoder_units"], w["dropout"])

    if args.mode == "train":
        for bs in w["batch_sizes"]:
            model = build()
            opt = torch.optim.Adam(model.parameters(), lr=w["learning_rate"], eps=1e-7)
            last = {}

            def epoch():
                last.update(common.train_epoch(model, opt, x, val, bs, F.mse_loss, w["clipnorm"]))

            common.measure(f"gru-ae epoch b{bs}", n, "seq/s", args, epoch,
                           lambda: {"shape": [n, w["seq_len"], w["features"]], "batch_size": bs,
                                    "params": sum(p.numel() for p in model.parameters()), "last_epoch_loss": last["loss"]})
    else:
        model = build().eval()
        for bs in W["gru-ae-score"]["batch_sizes"]:
            def score():
                return common.score_errors(model, x, bs)

            common.measure(f"gru-ae score b{bs}", n, "seq/s", args, score, lambda: {"batch_size": bs})


if __name__ == "__main__":
    common.main_guard(main)
