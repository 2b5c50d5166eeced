"""bench/train_mpi4py.py - the baseline for bench/train.bench: train's data-parallel SGD
written the way a Python user would, with mpi4py and NumPy.

    mpiexec -n 2 /usr/bin/python3 bench/train_mpi4py.py DIGITS.csv.gz [EPOCHS]

Same work as examples/train.c with its defaults: 64-32-10 network (ReLU, softmax), global
batch 32 split across the ranks, learning rate 0.2, rank 0's initial weights broadcast,
one Allreduce of the gradient sums (plus loss and hits) per batch, 80/20 split. The random
numbers differ from the C program's, so the accuracies are close, not equal.
Prints "samples/s N" and "test accuracy A" from rank 0.
"""
import sys
import time

import numpy as np
from mpi4py import MPI

comm = MPI.COMM_WORLD
rank, size = comm.Get_rank(), comm.Get_size()
path = sys.argv[1]
epochs = int(sys.argv[2]) if len(sys.argv) > 2 else 20
hidden, batch, lr = 32, 32, 0.2

table = np.loadtxt(path, delimiter=",") if rank == 0 else None
table = comm.bcast(table, root=0)
x_all, y_all = table[:, :64] / 16.0, table[:, 64].astype(int)
order = np.random.default_rng(1).permutation(len(y_all))
n_test = len(y_all) // 5
test, train = order[:n_test], order[n_test:]

shapes = [(hidden, 64), (hidden,), (10, hidden), (10,)]
sizes = [int(np.prod(s)) for s in shapes]
params = np.zeros(sum(sizes))
if rank == 0:
    g = np.random.default_rng(2)
    params[: sizes[0]] = g.normal(0, np.sqrt(2 / 64), sizes[0])
    params[sizes[0] + sizes[1] : -10] = g.normal(0, np.sqrt(2 / hidden), sizes[2])
comm.Bcast(params, root=0)


def views(v):
    out, at = [], 0
    for s, n in zip(shapes, sizes):
        out.append(v[at : at + n].reshape(s))
        at += n
    return out


w1, b1, w2, b2 = views(params)
grad = np.zeros(len(params) + 2)
g1, gb1, g2, gb2 = views(grad[:-2])

comm.Barrier()
t0 = time.perf_counter()
for epoch in range(epochs):
    perm = np.random.default_rng(100 + epoch).permutation(train)
    for start in range(0, len(perm), batch):
        b = min(batch, len(perm) - start)
        mine = perm[start + b * rank // size : start + b * (rank + 1) // size]
        x, y = x_all[mine], y_all[mine]
        h = np.maximum(x @ w1.T + b1, 0)
        z = h @ w2.T + b2
        z -= z.max(axis=1, keepdims=True)
        p = np.exp(z)
        p /= p.sum(axis=1, keepdims=True)
        dz = p.copy()
        dz[np.arange(len(y)), y] -= 1
        dh = (dz @ w2) * (h > 0)
        g1[:] = dh.T @ x
        gb1[:] = dh.sum(axis=0)
        g2[:] = dz.T @ h
        gb2[:] = dz.sum(axis=0)
        grad[-2] = -np.log(p[np.arange(len(y)), y]).sum() if len(y) else 0.0
        grad[-1] = (p.argmax(axis=1) == y).sum()
        comm.Allreduce(MPI.IN_PLACE, grad, op=MPI.SUM)
        params -= lr * grad[:-2] / b
elapsed = time.perf_counter() - t0
elapsed = comm.allreduce(elapsed, op=MPI.MAX)

h = np.maximum(x_all[test] @ w1.T + b1, 0)
accuracy = ((h @ w2.T + b2).argmax(axis=1) == y_all[test]).mean()
if rank == 0:
    print(f"samples/s {epochs * len(train) / elapsed:.0f}")
    print(f"test accuracy {accuracy:.4f}")
