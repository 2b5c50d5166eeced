# The fuzz targets of tests/fuzz/ (included from tests/CMakeLists.txt).
#
# Always: fuzz_<name>_replay runs the target once over each file of corpus/<name>/, as the
# ctest fuzz_<name>_corpus (label fuzz), in every build - gcc, clang, ASan.
# With -DMPIT_FUZZ=ON (clang; the `fuzz` preset): fuzz_<name>, the libFuzzer binary, built
# with -fsanitize=fuzzer,address,undefined over an instrumented copy of mpit_core.
# tests/fuzz/run builds the fuzz preset and runs every target for a while.
set(fuzz_dir ${CMAKE_CURRENT_LIST_DIR})
set(fuzz_targets parse cli image)
if(EXISTS ${PROJECT_SOURCE_DIR}/common/csv.c AND EXISTS ${fuzz_dir}/fuzz_csv.c)
  list(APPEND fuzz_targets csv)
endif()

foreach(t ${fuzz_targets})
  add_executable(fuzz_${t}_replay ${fuzz_dir}/fuzz_${t}.c ${fuzz_dir}/replay.c)
  target_include_directories(fuzz_${t}_replay PRIVATE ${fuzz_dir})
  target_link_libraries(fuzz_${t}_replay PRIVATE mpit_core)
  mpit_warnings(fuzz_${t}_replay)
  set_target_properties(fuzz_${t}_replay PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/tests)
  add_test(NAME fuzz_${t}_corpus COMMAND fuzz_${t}_replay ${fuzz_dir}/corpus/${t})
  mpit_test_timeout(fuzz_${t}_corpus 60)
  set_tests_properties(fuzz_${t}_corpus PROPERTIES LABELS "fuzz;unit"
                       ENVIRONMENT "ASAN_OPTIONS=detect_leaks=1;UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1")
endforeach()

if(MPIT_FUZZ)
  if(NOT CMAKE_C_COMPILER_ID MATCHES "Clang")
    message(FATAL_ERROR "MPIT_FUZZ needs clang (libFuzzer): cmake --preset fuzz")
  endif()
  set(fuzz_flags -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined
                 -fno-omit-frame-pointer -g)
  # mpit_core again, every edge instrumented for libFuzzer's coverage feedback.
  # (whatever common/CMakeLists.txt puts in mpit_core, csv.c included, and its libraries)
  get_target_property(core_sources mpit_core SOURCES)
  get_target_property(core_libs mpit_core LINK_LIBRARIES)
  set(sources "")
  foreach(src ${core_sources})
    if(NOT IS_ABSOLUTE ${src})
      set(src ${PROJECT_SOURCE_DIR}/common/${src})
    endif()
    list(APPEND sources ${src})
  endforeach()
  add_library(mpit_core_fuzz STATIC ${sources})
  target_include_directories(mpit_core_fuzz PUBLIC ${PROJECT_SOURCE_DIR}/common)
  target_compile_definitions(mpit_core_fuzz PRIVATE MPIT_VERSION="${PROJECT_VERSION}")
  target_compile_options(mpit_core_fuzz PRIVATE ${fuzz_flags})
  target_link_libraries(mpit_core_fuzz PUBLIC ${core_libs})
  foreach(t ${fuzz_targets})
    add_executable(fuzz_${t} ${fuzz_dir}/fuzz_${t}.c)
    target_include_directories(fuzz_${t} PRIVATE ${fuzz_dir})
    target_link_libraries(fuzz_${t} PRIVATE mpit_core_fuzz)
    target_compile_options(fuzz_${t} PRIVATE ${fuzz_flags})
    target_link_options(fuzz_${t} PRIVATE -fsanitize=fuzzer,address,undefined)
    set_target_properties(fuzz_${t} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/fuzz)
  endforeach()
endif()
