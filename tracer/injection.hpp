#pragma once
// Decorator injection, in the traced child: the `codetrace` module that traced programs can
// import (`@codetrace.record`), and with `--inject GLOB` an import hook that wraps, as each module
// is imported, the functions and methods whose id (`pkg.mod.Class.method`) matches a glob.
// A recorded call keeps its arguments bound by name and its return value or exception (reprs,
// as for --values). The wrappers' own frames are transparent: the trace shows caller -> function.
#include <string>
#include <vector>

namespace codetrace {

class CallRecorder;

// Before Py_Initialize: makes `_codetrace` (the C half) importable.
void register_injection_module();

// After Py_Initialize: puts the `codetrace` module in sys.modules and, when `globs` is not
// empty, installs the import hook. Throws Error when it cannot.
void install_injection(CallRecorder& recorder, const std::vector<std::string>& globs);

// The file name of the injected Python code: its frames are transparent.
inline constexpr const char* kInjectionFile = "<codetrace>";

}  // namespace codetrace
