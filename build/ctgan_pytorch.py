#!/usr/bin/env python3
"""CTGAN in PyTorch, written from the paper (Xu et al. 2019) and ../shared/docs/algorithms.md, as the
speed peer of our managed engine: the same network trained on the same encoded rows.

Input: a folder written by `MLNet.Gan.Benchmarks export-encoded DATASET FOLDER` (our encoder's output
and its spans), so that both programs train the very same widths. Output: training rows/s per epoch
(rows per epoch / seconds per epoch) and the mean of epochs 2..N, as the reference protocol measures it.

The data sampler is vectorized (one NumPy draw per batch, not a Python loop per row), so this is a
harder peer than a program that samples row by row; everything else follows the paper: generator
128-d noise + condition, two residual blocks Linear(256) -> BatchNorm -> ReLU concatenated to their
input, tanh on each alpha and Gumbel-softmax (tau 0.2) on each one-hot; critic on packs of 10 rows,
[Linear(256) -> LeakyReLU(0.2) -> Dropout(0.5)] x 2 -> Linear(1); WGAN-GP (lambda 10, one interpolation
weight per pack) with the conditional cross-entropy; Adam 2e-4, betas (0.5, 0.9), weight decay 1e-6;
batch 500; one critic step per generator step.

Usage: python3 build/ctgan_pytorch.py FOLDER [--epochs 4] [--threads 2] [--seed 0]
Runs on Debian's python3-torch (`apt-get install python3-torch`), i.e. /usr/bin/python3.
"""
import argparse
import time

import numpy as np
import torch
from torch import nn
from torch.nn import functional as F

EMBEDDING, HIDDEN, PAC, BATCH = 128, 256, 10, 500


def read(folder):
    spans = []
    with open(f"{folder}/spans.tsv") as f:
        next(f)
        for line in f:
            start, length, activation, condition = line.split("\t")
            spans.append((int(start), int(length), activation, condition.strip() == "1"))
    width = spans[-1][0] + spans[-1][1]
    data = np.fromfile(f"{folder}/encoded.f32", dtype="<f4").reshape(-1, width)
    return data, spans


class ConditionSampler:
    """Training by sampling: a discrete column uniformly, a category by log(1 + count), a real row with it."""

    def __init__(self, data, spans, rng):
        self.rng = rng
        self.columns = [(s, n) for s, n, _, c in spans if c]
        self.width = sum(n for _, n in self.columns)
        self.offsets = np.cumsum([0] + [n for _, n in self.columns])[:-1]
        probabilities, rows, starts, counts = [], [], [], []
        at = 0
        for s, n in self.columns:
            category = data[:, s:s + n].argmax(1)
            count = np.bincount(category, minlength=n)
            p = np.log1p(count)
            probabilities.append(p / p.sum())
            for k in range(n):
                index = np.flatnonzero(category == k)
                rows.append(index)
                starts.append(at)
                counts.append(len(index))
                at += len(index)
        self.probabilities = probabilities
        self.rows = np.concatenate(rows)
        self.starts = np.array(starts)
        self.counts = np.array(counts)

    def draw(self, batch):
        column = self.rng.integers(len(self.columns), size=batch)
        category = np.empty(batch, dtype=np.int64)
        for j in np.unique(column):
            at = column == j
            category[at] = self.rng.choice(len(self.probabilities[j]), size=at.sum(), p=self.probabilities[j])
        condition = np.zeros((batch, self.width), dtype=np.float32)
        condition[np.arange(batch), self.offsets[column] + category] = 1
        return column, category, condition

    def real_rows(self, column, category):
        cell = self.offsets[column] + category  # the flat (column, category) index
        pick = (self.rng.random(len(cell)) * self.counts[cell]).astype(np.int64)
        return self.rows[self.starts[cell] + pick]


class Residual(nn.Module):
    def __init__(self, i, o):
        super().__init__()
        self.fc, self.bn = nn.Linear(i, o), nn.BatchNorm1d(o)

    def forward(self, x):
        return torch.cat([F.relu(self.bn(self.fc(x))), x], dim=1)


class Generator(nn.Module):
    def __init__(self, inputs, width):
        super().__init__()
        self.net = nn.Sequential(Residual(inputs, HIDDEN), Residual(inputs + HIDDEN, HIDDEN), nn.Linear(inputs + 2 * HIDDEN, width))

    def forward(self, x):
        return self.net(x)


class Critic(nn.Module):
    def __init__(self, inputs):
        super().__init__()
        self.net = nn.Sequential(
            nn.Linear(inputs * PAC, HIDDEN), nn.LeakyReLU(0.2), nn.Dropout(0.5),
            nn.Linear(HIDDEN, HIDDEN), nn.LeakyReLU(0.2), nn.Dropout(0.5),
            nn.Linear(HIDDEN, 1))

    def forward(self, x):
        return self.net(x.view(-1, x.shape[1] * PAC))

    def gradient_penalty(self, real, fake):
        alpha = torch.rand(real.shape[0] // PAC, 1, 1).repeat(1, PAC, real.shape[1]).view(-1, real.shape[1])
        mixed = (alpha * real + (1 - alpha) * fake).requires_grad_(True)
        gradient = torch.autograd.grad(self(mixed).sum(), mixed, create_graph=True)[0]
        norm = gradient.view(-1, PAC * real.shape[1]).norm(2, dim=1)
        return ((norm - 1) ** 2).mean() * 10


def activate(raw, spans):
    parts = []
    for s, n, activation, _ in spans:
        piece = raw[:, s:s + n]
        parts.append(torch.tanh(piece) if activation == "tanh" else F.gumbel_softmax(piece, tau=0.2))
    return torch.cat(parts, dim=1)


def conditional_cross_entropy(raw, sampler, column, category):
    loss = torch.zeros(raw.shape[0])
    for j in np.unique(column):
        at = torch.from_numpy(np.flatnonzero(column == j))
        s, n = sampler.columns[j]
        loss[at] = F.cross_entropy(raw[at, s:s + n], torch.from_numpy(category[column == j]), reduction="none")
    return loss.mean()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("folder")
    parser.add_argument("--epochs", type=int, default=4)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    data, spans = read(args.folder)
    rows, width = data.shape
    sampler = ConditionSampler(data, spans, np.random.default_rng(args.seed))
    tensor = torch.from_numpy(data)
    generator = Generator(EMBEDDING + sampler.width, width)
    critic = Critic(width + sampler.width)
    optimizer_g = torch.optim.Adam(generator.parameters(), lr=2e-4, betas=(0.5, 0.9), weight_decay=1e-6)
    optimizer_d = torch.optim.Adam(critic.parameters(), lr=2e-4, betas=(0.5, 0.9), weight_decay=1e-6)
    steps = max(rows // BATCH, 1)
    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads, {rows:,} rows x {width} encoded, condition {sampler.width}, {steps} steps per epoch")
    rates = []
    for epoch in range(args.epochs):
        clock = time.perf_counter()
        for _ in range(steps):
            # critic step
            column, category, condition = sampler.draw(BATCH)
            c = torch.from_numpy(condition)
            z = torch.randn(BATCH, EMBEDDING)
            with torch.no_grad():  # the critic step needs no generator gradients
                fake = activate(generator(torch.cat([z, c], dim=1)), spans)
            permutation = sampler.rng.permutation(BATCH)
            real = tensor[torch.from_numpy(sampler.real_rows(column[permutation], category[permutation]))]
            c_real = c[torch.from_numpy(permutation)]
            fake_in = torch.cat([fake, c], dim=1).detach()
            real_in = torch.cat([real, c_real], dim=1)
            loss_d = critic(fake_in).mean() - critic(real_in).mean() + critic.gradient_penalty(real_in, fake_in)
            optimizer_d.zero_grad(set_to_none=False)
            loss_d.backward()
            optimizer_d.step()
            # generator step
            column, category, condition = sampler.draw(BATCH)
            c = torch.from_numpy(condition)
            z = torch.randn(BATCH, EMBEDDING)
            raw = generator(torch.cat([z, c], dim=1))
            fake = activate(raw, spans)
            loss_g = -critic(torch.cat([fake, c], dim=1)).mean() + conditional_cross_entropy(raw, sampler, column, category)
            optimizer_g.zero_grad(set_to_none=False)
            loss_g.backward()
            optimizer_g.step()
        rate = steps * BATCH / (time.perf_counter() - clock)
        rates.append(rate)
        print(f"epoch {epoch + 1}: {rate:,.0f} rows/s  loss D {loss_d.item():.3f}  G {loss_g.item():.3f}")
    print(f"training rows/s, mean of epochs 2..{args.epochs}: {np.mean(rates[1:]):,.0f}")


if __name__ == "__main__":
    main()
