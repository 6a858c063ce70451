#!/usr/bin/env python3
"""Compiles the contracts with the pinned Vyper and writes their ABI,
creation bytecode and runtime bytecode (what an address holds once
deployed, before the immutables Vyper appends to it) to
contracts/build/NAME.json; with --check, compares instead and
exits non-zero when a committed artifact differs from a fresh compile.

    python3 contracts/compile.py [--check]
"""
import json
import sys
from pathlib import Path

import vyper
from vyper.compiler import compile_code

VYPER_VERSION = "0.4.3"
CONTRACTS = Path(__file__).resolve().parent
NAMES = ("Groth16Verifier", "Rollup")


def compiled(name):
    source = (CONTRACTS / f"{name}.vy").read_text()
    output = compile_code(source, output_formats=["abi", "bytecode", "bytecode_runtime"], contract_path=f"{name}.vy")
    artifact = {"compiler": f"vyper {VYPER_VERSION}", "abi": output["abi"], "bytecode": output["bytecode"],
                "runtimeBytecode": output["bytecode_runtime"]}
    return json.dumps(artifact, indent=1, sort_keys=True) + "\n"


def main(check):
    if not vyper.__version__.startswith(VYPER_VERSION):
        raise SystemExit(f"the contracts are compiled with vyper {VYPER_VERSION}; this is {vyper.__version__} (pip install vyper=={VYPER_VERSION})")
    differ = []
    for name in NAMES:
        path = CONTRACTS / "build" / f"{name}.json"
        fresh = compiled(name)
        if check:
            if not path.exists() or path.read_text() != fresh:
                differ.append(str(path))
        else:
            path.parent.mkdir(exist_ok=True)
            path.write_text(fresh)
            print(f"wrote {path}")
    if differ:
        raise SystemExit(f"differs from a fresh compile (run python3 contracts/compile.py): {', '.join(differ)}")


if __name__ == "__main__":
    main("--check" in sys.argv[1:])
