"""Spreadsheet formats for django-import-export that are safe to open in Excel.

The library's own ``IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT`` only strips a leading ``=``; a cell such as
``+cmd|'/c calc'!A1`` or ``@SUM(…)`` still runs. OWASP's advice is to prefix a quote to any text cell that
starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return, which Excel then shows as plain text.
Numbers (``-5``) are left alone. CSV is written with a byte-order mark so Excel reads Chinese as UTF-8.
"""

import re

import tablib
from import_export.formats.base_formats import CSV, XLSX

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
NUMBER = re.compile(r"^[-+]?\d+(\.\d+)?$")


def neutralise(cell):
    if isinstance(cell, str) and cell.startswith(FORMULA_START) and not NUMBER.match(cell):
        return f"'{cell}"
    return cell


def neutralise_dataset(dataset):
    neutral = tablib.Dataset(headers=dataset.headers, title=dataset.title)
    for row in dataset:
        neutral.append([neutralise(cell) for cell in row])
    return neutral


class SafeCSV(CSV):
    def export_data(self, dataset, **kwargs):
        return "\ufeff" + super().export_data(neutralise_dataset(dataset), **kwargs)


class SafeXLSX(XLSX):
    def export_data(self, dataset, **kwargs):
        return super().export_data(neutralise_dataset(dataset), **kwargs)


FORMATS = [SafeCSV, SafeXLSX]
