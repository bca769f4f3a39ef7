// libFuzzer's entry for programs that have their own main (compiler-rt's FuzzerInterface.h).
// The symbol comes from the runtime that `-sanitize=fuzzer` links in; nothing else provides it,
// so the harnesses link only in a fuzzer build.
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));
