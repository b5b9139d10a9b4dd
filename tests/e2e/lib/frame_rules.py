"""What every viewer frame keeps, whatever its layout, for the tmux tests (viewer_lecture.sh,
viewer_live.sh; each adds the lines its own screen must show whole): nothing drawn in the last
column, no word cut short with "…" (a pending call's " …" follows a space), and each box row ending
with its border at the column of its corners."""
import re


def geometry_problems(lines, width):
    """@return one text per rule a row of @p lines (the frame, @p width columns) breaks."""
    problems = []
    right = None
    for y, line in enumerate(lines):
        line = line.rstrip()
        if len(line) >= width:
            problems.append(f"row {y} reaches the last column: {line!r}")
        if re.search(r"[^ ]…", line):
            problems.append(f"row {y} was cut (…): {line!r}")
        body = line.lstrip()
        if body.startswith("╭"):
            right = len(line)
        if body.startswith("│") and (len(line) != right or not line.endswith("│")):
            problems.append(f"row {y} does not end at its box's border: {line!r}")
    return problems
