# Tests for pi (docs/10-monte-carlo-pi.md).
# Reproducible: the darts are numbered and dart i uses draw i of the seed's stream, so the
# same seed gives the same estimate bit for bit, whatever the number of processes (the
# expected value below was printed by the first run; it holds for np 1, 2 and 4).
foreach(np 1 2 4)
  add_mpi_test(pi_seed42_np${np} NP ${np} COMMAND pi --darts 1e6 --seed 42
               CHECK --expect "^Monte Carlo pi: 1000000 darts on ${np} process(es)?, seed 42$"
                     --expect "^pi ~ 3.144116000 error \\+2.523e-03 \\(\\+1.54 sigma, sigma 1.642e-03\\)$"
                     --expect "^time [0-9.]+ s, [0-9.e+]+ darts/s, [0-9.e+]+ darts/s per process$"
                     --expect "^# csv,pi ${np} 1000000,ok,"
                     --expect "^pi: OK, .error. < 5 sigma for 1 estimate$"
               TIMEOUT 30)
endforeach()
# A dart count that does not divide evenly: the remainder goes to the first ranks.
foreach(np 1 3)
  add_mpi_test(pi_remainder_np${np} NP ${np} COMMAND pi --darts 1000003 --seed 7
               CHECK --expect "^pi ~ 3.140830578 error " TIMEOUT 30)
endforeach()
# Statistics: 30 seeds x 1e6 darts in one run. pi checks |z| < 5, the mean and the rms of the
# errors (in sigma units) itself; tests/pi/stats.awk checks the printed estimates again.
add_mpi_test(pi_statistics NP 2 COMMAND pi --darts 1e6 --seed 1000 --seeds 30
             CHECK --lines 30 "^seed [0-9]+: pi ~ [0-9.]+ error "
                   --expect "^30 estimates: max .error. [0-4][.][0-9]+ sigma"
                   --expect "^pi: OK, .error. < 5 sigma for 30 estimates, mean and spread as expected$"
                   --then "awk -v k=30 -v darts=1000000 -f ${CMAKE_CURRENT_SOURCE_DIR}/pi/stats.awk \"$CHECK_STDOUT\""
             TIMEOUT 60)
# DARTS from the environment, seed from the clock (printed).
add_mpi_test(pi_env NP 2 COMMAND pi ENV DARTS=5000
             CHECK --expect "^Monte Carlo pi: 5000 darts on 2 processes, seed [0-9]+$" --expect "^pi: OK, "
             TIMEOUT 30)

# Bad input the matrix does not try: a count above the range written with an exponent, a
# fraction, a seed below -1 (-1 itself means "from the clock"), --seeds 0 (the matrix gives
# its zero to --darts), and a bad value from the environment.
add_bad_input_test(pi_darts_huge NP 2 COMMAND pi --darts 1e14
                   STDERR "^pi: --darts expects a whole number from 1 to 10000000000000, got '1e14'")
add_bad_input_test(pi_darts_fraction NP 1 COMMAND pi --darts 2.5 STDERR "^pi: --darts expects .*, got '2\\.5'")
add_bad_input_test(pi_seed_negative NP 2 COMMAND pi --seed -2
                   STDERR "^pi: --seed expects a whole number from -1 to [0-9]+, got '-2'")
add_bad_input_test(pi_seeds_zero NP 2 COMMAND pi --seeds 0
                   STDERR "^pi: --seeds expects a whole number from 1 to 100000, got '0'")
add_bad_input_test(pi_env_bad NP 2 COMMAND pi ENV DARTS=lots
                   STDERR "^pi: DARTS \\(environment\\) expects a whole number .*, got 'lots'")

add_bad_input_matrix(pi NP 2 INT_FLAG --darts=1..10000000000000 --seeds=1..100000)
add_valgrind_test(pi ARGS --darts 100000 --seed 1)
# Ten trillion darts would take days: a rank killed mid-throw must end the job within seconds.
add_kill_test(kill_pi_np2 NP 2 COMMAND pi --darts 1e13 --seed 1)

# The kernel (examples/pi_kernel.c): every version this CPU has (plain C, AVX2, AVX-512)
# against the definition of a dart, computed again by the test from pi_kernel.h's text.
add_executable(pi_kernel_test pi/kernel_test.c ${PROJECT_SOURCE_DIR}/examples/pi_kernel.c)
target_include_directories(pi_kernel_test PRIVATE ${PROJECT_SOURCE_DIR}/examples)
target_link_libraries(pi_kernel_test PRIVATE mpit_core)
mpit_warnings(pi_kernel_test)
add_test(NAME pi_kernel COMMAND ${MPIT_BASH} ${MPIT_CHECK} --timeout 60
                                --expect "^versions tested: .*portable"
                                --expect "^pi_kernel_test: OK" -- $<TARGET_FILE:pi_kernel_test>)
set_tests_properties(pi_kernel PROPERTIES TIMEOUT 70 LABELS unit)
# The same on 32-bit ARM, where only the plain C version exists: cross-compiled and run
# under qemu when both are installed (Debian: gcc-arm-linux-gnueabihf, qemu-user-static).
find_program(MPIT_ARM_CC arm-linux-gnueabihf-gcc)
find_program(MPIT_QEMU_ARM NAMES qemu-arm-static qemu-arm)
if(MPIT_ARM_CC AND MPIT_QEMU_ARM)
  add_test(NAME pi_kernel_armhf
           COMMAND ${MPIT_BASH} ${CMAKE_CURRENT_LIST_DIR}/check --timeout 240
                   --expect "^versions tested: portable;" --expect "^pi_kernel_test: OK"
                   -- ${MPIT_BASH} ${CMAKE_CURRENT_LIST_DIR}/pi/kernel-armhf ${MPIT_ARM_CC}
                      ${MPIT_QEMU_ARM} ${PROJECT_SOURCE_DIR})
  set_tests_properties(pi_kernel_armhf PROPERTIES TIMEOUT 250 LABELS portability)
endif()
# A run must end while someone waits for it: 1e13 darts x 100000 seeds would take millennia.
add_bad_input_test(pi_run_too_long NP 2 COMMAND pi --darts 1e13 --seeds 100000
                   STDERR "^pi: 10000000000000 darts x 100000 seeds is 1e\\+18 darts, .*lower --darts or --seeds$")
