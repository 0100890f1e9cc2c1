"""Authoring: from an instructor's solutions/ to what students get, and the course's self-check.

    stubs.py      solution markers -> the student's stub
    notebooks.py  an assignment as a Jupyter notebook (student and nbgrader source versions)
    statement.py  the statement with its points table generated from the hidden tests
    release.py    assignments/ and the student release
    verify.py     `dlgrade verify`: solutions full marks, stubs zero, reference == torch
    scaffold.py   `dlgrade new`: a new assignment folder with every file in place
"""
