"""Prints every cell of a workbook, one per line, for tests written in C++.

    sheet!A1<TAB>n|s|f<TAB>number format<TAB>value[<TAB>cached VALUE]
    autofilter<TAB>sheet<TAB>A1:C8

A formula cell (f) shows its formula and the result the workbook caches for it, which is
what a reader that does not recalculate shows. A sheet's autofilter range, if it has one,
comes before its cells.
Read with openpyxl (Debian's python3-openpyxl): a reader no one here wrote, so a test
sees the workbook as a spreadsheet program would. The first line lists the sheets.
"""
import sys

import openpyxl


def main(path):
    workbook = openpyxl.load_workbook(path)
    cached = openpyxl.load_workbook(path, data_only=True)
    print("sheets\t" + ",".join(workbook.sheetnames))
    for sheet in workbook.worksheets:
        if sheet.auto_filter.ref:
            print("autofilter\t%s\t%s" % (sheet.title, sheet.auto_filter.ref))
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value is None:
                    continue
                line = "%s!%s\t%s\t%s\t%r" % (sheet.title, cell.coordinate, cell.data_type,
                                               cell.number_format, cell.value)
                if cell.data_type == "f":
                    line += "\tcached %r" % cached[sheet.title][cell.coordinate].value
                print(line)


if __name__ == "__main__":
    main(sys.argv[1])
