"""Where everything stands in a questionnaire workbook: `template -f xlsx` writes it, `import` reads it."""

from __future__ import annotations

SHEET = "Questionnaire"
FIRST_ROW = 6  # first indicator row
COLUMNS = [
    "Path",
    "Dimension",
    "Group",
    "Question (中文)",
    "Question (English)",
    "Kind",
    "Unit",
    "Allowed answers",
    "Answer",
    "Source",
    "Note",
]
ANSWER_COL, SOURCE_COL, NOTE_COL = 9, 10, 11
ID_CELL, NAME_CELL = (2, 2), (3, 2)  # (row, column) of the vendor id and name answers
LABEL_COL = 1  # the question beside each of them
