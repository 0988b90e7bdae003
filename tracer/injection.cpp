#include "tracer/injection.hpp"

#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include "core/error.hpp"
#include "static/python/py_ref.hpp"
#include "tracer/call_recorder.hpp"

namespace codetrace {
namespace {

CallRecorder* g_recorder = nullptr;

// The Python half. Compiled with the file name "<codetrace>", which the recorder treats as
// transparent.
// Its imports are made on first use: a plain `codetrace run` must not import inspect, typing
// and importlib.abc into the target (about 70 ms, and calls the trace would show).
const char* const kSource = R"PY(
import sys as _sys
import _codetrace

__all__ = ["record"]


def record(func):
    """Records every call of `func`: its arguments by name, and its result or exception."""
    import functools, inspect
    if getattr(func, "__codetrace_recorded__", False) or not inspect.isfunction(func):
        return func
    if inspect.iscoroutinefunction(func):
        @functools.wraps(func)
        async def wrapper(*args, **kwargs):
            try:
                result = await func(*args, **kwargs)
            except BaseException as error:
                _codetrace.note(func, args, kwargs, None, error)
                raise
            _codetrace.note(func, args, kwargs, result, None)
            return result
    else:
        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            try:
                result = func(*args, **kwargs)
            except BaseException as error:
                _codetrace.note(func, args, kwargs, None, error)
                raise
            _codetrace.note(func, args, kwargs, result, None)
            return result
    wrapper.__codetrace_recorded__ = True
    return wrapper


def _install(patterns):
    import fnmatch, importlib.abc, inspect

    def matches(name):
        return any(fnmatch.fnmatchcase(name, p) for p in patterns)

    def wrap_module(module):
        prefix = module.__name__ + "."
        for name, value in list(vars(module).items()):
            if inspect.isfunction(value) and value.__module__ == module.__name__:
                if matches(prefix + value.__qualname__.replace("<locals>.", "")):
                    setattr(module, name, record(value))
            elif inspect.isclass(value) and value.__module__ == module.__name__:
                for attr, member in list(vars(value).items()):
                    inner = member.__func__ if isinstance(member, (staticmethod, classmethod)) else member
                    if not inspect.isfunction(inner) or not matches(prefix + inner.__qualname__):
                        continue
                    wrapped = record(inner)
                    setattr(value, attr, type(member)(wrapped) if inner is not member else wrapped)

    class Loader(importlib.abc.Loader):
        def __init__(self, loader):
            self._loader = loader

        def create_module(self, spec):
            return self._loader.create_module(spec)

        def exec_module(self, module):
            self._loader.exec_module(module)
            wrap_module(module)

        def __getattr__(self, name):
            return getattr(self._loader, name)

    class Injector(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path, target=None):
            for finder in _sys.meta_path:
                if finder is self or not hasattr(finder, "find_spec"):
                    continue
                spec = finder.find_spec(name, path, target)
                if spec is None:
                    continue
                if spec.loader is not None and hasattr(spec.loader, "exec_module"):
                    spec.loader = Loader(spec.loader)
                return spec
            return None

    _sys.meta_path.insert(0, Injector())
)PY";

// _codetrace.note(func, args, kwargs, result, error)
PyObject* note(PyObject*, PyObject* const* args, Py_ssize_t nargs) {
  if (nargs == 5 && g_recorder) g_recorder->note_recorded_call(args[0], args[1], args[2], args[3], args[4]);
  Py_RETURN_NONE;
}

PyMethodDef kMethods[] = {
    {"note", reinterpret_cast<PyCFunction>(reinterpret_cast<void (*)()>(note)), METH_FASTCALL, "record one call"},
    {nullptr, nullptr, 0, nullptr},
};
PyModuleDef kModule = {PyModuleDef_HEAD_INIT, "_codetrace", "codetrace's recorder (C half)", -1, kMethods,
                       nullptr, nullptr, nullptr, nullptr};

PyObject* init_module() { return PyModule_Create(&kModule); }

[[noreturn]] void fail(const std::string& message) {
  PyErr_Print();
  throw Error(message);
}

}  // namespace

void register_injection_module() { PyImport_AppendInittab("_codetrace", init_module); }

void install_injection(CallRecorder& recorder, const std::vector<std::string>& globs) {
  g_recorder = &recorder;
  PyRef code(Py_CompileString(kSource, kInjectionFile, Py_file_input));
  if (!code) fail("cannot compile the codetrace module");
  PyRef module(PyImport_ExecCodeModuleEx("codetrace", code.get(), kInjectionFile));  // also in sys.modules
  if (!module) fail("cannot create the codetrace module");
  if (globs.empty()) return;
  PyRef patterns(PyList_New(0));
  for (const std::string& g : globs) {
    PyRef text(PyUnicode_FromString(g.c_str()));
    PyList_Append(patterns.get(), text.get());
  }
  PyRef done(PyObject_CallMethod(module.get(), "_install", "O", patterns.get()));
  if (!done) fail("cannot install the --inject import hook");
}

}  // namespace codetrace
