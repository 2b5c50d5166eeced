# A thin layer for people who type `make`: everything real is in scripts/ and CMake.
.PHONY: all demo test test-all clean
all:
	cmake --preset default && cmake --build --preset default -j
demo:
	scripts/demo
test:
	scripts/test
test-all:
	scripts/test all
clean:
	rm -rf build build-debug build-asan build-mpich build-clang build-fuzz
