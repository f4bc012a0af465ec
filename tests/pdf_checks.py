"""Reading the rendered documents in the tests: the PDF's lines with their sizes and
fonts (as Decree 30 asks them), its text, its fonts."""

import io
import re
import shutil
import subprocess
import tempfile
import unittest
from collections import defaultdict

from odoo.tools.pdf import PdfReader

# Decree 30's sizes (pt), with the rounding of wkhtmltopdf's whole-pixel font sizes.
TOLERANCE = 0.25


def _multiply(m, n):
    return [
        m[0] * n[0] + m[1] * n[2],
        m[0] * n[1] + m[1] * n[3],
        m[2] * n[0] + m[3] * n[2],
        m[2] * n[1] + m[3] * n[3],
        m[4] * n[0] + m[5] * n[2] + n[4],
        m[4] * n[1] + m[5] * n[3] + n[5],
    ]


def pdf_lines(content):
    """The lines of a PDF as {(page, y from the top): [(size in pt, font, text), ...]},
    read from the text operators (size = font size x text and page matrices)."""
    lines = defaultdict(list)
    for number, page in enumerate(PdfReader(io.BytesIO(content)).pages, start=1):
        height = float(page.mediabox.height)

        def visit(text, cm, tm, font, size, number=number, height=height):
            if text.strip():
                m = _multiply(tm, cm)
                scale = abs(m[0] * m[3] - m[1] * m[2]) ** 0.5
                name = str(font.get("/BaseFont", "")).lstrip("/") if font else ""
                lines[number, round(height - m[5])].append((size * scale, name, re.sub(r"\s", " ", text)))

        page.extract_text(visitor_text=visit)
    return lines


class PdfChecksMixin:
    """Rendering a report and checking its PDF: for the test classes of every document."""

    def render_pdf(self, report, records, user=None):
        Report = self.env["ir.actions.report"]
        if user:
            Report = Report.with_user(user)
        return Report.with_context(force_report_rendering=True)._render_qweb_pdf(report, records.ids)[0]

    def render_html(self, report, records, user=None):
        Report = self.env["ir.actions.report"]
        if user:
            Report = Report.with_user(user)
        return Report._render_qweb_html(report, records.ids)[0].decode()

    def poppler(self, tool, content, *args):
        if not shutil.which(tool):
            raise unittest.SkipTest(f"{tool} (poppler-utils) is needed to read the PDF")
        with tempfile.NamedTemporaryFile(suffix=".pdf") as pdf:
            pdf.write(content)
            pdf.flush()
            command = [tool, *args, pdf.name] + (["-"] if tool == "pdftotext" else [])
            return subprocess.run(command, capture_output=True, check=True, timeout=60).stdout.decode()

    def pdf_text(self, content):
        """The PDF's text as laid out (columns side by side), each line's spaces collapsed."""
        return "\n".join(" ".join(line.split()) for line in self.poppler("pdftotext", content, "-layout").splitlines())

    def flat(self, text):
        return " ".join(text.split())

    def find_line(self, lines, text, page=None):
        """The line (page, y) whose text contains ``text``, and its runs that print it."""
        for key, runs in sorted(lines.items()):
            # runs split where a letter comes from another font: joined as they are printed
            printed = " ".join("".join(run[2] for run in runs).split())
            if (page is None or key[0] == page) and text in printed:
                parts = [run for run in runs if run[2].strip() and (run[2].strip() in text or text in run[2])]
                return key, parts
        self.fail(f"No line with {text!r} in the PDF")

    def assertLineSize(self, lines, text, low, high, bold=None, italic=None, page=None):
        key, runs = self.find_line(lines, text, page)
        for size, font, _text in runs:
            self.assertTrue(
                low - TOLERANCE <= size <= high + TOLERANCE,
                f"{text!r} is printed at {size:.2f}pt, Decree 30 asks {low}–{high}pt",
            )
            if font.startswith("LiberationSerif") and bold is not None:
                self.assertEqual("Bold" in font, bold, f"{text!r}: font {font}")
            if font.startswith("LiberationSerif") and italic is not None:
                self.assertEqual("Italic" in font, italic, f"{text!r}: font {font}")
        return key

    def assertFonts(self, content):
        rows = self.poppler("pdffonts", content).splitlines()[2:]
        fonts = {row.split()[0].split("+")[-1] for row in rows if row.strip()}
        self.assertTrue(fonts)
        self.assertIn("LiberationSerif", fonts)
        # every letter in Times New Roman / Liberation Serif: no fallback font for ơ, ộ, ữ…
        # (tools/env.sh points fontconfig at Liberation 2, which has them in every face)
        others = {font for font in fonts if not font.startswith(("LiberationSerif", "TimesNewRoman"))}
        self.assertFalse(others, "text printed in a fallback font")
