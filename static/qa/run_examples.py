# Runs docstring examples for `codetrace qa --verify-examples` and observed calls for
# `codetrace qa --trace --verify`, in a Python process of its own (never in codetrace's embedded
# interpreter: both are the analysed project's code).
#
# It stays running for the whole `qa` run and answers one case at a time. Each line codetrace
# writes to its standard input is a case:
#   {"root": folder to put first on sys.path, "module": dotted name, "doctest": session text,
#    "timeout": seconds}
# or, for an observed call, "expression", "values" and "result" (a repr) or "raised" in place of
# "doctest" (and, for a call sequence, "function": its id, and "calls": the functions under the
# root it called directly, in order);
# and each line it writes back is the verdict: {"ok": bool, "why": "..."}.
#
# The module is imported once, here; each case then runs in a fork of this process
# (a fresh copy of everything it may change; its standard streams on /dev/null, so nothing it
# reads or writes touches this protocol): an example under doctest's own parser, runner and
# output checker, with the option flags its `# doctest:` comments give; a call evaluated in the
# module's namespace. A case that runs past its timeout is
# killed and fails. The working folder is an empty temporary one, removed at the end.
import doctest
import importlib
import inspect
import json
import os
import select
import shutil
import signal
import sys
import tempfile
import time


def outcome_of_raise(e):
    """The exception as codetrace's tracer writes it: its type's name, then str(e) when not empty."""
    message = str(e)
    names = {type(e).__name__, "%s.%s" % (type(e).__module__, type(e).__qualname__)}
    return {name + (": " + message if message else "") for name in names}


RESUMABLE = inspect.CO_GENERATOR | inspect.CO_COROUTINE | inspect.CO_ASYNC_GENERATOR


def function_id(code):
    """The id codetrace gives a function: its module's name, then its qualified name without
    `<locals>` (None for code that is not a module's)."""
    for module in list(sys.modules.values()):
        where = getattr(module, "__file__", None)
        if where and os.path.abspath(where) == os.path.abspath(code.co_filename):
            qualname = getattr(code, "co_qualname", code.co_name)
            return module.__name__ + "." + ".".join(p for p in qualname.split(".") if p != "<locals>")
    return None


class DirectCalls:
    """A profile function that records what the first frame of `function` calls directly, in
    order: the Python functions whose code is under `root`."""

    def __init__(self, function, root):
        self.function, self.root, self.frame, self.calls = function, os.path.join(os.path.abspath(root), ""), None, []
        self.ids, self.resumable = {}, {}

    def id_of(self, code):
        if code not in self.ids:
            self.ids[code] = function_id(code)
        return self.ids[code]

    def __call__(self, frame, event, arg):
        if event != "call":
            return
        if self.frame is None:
            if self.id_of(frame.f_code) == self.function:
                self.frame = frame
        elif frame.f_back is self.frame and os.path.abspath(frame.f_code.co_filename).startswith(self.root):
            if frame.f_code.co_flags & RESUMABLE:
                # A generator's or coroutine's frame reports "call" at each resumption; the
                # tracer counts its first run only. (Held, so that no other frame takes its id.)
                if id(frame) in self.resumable:
                    return
                self.resumable[id(frame)] = frame
            self.calls.append(self.id_of(frame.f_code))


def check_call(case):
    """An observed call: every value it is built from evaluates back to itself, and evaluated in
    the module's namespace the call returns an equal value with the recorded repr (or raises the
    recorded exception); for a call sequence, it calls the recorded functions, in order."""
    namespace = sys.modules[case["module"]].__dict__  # in a fork: what the call changes vanishes
    for text in case.get("values", []):
        try:
            value = eval(text, namespace)
        except BaseException as e:  # noqa: BLE001
            return False, "%s does not evaluate: %s: %s" % (text, type(e).__name__, e)
        if repr(value) != text:
            return False, "%s evaluates to %s" % (text, repr(value)[:300])
    calls = DirectCalls(case["function"], case["root"]) if "calls" in case else None
    try:
        if calls:
            sys.setprofile(calls)
        try:
            result = eval(case["expression"], namespace)
        finally:
            sys.setprofile(None)
    except BaseException as e:  # noqa: BLE001 - the recorded outcome may be this exception
        if case.get("raised") in outcome_of_raise(e):
            return True, ""
        return False, "it raised %s: %s" % (type(e).__name__, str(e)[:300])
    if "raised" in case:
        return False, "it returned %s" % repr(result)[:300]
    if repr(result) != case["result"]:
        return False, "it returned %s" % repr(result)[:300]
    expected = eval(case["result"], namespace)
    if type(expected) is not type(result) or not bool(expected == result):
        return False, "%s does not evaluate to an equal value" % case["result"]
    if calls and calls.calls != case["calls"]:
        return False, "it called %s" % ", ".join(map(str, calls.calls))[:300]
    return True, ""


def check(case):
    if "expression" in case:
        return check_call(case)
    parser = doctest.DocTestParser()
    test = parser.get_doctest(case["doctest"], {"__name__": "__codetrace_example__"}, "example", None, 0)
    report = []
    runner = doctest.DocTestRunner(verbose=False)
    result = runner.run(test, out=report.append, clear_globs=True)
    if result.failed == 0:
        return True, ""
    return False, "".join(report)[-2000:]


def run_forked(case, timeout):
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read_end)
        null = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1, 2):
            os.dup2(null, fd)
        try:
            ok, why = check(case)
        except BaseException as e:  # noqa: BLE001 - anything the example raises outside doctest
            ok, why = False, "%s: %s" % (type(e).__name__, e)
        try:
            os.write(write_end, json.dumps({"ok": ok, "why": why}).encode())
        finally:
            os._exit(0)
    os.close(write_end)
    data = b""
    deadline = time.monotonic() + timeout
    timed_out = False
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            timed_out = True
            break
        ready, _, _ = select.select([read_end], [], [], left)
        if not ready:
            continue
        chunk = os.read(read_end, 65536)
        if not chunk:
            break
        data += chunk
    os.close(read_end)
    if timed_out:
        os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    if timed_out:
        return {"ok": False, "why": "timed out after %g s" % timeout}
    try:
        return json.loads(data.decode())
    except ValueError:
        return {"ok": False, "why": "the example ended its process"}


def load(module, root):
    """Imports `module` from `root`. A module of the same name this script already holds (a copy
    of `json` is analysed, and the stdlib's `json` was imported above) is forgotten first, so that
    the examples run the analysed code."""
    top = module.split(".")[0]
    loaded = sys.modules.get(top)
    where = getattr(loaded, "__file__", None) if loaded is not None else None
    if where and not os.path.abspath(where).startswith(os.path.join(os.path.abspath(root), "")):
        for name in [n for n in sys.modules if n == top or n.startswith(top + ".")]:
            del sys.modules[name]
    importlib.import_module(module)


def main():
    # The protocol keeps private copies of the standard streams; the numbered ones go to
    # /dev/null, so that a module printing or reading as it is imported cannot touch it.
    protocol_in = os.fdopen(os.dup(0), "r", encoding="utf-8")
    protocol_out = os.fdopen(os.dup(1), "w", encoding="utf-8")
    null = os.open(os.devnull, os.O_RDWR)
    os.dup2(null, 0)
    os.dup2(null, 1)
    sys.stdin, sys.stdout = open(os.devnull), open(os.devnull, "w")
    sys.dont_write_bytecode = True  # never leave __pycache__ in the analysed tree
    imported = {}
    work = tempfile.mkdtemp(prefix="codetrace-examples-")
    os.chdir(work)
    check({"doctest": ">>> 1 + 1\n2\n"})  # doctest's first-run work, done once here instead of in every fork
    try:
        for line in protocol_in:
            if not line.strip():
                continue
            case = json.loads(line)
            if case["root"] not in sys.path:
                sys.path.insert(0, case["root"])
            module = case["module"]
            if module not in imported:
                try:
                    load(module, case["root"])
                    imported[module] = ""
                except BaseException as e:  # noqa: BLE001 - a module that cannot be imported fails its cases
                    imported[module] = "cannot import %s: %s: %s" % (module, type(e).__name__, e)
            result = {"ok": False, "why": imported[module]} if imported[module] else run_forked(case, case["timeout"])
            protocol_out.write(json.dumps(result) + "\n")
            protocol_out.flush()
    finally:
        os.chdir("/")
        shutil.rmtree(work, ignore_errors=True)


main()
