"""Small C programs built against the shared libpython that codetrace embeds, for the benchmarks."""
import os
import shutil
import subprocess

# A python3 that runs on the shared libpython, as codetrace does.
LAUNCHER = "#include <Python.h>\nint main(int argc, char **argv) { return Py_BytesMain(argc, argv); }\n"


def build_embedded(python, workdir, name, source_text):
    """Compiles `source_text` in `workdir` against `python`'s libpython; returns the binary's path."""
    config = python + "-config"
    if not shutil.which(config):
        config = shutil.which(os.path.basename(python) + "-config") or config
    flags = subprocess.check_output([config, "--includes", "--ldflags", "--embed"], text=True).split()
    libdir = subprocess.check_output([python, "-c", "import sysconfig; print(sysconfig.get_config_var('LIBDIR'))"],
                                     text=True).strip()
    source = os.path.join(workdir, name + ".c")
    binary = os.path.join(workdir, name)
    with open(source, "w") as f:
        f.write(source_text)
    subprocess.check_call(["cc", "-O2", source, "-o", binary, f"-Wl,-rpath,{libdir}"] + flags)
    return binary
