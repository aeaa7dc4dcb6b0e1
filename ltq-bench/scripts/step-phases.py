#!/usr/bin/python3
"""The training step of `ltq bench --only phases`, phase by phase, in PyTorch eager from Python.

LeNet-300-100 (784-300-100-10, ReLU), softmax cross-entropy, Adam at 1.2e-3, batch 60, on
synthetic batches made beforehand, exactly the phases TrainingStepFixture.timedStep times in
Java: making a batch from host arrays, zeroing the gradients (DJL's collector), forward, loss,
backward, reading the loss, (no listeners), the optimizer step. Run it with Debian's python3-torch:

    OMP_NUM_THREADS=1 /usr/bin/python3 ltq-bench/scripts/step-phases.py --threads 1

It prints the mean microseconds per step of each phase, and the torch build it measured.
"""
import argparse
import time

import torch

PHASES = ["batch", "collector", "forward", "loss", "backward", "loss read", "listeners",
          "optimizer"]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--warmup", type=int, default=500)
    ap.add_argument("--steps", type=int, default=3000)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    model = torch.nn.Sequential(
        torch.nn.Linear(784, 300), torch.nn.ReLU(),
        torch.nn.Linear(300, 100), torch.nn.ReLU(),
        torch.nn.Linear(100, 10))
    loss_fn = torch.nn.CrossEntropyLoss()
    opt = torch.optim.Adam(model.parameters(), lr=1.2e-3)
    # A pool of batches made beforehand, as the Java fixture's: faint prototypes under noise.
    batches = 64
    protos = torch.randn(10, 784) * 0.05
    ys = [torch.randint(0, 10, (60,)) for _ in range(batches)]
    xs = [protos[y] + torch.randn(60, 784) for y in ys]
    host = [x.numpy().copy() for x in xs]  # what a data loader holds before batching
    totals = [0.0] * len(PHASES)

    def step(i, timed):
        t = time.perf_counter_ns()
        marks = []
        made = torch.from_numpy(host[i].copy())  # a fresh batch from host memory, then dropped
        made_y = ys[i].clone()
        del made, made_y
        marks.append(time.perf_counter_ns())
        # DJL zeroes the gradients in place as its collector opens; so does this, here.
        opt.zero_grad(set_to_none=False)
        marks.append(time.perf_counter_ns())
        out = model(xs[i])
        marks.append(time.perf_counter_ns())
        loss = loss_fn(out, ys[i])
        marks.append(time.perf_counter_ns())
        loss.backward()
        marks.append(time.perf_counter_ns())
        loss.item()
        marks.append(time.perf_counter_ns())
        marks.append(time.perf_counter_ns())  # no listeners in PyTorch eager
        opt.step()
        marks.append(time.perf_counter_ns())
        if timed:
            prev = t
            for p, m in enumerate(marks):
                totals[p] += m - prev
                prev = m

    for i in range(args.warmup):
        step(i % batches, False)
    for i in range(args.steps):
        step(i % batches, True)
    print(f"torch {torch.__version__}, {torch.get_num_threads()} thread(s), capability "
          f"{torch.backends.cpu.get_cpu_capability() if hasattr(torch.backends, 'cpu') else '?'}")
    print(f"{'phase':14s} {'eager us':>10s}")
    for p, name in enumerate(PHASES):
        print(f"{name:14s} {totals[p] / 1e3 / args.steps:10.1f}")
    print(f"{'step':14s} {sum(totals[1:]) / 1e3 / args.steps:10.1f}")


if __name__ == "__main__":
    main()
