"""ring_mpi4py.py - the tutorial's ring in mpi4py, the baseline for bench/ring.bench.

    mpiexec -n 2 python3 ring_mpi4py.py LAPS

Same protocol as examples/ring.c, written the way the tutorial writes it: lowercase
comm.send/comm.recv of a Python int (pickled on every hop). Prints
"ring_mpi4py: H hops, X us per hop".
"""
import sys

from mpi4py import MPI


def main():
    laps = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    comm = MPI.COMM_WORLD
    rank, size = comm.Get_rank(), comm.Get_size()
    right, left = (rank + 1) % size, (rank - 1) % size
    token = 0
    comm.Barrier()
    start = MPI.Wtime()
    for _ in range(laps):
        if rank == 0:
            token += 1
            comm.send(token, dest=right)
            token = comm.recv(source=left)
        else:
            token = comm.recv(source=left)
            token += 1
            comm.send(token, dest=right)
    seconds = MPI.Wtime() - start
    if rank == 0:
        assert token == laps * size
        print(f"ring_mpi4py: {laps * size} hops, {1e6 * seconds / (laps * size):.4f} us per hop")


main()
