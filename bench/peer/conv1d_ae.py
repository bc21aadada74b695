"""PyTorch peer of workload 3: the SmartNetGuard L1 Conv1D autoencoder of lib/models/conv1d-ae.ts (buildL1Model,
default options) in torch, layer for layer:
  encoder  En1..En4: Conv1d(k=3, 'same') -> LayerNorm over channels (eps 1e-3, Keras's) -> LeakyReLU(0.2) -> Dropout(0.1),
           filters 256 -> 128 -> 64 -> 32; En4 = global average over time of the last block's output;
  bottleneck Dense(8) -> LayerNorm -> LeakyReLU, squeeze-and-excitation Dense(2, relu) -> Dense(8, sigmoid) -> multiply;
  decoder  RepeatVector(112) -> De1 block (32) + Conv1d(32, 1) of the last encoder block's output -> De2 (64) -> De3 (128)
           -> De4 (256) -> Conv1d(F, 1) linear.
Init as Keras: Glorot-uniform kernels (He-normal for the SE squeeze, as the TF.js builder), zero biases, LayerNorm 1/0.
Training as lib/train trainAutoencoder: shuffled batches of 128, Huber(delta 1) averaged over all values, AdamW(lr 1e-3,
weight decay 1e-4 on kernels only -- biases and norm parameters exempt, eps 1e-7), global-norm clipping 1.0, then the
validation pass over 64 windows. Scoring: per-window MSE of all 2,048 windows at batch 256.
Threads: torch.set_num_threads(--threads, default 2 = the machine's cores). Tensors are channels-first [B, C, T]
inside (torch's Conv1d layout); LayerNorm transposes to [B, T, C] and back, as a torch user would.
Run: /usr/bin/python3 bench/peer/conv1d_ae.py [--threads 2] [--runs 3]
"""
import common  # first: it sets the BLAS/OpenMP thread environment before torch loads

import torch
import torch.nn.functional as F
from torch import nn


class ChannelLayerNorm(nn.LayerNorm):
    """LayerNorm over the channel axis of [B, C, T]."""

    def forward(self, x):
        return super().forward(x.transpose(1, 2)).transpose(1, 2)


class Block(nn.Module):
    def __init__(self, cin, cout, kernel, dropout, alpha):
        super().__init__()
        self.conv = nn.Conv1d(cin, cout, kernel, padding="same")
        self.norm = ChannelLayerNorm(cout, eps=1e-3)
        self.act = nn.LeakyReLU(alpha)
        self.drop = nn.Dropout(dropout)
        common.keras_init_dense(self.conv)

    def forward(self, x):
        return self.drop(self.act(self.norm(self.conv(x))))


class L1Model(nn.Module):
    def __init__(self, window, features, filters=(256, 128, 64, 32), kernel=3, bottleneck=8, dropout=0.1, alpha=0.2, se_ratio=4):
        super().__init__()
        self.window = window
        chans = [features, *filters]
        self.enc = nn.ModuleList(Block(chans[i], chans[i + 1], kernel, dropout, alpha) for i in range(len(filters)))
        self.bottleneck = nn.Linear(filters[-1], bottleneck)
        self.b_norm = nn.LayerNorm(bottleneck, eps=1e-3)
        self.b_act = nn.LeakyReLU(alpha)
        self.se_squeeze = nn.Linear(bottleneck, max(1, bottleneck // se_ratio))
        self.se_excite = nn.Linear(max(1, bottleneck // se_ratio), bottleneck)
        dec = list(reversed(filters))
        dchans = [bottleneck, *dec]
        self.dec = nn.ModuleList(Block(dchans[i], dchans[i + 1], kernel, dropout, alpha) for i in range(len(dec)))
        self.skip = nn.Conv1d(filters[-1], dec[0], 1)
        self.out = nn.Conv1d(dec[-1], features, 1)
        for m in [self.bottleneck, self.se_excite, self.skip, self.out]:
            common.keras_init_dense(m)
        nn.init.kaiming_normal_(self.se_squeeze.weight, nonlinearity="relu")
        nn.init.zeros_(self.se_squeeze.bias)

    def forward(self, x):  # x [B, T, F]
        h = x.transpose(1, 2)
        for b in self.enc:
            enc_out = b.conv(h)  # the skip takes the last block's conv output (En4_conv), as lib/models/conv1d-ae.ts
            h = b.drop(b.act(b.norm(enc_out)))
        z = self.b_act(self.b_norm(self.bottleneck(h.mean(dim=2))))
        z = z * torch.sigmoid(self.se_excite(F.relu(self.se_squeeze(z))))
        h = z.unsqueeze(2).expand(-1, -1, self.window)  # RepeatVector, channels-first
        for i, b in enumerate(self.dec):
            h = b(h)
            if i == 0:
                h = h + self.skip(enc_out)
        return self.out(h).transpose(1, 2)


def main():
    args = common.parse_args()
    w = common.workloads()["conv1d-ae"]
    n, T, Fdim = w["n"], w["window"], w["features"]
    x = common.random_data((n, T, Fdim), w["seed"])
    val = common.random_data((w["val"], T, Fdim), w["seed"] + 1)
    torch.manual_seed(w["seed"])
    model = L1Model(T, Fdim)
    decay = [p for name, p in model.named_parameters() if name.endswith("weight") and "norm" not in name]
    no_decay = [p for name, p in model.named_parameters() if not (name.endswith("weight") and "norm" not in name)]
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": w["weight_decay"]}, {"params": no_decay, "weight_decay": 0.0}],
                            lr=w["learning_rate"], eps=1e-7)
    bs = w["batch_size"]
    last = {}

    def huber(r, t):
        return F.huber_loss(r, t, delta=w["huber_delta"])

    def epoch():
        last.update(common.train_epoch(model, opt, x, val, bs, huber, w["clipnorm"]))

    common.measure(f"conv1d-ae epoch b{bs}", n, "windows/s", args, epoch,
                   lambda: {"shape": [n, T, Fdim], "batch_size": bs, "params": sum(p.numel() for p in model.parameters()),
                            "last_epoch_loss": last["loss"]})
    sbs = w["score_batch_size"]

    def score():
        return common.score_errors(model, x, sbs)

    common.measure(f"conv1d-ae score b{sbs}", n, "windows/s", args, score, lambda: {"batch_size": sbs})


if __name__ == "__main__":
    common.main_guard(main)
