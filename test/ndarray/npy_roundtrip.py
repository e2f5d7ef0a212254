"""The numpy side of the .npy/.npz interop test in npy.test.ts.

    python3 npy_roundtrip.py check DIR   load what TypeScript wrote into DIR, as DIR/expected.json
                                         describes it, and compare dtype, shape and values exactly
    python3 npy_roundtrip.py write DIR   write arrays with np.save / np.savez / np.savez_compressed
                                         (and format.write_array for versions 2.0 and 3.0) and
                                         describe them in DIR/numpy.json for TypeScript to compare

Each description is {"file", "key" (null for .npy), "dtype", "shape", "values" (flat, C order)}.
Exits non-zero with the reason on stderr when anything differs.
"""
import json
import os
import sys

import numpy as np


def check(d):
    with open(os.path.join(d, "expected.json")) as f:
        entries = json.load(f)
    for e in entries:
        path = os.path.join(d, e["file"])
        what = path if e["key"] is None else f"{path}[{e['key']}]"
        if e["key"] is None:
            a = np.load(path)
        else:
            with np.load(path) as z:
                a = z[e["key"]]
        want = np.array(e["values"], dtype=e["dtype"]).reshape(e["shape"])
        if a.dtype != want.dtype:
            sys.exit(f"{what}: dtype {a.dtype}, expected {want.dtype}")
        if a.shape != want.shape:
            sys.exit(f"{what}: shape {a.shape}, expected {want.shape}")
        if not a.flags.c_contiguous:
            sys.exit(f"{what}: not C-contiguous")
        if not np.array_equal(a, want):
            sys.exit(f"{what}: values differ:\n{a}\nexpected\n{want}")
    # The npz key sets, as np.load lists them.
    for name in sorted({e["file"] for e in entries if e["key"] is not None}):
        with np.load(os.path.join(d, name)) as z:
            keys = sorted(z.files)
        want = sorted(e["key"] for e in entries if e["file"] == name)
        if keys != want:
            sys.exit(f"{name}: keys {keys}, expected {want}")
    print(f"ok {len(entries)}")


def write(d):
    arrays = {
        "f32": (np.arange(12, dtype=np.float32).reshape(3, 4) / np.float32(7)),
        "f64": np.array([[0.1, -2.5e-300], [1e300, -0.0]]),
        "i32": np.array([[-(2**31), 2**31 - 1, 0]], dtype=np.int32),
        "b": np.array([True, False, True, True]),
        "scalar": np.array(3.25),  # 0-d
        "i64": np.array([[1, -2, 3], [2**31 - 1, -(2**31), 0]]),  # numpy's default int
        "empty": np.zeros((0, 3), dtype=np.float32),
    }
    assert arrays["i64"].dtype == np.int64
    out = []

    def describe(file, key, a):
        out.append({"file": file, "key": key, "dtype": str(a.dtype), "shape": list(a.shape),
                    "values": a.ravel().tolist()})

    for name, a in arrays.items():
        np.save(os.path.join(d, f"{name}.npy"), a)
        describe(f"{name}.npy", None, a)
    for version in [(2, 0), (3, 0)]:
        name = f"v{version[0]}.npy"
        with open(os.path.join(d, name), "wb") as f:
            np.lib.format.write_array(f, arrays["f32"], version=version)
        describe(name, None, arrays["f32"])
    dotted = {"in.A": arrays["f32"], "out.dLdW": arrays["i64"], "mask": arrays["b"], "loss": arrays["scalar"]}
    np.savez(os.path.join(d, "plain.npz"), **dotted)
    np.savez_compressed(os.path.join(d, "compressed.npz"), **dotted)
    for file in ["plain.npz", "compressed.npz"]:
        for key, a in dotted.items():
            describe(file, key, a)
    # Files TypeScript must refuse, with the reason.
    np.save(os.path.join(d, "fortran.npy"), np.asfortranarray(arrays["f32"]))
    np.save(os.path.join(d, "big_i64.npy"), np.array([1, 2**40]))
    np.save(os.path.join(d, "bigendian.npy"), arrays["f32"].astype(">f4"))
    np.save(os.path.join(d, "u8.npy"), np.arange(3, dtype=np.uint8))
    with open(os.path.join(d, "numpy.json"), "w") as f:
        json.dump(out, f)
    print(f"wrote {len(out)}")


if __name__ == "__main__":
    {"check": check, "write": write}[sys.argv[1]](sys.argv[2])
