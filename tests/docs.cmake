# The book's tests: every docs/*.md is one ctest test docs_<stem> (docs_03-point-to-point,
# docs_README, ...) that runs its ```console blocks against this build and compares the
# output with the output shown; tests/docs/run-chapter's header has the rules.
# docs_index checks that docs/README.md (and the top README.md, once it lists chapters)
# links every chapter, in reading order.
file(GLOB docs_chapters CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/docs/*.md)

# A chapter shows `mpiexec -n 4 ./ring` as people type it; what this machine needs on top
# (root, 2 cores for 4 ranks) comes from the environment, as in add_mpi_test.
set(docs_env ${MPIT_TEST_ENV})
if(MPIT_MPI_FLAVOUR STREQUAL "openmpi")
  list(APPEND docs_env OMPI_MCA_rmaps_base_oversubscribe=1)
endif()

foreach(chapter ${docs_chapters})
  get_filename_component(stem ${chapter} NAME_WE)
  set(workdir ${CMAKE_BINARY_DIR}/test-work/docs_${stem})
  add_test(NAME docs_${stem}
           COMMAND ${MPIT_BASH} ${PROJECT_SOURCE_DIR}/tests/docs/run-chapter
                   --src ${PROJECT_SOURCE_DIR} --bin ${CMAKE_RUNTIME_OUTPUT_DIRECTORY}
                   --work ${workdir} --mpiexec ${MPIEXEC_EXECUTABLE} --timeout 60 ${chapter})
  set_tests_properties(docs_${stem} PROPERTIES TIMEOUT 180 LABELS "docs;mpi"
                       ENVIRONMENT "${docs_env}" PROCESSORS 1)
endforeach()

add_test(NAME docs_index
         COMMAND ${MPIT_BASH} ${PROJECT_SOURCE_DIR}/tests/docs/check-index ${PROJECT_SOURCE_DIR})
set_tests_properties(docs_index PROPERTIES TIMEOUT 30 LABELS docs)
