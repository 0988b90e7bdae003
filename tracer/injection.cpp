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
const char* const kSource = R"PY(
import fnmatch as _fnmatch
import functools as _functools
import importlib.abc as _abc
import inspect as _inspect
import sys as _sys
import _codetrace

__all__ = ["record"]


def record(func):
    """Records every call of `func`: its arguments by name, and its result or exception."""
    if getattr(func, "__codetrace_recorded__", False) or not _inspect.isfunction(func):
        return func
    if _inspect.iscoroutinefunction(func):
        @_functools.wraps(func)
        async def wrapper(*args, **kwargs):
            try:
                result = await func(*args, **kwargs)
            except BaseException as error:
                _codetrace.note(func, args, kwargs, None, error)
                raise
            _codetrace.note(func, args, kwargs, result, None)
            return result
    else:
        @_functools.wraps(func)
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


def _matches(name, patterns):
    return any(_fnmatch.fnmatchcase(name, p) for p in patterns)


def _wrap_module(module, patterns):
    prefix = module.__name__ + "."
    for name, value in list(vars(module).items()):
        if _inspect.isfunction(value) and value.__module__ == module.__name__:
            if _matches(prefix + value.__qualname__.replace("<locals>.", ""), patterns):
                setattr(module, name, record(value))
        elif _inspect.isclass(value) and value.__module__ == module.__name__:
            for attr, member in list(vars(value).items()):
                inner = member.__func__ if isinstance(member, (staticmethod, classmethod)) else member
                if not _inspect.isfunction(inner) or not _matches(prefix + inner.__qualname__, patterns):
                    continue
                wrapped = record(inner)
                setattr(value, attr, type(member)(wrapped) if inner is not member else wrapped)


class _Loader(_abc.Loader):
    def __init__(self, loader, patterns):
        self._loader, self._patterns = loader, patterns

    def create_module(self, spec):
        return self._loader.create_module(spec)

    def exec_module(self, module):
        self._loader.exec_module(module)
        _wrap_module(module, self._patterns)

    def __getattr__(self, name):
        return getattr(self._loader, name)


class _Injector(_abc.MetaPathFinder):
    def __init__(self, patterns):
        self._patterns = patterns

    def find_spec(self, name, path, target=None):
        for finder in _sys.meta_path:
            if finder is self or not hasattr(finder, "find_spec"):
                continue
            spec = finder.find_spec(name, path, target)
            if spec is None:
                continue
            if spec.loader is not None and hasattr(spec.loader, "exec_module"):
                spec.loader = _Loader(spec.loader, self._patterns)
            return spec
        return None


def _install(patterns):
    _sys.meta_path.insert(0, _Injector(list(patterns)))
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
