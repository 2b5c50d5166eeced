# Every C file of the project compiles warning-free for 32-bit ARM (a Raspberry Pi):
# unsigned char, 32-bit long and size_t. Needs arm-linux-gnueabihf-gcc (scripts/install-deps
# dev); without it the test is not registered.
find_program(MPIT_ARM_CC arm-linux-gnueabihf-gcc)
if(MPIT_ARM_CC)
  add_test(NAME portability_armhf
           COMMAND ${MPIT_BASH} ${CMAKE_CURRENT_LIST_DIR}/cross-compile ${MPIT_ARM_CC} ${PROJECT_SOURCE_DIR})
  set_tests_properties(portability_armhf PROPERTIES LABELS portability)
  mpit_test_timeout(portability_armhf 120)
endif()
