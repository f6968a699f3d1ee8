#!/usr/bin/env python3
"""PyTorch reference for dpfah's training step and encoding (bench/README.md).

Builds torchvision's ResNet18 / ResNet50 (ImageNet stem) with dpfah's head -- hash layer
Linear(F->K) + tanh, classifier Linear(K->C) reading the codes -- and, with --attention pfa,
SimAM after conv2 / before bn2 of every residual block (dpfah's PFA at placement auto). It then
times either training steps with dpfah's default objective (DPSH pairwise likelihood against a
code memory of all training images, softmax cross-entropy, quantisation; weights 1, 1, 0.1;
Adam, lr 1e-3, weight decay 1e-5, per-step cosine learning rate) or encoding (eval mode, no
gradient), on random images, and prints one line:

  bench impl=pytorch mode=train ... images_per_s=... user_s_per_step=... sys_s_per_step=...

Runs on Debian's python3-torch 1.13 / python3-torchvision 0.14 (/usr/bin/python3).
"""

import argparse
import math
import platform
import resource
import statistics
import sys
import time


def parse_args(argv=None):
    p = argparse.ArgumentParser(
        description="Time dpfah's network (training step or encoding) in eager PyTorch; prints one"
        " machine-readable 'bench ...' line on stdout.")
    p.add_argument("--mode", choices=["train", "encode"], default="train",
                   help="train: forward + loss + backward + Adam; encode: eval forward, no grad"
                   " (default: %(default)s)")
    p.add_argument("--backbone", choices=["resnet18", "resnet50"], default="resnet18",
                   help="torchvision ResNet, ImageNet stem (default: %(default)s)")
    p.add_argument("--size", type=int, default=32, help="image side in pixels (default: %(default)s)")
    p.add_argument("--attention", choices=["none", "pfa"], default="none",
                   help="pfa = SimAM after conv2, before bn2 in every block (default: %(default)s)")
    p.add_argument("--batch", type=int, default=64, help="training batch (default: %(default)s)")
    p.add_argument("--encode-batch", type=int, default=256,
                   help="encoding batch (default: %(default)s)")
    p.add_argument("--bits", type=int, default=64, help="hash code length K (default: %(default)s)")
    p.add_argument("--classes", type=int, default=10, help="classes C (default: %(default)s)")
    p.add_argument("--train-images", type=int, default=5000,
                   help="rows N of the code memory (training images; default: %(default)s, as"
                   " fmnist-hash and cifar10)")
    p.add_argument("--warmup", type=int, default=5, help="untimed steps (default: %(default)s)")
    p.add_argument("--warmup-seconds", type=float, default=0.0,
                   help="untimed steps go on until this many seconds have passed, at least"
                   " --warmup of them (default: %(default)s)")
    p.add_argument("--steps", type=int, default=30, help="timed steps (default: %(default)s)")
    p.add_argument("--threads", type=int, default=0,
                   help="torch.set_num_threads, 0 = torch's default (default: %(default)s)")
    p.add_argument("--lr", type=float, default=1e-3, help="Adam learning rate (default: %(default)s)")
    p.add_argument("--weight-decay", type=float, default=1e-5,
                   help="Adam L2 weight decay (default: %(default)s)")
    p.add_argument("--epochs", type=int, default=1,
                   help="epochs of the cosine schedule (default: %(default)s, as bench-train)")
    p.add_argument("--lambda", dest="lam", type=float, default=1e-4,
                   help="SimAM's lambda (default: %(default)s)")
    p.add_argument("--seed", type=int, default=1, help="random seed (default: %(default)s)")
    p.add_argument("--profile", metavar="FILE",
                   help="write torch.autograd.profiler's Chrome trace of the timed steps to FILE"
                        " (bench/op-table.py sums it per operation; profiling slows the steps)")
    p.add_argument("--keep-denormals", action="store_true",
                   help="do not call torch.set_flush_denormal(True) (dpfah flushes by default)")
    a = p.parse_args(argv)
    for name in ("size", "batch", "encode_batch", "bits", "classes", "train_images", "steps",
                 "epochs"):
        if getattr(a, name) < 1:
            p.error("--%s: expected >= 1, got %d" % (name.replace("_", "-"), getattr(a, name)))
    for name in ("warmup", "threads"):
        if getattr(a, name) < 0:
            p.error("--%s: expected >= 0, got %d" % (name, getattr(a, name)))
    if not (0 <= a.warmup_seconds < math.inf):
        p.error("--warmup-seconds: expected a finite number >= 0, got %s" % a.warmup_seconds)
    if a.mode == "train" and a.batch > a.train_images:
        p.error("--train-images: expected at least the batch size (%d), got %d"
                % (a.batch, a.train_images))
    if a.mode == "train" and a.batch < 2:
        p.error("--batch: expected >= 2 (BatchNorm in training), got %d" % a.batch)
    return a


def build(args, torch, nn, torchvision):
    """The network: backbone (fc removed) -> Linear(F, K) -> tanh -> Linear(K, C)."""
    from torchvision.models.resnet import BasicBlock, Bottleneck

    class SimAM(nn.Module):
        """Per sample and channel over HxW: n = HW-1, d = (x-mean)^2, v = sum(d)/n,
        y = d / (4 (v + lambda)) + 0.5, out = x * sigmoid(y) (dpfah's n = max(HW-1, 1))."""

        def __init__(self, lam):
            super().__init__()
            self.lam = lam

        def forward(self, x):
            n = max(x.shape[2] * x.shape[3] - 1, 1)
            d = (x - x.mean(dim=[2, 3], keepdim=True)).pow(2)
            v = d.sum(dim=[2, 3], keepdim=True) / n
            y = d / (4 * (v + self.lam)) + 0.5
            return x * torch.sigmoid(y)

    class HashingNetwork(nn.Module):
        def __init__(self):
            super().__init__()
            self.backbone = getattr(torchvision.models, args.backbone)(weights=None)
            features = self.backbone.fc.in_features
            self.backbone.fc = nn.Identity()
            if args.attention == "pfa":
                for m in self.backbone.modules():
                    if isinstance(m, (BasicBlock, Bottleneck)):
                        m.bn2 = nn.Sequential(SimAM(args.lam), m.bn2)
            self.hash = nn.Linear(features, args.bits)
            self.classifier = nn.Linear(args.bits, args.classes)

        def forward(self, x):
            u = torch.tanh(self.hash(self.backbone(x)))
            return u, self.classifier(u)

    return HashingNetwork()


def cpu_times():
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime, r.ru_stime, r.ru_minflt


def main(argv=None):
    args = parse_args(argv)
    import torch
    import torch.nn as nn
    import torch.nn.functional as F
    import torchvision

    if args.threads > 0:
        torch.set_num_threads(args.threads)
    if not args.keep_denormals:
        torch.set_flush_denormal(True)
    torch.manual_seed(args.seed)
    net = build(args, torch, nn, torchvision)
    train = args.mode == "train"
    batch = args.batch if train else args.encode_batch
    # Two distinct input batches, alternated (dpfah's side does the same).
    inputs = [torch.randn(batch, 3, args.size, args.size) for _ in range(2)]
    n, k, c = args.train_images, args.bits, args.classes
    class_of = torch.arange(n) % c
    onehot = F.one_hot(class_of, c).float()                 # Y of all training images (N, C)
    order = torch.randperm(n)
    memory = torch.zeros(n, k)                              # DPSH's U: latest code per image
    steps_per_epoch = (n + args.batch - 1) // args.batch
    total_updates = args.epochs * steps_per_epoch
    opt = torch.optim.Adam(net.parameters(), lr=args.lr, weight_decay=args.weight_decay) \
        if train else None
    codes_out = torch.empty(batch, k)
    logits_out = torch.empty(batch, c)

    def train_step(i):
        x = inputs[i % 2]
        start = (i * batch) % n
        pos = order[torch.arange(start, start + batch) % n]
        for g in opt.param_groups:  # dpfah's LearningRateSchedule: cosine per update
            g["lr"] = args.lr * 0.5 * (1 + math.cos(math.pi * min(1.0, i / total_updates)))
        y = onehot[pos]
        u, logits = net(x)
        with torch.no_grad():
            memory[pos] = u.detach()
        s = (y @ onehot.t() > 0).float()                    # s_ij = shares a label (B, N)
        theta = 0.5 * (u @ memory.t())
        softplus = torch.relu(theta) + (-theta.abs()).exp().add(1).log()
        pairwise = (softplus - s * theta).mean()
        classification = -(torch.log_softmax(logits, 1) * y).sum(1).mean()
        quantization = (u.abs() - 1).square().mean()
        total = 1.0 * pairwise + 1.0 * classification + 0.1 * quantization
        values = [total.item(), pairwise.item(), classification.item(), quantization.item()]
        if not math.isfinite(values[0]):
            raise SystemExit("non-finite loss at step %d: %s" % (i, values))
        opt.zero_grad()
        total.backward()
        opt.step()

    def encode_step(i):
        with torch.no_grad():
            u, logits = net(inputs[i % 2])
            codes_out.copy_(u)      # dpfah copies codes and logits to the Java heap
            logits_out.copy_(logits)

    if train:
        net.train()
        step = train_step
    else:
        net.eval()
        step = encode_step
    warmup = 0
    first = time.perf_counter()
    while warmup < args.warmup or time.perf_counter() - first < args.warmup_seconds:
        step(warmup)
        warmup += 1
    times = []
    u0, s0, f0 = cpu_times()
    with torch.autograd.profiler.profile(enabled=bool(args.profile)) as profiler:
        t0 = time.perf_counter()
        for i in range(warmup, warmup + args.steps):
            ts = time.perf_counter()
            step(i)
            times.append(time.perf_counter() - ts)
        wall = time.perf_counter() - t0
    if args.profile:
        profiler.export_chrome_trace(args.profile)
    u1, s1, f1 = cpu_times()
    fields = [
        ("impl", "pytorch"), ("mode", args.mode), ("backbone", args.backbone),
        ("size", args.size), ("attention", args.attention), ("batch", batch),
        ("threads", torch.get_num_threads()), ("steps", args.steps), ("warmup_steps", warmup),
        ("images_per_s", "%.2f" % (batch * args.steps / wall)),
        ("wall_s_per_step", "%.5f" % (wall / args.steps)),
        ("user_s_per_step", "%.5f" % ((u1 - u0) / args.steps)),
        ("sys_s_per_step", "%.5f" % ((s1 - s0) / args.steps)),
        ("minflt_per_step", "%.0f" % ((f1 - f0) / args.steps)),
        ("step_ms_median", "%.2f" % (1000 * statistics.median(times))),
        ("step_ms_max", "%.2f" % (1000 * max(times))),
        ("version", "torch-%s/python-%s" % (torch.__version__, platform.python_version())),
    ]
    print("bench " + " ".join("%s=%s" % f for f in fields), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
