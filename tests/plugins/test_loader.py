#!/usr/bin/env python3
"""Plugin loading as the command line sees it.

usage: test_loader.py CASE GOOD_DIR BROKEN_DIR DUP_DIR HOSTILE_DIR
CASE: refusals | duplicates | cache | list-plugins | probe, and the
hostile files: garbage-dynamic | constructor | crash-exit | writable |
relative-path (each must cost one warning while the conversion goes on
with the good test plugins)
"""
import glob
import os
import shutil
import struct
import subprocess
import sys
import tempfile

RECTO = os.environ["RECTO"]
FAILURES = []


def check(cond, what):
    if not cond:
        FAILURES.append(what)
        print("FAIL:", what, file=sys.stderr)


def run(args, cwd, env=None, stdin=b"", want_pid=False):
    """Only the plugins named on the command line, unless env says
    otherwise (a value None removes a variable)."""
    full = dict(os.environ)
    full["RECTO_PLUGIN_SYSTEM_PATH"] = ""
    full.update(env or {})
    full = {k: v for k, v in full.items() if v is not None}
    p = subprocess.Popen([RECTO] + args, cwd=cwd, env=full,
                         stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE)
    out, err = p.communicate(stdin)
    res = (p.returncode, out.decode(), err.decode())
    return res + (p.pid,) if want_pid else res


def write(path, text):
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def case_refusals(tmp, good, broken, dup):
    write(os.path.join(tmp, "in.lines"), "hello\n")
    env = {"RECTO_PLUGIN_CACHE": os.path.join(tmp, "cache")}
    names = ["abi99", "newminor", "small", "nocallback", "noentry"]
    files = ["recto-broken-%s.so" % n for n in names] + ["recto-notelf.so"]
    # Twice: the second run takes the refusals from the cache.
    for attempt in ("first", "cached"):
        rc, out, err = run(["--plugin-path", broken, "--plugin-path", good,
                            "-f", "lines", "-t", "dump", "in.lines"], tmp,
                           env)
        check(rc == 0, "%s: conversion still works (rc %d)" % (attempt, rc))
        check("paragraph: hello" in out, "%s: output" % attempt)
        lines = err.splitlines()
        check(len(lines) == 6, "%s: six lines, got %r" % (attempt, lines))
        for f in files:
            mine = [l for l in lines if f in l]
            check(len(mine) == 1, "%s: one line for %s" % (attempt, f))
            check(all(l.startswith("recto: warning: plugin ") and
                      l.endswith("[plugin.refused]") for l in mine),
                  "%s: line format for %s: %r" % (attempt, f, mine))
    # Another architecture, and a truncated file: ELF, but not loadable.
    odd = os.path.join(tmp, "odd")
    os.mkdir(odd)
    with open(os.path.join(good, "recto-idle.so"), "rb") as f:
        elf = bytearray(f.read())
    check(elf[:4] == b"\x7fELF", "test plugins are ELF")
    other = bytearray(elf)
    other[18:20] = (183).to_bytes(2, "little")  # EM_AARCH64
    if elf[18:20] == other[18:20]:
        other[18:20] = (62).to_bytes(2, "little")  # EM_X86_64
    with open(os.path.join(odd, "recto-otherarch.so"), "wb") as f:
        f.write(other)
    # dlopen maps a truncated file blindly: SIGBUS unless the host checks.
    with open(os.path.join(odd, "recto-truncated.so"), "wb") as f:
        f.write(elf[:len(elf) // 2])
    with open(os.path.join(odd, "recto-tiny.so"), "wb") as f:
        f.write(elf[:40])
    rc, out, err = run(["--plugin-path", odd, "--plugin-path", good, "-f",
                        "lines", "-t", "dump", "in.lines"], tmp,
                       {"RECTO_PLUGIN_CACHE": ""})
    lines = err.splitlines()
    check(rc == 0 and "paragraph: hello" in out, "odd files: still works")
    check(len(lines) == 3 and all("cannot be loaded" in l and
                                  l.endswith("[plugin.refused]")
                                  for l in lines),
          "wrong architecture and truncated ELF refused: %r" % lines)
    check("another architecture" in err and err.count("(truncated") == 2,
          "the reasons are named: %r" % err)
    rc, out, err = run(["-q", "--plugin-path", broken, "--plugin-path", good,
                        "-f", "lines", "-t", "dump", "in.lines"], tmp, env)
    check(rc == 0 and err == "", "--quiet hides refusals: %r" % err)
    # A refused plugin is not reachable at all.
    rc, out, err = run(["--plugin-path", broken, "-q", "-t", "brokenwriter",
                        "-f", "lines", "in.lines"], tmp, env)
    check(rc == 2, "refused writer is unknown (rc %d)" % rc)


def case_duplicates(tmp, good, broken, dup):
    write(os.path.join(tmp, "in.lines"), "hello\n")
    env = {"RECTO_PLUGIN_CACHE": ""}
    base = ["--plugin-path", good, "--plugin-path", dup]
    rc, out, err = run(base + ["-t", "dump", "in.lines"], tmp, env)
    check(rc == 0, "conversion works (rc %d)" % rc)
    check("paragraph: hello" in out, "the first plugin on the path wins")
    lines = [l for l in err.splitlines() if "[plugin.duplicate]" in l]
    check(len(lines) == 2, "two duplicate warnings: %r" % err)
    for l in lines:
        check("recto-dup.so" in l and "recto-testfmt.so" in l,
              "the warning names both files: %r" % l)
    rc, out, err = run(base + ["-q", "-t", "dup", "in.lines"], tmp, env)
    check(rc == 0 and out == "written by the duplicate\n",
          "the duplicate's own name works")
    rc, out, err = run(base + ["-q", "-t", "duponly", "in.lines"], tmp, env)
    check(rc == 0 and out == "written by the duplicate\n",
          "the duplicate's new name works")
    # The other order: now the duplicate's alias wins.
    rc, out, err = run(["--plugin-path", dup, "--plugin-path", good, "-q",
                        "-t", "dump", "in.lines"], tmp, env)
    check(rc == 0 and out == "written by the duplicate\n",
          "first on the path wins the other way round too (rc %d, %r)"
          % (rc, out))


def case_cache(tmp, good, broken, dup):
    plugins = os.path.join(tmp, "plugins")
    os.mkdir(plugins)
    for so in glob.glob(os.path.join(good, "*.so")):
        shutil.copy2(so, plugins)
    write(os.path.join(tmp, "in.lines"), "hello\n")
    cache = os.path.join(tmp, "cache", "plugins.cache")
    log = os.path.join(tmp, "loads")
    env = {"RECTO_PLUGIN_CACHE": cache, "RECTO_TEST_LOADLOG": log}
    args = ["--plugin-path", plugins, "-f", "lines", "-t", "dump",
            "in.lines"]

    def loads():
        if not os.path.exists(log):
            return []
        with open(log) as f:
            text = f.read().split()
        os.unlink(log)
        return sorted(text)

    rc, out, err = run(args, tmp, env)
    check(rc == 0 and "paragraph: hello" in out, "first run converts")
    # each file is examined in a child, then testfmt is opened for use
    check(loads() == ["idle", "testfmt", "testfmt"],
          "first run examines every file")
    check(os.path.exists(cache), "the cache file is written")
    with open(cache) as f:
        check(f.readline().startswith("recto-plugin-cache 1 abi "),
              "cache header")
    rc, out, err = run(args, tmp, env)
    check(rc == 0 and "paragraph: hello" in out, "second run converts")
    check(loads() == ["testfmt"], "second run opens only what it uses")
    rc, out, err = run(["--plugin-path", plugins, "--list-plugins"], tmp, env)
    check(rc == 0 and "idle" in out, "listing from the cache")
    check(loads() == [], "listing opens nothing")
    rc, out, err = run(args[:-1] + ["-O", "dump.tset=1", "in.lines"], tmp, env)
    check(rc == 2 and "'dump.test'" in err and loads() == [],
          "a plugin's option keys come from the cache: %r" % err)
    # A changed file is examined again.
    st = os.stat(os.path.join(plugins, "recto-idle.so"))
    os.utime(os.path.join(plugins, "recto-idle.so"),
             ns=(st.st_atime_ns, st.st_mtime_ns + 5 * 10**9))
    rc, out, err = run(args, tmp, env)
    check(loads() == ["idle", "testfmt"], "a touched plugin is re-examined")
    # A file replaced by another plugin: the cache must not be believed.
    shutil.copy(os.path.join(dup, "recto-dup.so"),
                os.path.join(plugins, "recto-idle.so"))
    rc, out, err = run(["--plugin-path", plugins, "--list-plugins"], tmp, env)
    check("duponly" in out and "idle " not in out,
          "a replaced plugin is seen as it is now: %r" % out)
    shutil.copy2(os.path.join(good, "recto-idle.so"), plugins)
    # A damaged cache is ignored and rewritten.
    write(cache, "recto-plugin-cache 1 abi 1.1\nF\tgarbage\n")
    rc, out, err = run(args, tmp, env)
    check(rc == 0 and "paragraph: hello" in out and err.count("refused") == 0,
          "a damaged cache is ignored: %r" % err)
    with open(cache) as f:
        check("recto-testfmt.so" in f.read(), "and rewritten")
    loads()
    # Default place: $XDG_CACHE_HOME, else ~/.cache; "" turns it off.
    home = os.path.join(tmp, "home")
    os.mkdir(home)
    env2 = {"HOME": home, "XDG_CACHE_HOME": ""}
    full = dict(os.environ)
    full.pop("RECTO_PLUGIN_CACHE", None)
    full.update(env2)
    p = subprocess.run([RECTO] + args, cwd=tmp, env=full,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    check(p.returncode == 0, "default cache run")
    check(os.path.exists(os.path.join(home, ".cache", "recto",
                                      "plugins.cache")), "~/.cache is used")
    shutil.rmtree(os.path.join(home, ".cache"))
    rc, out, err = run(args, tmp, {"HOME": home, "RECTO_PLUGIN_CACHE": ""})
    check(rc == 0 and not os.path.exists(os.path.join(home, ".cache")),
          "RECTO_PLUGIN_CACHE= turns the cache off")


def case_list_plugins(tmp, good, broken, dup):
    env = {"RECTO_PLUGIN_CACHE": ""}
    build = os.environ["RECTO_BUILD_ROOT"]
    real = sorted(os.path.realpath(p) for p in
                  glob.glob(os.path.join(build, "plugins", "*", "*.so")))
    rc, out, err = run(["--list-plugins"], tmp,
                       dict(env, RECTO_PLUGIN_SYSTEM_PATH=None))
    check(rc == 0, "--list-plugins exits 0")
    listed = set()
    for line in out.splitlines():
        fields = line.split()
        check(len(fields) == 4, "name kind version file: %r" % line)
        if len(fields) == 4:
            check(fields[1] in ("reader", "writer", "transform"),
                  "kind: %r" % line)
            listed.add(os.path.realpath(fields[3]))
    # A plugin still being written may be refused, with its reason; the
    # host must account for every file (format plugins test themselves).
    refused = set(os.path.realpath(l.split()[3]) for l in err.splitlines()
                  if l.startswith("recto: warning: plugin ") and
                  l.endswith("[plugin.refused]"))
    # An installed set, if any, comes after the build tree's.
    root = os.path.realpath(build) + os.sep
    seen = set(f for f in listed | refused if f.startswith(root))
    check(sorted(seen) == real, "every built plugin is listed with its "
          "file, or refused: %r vs %r" % (sorted(seen), real))
    rc, out, err = run(["--list-plugins"], tmp,
                       dict(env, RECTO_PLUGIN_SYSTEM_PATH=good + ":" + dup))
    files = set(l.split()[3] for l in out.splitlines())
    check(files == {os.path.join(good, "recto-idle.so"),
                    os.path.join(good, "recto-testfmt.so"),
                    os.path.join(dup, "recto-dup.so")},
          "RECTO_PLUGIN_SYSTEM_PATH replaces the build tree: %r" % files)
    rc, out, err = run(["--plugin-path", good, "--list-plugins"], tmp, env)
    first = out.splitlines()[0].split() if out else []
    check(first[:3] == ["idle", "writer", "0.1"] and
          first[3] == os.path.join(good, "recto-idle.so"),
          "--plugin-path comes first, files in name order: %r" % first)
    check("lines        reader    0.1      %s/recto-testfmt.so" % good in out,
          "columns: %r" % out)
    rc, out, err = run(["--plugin-path", good, "--list-formats"], tmp, env)
    sections = out.split("\n\n")
    check(len(sections) == 3, "three sections")
    if len(sections) == 3:
        check("lines" in sections[0] and ".x.txl" in sections[1 - 1],
              "readers listed")
        check("dump" in sections[1] and "also: listing" in sections[1],
              "writers listed with aliases")
        check("upper" in sections[2], "transforms listed")
        check("[bibliography]" in sections[0], "bibliography readers marked")
    # RECTO_PLUGIN_PATH comes after --plugin-path.
    rc, out, err = run(["--plugin-path", dup, "--list-plugins"], tmp,
                       {"RECTO_PLUGIN_CACHE": "",
                        "RECTO_PLUGIN_PATH": good + ":" + broken})
    check(out.splitlines()[0].startswith("lines") and
          "recto-dup.so" in out.splitlines()[0], "order: --plugin-path, "
          "then RECTO_PLUGIN_PATH")
    check(err.count("[plugin.refused]") == 6 and
          err.count("[plugin.duplicate]") == 2,
          "RECTO_PLUGIN_PATH is searched: %r" % err)


def case_probe(tmp, good, broken, dup):
    env = {"RECTO_PLUGIN_CACHE": ""}
    base = ["--plugin-path", good, "-t", "dump"]
    write(os.path.join(tmp, "a.xml"), "#xlines\nhello\n")
    write(os.path.join(tmp, "b.xml"), "#lines\nhello\n")
    write(os.path.join(tmp, "c.tei.x.txl"), "#lines\nhello\n")
    write(os.path.join(tmp, "d.data"), "#xlines\nhello\n")
    rc, out, err = run(base + ["--verbose", "a.xml"], tmp, env)
    check(rc == 0 and "X:hello" in out, ".xml is probed: %r" % out)
    check("reading as xlines (by its content)" in err,
          "--verbose says what was inferred: %r" % err)
    rc, out, err = run(base + ["b.xml"], tmp, env)
    check(rc == 0 and "paragraph: hello" in out and err == "",
          "probe picks lines; INFO hidden without -v")
    rc, out, err = run(base + ["c.tei.x.txl"], tmp, env)
    check(rc == 0 and "X:hello" in out, "longest extension wins")
    rc, out, err = run(base + ["d.data"], tmp, env)
    check(rc == 0 and "X:hello" in out, "unknown extension is probed")
    rc, out, err = run(base, tmp, env, stdin=b"#lines\nfrom stdin\n")
    check(rc == 0 and "from stdin" in out, "stdin is probed")
    rc, out, err = run(base, tmp, env, stdin=b"what is this\n")
    check(rc == 6 and "-f" in err, "unrecognised stdin: exit 6 naming -f")


# ---- hostile plugin files ----

def convert(tmp, plugin_dirs, env=None):
    with open(os.path.join(tmp, "in.lines"), "w") as f:
        f.write("hello\n")
    args = []
    for d in plugin_dirs:
        args += ["--plugin-path", d]
    env = dict({"RECTO_PLUGIN_CACHE": ""}, **(env or {}))
    return run(args + ["-f", "lines", "-t", "dump", "in.lines"], tmp, env,
               want_pid=True)


def private_dir(tmp, name):
    d = os.path.join(tmp, name)
    os.mkdir(d, 0o755)
    os.chmod(d, 0o755)
    return d


def converted(rc, out):
    return rc == 0 and "paragraph: hello" in out


def case_garbage_dynamic(tmp, good, broken, dup):
    # A plugin whose dynamic section is garbage: dlopen dies of SIGSEGV.
    with open(os.path.join(good, "recto-idle.so"), "rb") as f:
        elf = bytearray(f.read())
    check(elf[:5] == b"\x7fELF\x02", "test plugins are 64-bit ELF")
    phoff, = struct.unpack_from("<Q", elf, 32)
    phentsize, phnum = struct.unpack_from("<HH", elf, 54)
    done = False
    for k in range(phnum):
        at = phoff + k * phentsize
        ptype, = struct.unpack_from("<I", elf, at)
        if ptype == 2:  # PT_DYNAMIC
            off, = struct.unpack_from("<Q", elf, at + 8)
            size, = struct.unpack_from("<Q", elf, at + 32)
            for i in range(off, off + size, 8):
                elf[i:i + 8] = struct.pack("<Q", 0x4141414141414141 + i)
            done = True
    check(done, "the plugin has a dynamic section")
    odd = private_dir(tmp, "odd")
    with open(os.path.join(odd, "recto-garbage.so"), "wb") as f:
        f.write(elf)
    rc, out, err, _ = convert(tmp, [odd, good])
    lines = err.splitlines()
    check(converted(rc, out), "the conversion goes on (rc %d): %r" % (rc, err))
    check(len(lines) == 1 and "recto-garbage.so refused" in lines[0] and
          lines[0].endswith("[plugin.refused]"), "one refusal: %r" % lines)


def case_constructor(tmp, good, broken, dup):
    # Its constructor runs in the examining child, never in recto itself,
    # and its descriptor is refused there.
    marker = os.path.join(tmp, "marker")
    d = private_dir(tmp, "h")
    shutil.copy(os.path.join(HOSTILE, "recto-hostile-marker.so"), d)
    rc, out, err, pid = convert(tmp, [d, good], {"RECTO_TEST_MARKER": marker})
    check(converted(rc, out), "the conversion goes on (rc %d)" % rc)
    check(err.count("\n") == 1 and "built for plugin ABI 99" in err,
          "one refusal: %r" % err)
    with open(marker) as f:
        pids = [int(x) for x in f.read().split()]
    check(len(pids) == 1 and pid not in pids,
          "constructor ran once, apart from recto (%d): %r" % (pid, pids))


def case_crash_exit(tmp, good, broken, dup):
    d = private_dir(tmp, "h")
    for name in ("crash", "exit"):
        shutil.copy(os.path.join(HOSTILE, "recto-hostile-%s.so" % name), d)
    rc, out, err, _ = convert(tmp, [d, good])
    lines = err.splitlines()
    check(converted(rc, out), "the conversion goes on (rc %d)" % rc)
    check(len(lines) == 2, "two refusals: %r" % lines)
    check(any("recto-hostile-crash.so refused: crashed while being examined"
              in l for l in lines), "the crash is named: %r" % lines)
    check(any("recto-hostile-exit.so refused" in l for l in lines),
          "the early exit is refused: %r" % lines)


def case_writable(tmp, good, broken, dup):
    d = private_dir(tmp, "open")
    shutil.copy(os.path.join(good, "recto-testfmt.so"), d)
    os.chmod(d, 0o777)
    rc, out, err, _ = convert(tmp, [d])
    check(rc != 0 and err.count("[plugin.refused]") == 1 and
          "plugin directory %s refused: writable by others" % d in err,
          "a world-writable directory is refused (rc %d): %r" % (rc, err))
    os.chmod(d, 0o775)
    if os.stat(d).st_gid == 0:
        os.chown(d, -1, 1)  # a group of root's may write: take another
    rc, out, err, _ = convert(tmp, [d])
    check(rc != 0 and "writable by others" in err,
          "a group-writable directory is refused: %r" % err)
    os.chmod(d, 0o755)
    so = os.path.join(d, "recto-testfmt.so")
    os.chmod(so, 0o666)
    rc, out, err, _ = convert(tmp, [d])
    check(rc != 0 and err.count("\n") == 2 and
          "plugin %s refused: writable by others" % so in err,
          "a world-writable file is refused: %r" % err)
    rc, out, err, _ = convert(tmp, [so])
    check(rc != 0 and "writable by others" in err,
          "also when named on its own: %r" % err)
    os.chmod(so, 0o644)
    rc, out, err, _ = convert(tmp, [d])
    check(converted(rc, out) and err == "", "a private one is used: %r" % err)


def case_relative_path(tmp, good, broken, dup):
    rel = private_dir(tmp, "rel")
    shutil.copy(os.path.join(good, "recto-testfmt.so"), rel)
    rc, out, err, _ = convert(tmp, [], {"RECTO_PLUGIN_PATH": "rel:" + good})
    check(converted(rc, out), "absolute entries are used (rc %d)" % rc)
    check(err.count("\n") == 1 and "'rel'" in err and
          "RECTO_PLUGIN_PATH" in err and "[plugin.path]" in err,
          "one warning for the relative entry: %r" % err)
    rc, out, err, _ = convert(tmp, [], {"RECTO_PLUGIN_PATH": "rel"})
    check(rc != 0, "a relative entry alone gives no plugins (rc %d)" % rc)


CASES = {name[5:].replace("_", "-"): fn for name, fn in globals().items()
         if name.startswith("case_")}
HOSTILE = None


def main():
    global HOSTILE
    case, good, broken, dup, HOSTILE = sys.argv[1:6]
    with tempfile.TemporaryDirectory() as tmp:
        os.chmod(tmp, 0o700)
        CASES[case](tmp, good, broken, dup)
    if FAILURES:
        print("%d checks failed" % len(FAILURES), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
