#!/usr/bin/python3
"""The xlsx baseline: the same files read the way a pandas user would (read_excel with openpyxl, every sheet;
read_csv for the CSVs) and loaded into a database (sqlite3 from the standard library, one table per sheet, with
DataFrame.to_sql). No validation, no layout detection: only read + load.
Usage: /usr/bin/python3 pandas-baseline.py <portfolio-dir> <sqlite-file>
Prints one JSON object: seconds (read, load, total), CPU seconds (user + system over the same span as the total, and
of the whole process with the interpreter's start-up and the pandas import), files, sheets, rows, peak RSS in MiB."""
import json
import os
import resource
import sqlite3
import sys
import time
import warnings

import pandas as pd

warnings.simplefilter("ignore")  # openpyxl warns about workbook extensions it does not read

root, database = sys.argv[1], sys.argv[2]
if os.path.exists(database):
    os.remove(database)
paths = []
for folder, _dirs, names in os.walk(root):
    for name in sorted(names):
        if name.lower().endswith((".xlsx", ".csv")):
            paths.append(os.path.join(folder, name))
paths.sort()

def cpu_seconds():
    usage = resource.getrusage(resource.RUSAGE_SELF)  # every thread of the process
    return usage.ru_utime + usage.ru_stime


start = time.perf_counter()
cpu_start = cpu_seconds()
read_seconds = load_seconds = 0.0
sheets = rows = 0
connection = sqlite3.connect(database)
for index, path in enumerate(paths):
    t0 = time.perf_counter()
    if path.lower().endswith(".xlsx"):
        frames = pd.read_excel(path, sheet_name=None, engine="openpyxl")
    else:
        try:
            frames = {"csv": pd.read_csv(path)}
        except UnicodeDecodeError:  # the Excel "CSV" export layout: Windows-1252, semicolons
            frames = {"csv": pd.read_csv(path, encoding="cp1252", sep=None, engine="python")}
    t1 = time.perf_counter()
    for sheet_index, frame in enumerate(frames.values()):
        frame.to_sql(f"f{index}_s{sheet_index}", connection, index=False)
        sheets += 1
        rows += len(frame)
    connection.commit()
    t2 = time.perf_counter()
    read_seconds += t1 - t0
    load_seconds += t2 - t1
connection.close()
print(json.dumps({
    "seconds": time.perf_counter() - start,
    "cpuSeconds": cpu_seconds() - cpu_start,
    "processCpuSeconds": cpu_seconds(),
    "readSeconds": read_seconds,
    "loadSeconds": load_seconds,
    "files": len(paths),
    "workbooks": sum(1 for p in paths if p.lower().endswith(".xlsx")),
    "sheets": sheets,
    "rows": rows,
    "peakRssMiB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    "pandas": pd.__version__,
}))
