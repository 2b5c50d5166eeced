"""pi_numpy.py - the tutorial's parallel_pi (NumPy + mpi4py), the baseline for bench/pi.bench.

    mpiexec -n 1 python3 pi_numpy.py DARTS

Darts in blocks of 100000 as 2*np.random.random((n, 2)) - 1, inside when
np.linalg.norm(p, axis=-1) <= 1, each rank throws DARTS/size, then comm.reduce adds the
counts. Prints "pi_numpy: pi ~ X, D darts, T s, R darts/s" (T without Python's start-up).
"""
import sys

import numpy as np
from mpi4py import MPI


def throw_darts(n):
    return 2 * np.random.random((n, 2)) - 1


def in_unit_circle(p):
    return np.linalg.norm(p, axis=-1) <= 1.0


def count_inside(n, block=100000):
    total, i = 0, 0
    while i < n:
        block = min(block, n - i)
        total += int(np.sum(in_unit_circle(throw_darts(block))))
        i += block
    return total


def main():
    darts = int(float(sys.argv[1])) if len(sys.argv) > 1 else 10**7
    comm = MPI.COMM_WORLD
    rank, size = comm.Get_rank(), comm.Get_size()
    mine = darts // size + (1 if rank < darts % size else 0)
    np.random.seed(12345 + rank)
    comm.Barrier()
    start = MPI.Wtime()
    inside = comm.reduce(count_inside(mine), op=MPI.SUM, root=0)
    seconds = MPI.Wtime() - start
    if rank == 0:
        pi = 4.0 * inside / darts
        print(f"pi_numpy: pi ~ {pi:.6f}, {darts} darts, {seconds:.6f} s, {darts / seconds:.4e} darts/s")


main()
