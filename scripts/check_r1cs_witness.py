#!/usr/bin/env python3
"""Checks a circom-format circuit and witness with Python's standard library
alone, independently of the Swift code that wrote them:

    python3 scripts/check_r1cs_witness.py DIR

DIR holds circuit.r1cs (iden3's binary R1CS, version 1), witness.wtns
(iden3's binary witness, version 2) and, optionally, public.json (snarkjs
JSON), as `rollup circuits export --sample` writes them; either binary may
instead be gzip-compressed as NAME.gz (the committed test fixture is). The script parses
both containers as r1csfile and snarkjs read them (magic, version,
sections; integers and field elements little-endian, field elements in
standard form), checks the headers agree (BN254's r, wire count = witness
length), that wire 0 is 1, that public.json equals the public wires, and
that every constraint holds: (A·w)(B·w) = C·w mod r. Prints a summary and
exits 0 when all holds, 1 otherwise.
"""
import gzip
import json
import struct
import sys
from pathlib import Path

R = 21888242871839275222246405745257275088548364400416034343698204186575808495617


def load(path):
    path = Path(path)
    if path.exists():
        return path.read_bytes()
    return gzip.decompress(path.with_name(path.name + ".gz").read_bytes())


def sections(data, magic, max_version):
    if data[:4] != magic:
        raise ValueError(f"not a {magic.decode()} file")
    version, count = struct.unpack_from("<II", data, 4)
    if version > max_version:
        raise ValueError(f"{magic.decode()} version {version} is not supported")
    found, position = {}, 12
    for _ in range(count):
        kind, size = struct.unpack_from("<IQ", data, position)
        position += 12
        if kind in found:
            raise ValueError(f"section {kind} appears twice")
        found[kind] = (position, size)
        position += size
    if position != len(data):
        raise ValueError("bytes after the last section")
    return found


def field(data, position, n8):
    return int.from_bytes(data[position:position + n8], "little")


def field_header(data, start):
    """The field size in bytes and the prime, as both formats' first section opens."""
    n8, = struct.unpack_from("<I", data, start)
    return n8, field(data, start + 4, n8)


def read_r1cs(path):
    data = load(path)
    found = sections(data, b"r1cs", 1)
    start, size = found[1]
    n8, prime = field_header(data, start)
    position = start + 4 + n8
    wires, outputs, inputs, private = struct.unpack_from("<IIII", data, position)
    labels, constraints = struct.unpack_from("<QI", data, position + 16)
    if position + 28 - start != size:
        raise ValueError("the header section has the wrong size")
    position, end = found[2][0], found[2][0] + found[2][1]
    rows = []
    for _ in range(constraints):
        row = []
        for _ in range(3):
            count, = struct.unpack_from("<I", data, position)
            position += 4
            terms = []
            for _ in range(count):
                wire, = struct.unpack_from("<I", data, position)
                coefficient = field(data, position + 4, n8)
                if wire >= wires or coefficient >= prime:
                    raise ValueError(f"constraint {len(rows)}: wire {wire} or coefficient out of range")
                terms.append((wire, coefficient))
                position += 4 + n8
            row.append(terms)
        rows.append(row)
    if position != end:
        raise ValueError("the constraints section has the wrong size")
    start, size = found[3]
    if size != 8 * wires:
        raise ValueError("the wire-to-label section has the wrong size")
    return {"prime": prime, "n8": n8, "wires": wires, "public": outputs + inputs, "private_inputs": private,
            "labels": labels, "constraints": rows}


def read_wtns(path):
    data = load(path)
    found = sections(data, b"wtns", 2)
    start, size = found[1]
    n8, prime = field_header(data, start)
    count, = struct.unpack_from("<I", data, start + 4 + n8)
    start, size = found[2]
    if size != count * n8:
        raise ValueError("the witness section has the wrong size")
    values = [field(data, start + i * n8, n8) for i in range(count)]
    return {"prime": prime, "values": values}


def dot(terms, witness):
    return sum(coefficient * witness[wire] for wire, coefficient in terms) % R


def main(directory):
    directory = Path(directory)
    circuit = read_r1cs(directory / "circuit.r1cs")
    witness = read_wtns(directory / "witness.wtns")
    values = witness["values"]
    problems = []
    if circuit["prime"] != R or witness["prime"] != R:
        problems.append("the prime is not BN254's r")
    if circuit["n8"] != 32:
        problems.append(f"field size {circuit['n8']}, not 32")
    if circuit["wires"] != len(values):
        problems.append(f"{circuit['wires']} wires but {len(values)} witness values")
    if not values or values[0] != 1:
        problems.append("wire 0 is not 1")
    if any(value >= R for value in values):
        problems.append("a witness value is not below r")
    public_path = directory / "public.json"
    if public_path.exists():
        public = [int(text) for text in json.loads(public_path.read_text())]
        if public != values[1:1 + circuit["public"]]:
            problems.append("public.json is not the public wires")
    if not problems:
        for index, (a, b, c) in enumerate(circuit["constraints"]):
            if dot(a, values) * dot(b, values) % R != dot(c, values):
                problems.append(f"constraint {index} does not hold")
                break
    summary = (f"{len(circuit['constraints'])} constraints, {circuit['wires']} wires, "
               f"{circuit['public']} public")
    if problems:
        print(f"FAILED ({summary}): " + "; ".join(problems))
        return 1
    print(f"ok: {summary}; every constraint holds mod r")
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print(__doc__)
        sys.exit(2)
    sys.exit(main(sys.argv[1]))
