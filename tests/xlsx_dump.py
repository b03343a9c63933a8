"""Prints every cell of a workbook, one per line, for tests written in C++.

    sheet!A1<TAB>n|s<TAB>number format<TAB>value

Read with openpyxl (Debian's python3-openpyxl): a reader no one here wrote, so a test
sees the workbook as a spreadsheet program would. The first line lists the sheets.
"""
import sys

import openpyxl


def main(path):
    workbook = openpyxl.load_workbook(path)
    print("sheets\t" + ",".join(workbook.sheetnames))
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value is None:
                    continue
                print("%s!%s\t%s\t%s\t%r" % (sheet.title, cell.coordinate, cell.data_type,
                                              cell.number_format, cell.value))


if __name__ == "__main__":
    main(sys.argv[1])
