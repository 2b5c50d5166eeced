# Part II on the virtual three-host cluster (tests/cluster/lessons.sh): pingpong between two
# hosts, so the chapter (docs/20-pingpong.md) can set TCP next to shared memory, and pi on
# one, two and three hosts (docs/10-monte-carlo-pi.md, "Several computers"). Like the other
# cluster tests they need root (network namespaces, sshd) and are skipped (exit 77) without
# it, and with MPICH (tests/cluster/lib.sh, cluster_start_mpi, says why).
foreach(lesson pingpong pi)
  add_test(NAME cluster_${lesson}
           COMMAND ${MPIT_BASH} ${CMAKE_CURRENT_SOURCE_DIR}/cluster/lessons.sh
                   ${PROJECT_SOURCE_DIR} $<TARGET_FILE_DIR:${lesson}> ${MPIT_MPI_FLAVOUR} ${lesson})
endforeach()
set_tests_properties(cluster_pingpong cluster_pi PROPERTIES
                     SKIP_RETURN_CODE 77 LABELS "mpi;cluster" RUN_SERIAL TRUE
                     ENVIRONMENT "${MPIT_TEST_ENV}")
mpit_test_timeout(cluster_pingpong 400)
mpit_test_timeout(cluster_pi 400)
