"""Marks one symbol-version requirement of an ELF64 little-endian shared library weak (VER_FLG_WEAK in
its .gnu.version_r entry), so the dynamic loader accepts a libstdc++ that lacks that version.
Usage: elf_weak_version.py LIBRARY VERSION   (edits LIBRARY in place; prints what it did)."""
import struct
import sys

SHT_GNU_VERNEED = 0x6FFFFFFE
VER_FLG_WEAK = 0x2

path, version = sys.argv[1], sys.argv[2].encode()
with open(path, "r+b") as f:
    elf = bytearray(f.read())
    if elf[:4] != b"\x7fELF" or elf[4] != 2 or elf[5] != 1:
        sys.exit(f"{path}: not a 64-bit little-endian ELF file")
    shoff, = struct.unpack_from("<Q", elf, 0x28)
    shentsize, shnum = struct.unpack_from("<HH", elf, 0x3A)
    sections = [struct.unpack_from("<IIQQQQIIQQ", elf, shoff + i * shentsize) for i in range(shnum)]
    verneed = next((s for s in sections if s[1] == SHT_GNU_VERNEED), None)
    if verneed is None:
        sys.exit(f"{path}: no .gnu.version_r section")
    dynstr = sections[verneed[6]]

    def name(offset):
        start = dynstr[4] + offset
        return bytes(elf[start:elf.index(b"\0", start)])

    entry, count = verneed[4], verneed[7]
    for _ in range(count):
        _, aux_count, _, aux, next_entry = struct.unpack_from("<HHIII", elf, entry)
        at = entry + aux
        for _ in range(aux_count):
            hash_, flags, other, vna_name, vna_next = struct.unpack_from("<IHHII", elf, at)
            if name(vna_name) == version:
                if flags & VER_FLG_WEAK:
                    print(f"{path}: {version.decode()} is weak already")
                else:
                    struct.pack_into("<H", elf, at + 4, flags | VER_FLG_WEAK)
                    f.seek(0)
                    f.write(elf)
                    print(f"{path}: {version.decode()} marked weak")
                sys.exit(0)
            at += vna_next
        entry += next_entry
    sys.exit(f"{path}: requires no {version.decode()}")
