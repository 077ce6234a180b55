"""Pack a built site into a reproducible zip: `python hooks/pack_offline.py SITE_DIR ZIP_PATH`.

Same files in, same bytes out: entries sorted, every timestamp and permission fixed, and all of them
under one top folder, so unzipping gives a folder with index.html inside.
"""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path

TOP = "nato-eastern-flank-briefing"
EPOCH = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip entry can hold


def pack(site: Path, zip_path: Path, top: str = TOP) -> int:
    """Write `site`'s files into `zip_path` under `top/`; returns the number of files."""
    files = sorted((p for p in site.rglob("*") if p.is_file()), key=lambda p: p.relative_to(site).as_posix())
    zip_path.parent.mkdir(parents=True, exist_ok=True)
    partial = zip_path.with_suffix(".partial")
    with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for path in files:
            entry = zipfile.ZipInfo(f"{top}/{path.relative_to(site).as_posix()}", date_time=EPOCH)
            entry.external_attr = 0o644 << 16
            entry.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(entry, path.read_bytes(), compresslevel=9)
    partial.replace(zip_path)  # never leave a half-written zip where the web build looks for it
    return len(files)


if __name__ == "__main__":
    site_dir, out = (Path(arg) for arg in sys.argv[1:3])
    count = pack(site_dir, out)
    print(f"{out}: {count} files, {out.stat().st_size / 1e6:.2f} MB")
