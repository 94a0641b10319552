#!/usr/bin/env python3
"""Generate the PDF test fixtures and the bundled sample strategies.

This script writes, deterministically and with fpdf2 (plus, for one fixture, a
small raw PDF writer of its own):

* ``tests/fixtures/pdfs/*.pdf`` - small PDFs that exercise the text extractor
  (two-column layout, hyphenation at line ends, running headers and footers,
  image-only pages, encryption, broken and non-PDF files, blank pages, a
  small French action plan with measures for « migrants de retour », a
  letter-spaced masthead, a page whose font has no Unicode map (written byte by
  byte: a Type3 font built from DejaVu outlines with fontTools), a ruled
  results-matrix table (cell rectangles) and a table ruled with line strokes,
  inset header shading and a merged cell);
* ``tests/fixtures/expected/<name>.json`` - what an extractor should get from
  each fixture (page count, headings, reading order, de-hyphenated words, ...);
* ``corpora/samples/sample_strategy_en.pdf`` and ``sample_strategy_fr.pdf`` -
  two fictional national strategies used by the README demo, and
  ``corpora/samples/expected.json`` - their intended ground truth per indicator.

The README files next to the outputs are written by hand and are not generated.

Usage (from the repository root, inside the project venv)::

    python scripts/make_fixtures.py            # regenerate everything in place
    python scripts/make_fixtures.py --check    # regenerate into a temporary
                                               # directory and exit 1 if any
                                               # output differs byte for byte

Determinism: the creation date is fixed, the producer string carries no version,
the file /ID is derived from the content, fonts are subset by fpdf2 without
timestamps, and the encrypted fixtures use fpdf2's RC4 (128-bit) handler, which
derives its keys from the passwords and the file id only (fpdf2's AES handlers
draw salts and IVs from os.urandom, so they are not used). Byte-for-byte output
still depends on the versions of fpdf2, Pillow and the DejaVu fonts.

Regenerating needs the DejaVu Sans TrueType fonts (for French characters such
as œ, ’, « »). They are looked up in ``$FIXTURE_FONT_DIR`` if set, otherwise in
/usr/share/fonts/truetype/dejavu/ (on Debian/Ubuntu: ``apt-get install
fonts-dejavu-core``). The generated files are committed, so the fonts are only
needed to regenerate.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import sys
import tempfile
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Iterable, Sequence

from fpdf import FPDF
from fpdf.enums import XPos, YPos
from fpdf.fonts import FontFace

REPO_ROOT = Path(__file__).resolve().parent.parent
FIXTURE_DIR = Path("tests/fixtures/pdfs")
EXPECTED_DIR = Path("tests/fixtures/expected")
SAMPLES_DIR = Path("corpora/samples")

CREATION_DATE = datetime(2026, 1, 1, tzinfo=timezone.utc)
PRODUCER = "fpdf2 (scripts/make_fixtures.py)"
FONT_FAMILY = "DejaVu"
FONT_FILES = {
    "": "DejaVuSans.ttf",
    "B": "DejaVuSans-Bold.ttf",
    "I": "DejaVuSans-Oblique.ttf",
}
DEFAULT_FONT_DIR = "/usr/share/fonts/truetype/dejavu"

SHY = "\u00ad"  # soft hyphen: fpdf2 may break a word there and prints "-"
NBSP = "\u00a0"


class FontMissingError(SystemExit):
    pass


def font_dir() -> Path:
    """Return the directory holding the DejaVu fonts, or exit with a clear message."""
    directory = Path(os.environ.get("FIXTURE_FONT_DIR", DEFAULT_FONT_DIR))
    missing = [name for name in FONT_FILES.values() if not (directory / name).is_file()]
    if missing:
        raise FontMissingError(
            "make_fixtures.py: cannot regenerate the PDFs, font file(s) "
            f"{', '.join(missing)} not found in {directory}.\n"
            "Install the DejaVu fonts (Debian/Ubuntu: apt-get install fonts-dejavu-core) "
            "or set FIXTURE_FONT_DIR to a directory containing them. "
            "The committed PDFs do not need the fonts."
        )
    return directory


# ---------------------------------------------------------------------------
# Base document class
# ---------------------------------------------------------------------------


class Doc(FPDF):
    """FPDF with DejaVu fonts, fixed metadata and optional running header/footer."""

    def __init__(
        self,
        *,
        title: str,
        lang: str = "en",
        author: str = "Republic of Examplia (fictional)",
        header_text: str | None = None,
        header_align: str = "R",
        footer_left: str | None = None,
        page_label: str | None = None,
        plain_first_page: bool = False,
        body_size: float = 10.5,
        line_h: float = 5.4,
    ) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.set_creation_date(CREATION_DATE)
        self.set_producer(PRODUCER)
        self.set_creator("scripts/make_fixtures.py")
        self.set_title(title)
        self.set_author(author)
        self.set_lang(lang)
        directory = font_dir()
        for style, name in FONT_FILES.items():
            self.add_font(FONT_FAMILY, style, str(directory / name))
        self.set_margins(22, 22, 22)
        self.set_auto_page_break(True, margin=22)
        self.header_text = header_text
        self.header_align = header_align
        self.footer_left = footer_left
        self.page_label = page_label
        self.plain_first_page = plain_first_page
        self.body_size = body_size
        self.line_h = line_h
        self.set_font(FONT_FAMILY, "", body_size)

    # running header and footer -------------------------------------------
    def _chrome_visible(self) -> bool:
        return not (self.plain_first_page and self.page_no() == 1)

    def header(self) -> None:
        if not self.header_text or not self._chrome_visible():
            return
        self.set_font(FONT_FAMILY, "", 8)
        self.set_text_color(90, 90, 90)
        self.set_xy(self.l_margin, 10)
        self.cell(self.epw, 4, self.header_text, align=self.header_align)
        self.set_draw_color(160, 160, 160)
        self.set_line_width(0.2)
        self.line(self.l_margin, 15, self.w - self.r_margin, 15)
        self.set_text_color(0, 0, 0)
        self.set_xy(self.l_margin, self.t_margin)
        self.set_font(FONT_FAMILY, "", self.body_size)

    def footer(self) -> None:
        if not (self.footer_left or self.page_label) or not self._chrome_visible():
            return
        self.set_font(FONT_FAMILY, "", 8)
        self.set_text_color(90, 90, 90)
        y = self.h - 14
        self.set_draw_color(160, 160, 160)
        self.set_line_width(0.2)
        self.line(self.l_margin, y - 1.5, self.w - self.r_margin, y - 1.5)
        if self.footer_left:
            self.set_xy(self.l_margin, y)
            self.cell(self.epw * 0.75, 4, self.footer_left, align="L")
        if self.page_label:
            self.set_xy(self.l_margin + self.epw * 0.75, y)
            label = self.page_label.replace("{n}", str(self.page_no()))
            self.cell(self.epw * 0.25, 4, label, align="R")
        self.set_text_color(0, 0, 0)

    # text helpers ---------------------------------------------------------
    def keep_space(self, height: float) -> None:
        """Start a new page unless `height` mm are left above the bottom margin."""
        if self.y + height > self.page_break_trigger:
            self.add_page()

    def heading(self, text: str, level: int = 0, *, outline: bool = False,
                size: float | None = None, space_before: float = 3.0) -> None:
        sizes = {0: 15.0, 1: 13.0, 2: 11.0}
        size = size if size is not None else sizes[level]
        self.keep_space(size * 0.35 * 2 + 22)
        if self.y > self.t_margin + 1:
            self.ln(space_before)
        if outline:
            self.start_section(text, level=level)
        self.set_font(FONT_FAMILY, "B", size)
        self.multi_cell(self.epw, size * 0.5, text, align="L",
                        new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(size * 0.18)
        self.set_font(FONT_FAMILY, "", self.body_size)

    def para(self, text: str, *, w: float | None = None, x: float | None = None,
             size: float | None = None, style: str = "", align: str = "J",
             after: float = 2.4) -> None:
        self.set_font(FONT_FAMILY, style, size or self.body_size)
        if x is not None:
            self.set_x(x)
        self.multi_cell(w if w is not None else self.epw, self.line_h, text, align=align,
                        new_x=XPos.LMARGIN if x is None else XPos.LEFT, new_y=YPos.NEXT)
        if after:
            self.ln(after)
        self.set_font(FONT_FAMILY, "", self.body_size)

    def bullets(self, items: Iterable[str], *, indent: float = 6.0, after: float = 2.4,
                bullet: str = "•") -> None:
        self.set_font(FONT_FAMILY, "", self.body_size)
        for item in items:
            self.keep_space(self.line_h * 2)
            x0 = self.l_margin
            self.set_x(x0 + 1.5)
            self.cell(indent - 1.5, self.line_h, bullet)
            self.set_x(x0 + indent)
            self.multi_cell(self.epw - indent, self.line_h, item, align="J",
                            new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            self.ln(0.8)
        self.ln(after - 0.8)

    def simple_table(self, rows: Sequence[Sequence[str]], col_widths: Sequence[float], *,
                     size: float = 8.6, aligns: Sequence[str] | None = None,
                     bold_rows: Sequence[int] = ()) -> None:
        self.set_font(FONT_FAMILY, "", size)
        self.set_draw_color(120, 120, 120)
        self.set_line_width(0.2)
        heading_style = FontFace(emphasis="BOLD", fill_color=(225, 230, 238))
        with self.table(col_widths=tuple(col_widths), line_height=size * 0.5,
                        text_align=tuple(aligns) if aligns else "LEFT",
                        headings_style=heading_style, padding=1.2,
                        width=self.epw) as table:
            for i, row in enumerate(rows):
                style = FontFace(emphasis="BOLD") if i in bold_rows else None
                r = table.row(style=style)
                for value in row:
                    r.cell(value)
        self.ln(3)
        self.set_font(FONT_FAMILY, "", self.body_size)


def hyphenate(text: str, table: dict[str, str]) -> str:
    """Insert soft hyphens into the words listed in `table` (keys are lower case,
    values use '-' at the allowed break points). fpdf2 breaks a word at a soft
    hyphen only when it does not fit at the end of a line, and then prints '-'."""
    if not table:
        return text

    def repl(match: re.Match[str]) -> str:
        word = match.group(0)
        pattern = table.get(word.lower())
        if pattern is None:
            return word
        out, i = [], 0
        for ch in pattern:
            if ch == "-":
                out.append(SHY)
            else:
                out.append(word[i])
                i += 1
        return "".join(out)

    words = sorted(table, key=len, reverse=True)
    regex = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\b", re.IGNORECASE)
    return regex.sub(repl, text)


def pdf_bytes(pdf: FPDF) -> bytes:
    return bytes(pdf.output())


# ---------------------------------------------------------------------------
# Test fixtures
# ---------------------------------------------------------------------------


def fixture_two_column() -> tuple[bytes, dict]:
    pdf = Doc(title="Health and Education Services in Examplia")
    pdf.add_page()
    title = "Health and Education Services in Examplia"
    pdf.heading(title, 0, size=16)
    pdf.para(
        "This note summarises the situation of two public services that matter most to "
        "households in the northern regions. It was prepared for the mid-term review of the "
        "regional development plan and draws on administrative data for 2023."
    )
    pdf.ln(2)
    top = pdf.y
    gap = 8.0
    col_w = (pdf.epw - gap) / 2
    left_x = pdf.l_margin
    right_x = pdf.l_margin + col_w + gap

    def column(x: float, heading: str, paragraphs: Sequence[str]) -> float:
        pdf.set_xy(x, top)
        pdf.set_font(FONT_FAMILY, "B", 13)
        pdf.multi_cell(col_w, 6.5, heading, align="L", new_x=XPos.LEFT, new_y=YPos.NEXT)
        pdf.ln(1.5)
        for text in paragraphs:
            pdf.set_x(x)
            pdf.set_font(FONT_FAMILY, "", 10.5)
            pdf.multi_cell(col_w, 5.4, text, align="J", new_x=XPos.LEFT, new_y=YPos.NEXT)
            pdf.ln(2.4)
        return pdf.y

    left = [
        "Primary health centres are the first point of contact for most families. The "
        "region counts 46 centres, of which only 29 have a resident nurse and a reliable "
        "supply of essential medicines.",
        "Health insurance covers 38 percent of residents. Enrolment is lowest among "
        "informal workers and seasonal farm labourers, who often pay for consultations "
        "out of pocket.",
        "Maternal care has improved since 2019: four in five births now take place in a "
        "health facility, but emergency transport between villages and the district "
        "hospital remains scarce.",
    ]
    right = [
        "School enrolment has risen steadily. Net primary enrolment reached 88 percent in "
        "2023, although girls leave school earlier than boys in the most remote "
        "districts.",
        "Secondary schools are concentrated in district towns, and many pupils travel "
        "more than ten kilometres each day. Boarding places cover fewer than one pupil in "
        "ten.",
        "Teacher shortages are acute in mathematics and science. The regional education "
        "office plans to recruit 120 teachers and to open two new lower secondary schools "
        "by 2026.",
    ]
    end_left = column(left_x, "Health services", left)
    end_right = column(right_x, "Education", right)
    pdf.set_xy(pdf.l_margin, max(end_left, end_right))

    pdf.add_page()
    pdf.heading("Next steps", 0, size=14)
    pdf.para(
        "The review recommends that the health and education offices share a single "
        "calendar for outreach visits, so that mobile clinics and school inspections reach "
        "the same villages in the same week."
    )
    pdf.para(
        "A joint progress report will be presented to the regional council at the end of "
        "each year, with indicators broken down by district and by sex."
    )
    data = pdf_bytes(pdf)
    expected = {
        "pages": 2,
        "headings": [title, "Health services", "Education", "Next steps"],
        "reading_order": [
            "Health and Education Services",
            "mid-term review",
            "Primary health centres",
            "Health insurance covers 38 percent",
            "emergency transport",
            "School enrolment has risen",
            "Teacher shortages are acute",
            "single calendar",
        ],
    }
    return data, expected


def justified_lines(pdf: Doc, lines: Sequence[str], *, size: float = 11.0, line_h: float = 6.0,
                    width: float | None = None) -> None:
    """Print each line as one cell, stretched horizontally so that all lines but the
    last of the paragraph end at the same x (a justified look, one text run per line)."""
    pdf.set_font(FONT_FAMILY, "", size)
    natural = [pdf.get_string_width(line) for line in lines]
    target = width if width is not None else max(natural)
    for i, (line, nat) in enumerate(zip(lines, natural)):
        last = i == len(lines) - 1
        stretch = 100.0 if last else 100.0 * target / nat
        if not 95.0 <= stretch <= 110.0 or (last and nat > target):
            raise ValueError(f"line needs {stretch:.1f}% stretching: {line!r}")
        pdf.set_stretching(round(stretch, 2))
        pdf.set_x(pdf.l_margin)
        pdf.cell(target, line_h, line, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_stretching(100)
    pdf.ln(3)


def fixture_hyphenated() -> tuple[bytes, dict]:
    pdf = Doc(title="Employment, training and maternal health: hyphenation sample", lang="en")
    pdf.add_page()
    pdf.heading("Skills and decent work", 1)
    en = [
        "The Government will give priority to measures that raise the quality of employ-",
        "ment for young people and women. Public investment will support socio-economic",
        "change in the northern regions, where most labour migrants come from, and new",
        "training centres will expand short, certified courses in welding, care work, solar",
        "installation and hospitality. Each course will combine classroom and vocation-",
        "al practice in enterprises, and will be designed together with employers so that",
        "graduates hold the skills that local firms actually need. The expected socio-",
        "economic benefits will be measured through a tracer survey of graduates.",
    ]
    justified_lines(pdf, en, width=156)
    pdf.heading("Santé maternelle et retour des travailleurs", 1)
    fr = [
        "Le Gouvernement étendra la gratuité des soins liés à la grossesse et à l’accou-",
        "chement dans tous les centres de santé publics, y compris dans les districts où",
        "les sages-femmes sont peu nombreuses. Les travailleurs rentrés de l’étranger",
        "bénéficieront d’un accompagnement personnalisé et d’un appui à la réinté-",
        "gration professionnelle, assuré par les agences régionales pour l’emploi, et les",
        "communes prendront en compte leurs besoins dans les plans locaux de dévelop-",
        "pement. Chaque mesure sera suivie au moyen d’indicateurs ventilés par sexe.",
    ]
    justified_lines(pdf, fr, width=156)
    data = pdf_bytes(pdf)
    expected = {
        "pages": 1,
        "headings": ["Skills and decent work",
                     "Santé maternelle et retour des travailleurs"],
        "reading_order": [
            "raise the quality of employment",
            "northern regions",
            "vocational practice",
            "tracer survey of graduates",
            "l’accouchement",
            "réintégration professionnelle",
            "plans locaux de développement",
        ],
        "dehyphenated": ["employment", "vocational", "accouchement", "réintégration",
                         "développement"],
        "kept_hyphen": ["socio-economic", "sages-femmes"],
    }
    return data, expected


def fixture_headers_footers() -> tuple[bytes, dict]:
    header = "National Employment Strategy 2024-2028"
    footer = "Ministry of Labour — Republic of Examplia"
    pdf = Doc(title=header, header_text=header, header_align="C", footer_left=footer,
              page_label="Page {n} of {nb}")
    chapters = [
        ("1. Context", [
            ("1.1 Labour market", [
                "Examplia’s labour force grew by 2.6 percent a year between 2015 and 2023, "
                "faster than the number of formal jobs. Unemployment stood at 11.8 percent in "
                "2023 and was twice as high among young people, while most new jobs were "
                "created in small urban services firms with low productivity.",
                "Women’s participation in the labour force remains far below that of men. "
                "Care responsibilities, limited transport and the lack of childcare services "
                "keep many women out of paid work or confine them to home-based activities.",
            ]),
            ("1.2 Informal economy", [
                "Seven in ten workers hold informal jobs without a written contract, paid "
                "leave or social security. Informality is highest in agriculture, street "
                "trade and domestic work, and it is the main reason why so few workers are "
                "covered by the pension scheme.",
                "Informal firms rarely grow. They face high registration costs, have little "
                "access to credit and are seldom reached by business development services.",
            ]),
        ]),
        ("2. Strategic objectives", [
            ("2.1 Decent jobs for young people", [
                "The first objective is to halve the gap between youth unemployment and adult "
                "unemployment by 2028. Public employment services will reach every district, "
                "and first-job subsidies will be offered to enterprises that hire young "
                "graduates on open-ended contracts.",
                "Labour-intensive public works will provide short-term income in the lagging "
                "regions while building rural roads, irrigation channels and school "
                "buildings.",
            ]),
            ("2.2 Skills for a changing economy", [
                "The second objective is to align training with the needs of employers. "
                "Sector skills councils will define occupational standards, and training "
                "centres will be funded according to the employment outcomes of their "
                "graduates.",
            ]),
        ]),
        ("3. Implementation", [
            ("3.1 Institutional arrangements", [
                "A steering committee chaired by the Minister brings together the ministries "
                "concerned, employers’ organisations and trade unions. It approves the annual "
                "work plan and reviews progress every six months.",
                "A small technical secretariat prepares the meetings, consolidates the "
                "reports of the implementing agencies and maintains the monitoring database.",
            ]),
            ("3.2 Regional delivery", [
                "Each region will set up an employment committee under the governor. The "
                "committees will adapt the national measures to local labour markets and "
                "report twice a year to the steering committee.",
            ]),
        ]),
        ("4. Monitoring and financing", [
            ("4.1 Monitoring framework", [
                "Progress will be measured with twenty indicators drawn from the labour force "
                "survey and from administrative records. Each indicator has a baseline, an "
                "annual milestone and a target for 2028.",
            ]),
            ("4.2 Cost and financing", [
                "The total cost of the Strategy is estimated at EXD 310 million over five "
                "years. The state budget will finance two thirds of this amount and "
                "development partners the remaining third.",
            ]),
        ]),
    ]
    headings: list[str] = []
    for title, sections in chapters:
        pdf.add_page()
        pdf.heading(title, 0)
        headings.append(title)
        for sub, paragraphs in sections:
            pdf.heading(sub, 1, size=12.5)
            headings.append(sub)
            for text in paragraphs:
                pdf.para(text)
    data = pdf_bytes(pdf)
    assert pdf.pages_count == 4, pdf.pages_count
    expected = {
        "pages": 4,
        "headings": headings,
        "reading_order": [
            "labour force grew by 2.6 percent",
            "Seven in ten workers",
            "halve the gap",
            "employment outcomes",
            "technical secretariat",
            "employment committee under the governor",
            "twenty indicators",
            "EXD 310 million",
        ],
        "absent": [header, footer, "Page 1 of 4", "Page 2 of 4", "Page 3 of 4", "Page 4 of 4"],
    }
    return data, expected


IMAGE_PAGES = [
    [
        ("REPUBLIC OF EXAMPLIA", "B", 30),
        ("Ministry of Labour", "", 24),
        ("", "", 20),
        ("Circular No. 12/2024", "B", 26),
        ("Subject: registration of jobseekers at regional job centres", "", 22),
        ("", "", 20),
        ("All regional job centres shall register jobseekers on the", "", 22),
        ("day they first visit the centre and shall record their age,", "", 22),
        ("sex, level of education and previous occupation.", "", 22),
        ("", "", 20),
        ("Centres shall report monthly to the central office, using", "", 22),
        ("the attached form, on the number of jobseekers registered", "", 22),
        ("and placed in employment during the month.", "", 22),
    ],
    [
        ("Annex: monthly reporting form", "B", 26),
        ("", "", 20),
        ("1. Name of the job centre", "", 22),
        ("2. Number of jobseekers registered", "", 22),
        ("3. Number of jobseekers placed in employment", "", 22),
        ("4. Number of vacancies received from employers", "", 22),
        ("", "", 20),
        ("Signed in Northbridge, 4 March 2024", "", 22),
        ("The Permanent Secretary", "I", 22),
    ],
]


def render_text_image(lines: Sequence[tuple[str, str, int]]):
    """Draw lines of text into a greyscale 'scanned' page image with Pillow."""
    from PIL import Image, ImageDraw, ImageFont  # Pillow is a dependency of fpdf2

    directory = font_dir()
    width, height = 1240, 1754  # A4 at 150 dpi
    img = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(img)
    y = 150
    for text, style, size in lines:
        font = ImageFont.truetype(str(directory / FONT_FILES[style]), size=int(size * 1.45))
        if text:
            draw.text((140, y), text, fill=25, font=font)
        y += int(size * 1.45 * 1.6)
    # a slight skew, as on a scanned page
    return img.rotate(0.6, resample=Image.BICUBIC, fillcolor=255)


def fixture_image_only() -> tuple[bytes, dict]:
    pdf = Doc(title="Scanned circular")
    for lines in IMAGE_PAGES:
        pdf.add_page()
        pdf.image(render_text_image(lines), x=0, y=0, w=pdf.w, h=pdf.h)
    return pdf_bytes(pdf), {"pages": 2}


def _confidential_doc(title: str, first: str) -> Doc:
    pdf = Doc(title=title)
    pdf.add_page()
    pdf.heading(title, 0)
    pdf.para(first)
    pdf.para(
        "Job centre staff will register each person on the day of the first visit, assess "
        "their skills and agree an individual employment plan within two weeks. Progress "
        "will be reviewed with the person every month until placement."
    )
    return pdf


def fixture_encrypted_password() -> tuple[bytes, dict]:
    title = "Confidential draft: employment desk procedures"
    pdf = _confidential_doc(
        title,
        "This draft sets out the procedures that regional job centres will follow when "
        "they open dedicated employment desks for returning migrant workers in 2025.",
    )
    pdf.set_encryption(owner_password="fixture-owner", user_password="secret")
    expected = {
        "pages": 1,
        "headings": [title],
        "reading_order": ["Confidential draft", "dedicated employment desks",
                          "individual employment plan", "until placement"],
    }
    return pdf_bytes(pdf), expected


def fixture_encrypted_empty_password() -> tuple[bytes, dict]:
    title = "Internal note: employment desk procedures"
    pdf = _confidential_doc(
        title,
        "This note is protected by an owner password that restricts editing, but it "
        "opens without a password. It describes how job centres will register jobseekers.",
    )
    pdf.set_encryption(owner_password="fixture-owner", user_password="")
    expected = {
        "pages": 1,
        "headings": [title],
        "reading_order": ["Internal note", "owner password",
                          "individual employment plan", "until placement"],
    }
    return pdf_bytes(pdf), expected


def fixture_not_a_pdf() -> tuple[bytes, dict]:
    text = (
        "This is not a PDF file.\n"
        "It is a plain UTF-8 text file with a .pdf extension, used to test that the\n"
        "extractor reports a clear error instead of crashing.\n"
        "Quelques caractères accentués : réintégration, « migrants de retour », œuvre.\n"
    )
    return text.encode("utf-8"), {}


def fixture_truncated() -> tuple[bytes, dict]:
    pdf = Doc(title="Truncated document")
    for n in (1, 2):
        pdf.add_page()
        pdf.heading(f"Section {n}", 0)
        for _ in range(3):
            pdf.para(
                "This document was cut to the first sixty percent of its bytes, so the "
                "cross-reference table, the trailer and some objects are missing."
            )
    data = pdf_bytes(pdf)
    return data[: int(len(data) * 0.6)], {}


def fixture_empty_text() -> tuple[bytes, dict]:
    pdf = Doc(title="Blank pages")
    pdf.add_page()
    pdf.add_page()
    return pdf_bytes(pdf), {"pages": 2}


def fixture_returnee_measures_fr() -> tuple[bytes, dict]:
    running = "Région des Plateaux — Plan d’action 2025-2027"
    pdf = Doc(title="Plan d’action régional 2025-2027 : emploi et santé", lang="fr",
              author="République de Tamarie (fictive)", header_text=running,
              page_label="Page {n} / {nb}")
    g = lambda s: f"«{NBSP}{s}{NBSP}»"  # noqa: E731 - French guillemets
    title = "Plan d’action régional 2025-2027 : emploi et santé"
    pdf.add_page()
    pdf.heading(title, 0, size=16)
    pdf.para("Région des Plateaux — République de Tamarie", style="I", align="L")
    pdf.heading("1. Contexte", 0, size=14)
    pdf.para(
        f"La région des Plateaux compte 1,4{NBSP}million d’habitants, dont 58{NBSP}% ont moins "
        "de 25 ans. Selon la Direction générale des Tamariens de l’extérieur, "
        f"7{NBSP}850 {g('migrants de retour')} y ont été enregistrés entre 2021 et 2023, "
        f"dont 2{NBSP}930 expulsés depuis les pays du Maghreb et 1{NBSP}120 femmes. Un an "
        f"après leur retour, 34{NBSP}% d’entre eux sont sans emploi et moins d’un sur cinq "
        "dispose d’une couverture maladie."
    )
    pdf.heading("2. Mesures", 0, size=14)
    m1 = "2.1 Insertion professionnelle des migrants de retour"
    pdf.heading(m1, 1, size=12.5)
    pdf.para(
        "L’Agence nationale pour la promotion de l’emploi (ANPE) ouvrira un guichet emploi "
        f"destiné aux {g('migrants de retour')} dans ses trois antennes régionales. Le guichet "
        "assurera l’inscription, le bilan de compétences, le placement et l’accès à des "
        "stages en entreprise."
    )
    pdf.bullets([
        "Responsable : ANPE, en lien avec la Direction régionale du travail",
        f"Indicateur : nombre de migrants de retour placés en emploi ; cible : 1{NBSP}200 "
        "d’ici fin 2027",
        f"Budget : 420{NBSP}millions FCFA",
        "Calendrier : janvier 2025 – décembre 2027",
    ])
    m2 = "2.2 Accueil et orientation des migrants de retour"
    pdf.heading(m2, 1, size=12.5)
    pdf.para(
        f"Les {g('migrants de retour')} qui arrivent au poste frontière de Kandéra seront "
        "informés des services disponibles et orientés vers les services sociaux de leur "
        "commune d’origine."
    )
    pdf.add_page()
    m3 = "2.3 Renforcement des soins de santé primaires"
    pdf.heading(m3, 1, size=12.5)
    pdf.para(
        "Les 18 centres de santé de la région seront équipés et dotés d’un infirmier "
        "supplémentaire afin d’améliorer l’accès aux soins de l’ensemble de la population. "
        f"Responsable : Direction régionale de la santé. Budget : 610{NBSP}millions FCFA."
    )
    pdf.heading("3. Mise en œuvre et suivi", 0, size=14)
    pdf.para(
        "Le comité régional de pilotage, présidé par le gouverneur, se réunira deux fois "
        "par an. Les indicateurs seront ventilés par sexe et par commune."
    )
    pdf.para(
        "Le programme de réinsertion des détenus, conduit par le ministère de la Justice, "
        "ne relève pas du présent plan."
    )
    data = pdf_bytes(pdf)
    assert pdf.pages_count == 2, pdf.pages_count
    expected = {
        "pages": 2,
        "headings": [title, "1. Contexte", "2. Mesures", m1, m2, m3,
                     "3. Mise en œuvre et suivi"],
        "reading_order": [
            "région des Plateaux compte",
            "Direction générale des Tamariens",
            "guichet emploi",
            "Calendrier : janvier 2025",
            "poste frontière de Kandéra",
            "Les 18 centres de santé",
            "comité régional de pilotage",
            "réinsertion des détenus",
        ],
        "absent": [running, "Page 1 / 2", "Page 2 / 2"],
    }
    return data, expected


def fixture_letter_spaced() -> tuple[bytes, dict]:
    """A newsletter masthead set letter-spaced, as designers do: the title with fpdf2's
    character spacing (one text run, Tc operator), the subtitle one character at a time
    (one text object per glyph), word gaps clearly wider than letter gaps."""
    title = "La lettre de l’intégration"
    subtitle = "Un programme de l’UE"
    pdf = Doc(title=title, lang="fr", author="Programme d’appui à la réintégration (fictif)")
    pdf.add_page()
    # masthead band
    pdf.set_fill_color(28, 66, 112)
    pdf.rect(0, 0, pdf.w, 14, style="F")
    pdf.set_fill_color(255, 255, 255)
    # title: 20 pt bold, 0.3 em extra after every character (the space gets it too, so a
    # word gap is 2 x 0.3 em + the space, a letter gap 0.3 em)
    size = 20.0
    pdf.set_font(FONT_FAMILY, "B", size)
    pdf.set_char_spacing(size * 0.3)
    pdf.set_xy(pdf.l_margin, 30)
    pdf.cell(pdf.epw, 10, title, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_char_spacing(0)
    # subtitle: 14 pt, each character drawn on its own; 0.35 em between letters,
    # 1.2 em between words
    size = 14.0
    pdf.set_font(FONT_FAMILY, "", size)
    letter_gap = size * 0.35 / pdf.k
    word_gap = size * 1.2 / pdf.k
    x, y = pdf.l_margin, pdf.y + 8
    for ch in subtitle:
        if ch == " ":
            x += word_gap - letter_gap
            continue
        pdf.text(x, y, ch)
        x += pdf.get_string_width(ch) + letter_gap
    pdf.set_draw_color(28, 66, 112)
    pdf.set_line_width(0.4)
    pdf.line(pdf.l_margin, y + 5, pdf.w - pdf.r_margin, y + 5)
    pdf.set_xy(pdf.l_margin, y + 12)
    pdf.para(
        "Ce numéro présente les premiers résultats du programme d’appui à la réintégration "
        f"des migrants de retour dans trois régions pilotes. Plus de 1{NBSP}800 personnes ont "
        "été accueillies dans les guichets d’orientation depuis janvier."
    )
    pdf.para(
        "Les partenaires locaux ont signé une charte commune pour l’accompagnement "
        "psychosocial et l’accès à la formation professionnelle. Le prochain numéro sera "
        "consacré aux projets d’entreprise des bénéficiaires."
    )
    data = pdf_bytes(pdf)
    expected = {
        "pages": 1,
        "reading_order": [
            title,
            subtitle,
            "premiers résultats du programme",
            "guichets d’orientation",
            "charte commune",
            "projets d’entreprise des bénéficiaires",
        ],
    }
    return data, expected


# ---------------------------------------------------------------------------
# A PDF written byte by byte: a Type3 font without a Unicode map
# ---------------------------------------------------------------------------

GARBAGE_PAGE_LINES = [
    (18.0, "Annual report on vocational training"),
    (11.0, "The regional training centres enrolled 2,400 trainees in welding, care"),
    (11.0, "work and solar installation during the year. Two thirds of them found"),
    (11.0, "a job within six months of completing their course."),
]
GARBAGE_PAGE2 = "This page has a normal text layer about vocational training."
GARBAGE_FIRST_CODE = 33  # glyph codes 33, 34, ... in order of first use: '!', '"', '#', ...


def _type3_glyph_procs(chars: Sequence[str]) -> tuple[list[bytes], list[int], int, list[int], int]:
    """Glyph procedures drawing DejaVu Sans outlines (font units, rounded to integers):
    (procs, advance widths, advance of the space, font bbox, units per em)."""
    from fontTools.pens.basePen import BasePen
    from fontTools.ttLib import TTFont

    class PdfPathPen(BasePen):
        def __init__(self, glyphset) -> None:  # noqa: ANN001
            super().__init__(glyphset)
            self.ops: list[str] = []

        def _xy(self, *points) -> str:  # noqa: ANN002
            return " ".join(str(round(v)) for p in points for v in p)

        def _moveTo(self, p) -> None:  # noqa: ANN001
            self.ops.append(f"{self._xy(p)} m")

        def _lineTo(self, p) -> None:  # noqa: ANN001
            self.ops.append(f"{self._xy(p)} l")

        def _curveToOne(self, a, b, c) -> None:  # noqa: ANN001
            self.ops.append(f"{self._xy(a, b, c)} c")

        def _closePath(self) -> None:
            self.ops.append("h")

    font = TTFont(str(font_dir() / FONT_FILES[""]))
    glyphs = font.getGlyphSet()
    cmap = font.getBestCmap()
    head = font["head"]
    procs, widths = [], []
    for ch in chars:
        name = cmap[ord(ch)]
        advance = font["hmtx"][name][0]
        pen = PdfPathPen(glyphs)
        glyphs[name].draw(pen)
        body = [f"{advance} 0 d0"] + pen.ops + (["f"] if pen.ops else [])
        procs.append("\n".join(body).encode("ascii"))
        widths.append(advance)
    bbox = [head.xMin, head.yMin, head.xMax, head.yMax]
    return procs, widths, font["hmtx"]["space"][0], bbox, head.unitsPerEm


def _write_pdf(objects: dict[int, bytes], streams: set[int], root: int) -> bytes:
    """Serialise numbered objects into a classic PDF 1.4 file with an xref table and a
    content-derived /ID. Streams are stored uncompressed (byte-reproducible)."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets: dict[int, int] = {}
    for num in sorted(objects):
        offsets[num] = len(out)
        body = objects[num]
        if num in streams:
            out += f"{num} 0 obj\n<< /Length {len(body)} >>\nstream\n".encode("ascii")
            out += body + b"\nendstream\nendobj\n"
        else:
            out += f"{num} 0 obj\n".encode("ascii") + body + b"\nendobj\n"
    size = max(objects) + 1
    xref = len(out)
    out += f"xref\n0 {size}\n0000000000 65535 f \n".encode("ascii")
    for num in range(1, size):
        out += (f"{offsets[num]:010d} 00000 n \n" if num in offsets
                else "0000000000 65535 f \n").encode("ascii")
    file_id = hashlib.md5(bytes(out)).hexdigest().upper()
    out += (f"trailer\n<< /Size {size} /Root {root} 0 R /Info 2 0 R "
            f"/ID [<{file_id}> <{file_id}>] >>\nstartxref\n{xref}\n%%EOF\n").encode("ascii")
    return bytes(out)


def fixture_garbage_text() -> tuple[bytes, dict]:
    """Page 1 looks like an ordinary page, but its font (Type3, glyphs drawn from DejaVu
    Sans outlines) has no /ToUnicode map and an /Encoding whose /Differences name the
    glyphs /g1, /g2, ... (names a reader cannot map to Unicode). Codes are assigned in
    order of first use from 33 on, so text extraction returns the raw codes as ASCII
    symbol soup ('Annual' -> '!""#$%'); spaces use code 32 /space and stay spaces.
    Page 2 is a normal Helvetica (base-14, WinAnsi) text line."""
    chars: list[str] = []
    for _, line in GARBAGE_PAGE_LINES:
        for ch in line:
            if ch != " " and ch not in chars:
                chars.append(ch)
    codes = {ch: GARBAGE_FIRST_CODE + i for i, ch in enumerate(chars)}
    codes[" "] = 32
    procs, advances, space_advance, bbox, upm = _type3_glyph_procs(chars)

    # object numbers: 1 catalog, 2 info, 3 pages, 4/5 page 1 and its content, 6 Type3
    # font, 7/8 page 2 and its content, 9 Helvetica, 10 the space glyph, 11... glyphs
    first_proc = 11
    objects: dict[int, bytes] = {}
    streams = {5, 8, 10} | {first_proc + i for i in range(len(procs))}
    objects[1] = b"<< /Type /Catalog /Pages 3 0 R /Lang (en) >>"
    objects[2] = (b"<< /Title (Annual report on vocational training: garbled text layer) "
                  b"/Producer (scripts/make_fixtures.py, raw PDF writer) "
                  b"/CreationDate (D:20260101000000Z) >>")
    objects[3] = b"<< /Type /Pages /Kids [4 0 R 7 0 R] /Count 2 >>"
    media = b"/MediaBox [0 0 595.28 841.89]"
    objects[4] = (b"<< /Type /Page /Parent 3 0 R " + media +
                  b" /Resources << /Font << /F1 6 0 R >> >> /Contents 5 0 R >>")
    ops = ["BT"]
    y = 770.0
    for i, (size, line) in enumerate(GARBAGE_PAGE_LINES):
        if i == 1:
            y -= 30.0
        elif i > 1:
            y -= size * 1.4
        encoded = "".join(f"\\{codes[ch]:03o}" for ch in line)
        ops += [f"/F1 {size:g} Tf", f"1 0 0 1 62.36 {y:.2f} Tm", f"({encoded}) Tj"]
    ops.append("ET")
    objects[5] = "\n".join(ops).encode("ascii")
    widths = {32: space_advance} | {codes[ch]: w for ch, w in zip(chars, advances)}
    first, last = min(widths), max(widths)
    width_list = " ".join(str(widths.get(c, 0)) for c in range(first, last + 1))
    char_procs = " ".join(["/space 10 0 R"] +
                          [f"/g{i + 1} {first_proc + i} 0 R" for i in range(len(procs))])
    differences = "32 /space " + " ".join(f"/g{i + 1}" for i in range(len(procs)))
    scale = f"{1 / upm:.10f}".rstrip("0")
    objects[6] = (
        f"<< /Type /Font /Subtype /Type3 /FontBBox [{' '.join(map(str, bbox))}] "
        f"/FontMatrix [{scale} 0 0 {scale} 0 0] /CharProcs << {char_procs} >> "
        f"/Encoding << /Type /Encoding /Differences [{differences}] >> "
        f"/FirstChar {first} /LastChar {last} /Widths [{width_list}] /Resources << >> >>"
    ).encode("ascii")
    objects[7] = (b"<< /Type /Page /Parent 3 0 R " + media +
                  b" /Resources << /Font << /F2 9 0 R >> >> /Contents 8 0 R >>")
    objects[8] = f"BT\n/F2 11 Tf\n1 0 0 1 62.36 770 Tm\n({GARBAGE_PAGE2}) Tj\nET".encode("ascii")
    objects[9] = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
    objects[10] = f"{space_advance} 0 d0".encode("ascii")
    for i, proc in enumerate(procs):
        objects[first_proc + i] = proc
    data = _write_pdf(objects, streams, root=1)

    def junk(text: str) -> str:
        return "".join(chr(codes[ch]) for ch in text)

    expected = {
        "pages": 2,
        "reading_order": ["This page has a normal text layer", "about vocational training."],
        # what pypdfium2 extracts from page 1 for 'Annual', 'training', '2,400' and
        # 'installation': none of it may reach the analysed text
        "absent": [junk("Annual"), junk("training"), junk("2,400"), junk("installation")],
    }
    return data, expected


RESULTS_MATRIX = [
    ("Indicator", "Baseline 2024", "Target 2030", "Responsible institution"),
    ("Returning migrants registered at job centres", "0", "12,000", "National Employment Agency"),
    ("Returnees with certified skills", "150", "6,000", "National Training Authority"),
    ("Health insurance coverage (%)", "38", "60", "Ministry of Health"),
    ("Start-up grants awarded to returnees", "0", "2,500", "SME Development Fund"),
]


def fixture_table() -> tuple[bytes, dict]:
    """A results matrix drawn with fpdf2's table API: ruling lines around every cell, a
    bold shaded header row, four body rows; only the first indicator wraps (two lines)."""
    heading = "Annex 1. Results matrix"
    pdf = Doc(title="Reintegration programme: results matrix")
    pdf.add_page()
    pdf.heading(heading, 1)
    pdf.para(
        "The matrix below lists the indicators of the reintegration programme, with their "
        "baseline, their target and the institution responsible for reporting on each of them."
    )
    size = 8.5
    widths = (62.0, 28.0, 25.0, pdf.epw - 115.0)
    pdf.set_font(FONT_FAMILY, "", size)
    pdf.set_draw_color(0, 0, 0)
    pdf.set_line_width(0.3)
    # the wrapping rule the fixture relies on: only the first indicator is wider than its cell
    padding = 1.5
    for i, row in enumerate(RESULTS_MATRIX):
        pdf.set_font(FONT_FAMILY, "B" if i == 0 else "", size)
        fits = [pdf.get_string_width(v) <= w - 2 * padding - 0.5 for v, w in zip(row, widths)]
        assert fits == [i != 1, True, True, True], (row, fits)
    pdf.set_font(FONT_FAMILY, "", size)
    with pdf.table(col_widths=widths, width=pdf.epw, line_height=size * 0.5,
                   text_align=("LEFT", "RIGHT", "RIGHT", "LEFT"), borders_layout="ALL",
                   headings_style=FontFace(emphasis="BOLD", fill_color=(225, 230, 238)),
                   padding=padding) as table:
        for row in RESULTS_MATRIX:
            r = table.row()
            for value in row:
                r.cell(value)
    pdf.ln(3)
    pdf.para("Baselines come from the administrative records of each institution for 2024.")
    data = pdf_bytes(pdf)
    expected = {
        "pages": 1,
        "headings": [heading],
        # default ingest: one paragraph per row, each cell with its column header
        "reading_order": [" | ".join(RESULTS_MATRIX[0])] + [
            "; ".join(f"{h}: {v}" for h, v in zip(RESULTS_MATRIX[0], row)) for row in RESULTS_MATRIX[1:]
        ],
    }
    return data, expected


MEASURES_TABLE = [
    ("Pillar", "Measure", "Budget (EUR)"),
    ("Economic reintegration", "Start-up grants for returnees", "2,500,000"),
    (None, "Job placement through employment centres", "800,000"),
    ("Psychosocial support", "Counselling in regional health centres", "450,000"),
]


def fixture_table_lines() -> tuple[bytes, dict]:
    """A table ruled with separate line strokes (no cell rectangles), as many office
    exports draw it: an outer frame, rules between rows and columns, a header shaded
    with a fill-only box set inside its cells, and one 'Pillar' cell merged over two
    rows (no rule across the first column between them)."""
    pdf = Doc(title="Reintegration measures")
    pdf.add_page()
    pdf.heading("2. Measures and budget", 1)
    pdf.para("The programme funds the following measures over the period 2025-2029.")
    size = 9.0
    x0, widths, row_h = pdf.l_margin, (50.0, 75.0, 35.0), 9.0
    xs = [x0, x0 + widths[0], x0 + widths[0] + widths[1], x0 + sum(widths)]
    top = pdf.get_y() + 2
    ys = [top + i * row_h for i in range(len(MEASURES_TABLE) + 1)]
    pdf.set_fill_color(225, 230, 238)
    for a, b in zip(xs, xs[1:]):  # shading inset 1.5 mm inside each header cell, no outline
        pdf.rect(a + 1.5, ys[0] + 1.5, b - a - 3, row_h - 3, style="F")
    pdf.set_draw_color(0, 0, 0)
    pdf.set_line_width(0.3)
    for i, y in enumerate(ys):
        if i == 2:  # the merged 'Economic reintegration' cell: no rule across column 1
            pdf.line(xs[1], y, xs[-1], y)
        else:
            pdf.line(xs[0], y, xs[-1], y)
    for x in xs:
        pdf.line(x, ys[0], x, ys[-1])
    for r, row in enumerate(MEASURES_TABLE):
        pdf.set_font(FONT_FAMILY, "B" if r == 0 else "", size)
        for c, value in enumerate(row):
            if value is None:
                continue
            y = ys[r] + row_h / 2 + 1.2 + (row_h / 2 if r == 1 and c == 0 else 0)
            pdf.text(xs[c] + 2, y, value)
    pdf.set_y(ys[-1] + 4)
    pdf.set_font(FONT_FAMILY, "", pdf.body_size)
    pdf.para("Budgets are indicative and reviewed every year.")
    data = pdf_bytes(pdf)
    header = MEASURES_TABLE[0]
    rows = [MEASURES_TABLE[1], ("", *MEASURES_TABLE[2][1:]), MEASURES_TABLE[3]]
    expected = {
        "pages": 1,
        "headings": ["2. Measures and budget"],
        "reading_order": [
            " | ".join(header),
            *("; ".join(f"{h}: {v}" for h, v in zip(header, row) if v) for row in rows),
            "Budgets are indicative",
        ],
    }
    return data, expected


FIXTURES: dict[str, Callable[[], tuple[bytes, dict]]] = {
    "two_column.pdf": fixture_two_column,
    "hyphenated.pdf": fixture_hyphenated,
    "headers_footers.pdf": fixture_headers_footers,
    "image_only.pdf": fixture_image_only,
    "encrypted_password.pdf": fixture_encrypted_password,
    "encrypted_empty_password.pdf": fixture_encrypted_empty_password,
    "not_a_pdf.pdf": fixture_not_a_pdf,
    "truncated.pdf": fixture_truncated,
    "empty_text.pdf": fixture_empty_text,
    "returnee_measures_fr.pdf": fixture_returnee_measures_fr,
    "letter_spaced.pdf": fixture_letter_spaced,
    "garbage_text.pdf": fixture_garbage_text,
    "table.pdf": fixture_table,
    "table_lines.pdf": fixture_table_lines,
}


# ---------------------------------------------------------------------------
# Sample strategies: a tiny block language and its renderer
# ---------------------------------------------------------------------------
# Blocks:
#   ("h1", text)                      chapter heading, starts a new page, in the outline
#   ("h2", text)                      section heading, in the outline
#   ("h3", text)                      bold run-in heading (body size), not in the outline
#   ("p", text)                       justified paragraph (soft hyphens inserted)
#   ("bullets", [text, ...])
#   ("measure", title, text, [(label, value), ...])
#   ("table", rows, col_widths, aligns, bold_rows)
#   ("twocol", [blocks...], [blocks...])   a new page laid out in two columns
#   ("pagebreak",)

Block = tuple


class Renderer:
    def __init__(self, pdf: Doc, hyph: dict[str, str], measure_facts_as_bullets: bool) -> None:
        self.pdf = pdf
        self.hyph = hyph
        self.facts_bullets = measure_facts_as_bullets

    def h(self, text: str) -> str:
        return hyphenate(text, self.hyph)

    def run(self, blocks: Sequence[Block]) -> None:
        pdf = self.pdf
        for block in blocks:
            kind = block[0]
            if kind == "h1":
                if pdf.y > pdf.t_margin + 1 or pdf.page_no() == 0:
                    pdf.add_page()
                pdf.heading(block[1], 0, outline=True, size=15)
            elif kind == "h2":
                pdf.heading(block[1], 1, outline=True, size=13)
            elif kind == "h3":
                pdf.keep_space(22)
                pdf.para(block[1], style="B", align="L", after=1.2)
            elif kind == "p":
                pdf.para(self.h(block[1]))
            elif kind == "bullets":
                pdf.bullets([self.h(t) for t in block[1]])
            elif kind == "measure":
                self.measure(*block[1:])
            elif kind == "table":
                rows, widths, aligns, bold_rows = block[1:]
                pdf.simple_table(rows, widths, aligns=aligns, bold_rows=bold_rows)
            elif kind == "twocol":
                self.two_columns(block[1], block[2])
            elif kind == "pagebreak":
                pdf.add_page()
            else:
                raise ValueError(kind)

    def measure(self, title: str, text: str, facts: Sequence[tuple[str, str]],
                x: float | None = None, w: float | None = None) -> None:
        pdf = self.pdf
        x0 = pdf.l_margin if x is None else x
        width = pdf.epw if w is None else w
        if x is None:
            pdf.keep_space(30)
        pdf.set_x(x0)
        pdf.set_font(FONT_FAMILY, "B", pdf.body_size)
        pdf.multi_cell(width, pdf.line_h, title, align="L", new_x=XPos.LEFT, new_y=YPos.NEXT)
        pdf.ln(0.8)
        pdf.set_font(FONT_FAMILY, "", pdf.body_size)
        pdf.set_x(x0)
        pdf.multi_cell(width, pdf.line_h, self.h(text), align="J", new_x=XPos.LEFT,
                       new_y=YPos.NEXT)
        if facts:
            pdf.ln(0.8)
            indent = 5.0
            for label, value in facts:
                pdf.set_x(x0 + indent)
                if self.facts_bullets:
                    pdf.cell(4, pdf.line_h, "–")
                    pdf.set_x(x0 + indent + 4)
                    fw = width - indent - 4
                else:
                    fw = width - indent
                pdf.multi_cell(fw, pdf.line_h, f"**{label}** {self.h(value)}", align="L",
                               markdown=True, new_x=XPos.LEFT, new_y=YPos.NEXT)
        pdf.ln(3.0)
        pdf.set_x(pdf.l_margin)

    def two_columns(self, left: Sequence[Block], right: Sequence[Block]) -> None:
        pdf = self.pdf
        pdf.add_page()
        page = pdf.page_no()
        top = pdf.y
        gap = 8.0
        col_w = (pdf.epw - gap) / 2
        ends = []
        for x, blocks in ((pdf.l_margin, left), (pdf.l_margin + col_w + gap, right)):
            pdf.set_xy(x, top)
            for block in blocks:
                kind = block[0]
                if kind == "h2":
                    if pdf.y > top + 0.5:
                        pdf.ln(3)
                    pdf.set_x(x)
                    pdf.start_section(block[1], level=1)
                    pdf.set_font(FONT_FAMILY, "B", 13)
                    pdf.multi_cell(col_w, 6.5, block[1], align="L", new_x=XPos.LEFT,
                                   new_y=YPos.NEXT)
                    pdf.ln(2.3)
                elif kind == "p":
                    pdf.set_font(FONT_FAMILY, "", pdf.body_size)
                    pdf.set_x(x)
                    pdf.multi_cell(col_w, pdf.line_h, self.h(block[1]), align="J",
                                   new_x=XPos.LEFT, new_y=YPos.NEXT)
                    pdf.ln(2.4)
                elif kind == "measure":
                    self.measure(*block[1:], x=x, w=col_w)
                else:
                    raise ValueError(f"unsupported block in a column: {kind}")
            ends.append(pdf.y)
        if pdf.page_no() != page:
            raise ValueError("two-column block does not fit on one page")
        pdf.set_xy(pdf.l_margin, max(ends))


def render_toc(title: str, pdf: Doc, outline) -> None:
    pdf.set_xy(pdf.l_margin, pdf.t_margin)
    pdf.set_font(FONT_FAMILY, "B", 15)
    pdf.cell(pdf.epw, 8, title, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(4)
    for section in outline:
        if section.level > 1:
            continue
        size = 10.5 if section.level == 0 else 10
        style = "B" if section.level == 0 else ""
        if section.level == 0:
            pdf.ln(1.5)
        pdf.set_font(FONT_FAMILY, style, size)
        indent = 0 if section.level == 0 else 7
        num = str(section.page_number)
        num_w = 12
        name_w = pdf.get_string_width(section.name) + 1
        avail = pdf.epw - indent - num_w
        dot_w = pdf.get_string_width(" .")
        dots = " ." * max(0, int((avail - name_w) / dot_w) - 1)
        link = pdf.add_link(page=section.page_number)
        pdf.set_x(pdf.l_margin + indent)
        pdf.cell(avail, 6, section.name + dots, link=link)
        pdf.cell(num_w, 6, num, align="R", link=link, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FONT_FAMILY, "", pdf.body_size)


def title_page(pdf: Doc, lines: Sequence[tuple[str, str, float, float]]) -> None:
    """lines: (text, style, size, space_after)."""
    pdf.add_page()
    pdf.set_y(45)
    pdf.set_fill_color(28, 66, 112)
    pdf.rect(0, 0, pdf.w, 18, style="F")
    for text, style, size, after in lines:
        pdf.set_font(FONT_FAMILY, style, size)
        pdf.multi_cell(pdf.epw, size * 0.5, text, align="C", new_x=XPos.LMARGIN,
                       new_y=YPos.NEXT)
        pdf.ln(after)
    pdf.set_font(FONT_FAMILY, "", pdf.body_size)
    pdf.set_fill_color(255, 255, 255)


HYPH_EN = {w.replace("-", ""): w for w in [
    "em-ploy-ment", "un-em-ploy-ment", "de-vel-op-ment", "im-ple-men-ta-tion",
    "in-sti-tu-tions", "in-sti-tu-tion-al", "pro-grammes", "vo-ca-tion-al", "co-or-di-na-tion",
    "en-tre-pre-neur-ship", "oc-cu-pa-tion-al", "reg-is-tra-tion", "ad-min-is-tra-tive",
    "pro-duc-tiv-i-ty", "par-tic-i-pa-tion", "en-ter-pris-es", "agri-cul-ture",
    "in-for-ma-tion", "con-tri-bu-tions", "set-tle-ments", "house-holds", "pop-u-la-tion",
    "cer-ti-fi-ca-tion", "ap-pren-tice-ship", "in-fra-struc-ture", "re-spon-si-bil-i-ty",
    "dis-ag-gre-gat-ed", "eval-u-a-tion", "in-for-mal-i-ty", "con-struc-tion",
    "hos-pi-tal-i-ty", "man-u-fac-tur-ing", "qual-i-fi-ca-tions", "ex-pen-di-ture",
    "sub-si-dised", "en-rol-ment", "as-so-ci-a-tions", "or-gan-i-sa-tions", "ben-e-fi-cia-ries",
    "in-vest-ment", "pro-fes-sion-als", "man-age-ment", "doc-u-ments", "com-pe-ten-cy",
]}

HYPH_FR = {w.replace("-", ""): w for w in [
    "dé-ve-lop-pe-ment", "pro-fes-sion-nelle", "ins-ti-tu-tion-nel", "gou-ver-ne-ment",
    "pro-tec-tion", "cou-ver-ture", "ren-for-ce-ment", "ac-com-pa-gne-ment",
    "co-or-di-na-tion", "vul-né-ra-bi-li-té", "en-re-gis-tre-ment", "fi-nan-ce-ment",
    "pro-grammes", "po-pu-la-tion", "bé-né-fi-ciaires", "in-for-mel", "pres-ta-tions",
    "col-lec-ti-vi-tés", "ter-ri-to-riales", "in-di-ca-teurs", "co-ti-sa-tions",
    "éta-blis-se-ments", "mi-nis-tère", "ad-mi-nis-tra-tions", "trans-ferts",
    "ap-pren-tis-sage", "mé-na-ges", "sa-la-riés", "in-ves-tis-se-ments", "struc-tures",
    "com-pé-tences", "im-ma-tri-cu-la-tion", "dis-po-si-tif", "ca-pa-ci-tés",
    "in-ter-mé-diaire", "or-ga-ni-sa-tions", "pro-fes-sion-nelles", "opé-ra-tion-nelles",
    "in-ter-mi-nis-té-riel", "in-ter-ven-tions", "dé-con-cen-trés", "ré-ha-bi-li-tés",
    "sec-to-riels", "mo-né-taires", "qua-li-fiantes", "ap-pren-tis-sage", "ins-ti-tu-tions",
    "re-cen-se-ment", "éco-no-mique", "en-quête", "ma-la-die", "tra-vail-leurs",
    "stra-té-gie", "de-man-deurs", "pres-ta-tion", "as-so-cia-tions", "ré-ha-bi-li-tés",
    "prin-ci-pa-le-ment", "par-ti-cu-lier", "an-nuel", "mu-tuelles",
    "en-tou-rage", "per-son-nes", "na-tio-nale", "prio-ri-taire",
]}


def build_strategy(blocks: Sequence[Block], *, title_lines, toc_title: str, doc_title: str,
                   lang: str, author: str, header_text: str, footer_left: str,
                   page_label: str, hyph: dict[str, str], facts_as_bullets: bool,
                   front_blocks: Sequence[Block]) -> tuple[bytes, int]:
    pdf = Doc(title=doc_title, lang=lang, author=author, header_text=header_text,
              footer_left=footer_left, page_label=page_label, plain_first_page=True)
    pdf.set_subject(doc_title)
    title_page(pdf, title_lines)
    pdf.add_page()
    pdf.insert_toc_placeholder(lambda p, outline: render_toc(toc_title, p, outline), pages=1)
    renderer = Renderer(pdf, hyph, facts_as_bullets)
    renderer.run(front_blocks)
    renderer.run(blocks)
    data = pdf_bytes(pdf)
    return data, pdf.pages_count


# ---------------------------------------------------------------------------
# Sample strategy (English): Republic of Examplia
# ---------------------------------------------------------------------------

EN_HEADER = "National Employment and Social Development Strategy 2025-2030"
EN_FOOTER = "Republic of Examplia — Ministry of Labour, Employment and Social Affairs"


def sample_en_blocks() -> tuple[list[Block], list[Block]]:
    front: list[Block] = [
        ("h1", "Foreword"),
        ("p", "Examplia has made real progress over the last decade. Poverty has fallen, more "
              "children complete primary school and the economy has recovered from the shock "
              "of the pandemic. Yet too many of our citizens still work without a contract, "
              "without social security and without the skills that a modern economy "
              "requires, and too many families face the cost of illness or old age alone."),
        ("p", "This National Employment and Social Development Strategy brings together, for "
              "the first time, the policies of the Government on employment, skills, "
              "enterprise, social protection and basic social services. It replaces the "
              "National Employment Policy 2018-2022 and the Social Protection Framework of "
              "2017, and it sets out what each ministry and agency will do, with what "
              "resources, and how results will be measured."),
        ("p", "The Strategy was prepared through a broad consultation that included regional "
              "governments, employers’ organisations, trade unions, civil society "
              "organisations and development partners. I thank all those who contributed, "
              "and I call on every institution concerned to make its implementation a "
              "priority in its annual plans and budgets."),
        ("p", "Minister of Labour, Employment and Social Affairs"),
        ("h2", "Abbreviations"),
        ("table", [
            ["Abbreviation", "Meaning"],
            ["EDA", "Enterprise Development Agency"],
            ["EXD", "Examplian dollar"],
            ["GCC", "Gulf Cooperation Council"],
            ["LFS", "Labour Force Survey"],
            ["M&E", "Monitoring and evaluation"],
            ["MLESA", "Ministry of Labour, Employment and Social Affairs"],
            ["MSMEs", "Micro, small and medium-sized enterprises"],
            ["NEA", "National Employment Agency"],
            ["NHIS", "National Health Insurance Scheme"],
            ["NSO", "National Statistics Office"],
            ["NTA", "National TVET Authority"],
            ["RPL", "Recognition of prior learning"],
            ["SOP", "Standard operating procedure"],
            ["SSF", "Social Security Fund"],
            ["TVET", "Technical and vocational education and training"],
        ], (0.25, 0.75), ("LEFT", "LEFT"), ()),
    ]

    blocks: list[Block] = [
        ("h1", "1. Context and diagnostic"),
        ("h2", "1.1 Demographic and economic context"),
        ("p", "Examplia has an estimated population of 14.2 million (2024), growing at 2.1 "
              "percent per year. Six in ten Examplians are under 30 years of age, and around "
              "210,000 young people enter the labour market every year. Economic growth "
              "averaged 4.3 percent between 2015 and 2019, fell sharply in 2020 and recovered "
              "to 4.8 percent in 2023, driven by construction, agro-processing, tourism and "
              "information and communication services."),
        ("p", "Growth has, however, created too few formal jobs. The employment elasticity of "
              "growth is estimated at 0.3, and productivity in agriculture, which still "
              "employs 41 percent of workers, remains low. Poverty fell from 34.6 percent in "
              "2014 to 27.1 percent in 2022, but the decline has been uneven: the three "
              "northern regions, where rainfed agriculture dominates, still have poverty rates "
              "above 40 percent."),
        ("h2", "1.2 Labour market"),
        ("p", "According to the Labour Force Survey 2023, the labour force participation rate "
              "is 58.2 percent (71.5 percent for men and 45.6 percent for women). The "
              "unemployment rate stands at 11.8 percent and reaches 23.4 percent among young "
              "people aged 15-24. Seven in ten workers are in informal employment, without a "
              "written contract or social security coverage, and one in five young people is "
              "neither in employment nor in education or training."),
        ("p", "The National Employment Agency (NEA) registered 48,000 jobseekers in 2023 but "
              "placed only 6,100 of them, reflecting limited staff, weak links with employers "
              "and the absence of offices in five of the eight regions. Active labour market "
              "programmes remain small, fragmented across ministries and rarely evaluated."),
        ("p", "Skills mismatches are a growing constraint. Employers in construction, "
              "hospitality and manufacturing report difficulties in recruiting qualified "
              "technicians, while the technical and vocational education and training (TVET) "
              "system enrols only 6 percent of upper-secondary students and has little "
              "capacity to certify skills acquired on the job."),
        ("h2", "1.3 Labour migration and return"),
        ("p", "Labour migration is a major feature of the Examplian economy. An estimated "
              "620,000 Examplians live and work abroad, mainly in the Gulf Cooperation Council "
              "(GCC) states, where men work in construction and transport and women in "
              "domestic and care work, and increasingly in European countries. Remittances "
              "reached 7.9 percent of GDP in 2023 and are a key source of income for one "
              "household in six."),
        ("p", "Return flows have grown markedly. Between 2020 and 2023 the Directorate of "
              "Immigration recorded 96,400 returns of Examplian nationals, of whom 38,700 "
              "came back from GCC states and 21,900 from European countries. The share of "
              "forced returns is rising: 14,300 nationals were deported in 2023 alone, "
              "compared with 5,200 in 2019, and a further 9,800 have come back through "
              "assisted voluntary return programmes since 2020. During the pandemic, 27,000 "
              "migrant workers were brought home on repatriation flights at short notice."),
        ("p", "A 2023 survey of 1,800 returnees carried out by the National Statistics Office "
              "(NSO) shows that their situation one year after return is often precarious. "
              "Unemployment among returnees reached 27 percent, and 42 percent of returning "
              "migrant workers reported that the skills they had acquired abroad were not "
              "recognised by employers. Women returning from domestic work were the most likely "
              "to be without a job. Thirty-eight percent of returnees carried debts linked to "
              "recruitment fees or to loans taken to finance their migration. About one in "
              "four reported symptoms of psychological distress, such as persistent anxiety "
              "and sleeplessness."),
        ("p", "Examplia concluded bilateral labour agreements with three GCC states between "
              "2015 and 2019 and signed a readmission agreement with a European Union member "
              "state in 2019. Neither the National Employment Policy 2018-2022 nor the Social "
              "Protection Framework made any provision for returning migrants."),
        ("h2", "1.4 Social protection and social services"),
        ("p", "Social protection coverage remains low. Only 19 percent of the population "
              "receives at least one social protection benefit, and the contributory schemes "
              "managed by the Social Security Fund (SSF) cover 23 percent of the labour force, "
              "almost exclusively in the public sector and in large enterprises. Many adults in "
              "rural areas hold no national identity card, and birth registration reaches "
              "only 78 percent of children under five, which limits access to social "
              "assistance."),
        ("p", "The National Health Insurance Scheme (NHIS), created in 2016, covers 46 percent "
              "of the population. Out-of-pocket payments still account for 39 percent of "
              "current health expenditure, and maternal mortality remains high at 212 deaths "
              "per 100,000 live births."),
        ("p", "Net enrolment in secondary education is 61 percent, with marked gaps between "
              "urban and rural areas, and around 190,000 children aged 6-14 are out of school. "
              "The housing deficit is estimated at 280,000 units, concentrated in the capital, "
              "Northbridge, and in the two largest secondary cities, where 31 percent of "
              "residents live in informal settlements. Nationally, 38 percent of households "
              "lack safely managed drinking water and 44 percent lack basic sanitation."),
        ("h2", "1.5 Lessons from previous policies"),
        ("p", "The National Employment Policy 2018-2022 was evaluated in 2024. The evaluation "
              "found that measures were spread across too many small projects, that the "
              "coordination committee met irregularly, that results could not be monitored "
              "because most indicators had no baseline, and that services were concentrated "
              "in the capital. This Strategy responds to these lessons by focusing on seven "
              "axes, by assigning each measure to a lead institution and by strengthening "
              "delivery in the regions."),

        ("h1", "2. Vision and strategic objectives"),
        ("h2", "2.1 Vision"),
        ("p", "By 2030, every Examplian of working age has access to decent and productive "
              "work, to skills that are valued on the labour market, and to basic social "
              "protection and social services, wherever he or she lives."),
        ("h2", "2.2 Guiding principles"),
        ("bullets", [
            "Leaving no one behind: measures are designed so that the poorest households and "
            "the lagging northern regions benefit first.",
            "Gender equality: all measures set targets for the participation of women and "
            "report results separately for women and men.",
            "Results and evidence: each measure has a lead institution, and progress is "
            "reviewed every year against the results matrix in the Annex.",
            "Whole-of-government: the Strategy is implemented jointly by the ministries in "
            "charge of labour, education, health, housing, finance and the interior, with the "
            "regional governments.",
        ]),
        ("p", "The Strategy identifies five priority groups whose needs are taken into account "
              "across all axes: young people, women, persons with disabilities, poor rural "
              "households and returning migrants. In line with the National Labour Migration "
              "Policy adopted in 2021, the needs of returning migrants are integrated into "
              "mainstream employment, skills and enterprise services rather than addressed "
              "through separate, short-term projects."),
        ("h2", "2.3 Strategic objectives"),
        ("p", "The Strategy pursues four strategic objectives (SO). Each is linked to a "
              "headline indicator with a target for 2030."),
        ("table", [
            ["Strategic objective", "Headline indicator", "Baseline", "Target 2030"],
            ["SO1 More and better jobs", "Unemployment rate (%)", "11.8 (2023)", "8.0"],
            ["SO2 Skills for employability", "TVET graduates per year", "17,500 (2023)",
             "40,000"],
            ["SO3 Social protection for all", "Population covered by at least one social "
             "protection benefit (%)", "19 (2023)", "40"],
            ["SO4 Inclusive social services", "Population covered by the NHIS (%)",
             "46 (2023)", "75"],
        ], (0.30, 0.36, 0.17, 0.17), ("LEFT", "LEFT", "CENTER", "CENTER"), ()),

        ("h1", "3. Strategic axes and measures"),
        ("p", "The Strategy is organised in seven axes. Each measure names a lead institution; "
              "the cost of the measures is summarised in Chapter 5 and their indicators in the "
              "results matrix in the Annex. Unless stated otherwise, measures are implemented "
              "over the whole period 2025-2030."),
        ("h2", "3.1 Employment services and active labour market programmes"),
        ("p", "Objective: to improve job matching and to give jobseekers faster access to "
              "work, with particular attention to young people and women."),
        ("measure", "Measure 3.1.1 — Modernisation of the National Employment Agency",
         "The NEA will open offices in the five regions that have none, recruit 180 additional "
         "staff and launch a digital job-matching platform connected to the main employers’ "
         "associations. Job centres will offer registration, skills profiling and job "
         "matching to every jobseeker.",
         [("Lead institution:", "NEA."), ("Target:", "60,000 jobseekers placed, 2025-2030."),
          ("Budget:", "EXD 38.0 million.")]),
        ("measure", "Measure 3.1.2 — Employment desks for returning migrant workers",
         "The NEA will open a dedicated desk for returning migrant workers in each of the "
         "eight regional job centres. The desks will register returnees, profile the skills "
         "they acquired abroad and place them in jobs or in on-the-job training. Desk staff "
         "will work with "
         "the TVET centres so that returnees who need certification are referred to the "
         "recognition of prior learning system (Measure 3.2.2).",
         [("Lead institution:", "National Employment Agency, with the Directorate of Labour "
                                "Migration of MLESA."),
          ("Target:", "12,000 returning migrant workers registered and 4,500 placed in jobs "
                      "by 2030."),
          ("Budget:", "EXD 6.4 million."),
          ("Timeframe:", "2025-2030; all eight desks operational by December 2026.")]),
        ("measure", "Measure 3.1.3 — Reception and referral of returning migrants",
         "MLESA and the Directorate of Immigration will adopt a joint standard operating "
         "procedure (SOP) for the reception and referral of returning migrants. Nationals "
         "arriving on deportation or charter flights at Northbridge International Airport "
         "will be received by a joint reception team, informed of the services available to "
         "them and referred to the job centre or TVET centre closest to their place of "
         "return. A simple case file will follow each referred person until the first "
         "appointment at the job centre.",
         [("Lead institution:", "Directorate of Labour Migration (MLESA) and Directorate of "
                                "Immigration."),
          ("Target:", "SOP adopted by December 2025; 90 percent of returnees arriving on "
                      "organised flights referred by 2027."),
          ("Budget:", "EXD 1.1 million.")]),
        ("measure", "Measure 3.1.4 — Labour-intensive public works",
         "The Ministry of Public Works will use labour-intensive methods for rural roads, "
         "drainage and small irrigation works in the northern regions, giving priority to "
         "young people and women from poor households.",
         [("Lead institution:", "Ministry of Public Works."),
          ("Target:", "2.4 million workdays created by 2030."),
          ("Budget:", "EXD 42.0 million.")]),
        ("measure", "Measure 3.1.5 — First-job wage subsidies",
         "Enterprises that hire a young graduate on an open-ended contract will receive a "
         "subsidy covering half of the minimum wage for twelve months.",
         [("Lead institution:", "NEA."), ("Target:", "7,000 young people hired."),
          ("Budget:", "EXD 8.5 million.")]),

        ("h2", "3.2 TVET and skills recognition"),
        ("p", "Objective: to align training with the needs of employers and to make the "
              "skills of all workers visible and certified, whether they were acquired in "
              "school, on the job or abroad."),
        ("measure", "Measure 3.2.1 — Competency-based TVET reform",
         "The NTA will introduce competency-based curricula in 30 priority trades, set up "
         "sector skills councils with employers in construction, hospitality, "
         "agro-processing and information technology, and fund TVET centres partly on the "
         "basis of the employment outcomes of their graduates.",
         [("Lead institution:", "National TVET Authority (NTA)."),
          ("Target:", "40,000 TVET graduates per year by 2030."),
          ("Budget:", "EXD 61.0 million.")]),
        ("measure", "Measure 3.2.2 — Recognition of skills acquired abroad",
         "The NTA will extend the national recognition of prior learning (RPL) system to "
         "returning migrant workers, so that skills acquired abroad, notably in construction, "
         "hospitality and care work, can be assessed and certified against national "
         "occupational standards. Assessment centres will be opened in Northbridge and in two "
         "regional capitals, and short top-up courses will be offered to returnees who need "
         "them to complete a qualification.",
         [("Lead institution:", "National TVET Authority."),
          ("Target:", "6,000 returning migrant workers certified by 2030, at least 40 "
                      "percent of them women."),
          ("Budget:", "EXD 3.2 million."),
          ("Timeframe:", "2026-2030.")]),
        ("measure", "Measure 3.2.3 — Apprenticeship in the informal sector",
         "Master craftspersons in the informal sector will be trained and paid a small "
         "allowance to take on apprentices, who will receive a national certificate after "
         "assessment.",
         [("Lead institution:", "NTA, with the chambers of trade."),
          ("Target:", "12,000 apprentices certified."),
          ("Budget:", "EXD 23.8 million.")]),

        ("h2", "3.3 Enterprise development and access to finance"),
        ("p", "Objective: to help micro and small enterprises start, grow and formalise, and "
              "to widen access to financial services."),
        ("measure", "Measure 3.3.1 — Start-up grant scheme",
         "The EDA will run a competitive start-up grant scheme that combines business "
         "training, mentoring by experienced entrepreneurs and grants of up to EXD 5,000. The "
         "scheme is open to young people, women and returning migrants; 25 percent of the "
         "grants are reserved for returnees.",
         [("Lead institution:", "Enterprise Development Agency (EDA)."),
          ("Target:", "3,000 enterprises created by 2030, including 750 created by "
                      "returnees."),
          ("Budget:", "EXD 15.0 million."),
          ("Timeframe:", "2025-2030, with annual calls for proposals.")]),
        ("measure", "Measure 3.3.2 — Credit guarantee fund and financial inclusion",
         "A credit guarantee fund will cover up to 60 percent of the risk on loans made by "
         "commercial banks and microfinance institutions to MSMEs. The Central Bank will "
         "promote mobile bank accounts and run a national financial literacy campaign.",
         [("Lead institution:", "Ministry of Finance and Planning, with the Central Bank."),
          ("Target:", "15,000 MSMEs with guaranteed loans."),
          ("Budget:", "EXD 30.0 million.")]),
        ("measure", "Measure 3.3.3 — Simplified registration of enterprises",
         "One-stop shops in each regional capital will register enterprises in one day, and "
         "newly registered micro-enterprises will pay a flat tax during their first three "
         "years.",
         [("Lead institution:", "EDA and the Revenue Authority."),
          ("Budget:", "EXD 9.0 million.")]),
        ("measure", "Measure 3.3.4 — Putting the experience of returning migrants to use",
         "A voluntary register of returning professionals will be created so that the "
         "technical and managerial experience that returning migrants acquired abroad can be "
         "used in public investment projects and in local development initiatives.",
         [("Lead institution:", "Ministry of Finance and Planning.")]),

        ("h2", "3.4 Social protection"),
        ("p", "Objective: to protect households against poverty and life-cycle risks and to "
              "extend social insurance to workers in the informal economy."),
        ("measure", "Measure 3.4.1 — Unified social registry and family support grant",
         "A unified social registry will be built from the existing programme lists. Poor "
         "households in the registry will receive a bimonthly family support grant, paid "
         "through mobile money.",
         [("Lead institution:", "MLESA, Social Assistance Directorate."),
          ("Target:", "120,000 households receiving the grant by 2030."),
          ("Budget:", "EXD 64.0 million.")]),
        ("measure", "Measure 3.4.2 — Civil registration for social protection",
         "Mobile teams of the Civil Registry Office will visit rural districts to register "
         "births and issue national identity cards, so that eligible households can enrol in "
         "the social registry.",
         [("Lead institution:", "Civil Registry Office (Ministry of the Interior)."),
          ("Budget:", "EXD 3.0 million.")]),
        ("measure", "Measure 3.4.3 — Social insurance for informal workers",
         "The SSF will introduce a simplified contribution scheme for self-employed and "
         "informal workers, with contributions collected monthly by mobile payment and "
         "matched by the state for low-income members during the first five years.",
         [("Lead institution:", "Social Security Fund (SSF)."),
          ("Target:", "150,000 informal workers enrolled by 2030."),
          ("Budget:", "EXD 9.0 million.")]),
        ("measure", "Measure 3.4.4 — Pension rights of returning migrant workers",
         "The SSF will examine how returning migrant workers can validate the periods they "
         "worked abroad for pension purposes, including through the voluntary purchase of "
         "contribution periods.",
         [("Lead institution:", "Social Security Fund.")]),
        ("measure", "Measure 3.4.5 — Productive inclusion and food security",
         "Poor rural households in the northern regions will receive a package of livestock "
         "or seeds, training in farming practices and membership of village savings groups, "
         "to raise their incomes and improve food security.",
         [("Lead institution:", "Ministry of Agriculture."),
          ("Target:", "25,000 households."), ("Budget:", "EXD 11.0 million.")]),
        ("measure", "Measure 3.4.6 — Disability allowance and prevention of child labour",
         "A disability allowance will be paid to persons with severe disabilities, and "
         "labour inspectors and social workers will be trained to detect and prevent child "
         "labour in agriculture and domestic work.",
         [("Lead institution:", "MLESA."), ("Budget:", "EXD 5.0 million.")]),

        ("twocol", [
            ("h2", "3.5 Health"),
            ("p", "Objective: to protect households against the cost of illness and to "
                  "improve the quality of primary health care."),
            ("measure", "Measure 3.5.1 — Subsidised health insurance",
             "The state will pay the NHIS premium of households in the social registry, and "
             "informal workers will be able to join the NHIS through the simplified SSF "
             "scheme.",
             [("Lead:", "Ministry of Health, NHIS."),
              ("Target:", "75 percent of the population covered by 2030."),
              ("Budget:", "EXD 26.0 million.")]),
            ("measure", "Measure 3.5.2 — Primary health care",
             "Forty health centres in the northern regions will be equipped and staffed to "
             "provide maternal and child health services.",
             [("Lead:", "Ministry of Health."), ("Budget:", "EXD 12.0 million.")]),
        ], [
            ("h2", "3.6 Education"),
            ("p", "Returns to education are high in Examplia: each additional year of "
                  "schooling is associated with 8 percent higher hourly earnings. Yet "
                  "190,000 children of primary school age are out of school."),
            ("measure", "Measure 3.6.1 — Second-chance education",
             "Out-of-school children and adolescents will follow accelerated learning "
             "programmes and rejoin the formal school system.",
             [("Lead:", "Ministry of Education."),
              ("Target:", "30,000 learners."), ("Budget:", "EXD 14.0 million.")]),
            ("measure", "Measure 3.6.2 — Secondary school grants for girls",
             "Girls from poor households will receive grants covering school fees and "
             "transport for lower secondary school.",
             [("Lead:", "Ministry of Education."), ("Budget:", "EXD 10.0 million.")]),
        ]),

        ("h2", "3.7 Housing and basic services"),
        ("p", "Objective: to reduce the housing deficit and improve basic services in informal "
              "settlements."),
        ("measure", "Measure 3.7.1 — Social housing subsidies",
         "The Housing Fund will provide a capital subsidy to low-income households buying "
         "their first home in approved social housing schemes.",
         [("Lead institution:", "Ministry of Housing and Urban Development."),
          ("Target:", "6,000 units."), ("Budget:", "EXD 7.0 million.")]),
        ("measure", "Measure 3.7.2 — Upgrading of informal settlements",
         "Municipalities will upgrade informal settlements in Northbridge and the two "
         "largest secondary cities with water supply, sanitation, drainage and street "
         "lighting.",
         [("Lead institution:", "Municipalities, with the Ministry of Housing and Urban "
                                "Development."),
          ("Budget:", "EXD 5.0 million.")]),

        ("h1", "4. Implementation, coordination and monitoring"),
        ("h2", "4.1 Institutional arrangements"),
        ("p", "A National Steering Committee chaired by the Minister of Labour, Employment and "
              "Social Affairs will oversee the Strategy. It brings together the ministries "
              "in charge of finance, education, health, housing, agriculture and the interior, "
              "the employers’ federation, the two main trade union confederations and "
              "representatives of civil society organisations. The Committee approves the "
              "annual work plan, reviews progress and proposes corrective action."),
        ("p", "A technical secretariat within MLESA prepares the meetings of the Committee, "
              "consolidates the reports of the lead institutions and manages the monitoring "
              "database."),
        ("p", "A technical working group on labour migration and reintegration, chaired by "
              "the Directorate of Labour Migration, will coordinate the measures that concern "
              "returning migrants and report to the Steering Committee."),
        ("h2", "4.2 Regional implementation"),
        ("p", "Regional employment and social development committees, chaired by the "
              "regional governors, will be set up in the eight regions. They will integrate "
              "the measures of the Strategy into regional development plans, select the "
              "sites for public works and social housing, and monitor the work of the "
              "regional offices of the lead institutions."),
        ("h2", "4.3 Capacity building"),
        ("p", "The capacity of the institutions in charge of implementation will be "
              "strengthened through training, equipment and additional staff in the regional "
              "offices, with priority to the NEA, the NTA and the social welfare services."),
        ("p", "Training modules on the situation of returning migrant workers will be included "
              "in the induction programme of job centre staff and RPL assessors."),
        ("h2", "4.4 Monitoring and evaluation"),
        ("p", "Progress will be monitored against the results matrix in the Annex. The lead "
              "institutions report every six months to the technical secretariat, which "
              "publishes an annual progress report. A mid-term review will take place in 2027 "
              "and an independent final evaluation in 2030."),
        ("p", "All indicators that concern people will be disaggregated by sex, age, "
              "disability, region and migration status, including return status. The "
              "National Statistics Office will add a module on return migration to the "
              "Labour Force Survey from 2026, and the NEA will record the return status of "
              "jobseekers in its registry."),
        ("h2", "4.5 Risks"),
        ("p", "The main risks are a shortfall in domestic revenue, delays in recruiting staff "
              "for the regional offices and weak data. They will be mitigated by phasing the "
              "costliest measures, by sharing staff between the NEA and the TVET centres in "
              "the smaller regions, and by investing early in administrative data systems."),

        ("h1", "5. Financing"),
        ("p", "The total cost of the Strategy is estimated at EXD 412.0 million over "
              "2025-2030. The state budget will finance 71 percent of this amount, the Social "
              "Security Fund 7 percent, and development partners the remaining 22 percent "
              "through grants and concessional loans. The cost by axis is shown below."),
        ("table", [
            ["Axis", "2025-2027", "2028-2030", "Total", "Lead institution"],
            ["3.1 Employment services and ALMPs", "44.0", "52.0", "96.0", "NEA"],
            ["3.2 TVET and skills recognition", "40.0", "48.0", "88.0", "NTA"],
            ["3.3 Enterprise and finance", "24.0", "30.0", "54.0", "EDA"],
            ["3.4 Social protection", "42.0", "50.0", "92.0", "MLESA"],
            ["3.5 Health", "17.0", "21.0", "38.0", "Ministry of Health"],
            ["3.6 Education", "11.0", "13.0", "24.0", "Ministry of Education"],
            ["3.7 Housing and basic services", "5.0", "7.0", "12.0", "Ministry of Housing"],
            ["Coordination, capacity and M&E", "4.5", "3.5", "8.0", "MLESA"],
            ["Total (EXD million)", "187.5", "224.5", "412.0", ""],
            ["of which: reintegration of returning migrant workers (Measures 3.1.2, 3.1.3 "
             "and 3.2.2)", "4.8", "5.9", "10.7", "MLESA (Directorate of Labour Migration)"],
        ], (0.36, 0.13, 0.13, 0.10, 0.28), ("LEFT", "RIGHT", "RIGHT", "RIGHT", "LEFT"), (9,)),
        ("p", "From the 2026 budget, a separate budget line for the reintegration of "
              "returning migrant workers will be created in the MLESA budget, so that the "
              "EXD 10.7 million allocated to Measures 3.1.2, 3.1.3 and 3.2.2 can be tracked."),
        ("p", "Ministries will include the cost of their measures in their medium-term "
              "expenditure frameworks. The Ministry of Finance and Planning will report each "
              "year on budget execution by axis."),

        ("h1", "Annex: Results matrix"),
        ("table", [
            ["Indicator", "Baseline (year)", "Target 2030", "Responsible institution"],
            ["Unemployment rate, 15-64 (%)", "11.8 (2023)", "8.0", "NSO"],
            ["Youth unemployment rate, 15-24 (%)", "23.4 (2023)", "16.0", "NSO"],
            ["Jobseekers placed by the NEA (cumulative)", "0 (2024)", "60,000", "NEA"],
            ["Returning migrant workers registered at NEA returnee desks", "0 (2024)",
             "12,000", "NEA"],
            ["Returning migrant workers placed in jobs", "0 (2024)", "4,500", "NEA"],
            ["Returnees on organised flights referred under the SOP (%)", "0 (2024)", "90",
             "Directorate of Labour Migration"],
            ["Workdays created by public works (million)", "0 (2024)", "2.4",
             "Ministry of Public Works"],
            ["TVET graduates per year", "17,500 (2023)", "40,000", "NTA"],
            ["Returning migrant workers certified through RPL", "0 (2024)", "6,000", "NTA"],
            ["Apprentices certified", "0 (2024)", "12,000", "NTA"],
            ["Enterprises created with start-up grants (of which by returnees)", "0 (2024)",
             "3,000 (750)", "EDA"],
            ["MSMEs with guaranteed loans", "0 (2024)", "15,000",
             "Ministry of Finance and Planning"],
            ["Households receiving the family support grant", "38,000 (2023)", "120,000",
             "MLESA"],
            ["Informal workers enrolled in the SSF", "9,000 (2023)", "150,000", "SSF"],
            ["Population covered by the NHIS (%)", "46 (2023)", "75", "Ministry of Health"],
            ["Out-of-school children aged 6-14", "190,000 (2023)", "100,000",
             "Ministry of Education"],
            ["Social housing units subsidised", "0 (2024)", "6,000", "Ministry of Housing"],
            ["Births registered, children under five (%)", "78 (2022)", "95",
             "Civil Registry Office"],
            ["LFS with a return migration module", "No (2024)", "Yes, every year from 2026",
             "NSO"],
        ], (0.44, 0.17, 0.15, 0.24), ("LEFT", "CENTER", "CENTER", "LEFT"), ()),
    ]
    return front, blocks


def sample_en() -> tuple[bytes, dict]:
    front, blocks = sample_en_blocks()
    data, pages = build_strategy(
        blocks,
        title_lines=[
            ("REPUBLIC OF EXAMPLIA", "B", 16, 3),
            ("Ministry of Labour, Employment and Social Affairs", "", 12, 40),
            ("National Employment and Social Development Strategy", "B", 24, 2),
            ("2025-2030", "B", 24, 14),
            ("Decent work and inclusive services for every Examplian", "I", 13, 60),
            ("Adopted by the Council of Ministers on 12 March 2025", "", 11, 3),
            ("Northbridge, March 2025", "", 11, 0),
        ],
        toc_title="Contents", doc_title=EN_HEADER, lang="en",
        author="Ministry of Labour, Employment and Social Affairs, Republic of Examplia "
               "(fictional)",
        header_text=EN_HEADER, footer_left=EN_FOOTER, page_label="Page {n}",
        hyph=HYPH_EN, facts_as_bullets=False, front_blocks=front,
    )
    if not 12 <= pages <= 16:
        raise ValueError(f"sample_strategy_en.pdf has {pages} pages, expected 12-16")
    return data, {}


# ---------------------------------------------------------------------------
# Sample strategy (French): République de Tamarie
# ---------------------------------------------------------------------------
# In the French text, "~" stands for a no-break space (before ":", "%", inside
# guillemets and in numbers such as 15~000), as in French typography.

FR_HEADER = "Stratégie nationale de protection sociale et d’emploi 2025-2029"
FR_FOOTER = "République de Tamarie — Ministère de l’Emploi et de la Protection sociale"


def _nbsp(obj):
    if isinstance(obj, str):
        return obj.replace("~", NBSP)
    if isinstance(obj, (list, tuple)):
        return type(obj)(_nbsp(x) for x in obj)
    return obj


def sample_fr_blocks() -> tuple[list[Block], list[Block]]:
    front: list[Block] = [
        ("h1", "Préface"),
        ("p", "La protection sociale et l’emploi sont au cœur du Plan national de "
              "développement 2025-2029. Malgré une croissance soutenue, la majorité des "
              "Tamariens travaillent dans l’économie informelle, sans contrat ni protection "
              "contre la maladie, les accidents ou la vieillesse, et trop de jeunes "
              "peinent à trouver un premier emploi."),
        ("p", "La présente stratégie fixe les priorités du Gouvernement pour les cinq "
              "prochaines années : étendre la couverture maladie universelle, renforcer les "
              "filets sociaux, rapprocher les services de l’emploi et de la formation des "
              "populations, et mieux coordonner l’action de l’État, des collectivités "
              "territoriales et de leurs partenaires. Elle a été élaborée de manière "
              "participative avec les ministères sectoriels, les partenaires sociaux, la "
              "société civile et les partenaires techniques et financiers."),
        ("p", "J’invite l’ensemble des acteurs à s’approprier cette stratégie et à en faire "
              "un instrument de solidarité nationale."),
        ("p", "Le Ministre de l’Emploi et de la Protection sociale"),
        ("h2", "Sigles et abréviations"),
        ("table", [
            ["Sigle", "Signification"],
            ["AGR", "Activité génératrice de revenus"],
            ["ANFP", "Agence nationale de la formation professionnelle"],
            ["ANPE", "Agence nationale pour la promotion de l’emploi"],
            ["CMU", "Couverture maladie universelle"],
            ["CNAM", "Caisse nationale d’assurance maladie"],
            ["DAS", "Direction de l’action sociale"],
            ["DGTE", "Direction générale des Tamariens de l’extérieur"],
            ["FCFA", "Franc de la Communauté financière africaine"],
            ["HIMO", "Haute intensité de main-d’œuvre"],
            ["INS", "Institut national de la statistique"],
            ["MEPS", "Ministère de l’Emploi et de la Protection sociale"],
            ["PNM", "Politique nationale de migration"],
            ["POS", "Procédures opérationnelles standard"],
            ["PTF", "Partenaires techniques et financiers"],
            ["RSU", "Registre social unifié"],
            ["VAE", "Validation des acquis de l’expérience"],
        ], (0.22, 0.78), ("LEFT", "LEFT"), ()),
    ]

    def facts(*pairs: str) -> list[tuple[str, str]]:
        return [(pairs[i], pairs[i + 1]) for i in range(0, len(pairs), 2)]

    blocks: list[Block] = [
        ("h1", "1. Contexte et diagnostic"),
        ("h2", "1.1 Contexte socio-économique"),
        ("p", "La République de Tamarie compte 21,3~millions d’habitants selon le "
              "recensement général de 2022, dont 64~% ont moins de 25~ans. La croissance "
              "économique a atteint 5,1~% en moyenne entre 2017 et 2023, portée par "
              "l’agriculture, les mines et les services. L’incidence de la pauvreté a "
              "reculé de 44,2~% en 2014 à 38,9~% en 2021, mais elle demeure supérieure à "
              "50~% dans les régions du Nord et de l’Est."),
        ("h2", "1.2 Emploi et marché du travail"),
        ("p", "Selon l’enquête nationale sur l’emploi de 2023, le taux de chômage est de "
              "8,7~%, mais le sous-emploi touche 27~% des actifs occupés. L’économie "
              "informelle concentre 89~% des emplois, et seuls 7~% des actifs occupés sont "
              "salariés du secteur formel. Chaque année, près de 300~000 jeunes arrivent "
              "sur le marché du travail, alors que l’Agence nationale pour la promotion de "
              "l’emploi (ANPE) ne dispose que de huit antennes régionales."),
        ("p", "L’offre de formation professionnelle reste limitée et concentrée dans la "
              "capitale, Sanvala. Moins de 5~% des jeunes de 15 à 24~ans suivent une "
              "formation technique ou un apprentissage, et les compétences acquises sur le "
              "tas ne sont que rarement certifiées."),
        ("h2", "1.3 Migration et retour"),
        ("p", "La Tamarie est à la fois un pays d’émigration et de transit. Environ "
              "1,1~million de Tamariens vivent à l’étranger, principalement dans les pays "
              "côtiers d’Afrique de l’Ouest, au Maghreb et en Europe, et leurs transferts "
              "de fonds représentent 6,3~% du PIB."),
        ("p", "Les retours ont fortement augmenté. Entre 2021 et 2023, la Direction "
              "générale des Tamariens de l’extérieur (DGTE) a enregistré 52~300 "
              "«~migrants de retour~», dont 17~900 expulsés ou refoulés depuis les pays du "
              "Maghreb, 6~400 rapatriés de Libye lors d’opérations d’évacuation et 9~100 "
              "personnes rentrées dans le cadre de programmes d’aide au retour volontaire. "
              "Une enquête de l’Institut national de la statistique (INS) réalisée en 2023 "
              "montre que 31~% des migrants de retour sont au chômage un an après leur "
              "retour et que moins d’un sur six dispose d’une couverture maladie. Les "
              "migrants de retour, en particulier les personnes expulsées, sont souvent "
              "perçus comme ayant échoué et font face à la stigmatisation de leur "
              "entourage."),
        ("h2", "1.4 Protection sociale"),
        ("p", "Seuls 12~% de la population bénéficient d’au moins une prestation de "
              "protection sociale. La couverture maladie universelle (CMU), lancée en 2019 "
              "et gérée par la Caisse nationale d’assurance maladie (CNAM), couvre 21~% de "
              "la population. Le Registre social unifié (RSU) recense 640~000 ménages, mais "
              "les programmes de transferts monétaires n’en atteignent que 95~000. Près "
              "d’un enfant de moins de cinq ans sur trois n’a pas d’acte de naissance, ce "
              "qui limite l’accès aux prestations."),
        ("h2", "1.5 Acquis et défis"),
        ("p", "L’évaluation de la Politique nationale de protection sociale 2016-2020 a mis "
              "en évidence la dispersion des programmes, la faiblesse du ciblage, "
              "l’insuffisance des financements nationaux et l’absence d’un dispositif de "
              "suivi commun. La présente stratégie y répond en regroupant les interventions "
              "en quatre axes et en confiant chaque mesure à une institution responsable."),

        ("h1", "2. Vision, principes et objectifs"),
        ("h2", "2.1 Vision"),
        ("p", "«~À l’horizon 2029, chaque Tamarien bénéficie d’une protection sociale adaptée "
              "à ses besoins et d’un accès équitable à l’emploi décent.~»"),
        ("h2", "2.2 Principes directeurs"),
        ("bullets", [
            "Universalité et équité : la stratégie vise l’ensemble de la population, en "
            "commençant par les ménages les plus pauvres.",
            "Égalité entre les femmes et les hommes : les mesures fixent des cibles pour "
            "les femmes et leurs résultats sont suivis par sexe.",
            "Redevabilité : chaque mesure est confiée à une institution responsable et fait "
            "l’objet d’un suivi annuel.",
        ]),
        ("h2", "2.3 Groupes cibles"),
        ("p", "La stratégie accorde une attention particulière aux ménages pauvres, aux "
              "travailleurs de l’économie informelle, aux personnes handicapées, aux femmes "
              "et aux jeunes, ainsi qu’aux migrants de retour. Conformément à la Politique "
              "nationale de migration (PNM) adoptée en 2021, elle intègre les migrants de "
              "retour dans les dispositifs ordinaires de l’État plutôt que dans des projets "
              "séparés."),
        ("h2", "2.4 Objectifs stratégiques"),
        ("table", [
            ["Objectif stratégique", "Indicateur", "Référence", "Cible 2029"],
            ["OS1 Étendre la couverture maladie", "Population couverte par la CMU (%)",
             "21 (2023)", "60"],
            ["OS2 Protéger les ménages pauvres", "Ménages bénéficiaires de transferts "
             "monétaires", "95~000 (2023)", "250~000"],
            ["OS3 Promouvoir l’emploi et les compétences", "Jeunes formés ou insérés",
             "—", "95~000"],
            ["OS4 Améliorer la gouvernance du secteur", "Rapports annuels de suivi publiés",
             "0", "5"],
        ], (0.32, 0.36, 0.16, 0.16), ("LEFT", "LEFT", "CENTER", "CENTER"), ()),
        ("h2", "2.5 Articulation avec les autres politiques"),
        ("p", "La stratégie met en œuvre le pilier social du Plan national de développement "
              "2025-2029 et s’articule avec la Politique nationale de santé et la PNM. Les "
              "programmes de réinsertion des détenus, qui relèvent du ministère de la "
              "Justice, ne sont pas couverts par la présente stratégie. De même, la "
              "réintégration des magistrats et des fonctionnaires à l’issue d’une mise en "
              "disponibilité relève du statut général de la fonction publique."),

        ("h1", "3. Axes stratégiques et mesures"),
        ("h2", "3.1 Axe 1 : Extension de la couverture maladie universelle"),
        ("measure", "Mesure 1.1 – Enrôlement des ménages pauvres et des travailleurs de "
                    "l’économie informelle",
         "Les cotisations CMU des ménages indigents inscrits au RSU seront prises en charge "
         "par l’État. Les travailleurs de l’économie informelle pourront cotiser par "
         "l’intermédiaire des mutuelles de santé et des organisations professionnelles.",
         facts("Responsable~:", "CNAM.", "Cible~:", "60~% de la population couverte en 2029.",
               "Budget~:", "14,5~milliards FCFA.")),
        ("measure", "Mesure 1.2 – Enrôlement des migrants de retour à la CMU",
         "Les migrants de retour seront enrôlés à la CMU dès leur passage au guichet "
         "d’accueil (mesure 4.1). L’État prendra en charge leurs cotisations pendant les "
         "douze premiers mois suivant leur retour.",
         facts("Responsable~:", "CNAM, en lien avec la DGTE.",
               "Indicateur~:", "nombre de migrants de retour enrôlés à la CMU~; cible~: "
                               "15~000 d’ici 2027.",
               "Budget~:", "1,8~milliard FCFA.",
               "Calendrier~:", "2025-2027.")),
        ("measure", "Mesure 1.3 – Soins de santé primaires",
         "Cent vingt centres de santé seront réhabilités et équipés pour offrir le paquet "
         "minimum d’activités, en priorité dans les régions du Nord et de l’Est.",
         facts("Responsable~:", "Ministère de la Santé.", "Budget~:", "9,0~milliards FCFA.")),

        ("h2", "3.2 Axe 2 : Filets sociaux et Registre social unifié"),
        ("measure", "Mesure 2.1 – Transferts monétaires aux ménages pauvres",
         "Les ménages pauvres inscrits au RSU recevront un transfert monétaire trimestriel. "
         "Pendant la période de soudure, les ménages ruraux recevront en outre des semences "
         "et des petits ruminants afin de renforcer leur sécurité alimentaire et leurs "
         "moyens de subsistance.",
         facts("Responsable~:", "DAS, Programme national de filets sociaux.",
               "Cible~:", "250~000 ménages en 2029.", "Budget~:", "31,0~milliards FCFA.")),
        ("measure", "Mesure 2.2 – Inscription des ménages de migrants de retour au RSU",
         "Les ménages de migrants de retour en situation de pauvreté pourront être inscrits "
         "au RSU et accéder aux transferts monétaires selon les mêmes critères que les "
         "autres ménages.", []),
        ("measure", "Mesure 2.3 – État civil",
         "Des équipes mobiles d’état civil organiseront des campagnes d’enregistrement des "
         "naissances dans les communes rurales, et la carte nationale d’identité sera "
         "délivrée gratuitement aux membres des ménages inscrits au RSU.",
         facts("Responsable~:", "Direction de l’état civil.",
               "Budget~:", "1,2~milliard FCFA.")),
        ("measure", "Mesure 2.4 – Personnes handicapées et enfants vulnérables",
         "La carte d’égalité des chances donnera aux personnes handicapées un accès "
         "prioritaire aux prestations. Les services sociaux renforceront la prise en charge "
         "des orphelins et des enfants en situation de rue.",
         facts("Responsable~:", "DAS.", "Budget~:", "3,5~milliards FCFA.")),
        ("measure", "Mesure 2.5 – Protection des femmes et des enfants migrants de retour",
         "Les femmes et les enfants migrants de retour en situation de vulnérabilité, "
         "notamment les victimes de traite et les enfants non accompagnés, seront pris en "
         "charge par les services sociaux.",
         facts("Responsable~:", "Direction de l’action sociale.")),

        ("h2", "3.3 Axe 3 : Emploi et formation professionnelle"),
        ("measure", "Mesure 3.1 – Travaux à haute intensité de main-d’œuvre",
         "Les chantiers de pistes rurales, d’aménagements hydro-agricoles et d’entretien "
         "routier seront réalisés selon l’approche HIMO, au profit des jeunes des régions "
         "du Nord et de l’Est.",
         facts("Responsable~:", "Ministère des Infrastructures.",
               "Cible~:", "40~000 jeunes employés.", "Budget~:", "18,0~milliards FCFA.")),
        ("measure", "Mesure 3.2 – Modernisation de l’ANPE",
         "L’ANPE ouvrira des antennes dans toutes les régions et mettra en place une "
         "plateforme numérique de mise en relation entre demandeurs d’emploi et "
         "employeurs.",
         facts("Responsable~:", "ANPE.", "Cible~:", "25~000 demandeurs d’emploi placés.",
               "Budget~:", "4,5~milliards FCFA.")),
        ("measure", "Mesure 3.3 – Formation professionnelle et apprentissage",
         "L’ANFP financera des formations qualifiantes de courte durée et l’apprentissage "
         "dual dans les métiers porteurs, en partenariat avec les organisations "
         "professionnelles.",
         facts("Responsable~:", "ANFP.", "Cible~:", "30~000 jeunes formés.",
               "Budget~:", "7,2~milliards FCFA.")),
        ("measure", "Mesure 3.4 – Validation des acquis de l’expérience des migrants de "
                    "retour",
         "Le dispositif national de validation des acquis de l’expérience (VAE) sera ouvert "
         "aux migrants de retour afin de faire reconnaître les compétences qu’ils ont "
         "acquises à l’étranger.",
         facts("Responsable~:", "ANFP.")),
        ("measure", "Mesure 3.5 – Activités génératrices de revenus et microfinance",
         "Les femmes et les jeunes porteurs de projets bénéficieront d’un appui à la "
         "création d’AGR et d’un accès au microcrédit à taux bonifié par l’intermédiaire "
         "des institutions de microfinance agréées.",
         facts("Responsable~:", "Fonds national de la microfinance.",
               "Cible~:", "18~000 bénéficiaires.", "Budget~:", "6,0~milliards FCFA.")),

        ("h2", "3.4 Axe 4 : Accueil et orientation des migrants de retour"),
        ("measure", "Mesure 4.1 – Guichets d’accueil et d’orientation",
         "Un guichet d’accueil sera installé à l’aéroport international de Sanvala et aux "
         "trois principaux postes frontaliers terrestres. Il assurera l’accueil des "
         "migrants de retour, leur information sur les services disponibles, leur "
         "enrôlement à la CMU et leur orientation vers les services compétents, selon des "
         "procédures opérationnelles standard (POS) adoptées par arrêté interministériel.",
         facts("Responsable~:", "DGTE et MEPS.",
               "Indicateur~:", "nombre de migrants de retour accueillis et orientés~; "
                               "cible~: 20~000 d’ici 2029.",
               "Budget~:", "950~millions FCFA.",
               "Calendrier~:", "POS adoptées en 2025~; guichets opérationnels en 2026.")),
        ("measure", "Mesure 4.2 – Prise en compte par les communes",
         "Les communes des régions de forte émigration intégreront l’accueil des migrants "
         "de retour dans leurs plans communaux de développement.", []),

        ("h1", "4. Mise en œuvre, coordination et suivi-évaluation"),
        ("h2", "4.1 Cadre institutionnel"),
        ("p", "Le Comité national de pilotage, présidé par le Ministre de l’Emploi et de la "
              "Protection sociale, réunit les ministères sectoriels, la CNAM, les "
              "partenaires sociaux, le secteur privé et les organisations de la société "
              "civile. Il adopte le plan "
              "de travail annuel et examine le rapport de suivi. Un Secrétariat permanent, "
              "placé auprès du MEPS, prépare ses travaux."),
        ("p", "Un groupe thématique «~migration de retour~», présidé par la DGTE, assurera la "
              "coordination des mesures concernant les migrants de retour."),
        ("p", "Des organisations non gouvernementales seront associées, par voie de "
              "conventions, à l’animation des guichets d’accueil des migrants de retour."),
        ("h2", "4.2 Mise en œuvre au niveau déconcentré"),
        ("p", "Dans chaque région, un comité régional de protection sociale et d’emploi, "
              "présidé par le gouverneur, veillera à la cohérence des interventions. Les "
              "collectivités territoriales seront associées au ciblage des ménages et à la "
              "programmation des chantiers HIMO."),
        ("h2", "4.3 Renforcement des capacités"),
        ("p", "Six cents travailleurs sociaux et agents de la CNAM seront formés d’ici 2027 "
              "à la gestion des cas, au ciblage et à l’utilisation du RSU, et les services "
              "déconcentrés de l’action sociale seront dotés en équipements informatiques."),
        ("h2", "4.4 Suivi-évaluation"),
        ("p", "Le Secrétariat permanent produira un rapport annuel de suivi sur la base du "
              "cadre de résultats présenté en annexe. Une revue à mi-parcours sera réalisée "
              "en 2027 et une évaluation finale indépendante en 2029."),
        ("p", "Les indicateurs seront, dans la mesure du possible, désagrégés par sexe, "
              "âge, région et statut de migrant de retour."),

        ("h1", "5. Financement"),
        ("p", "Le coût total de la stratégie est estimé à 100,0~milliards FCFA sur la "
              "période 2025-2029. Il sera financé à 64~% par le budget de l’État, à 28~% "
              "par les partenaires techniques et financiers et à 8~% par les cotisations "
              "perçues par la CNAM."),
        ("p", "À partir de 2026, une ligne budgétaire dédiée à l’accueil et à la "
              "réintégration des migrants de retour sera inscrite au budget du MEPS. Elle "
              "regroupera les 2,75~milliards FCFA prévus pour les mesures 1.2 et 4.1."),
        ("table", [
            ["Mesure", "Montant (milliards FCFA)", "Période", "Responsable"],
            ["1.1 Enrôlement à la CMU des ménages pauvres et des travailleurs informels",
             "14,50", "2025-2029", "CNAM"],
            ["1.2 Enrôlement des migrants de retour à la CMU", "1,80", "2025-2027", "CNAM"],
            ["1.3 Soins de santé primaires", "9,00", "2025-2029", "Ministère de la Santé"],
            ["Sous-total Axe 1", "25,30", "", ""],
            ["2.1 Transferts monétaires", "31,00", "2025-2029", "DAS"],
            ["2.3 État civil", "1,20", "2025-2027", "Direction de l’état civil"],
            ["2.4 Personnes handicapées et enfants vulnérables", "3,50", "2025-2029", "DAS"],
            ["Sous-total Axe 2", "35,70", "", ""],
            ["3.1 Travaux HIMO", "18,00", "2025-2029", "Ministère des Infrastructures"],
            ["3.2 Modernisation de l’ANPE", "4,50", "2025-2028", "ANPE"],
            ["3.3 Formation professionnelle et apprentissage", "7,20", "2025-2029", "ANFP"],
            ["3.5 AGR et microfinance", "6,00", "2025-2029", "FNM"],
            ["Sous-total Axe 3", "35,70", "", ""],
            ["4.1 Guichets d’accueil et d’orientation des migrants de retour", "0,95",
             "2025-2029", "DGTE / MEPS"],
            ["Sous-total Axe 4", "0,95", "", ""],
            ["Pilotage, renforcement des capacités et suivi-évaluation", "2,35",
             "2025-2029", "MEPS"],
            ["Total", "100,00", "", ""],
        ], (0.46, 0.17, 0.14, 0.23), ("LEFT", "RIGHT", "CENTER", "LEFT"), (4, 8, 13, 15, 17)),

        ("h1", "Annexe : Cadre de résultats"),
        ("table", [
            ["Indicateur", "Référence (année)", "Cible 2029", "Responsable"],
            ["Population couverte par la CMU (%)", "21 (2023)", "60", "CNAM"],
            ["Migrants de retour enrôlés à la CMU", "0 (2024)", "15~000 (2027)", "CNAM"],
            ["Ménages bénéficiaires de transferts monétaires", "95~000 (2023)", "250~000",
             "DAS"],
            ["Enfants de moins de cinq ans enregistrés à l’état civil (%)", "69 (2022)",
             "90", "Direction de l’état civil"],
            ["Jeunes employés sur les chantiers HIMO", "0 (2024)", "40~000",
             "Ministère des Infrastructures"],
            ["Demandeurs d’emploi placés par l’ANPE", "0 (2024)", "25~000", "ANPE"],
            ["Jeunes formés (formation qualifiante et apprentissage)", "0 (2024)", "30~000",
             "ANFP"],
            ["Bénéficiaires d’un appui aux AGR", "0 (2024)", "18~000", "FNM"],
            ["Migrants de retour accueillis et orientés par les guichets", "0 (2024)",
             "20~000", "DGTE"],
            ["Rapports annuels de suivi publiés", "0 (2024)", "5", "Secrétariat permanent"],
        ], (0.44, 0.17, 0.15, 0.24), ("LEFT", "CENTER", "CENTER", "LEFT"), ()),
    ]
    return _nbsp(front), _nbsp(blocks)


def sample_fr() -> tuple[bytes, dict]:
    front, blocks = sample_fr_blocks()
    data, pages = build_strategy(
        blocks,
        title_lines=_nbsp([
            ("RÉPUBLIQUE DE TAMARIE", "B", 16, 2),
            ("Unité – Travail – Solidarité", "I", 10, 3),
            ("Ministère de l’Emploi et de la Protection sociale", "", 12, 40),
            ("Stratégie nationale de protection sociale et d’emploi", "B", 24, 2),
            ("2025-2029", "B", 24, 14),
            ("Protéger chaque Tamarien, promouvoir l’emploi décent", "I", 13, 60),
            ("Adoptée en Conseil des ministres le 5 février 2025", "", 11, 3),
            ("Sanvala, février 2025", "", 11, 0),
        ]),
        toc_title="Sommaire", doc_title=FR_HEADER, lang="fr",
        author="Ministère de l’Emploi et de la Protection sociale, République de Tamarie "
               "(fictive)",
        header_text=FR_HEADER, footer_left=FR_FOOTER, page_label="Page {n}",
        hyph=HYPH_FR, facts_as_bullets=True, front_blocks=front,
    )
    if not 8 <= pages <= 12:
        raise ValueError(f"sample_strategy_fr.pdf has {pages} pages, expected 8-12")
    return data, {}


# ---------------------------------------------------------------------------
# Intended ground truth of the samples (documented in corpora/samples/README.md)
# ---------------------------------------------------------------------------
# (addressed, returnee_level): addressed = the strategy contains measures on this need
# for anyone; returnee_level 0 absent, 1 acknowledged in context only, 2 a measure
# covering returnees, 3 such a measure with >= 2 operational anchors (responsible
# institution, target or indicator, budget, timeframe).

INDICATOR_IDS = [
    "ECO.EMPLOYMENT", "ECO.SKILLS", "ECO.ENTREPRENEURSHIP", "ECO.FINANCE", "ECO.LIVELIHOOD",
    "ECO.HUMAN_CAPITAL", "SOC.HOUSING", "SOC.HEALTH", "SOC.EDUCATION",
    "SOC.SOCIAL_PROTECTION", "SOC.DOCUMENTATION", "SOC.JUSTICE", "SOC.BASIC_SERVICES",
    "SOC.VULNERABLE", "PSY.MHPSS", "PSY.SOCIAL_COHESION", "PSY.SOCIAL_NETWORKS",
    "PSY.SAFETY", "PSY.AGENCY", "STR.POLICY_FRAMEWORK", "STR.COORDINATION", "STR.REFERRAL",
    "STR.CAPACITY", "STR.LOCAL_GOVERNANCE", "STR.FINANCING", "STR.DATA_MONITORING",
    "STR.INTL_COOPERATION", "STR.STAKEHOLDERS", "STR.RECEPTION_SAFEGUARDS",
]

GROUND_TRUTH: dict[str, dict[str, tuple[bool, int]]] = {
    "sample_strategy_en.pdf": {
        "ECO.EMPLOYMENT": (True, 3),         # Measure 3.1.2
        "ECO.SKILLS": (True, 3),             # Measure 3.2.2
        "ECO.ENTREPRENEURSHIP": (True, 3),   # Measure 3.3.1
        "ECO.FINANCE": (True, 1),            # 3.3.2 general; returnee debts in 1.3
        "ECO.LIVELIHOOD": (True, 0),         # 3.4.5
        "ECO.HUMAN_CAPITAL": (True, 2),      # 3.3.4 (lead institution only)
        "SOC.HOUSING": (True, 0),            # 3.7.1
        "SOC.HEALTH": (True, 0),             # 3.5
        "SOC.EDUCATION": (True, 0),          # 3.6 (+ trap "returns to education")
        "SOC.SOCIAL_PROTECTION": (True, 2),  # 3.4.4 (lead institution only)
        "SOC.DOCUMENTATION": (True, 0),      # 3.4.2
        "SOC.JUSTICE": (False, 0),
        "SOC.BASIC_SERVICES": (True, 0),     # 3.7.2
        "SOC.VULNERABLE": (True, 0),         # 3.4.6
        "PSY.MHPSS": (False, 1),             # distress in 1.3 only
        "PSY.SOCIAL_COHESION": (False, 0),
        "PSY.SOCIAL_NETWORKS": (False, 0),
        "PSY.SAFETY": (False, 0),
        "PSY.AGENCY": (False, 0),
        "STR.POLICY_FRAMEWORK": (True, 2),   # 2.2 priority groups
        "STR.COORDINATION": (True, 2),       # 4.1 working group
        "STR.REFERRAL": (True, 3),           # Measure 3.1.3
        "STR.CAPACITY": (True, 2),           # 4.3
        "STR.LOCAL_GOVERNANCE": (True, 3),   # 3.1.2 desks in the 8 regional job centres
        "STR.FINANCING": (True, 3),          # Chapter 5 budget line
        "STR.DATA_MONITORING": (True, 3),    # 4.4 + Annex
        "STR.INTL_COOPERATION": (False, 1),  # agreements in 1.3 only
        "STR.STAKEHOLDERS": (False, 0),      # only general social partners (4.1)
        "STR.RECEPTION_SAFEGUARDS": (True, 3),  # Measure 3.1.3
    },
    "sample_strategy_fr.pdf": {
        "ECO.EMPLOYMENT": (True, 1),         # 3.1, 3.2 general; unemployment in 1.3
        "ECO.SKILLS": (True, 2),             # Mesure 3.4 (responsable only)
        "ECO.ENTREPRENEURSHIP": (True, 0),   # Mesure 3.5
        "ECO.FINANCE": (True, 0),            # Mesure 3.5
        "ECO.LIVELIHOOD": (True, 0),         # Mesure 2.1
        "ECO.HUMAN_CAPITAL": (False, 0),
        "SOC.HOUSING": (False, 0),
        "SOC.HEALTH": (True, 3),             # Mesure 1.2
        "SOC.EDUCATION": (False, 0),
        "SOC.SOCIAL_PROTECTION": (True, 2),  # Mesure 2.2 (no anchor)
        "SOC.DOCUMENTATION": (True, 0),      # Mesure 2.3
        "SOC.JUSTICE": (False, 0),           # trap: réintégration des magistrats
        "SOC.BASIC_SERVICES": (False, 0),
        "SOC.VULNERABLE": (True, 2),         # Mesure 2.5 (responsable only)
        "PSY.MHPSS": (False, 0),
        "PSY.SOCIAL_COHESION": (False, 1),   # stigmatisation in 1.3 only
        "PSY.SOCIAL_NETWORKS": (False, 0),
        "PSY.SAFETY": (False, 0),
        "PSY.AGENCY": (False, 0),
        "STR.POLICY_FRAMEWORK": (True, 2),   # 2.3 groupes cibles
        "STR.COORDINATION": (True, 2),       # 4.1 groupe thématique
        "STR.REFERRAL": (True, 3),           # Mesure 4.1
        "STR.CAPACITY": (False, 0),          # 4.3 is general sector training only
        "STR.LOCAL_GOVERNANCE": (True, 2),   # Mesure 4.2 (no anchor)
        "STR.FINANCING": (True, 3),          # Chapter 5 dedicated budget line
        "STR.DATA_MONITORING": (True, 2),    # 4.4 disaggregation (no anchor)
        "STR.INTL_COOPERATION": (False, 0),
        "STR.STAKEHOLDERS": (True, 2),       # 4.1 NGOs run the reception desks
        "STR.RECEPTION_SAFEGUARDS": (True, 3),  # Mesure 4.1
    },
}


def samples_expected_json() -> str:
    out = {}
    for name, table in GROUND_TRUTH.items():
        if list(table) != INDICATOR_IDS:
            raise ValueError(f"ground truth for {name} does not list the 29 ids in order")
        out[name] = {k: {"addressed": a, "returnee_level": lvl} for k, (a, lvl) in table.items()}
    return json.dumps(out, ensure_ascii=False, indent=2) + "\n"


SAMPLES: dict[str, Callable[[], tuple[bytes, dict]]] = {
    "sample_strategy_en.pdf": sample_en,
    "sample_strategy_fr.pdf": sample_fr,
}


def generate(root: Path) -> list[Path]:
    written: list[Path] = []
    for name, builder in SAMPLES.items():
        data, _ = builder()
        path = root / SAMPLES_DIR / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        written.append(path.relative_to(root))
    path = root / SAMPLES_DIR / "expected.json"
    path.write_text(samples_expected_json(), encoding="utf-8", newline="\n")
    written.append(path.relative_to(root))
    for name, builder in FIXTURES.items():
        data, expected = builder()
        path = root / FIXTURE_DIR / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        written.append(path.relative_to(root))
        if expected:
            jpath = root / EXPECTED_DIR / (Path(name).stem + ".json")
            jpath.parent.mkdir(parents=True, exist_ok=True)
            jpath.write_text(json.dumps(expected, ensure_ascii=False, indent=2) + "\n",
                             encoding="utf-8", newline="\n")
            written.append(jpath.relative_to(root))
    return written


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true",
                        help="regenerate into a temporary directory and exit 1 if any "
                             "output differs from the committed files")
    args = parser.parse_args(argv)
    if args.check:
        with tempfile.TemporaryDirectory() as tmp:
            written = generate(Path(tmp))
            stale = []
            for rel in written:
                committed = REPO_ROOT / rel
                if not committed.is_file() or committed.read_bytes() != (Path(tmp) / rel).read_bytes():
                    stale.append(rel)
        if stale:
            print("make_fixtures.py --check: outputs differ from the committed files:")
            for rel in stale:
                print(f"  {rel}")
            print("Run `python scripts/make_fixtures.py` to regenerate them.")
            return 1
        print(f"make_fixtures.py --check: all {len(written)} outputs are up to date.")
        return 0
    written = generate(REPO_ROOT)
    for rel in written:
        print(f"wrote {rel}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
