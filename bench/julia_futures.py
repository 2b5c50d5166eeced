"""bench/julia_futures.py - the baseline for bench/julia.bench: the tutorial's Julia set
with mpi4py.futures, as the tutorial runs it (one process that spawns its workers):

    mpiexec -n 1 python3 bench/julia_futures.py [--scale M] [--workers W] [--output F.pgm]

The image code is the tutorial's, but for the size: it comes from --scale instead of
input(), and goes to the workers with each task (they do not see our command line), and
the image is written as a PGM (no matplotlib needed). It prints
"computed H rows in S s", timing executor.map only (after the workers are up), the same
span julia's "computed ..." line times.
"""
import argparse
import time

from mpi4py.futures import MPIPoolExecutor

parser = argparse.ArgumentParser()
parser.add_argument("--scale", type=int, default=1)
parser.add_argument("--workers", type=int, default=1)
parser.add_argument("--output", default="")
args = parser.parse_args()

x0, x1 = -2.0, +2.0
y0, y1 = -1.5, +1.5
c = complex(0, 0.65)


def julia(x, y):
    z = complex(x, y)
    n = 255
    while abs(z) < 3 and n > 1:
        z = z**2 + c
        n -= 1
    return n


# The tutorial reads the size at module level; the pool's workers import this module
# without our command line, so the scale travels with each task instead.
def julia_line(k, scale):
    w, h = 640 * scale, 480 * scale
    dx = (x1 - x0) / w
    dy = (y1 - y0) / h
    line = bytearray(w)
    y = y1 - k * dy
    for j in range(w):
        x = x0 + j * dx
        line[j] = julia(x, y)
    return line


if __name__ == "__main__":
    w, h = 640 * args.scale, 480 * args.scale
    with MPIPoolExecutor(max_workers=args.workers) as executor:
        executor.bootup(wait=True)
        start = time.perf_counter()
        image = list(executor.map(julia_line, range(h), [args.scale] * h))
        seconds = time.perf_counter() - start
    print(f"computed {h} rows in {seconds:.3f} s, {args.workers} workers")
    if args.output:
        with open(args.output, "wb") as f:
            f.write(b"P5\n%d %d\n255\n" % (w, h) + b"".join(image))
