# HB_FUZZ: every target of the build (the libraries too) is compiled with coverage for libFuzzer,
# AddressSanitizer and UndefinedBehaviorSanitizer, and any report ends the run. The fuzz targets
# alone link libFuzzer's main (fuzz/CMakeLists.txt).
if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
  message(FATAL_ERROR "HB_FUZZ needs clang (CXX=clang++), not ${CMAKE_CXX_COMPILER_ID}")
endif()
set(HB_SANITIZERS -fsanitize=address,undefined -fno-sanitize-recover=all)
add_compile_options(-fsanitize=fuzzer-no-link ${HB_SANITIZERS} -fno-omit-frame-pointer)
add_link_options(${HB_SANITIZERS})
# CMAKE_BUILD_TYPE=Fuzz (what make fuzz configures): quick to compile, fast enough to fuzz,
# asserts kept, line numbers in the reports.
set(CMAKE_CXX_FLAGS_FUZZ "-O1 -gline-tables-only")
