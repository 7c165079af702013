"""Reading an uploaded spreadsheet (CSV or XLSX) into rows of text, with every limit checked while it is read.

What an editor uploads is not trusted: it may be another kind of file, in another encoding, a zip bomb, a sheet
of a million rows or one 300 MB cell. Nothing is read whole before its size is known, and every problem is a
``SheetError`` whose message names the file, line or cell in the editor's language; none is an exception name.

- CSV is decoded as UTF-8 (with or without the byte-order mark Excel writes), else as GB18030, which is what Excel
  on Chinese Windows saves ("CSV" there means the system code page); the report says which was used.
- XLSX is a zip: the sizes its members unpack to are checked before openpyxl opens it (a 310 KB file holding one
  300 MB cell took a worker to 651 MB), and the sheet is read in openpyxl's read-only (streaming) mode. A cell
  holding a formula is reported, not read as blank.
"""

import csv
import io
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime

from django.conf import settings
from django.utils.translation import gettext as _

XLSX_MAGIC = b"PK\x03\x04"


class SheetError(Exception):
    """The file cannot be read at all; the message says why, for the editor."""


@dataclass
class Sheet:
    header: list
    rows: list  # (line number in the file, [cell texts])
    problems: list = field(default_factory=list)  # (line, column letter or name, value, message) found while reading
    encoding: str = ""


def column_letter(index):
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def _limits():
    return settings.SPREADSHEET_MAX_ROWS, settings.SPREADSHEET_MAX_COLUMNS, settings.SPREADSHEET_MAX_CELL_CHARS


def read(name, data):
    """A Sheet from the uploaded bytes; SheetError when the file cannot be used at all."""
    if not data.strip():
        raise SheetError(_("The file is empty."))
    if data.startswith(XLSX_MAGIC):
        return _read_xlsx(data)
    if name.lower().endswith((".xlsx", ".xlsm", ".xls")):
        raise SheetError(_("The file is named like an Excel workbook but is not one. Save it again as .xlsx or .csv."))
    return _read_csv(data)


def too_many_rows(limit):
    return _("The file has more than %(limit)s rows. Split it into smaller files.") % {"limit": limit}


def _decode(data):
    try:
        return data.decode("utf-8-sig"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030"), "GB18030"
    except UnicodeDecodeError:
        raise SheetError(
            _("This is not a spreadsheet: the file is neither UTF-8 nor GB18030 text, nor an .xlsx workbook.")
        ) from None


def _read_csv(data):
    text, encoding = _decode(data)
    if "\x00" in text:
        raise SheetError(_("This is not a spreadsheet: the file holds binary data. Upload a .csv or .xlsx file."))
    max_rows, max_columns, max_chars = _limits()
    csv.field_size_limit(max_chars + 1)  # the csv module refuses a longer cell itself, so it is never held whole
    reader = csv.reader(io.StringIO(text, newline=""))
    rows, problems = [], []
    try:
        for cells in reader:
            line = reader.line_num
            if len(rows) > max_rows:
                raise SheetError(
                    _("The file has more than %(limit)s rows. Split it into smaller files.") % {"limit": max_rows}
                )
            if len(cells) > max_columns:
                raise SheetError(
                    _("Line %(line)s has %(count)s columns; at most %(limit)s are read.")
                    % {"line": line, "count": len(cells), "limit": max_columns}
                )
            rows.append((line, cells))
    except csv.Error:
        raise SheetError(
            _("Line %(line)s cannot be read: a cell is longer than %(limit)s characters, or a quote is not closed.")
            % {"line": reader.line_num, "limit": max_chars}
        ) from None
    return _sheet(rows, problems, encoding)


def _sheet(rows, problems, encoding):
    rows = [(line, cells) for line, cells in rows if any(cell.strip() for cell in cells)]
    if not rows:
        raise SheetError(_("The file is empty."))
    (_line, header), body = rows[0], rows[1:]
    return Sheet([cell.strip() for cell in header], body, problems, encoding)


def _check_zip(data):
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise SheetError(_("The workbook is damaged and cannot be opened. Save it again from Excel.")) from None
    total = sum(member.file_size for member in archive.infolist())
    if total > settings.SPREADSHEET_MAX_UNPACKED_BYTES:
        raise SheetError(
            _("The workbook unpacks to %(size)s MB; at most %(limit)s MB can be read.")
            % {"size": total // 2**20, "limit": settings.SPREADSHEET_MAX_UNPACKED_BYTES // 2**20}
        )
    if "xl/workbook.xml" not in archive.namelist():
        raise SheetError(_("This is not a spreadsheet: the file is a zip archive, not an .xlsx workbook."))


def _xlsx_text(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _read_xlsx(data):
    import openpyxl  # loaded only by editors' imports, never by readers' workers

    _check_zip(data)
    max_rows, max_columns, max_chars = _limits()
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception:  # noqa: BLE001 - openpyxl fails in many ways on a damaged file; each means the same here
        raise SheetError(_("The workbook is damaged and cannot be opened. Save it again from Excel.")) from None
    rows, problems = [], []
    try:
        sheet = workbook.worksheets[0]
        for index, cells in enumerate(sheet.iter_rows(max_col=max_columns + 1), start=1):
            if len(rows) > max_rows:
                raise SheetError(
                    _("The file has more than %(limit)s rows. Split it into smaller files.") % {"limit": max_rows}
                )
            texts = []
            for position, cell in enumerate(cells):
                if position >= max_columns:
                    if cell.value not in (None, ""):
                        raise SheetError(
                            _("Line %(line)s has more than %(limit)s columns.") % {"line": index, "limit": max_columns}
                        )
                    continue
                text = _xlsx_text(cell.value)
                where = f"{column_letter(position)}{index}"
                if cell.data_type == "f":
                    problems.append((index, where, text[:80], _("holds a formula; type the value itself instead")))
                    text = ""
                elif len(text) > max_chars:
                    problems.append(
                        (index, where, text[:80] + "…", _("is longer than %(limit)s characters") % {"limit": max_chars})
                    )
                    text = ""
                texts.append(text)
            rows.append((index, texts))
    finally:
        workbook.close()
    return _sheet(rows, problems, "")
