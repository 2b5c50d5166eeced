# The worked answers to the chapters' exercises, docs/answers/NN-<topic>.md, are tested like
# the chapters: docs_answers_<NN-topic> runs each answer's ```console blocks with the same
# runner and the same rules (tests/docs/run-chapter's header), in a new terminal's
# environment, and compares the output with the output shown. Every answer file found is
# registered; a new answer needs nothing here.
#
# tests/CMakeLists.txt includes the tests/*.cmake files in sorted order, so tests/docs.cmake,
# which defines the runner, comes first.
if(NOT docs_runner)
  message(FATAL_ERROR "tests/docs_answers.cmake needs docs_runner from tests/docs.cmake")
endif()
file(GLOB docs_answers CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/docs/answers/*.md)
foreach(answer ${docs_answers})
  get_filename_component(stem ${answer} NAME_WE)
  add_test(NAME docs_answers_${stem}
           COMMAND ${docs_runner} --work ${CMAKE_BINARY_DIR}/test-work/docs_answers_${stem} ${answer})
  set_tests_properties(docs_answers_${stem} PROPERTIES LABELS "docs;mpi" PROCESSORS 1)
  mpit_test_timeout(docs_answers_${stem} 240)
endforeach()
