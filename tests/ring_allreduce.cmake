# Tests for ring_allreduce (docs/12-data-parallel-training.md): the hand-written ring
# allreduce of common/ring_allreduce.h against MPI_Allreduce.
# Ring == MPI_Allreduce on random vectors of many lengths (0, 1, ..., 2p+2, then up to
# 100003): exactly on whole numbers, within rounding on reals, bit-identical on all ranks.
foreach(np 1 2 3 4)
  math(EXPR nlen "2 * ${np} + 3 + 11")  # 0..2p+2, then 11 longer ones
  add_mpi_test(ring_allreduce_np${np} NP ${np} COMMAND ring_allreduce
               CHECK --expect "^checked ${nlen} lengths from 0 to 100003 at ${np} ranks: whole numbers equal, reals equal"
                     --expect "^ring_allreduce: OK, equals MPI_Allreduce on ${nlen} lengths from 0 to 100003 at ${np} ranks$"
               TIMEOUT 60)
endforeach()
# Long enough for the ring to send each chunk in several segments (RING_SEGMENT doubles).
foreach(np 2 3)
  add_mpi_test(ring_allreduce_segments_np${np} NP ${np} COMMAND ring_allreduce --max-count 400009
               CHECK --expect "^ring_allreduce: OK, equals MPI_Allreduce on [0-9]+ lengths from 0 to 400009 at ${np} ranks$"
               TIMEOUT 60)
endforeach()
# Only lengths below the rank count: most chunks are empty.
add_mpi_test(ring_allreduce_short NP 4 COMMAND ring_allreduce --max-count 3
             CHECK --expect "^ring_allreduce: OK, equals MPI_Allreduce on 4 lengths from 0 to 3 at 4 ranks$" TIMEOUT 30)

add_bad_input_matrix(ring_allreduce NP 2 INT_FLAG --max-count=1..67108864 --repeats=1..1000)
add_valgrind_test(ring_allreduce ARGS --max-count 1000)
# Timing a thousand rounds per size takes many minutes: a rank killed mid-ring must end
# the job (the others wait in MPI_Sendrecv for it).
add_kill_test(kill_ring_allreduce_np2 NP 2 COMMAND ring_allreduce --time --repeats 1000)
