"""Print a built site's one-page edition to a PDF: `python hooks/print_pdf.py SITE_DIR PDF_PATH`.

Debian's Chromium (the browser the tests drive; else `CHROMIUM`, or Google Chrome) prints `print_page/index.html`
(mkdocs-print-site-plugin) with the site's print stylesheet: bookmarks from the headings, links between
records kept as links inside the PDF, tagged text. Same site in, same bytes out: pypdf replaces what Chromium
stamps that the site does not decide (see `make_reproducible`).
"""

from __future__ import annotations

import io
import os
import re
import shutil
import sys
from datetime import UTC, datetime
from pathlib import Path

from playwright.sync_api import sync_playwright
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, PdfObject, TextStringObject

# Debian's Chromium by default; CHROMIUM names another. GitHub's Ubuntu runners have Google Chrome instead.
BROWSERS = ("chromium", "google-chrome", "google-chrome-stable")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
PRINT_PAGE = Path("print_page") / "index.html"
# Links to files of the site (the CSV, the JSON) would point into the folder printed from: point them at
# the published site instead (its address is the page's canonical link). In-page links stay as they are.
ABSOLUTE_LINKS = """() => {
  const canonical = document.querySelector('link[rel="canonical"]');
  if (!canonical) return;
  for (const link of document.querySelectorAll('a[href]')) {
    const href = link.getAttribute('href');
    if (!href.startsWith('#') && !/^[a-z][a-z0-9+.-]*:/i.test(href)) link.href = new URL(href, canonical.href).href;
  }
}"""


def find_chromium() -> str:
    """The browser to print with: $CHROMIUM, else the first Chromium-family browser on PATH."""
    if os.environ.get("CHROMIUM"):
        return os.environ["CHROMIUM"]
    found = next((path for name in BROWSERS if (path := shutil.which(name))), None)
    if not found:
        raise SystemExit("make pdf: no Chromium found: install Debian's chromium (apt-get install -y chromium) or set CHROMIUM")
    return found


def print_to_pdf(page_file: Path, pdf_path: Path) -> None:
    """Chromium's PDF of `page_file`, as its print stylesheet lays it out (A4, landscape pages where it asks)."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=find_chromium(), headless=True, args=CHROMIUM_ARGS)
        try:
            page = browser.new_context(color_scheme="light").new_page()
            # Laid out once everything has loaded and no request is pending (a busy machine must not print a
            # page some script has not finished with), fonts included.
            page.goto(page_file.resolve().as_uri(), wait_until="networkidle")
            page.evaluate("document.fonts.ready.then(() => undefined)")
            page.evaluate(ABSOLUTE_LINKS)
            page.pdf(path=str(pdf_path), prefer_css_page_size=True, print_background=True, outline=True, tagged=True)
        finally:
            browser.close()


# Chromium names a tagged table header cell (its /ID, the /Headers of the cells it heads, the /IDTree) after the
# DOM node's number, which counts the nodes before it. Scripts add some at moments that depend on the machine's
# load: opened from a file, Material's script adds a <script> for the search index to <head>, or has not yet,
# when the page is printed. Nothing printed changes, but the numbers shift.
NODE_ID = re.compile(r"node(\d+)")
# The structure tree's links out of itself (parent, page, annotation, content stream), not followed: no id is there.
LINKS_OUT = {"/P", "/Pg", "/Obj", "/Stm", "/ParentTree"}


def _node_id_strings(root: PdfObject) -> list[tuple[DictionaryObject | ArrayObject, object, str]]:
    """Every (container, key or index, digits) under `root` where a Chromium node id (`node<digits>`) is written."""
    found, seen, stack = [], set(), [root]
    while stack:
        obj = stack.pop()
        if isinstance(obj, IndirectObject):
            if obj.idnum in seen:
                continue
            seen.add(obj.idnum)
            obj = obj.get_object()
        if isinstance(obj, DictionaryObject):
            items = [(key, value) for key, value in obj.items() if key not in LINKS_OUT]
        elif isinstance(obj, ArrayObject):
            items = enumerate(obj)
        else:
            continue
        for key, value in items:
            if isinstance(value, TextStringObject) and (match := NODE_ID.fullmatch(value)):
                found.append((obj, key, match[1]))
            else:
                stack.append(value)
    return found


def make_reproducible(pdf_path: Path, epoch: int) -> None:
    """Set the PDF's creation and modification times to `epoch` (Chromium stamps the clock's), and number the node
    ids of tagged table headers from 1 in their order (Chromium's numbering depends on timing), so that the same
    site prints to the same bytes. The numbers keep their width and order, so the /IDTree stays sorted."""
    stamp = datetime.fromtimestamp(epoch, UTC).strftime("D:%Y%m%d%H%M%SZ")
    writer = PdfWriter(clone_from=PdfReader(pdf_path))
    writer.add_metadata({"/CreationDate": stamp, "/ModDate": stamp})
    if "/StructTreeRoot" in writer.root_object:
        found = _node_id_strings(writer.root_object["/StructTreeRoot"])
        numbers = sorted({int(digits) for _, _, digits in found})
        renumbered = {number: index for index, number in enumerate(numbers, start=1)}
        for container, key, digits in found:
            container[key] = TextStringObject(f"node{renumbered[int(digits)]:0{len(digits)}d}")
    pdf = io.BytesIO()  # pypdf writes a path unbuffered, one system call per token: twice as slow
    writer.write(pdf)
    pdf_path.write_bytes(pdf.getvalue())


def make_pdf(site: Path, pdf_path: Path, epoch: int) -> int:
    """Write `pdf_path` from `site`'s print page; returns its number of pages. Never leaves a half-written PDF."""
    page_file = site / PRINT_PAGE
    if not page_file.is_file():
        raise SystemExit(f"{page_file} is missing: the site was built without mkdocs-print-site-plugin")
    pdf_path.parent.mkdir(parents=True, exist_ok=True)
    partial = pdf_path.with_suffix(".partial")
    print_to_pdf(page_file, partial)
    make_reproducible(partial, epoch)
    partial.replace(pdf_path)
    return len(PdfReader(pdf_path).pages)


if __name__ == "__main__":
    site_dir, out = (Path(arg) for arg in sys.argv[1:3])
    pages = make_pdf(site_dir, out, int(os.environ.get("SOURCE_DATE_EPOCH", "315532800")))
    print(f"{out}: {pages} pages, {out.stat().st_size / 1e6:.2f} MB")
