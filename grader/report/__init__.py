"""Reporting: what people read, each a pure function of stored results.

    feedback.py    the terminal table (`dlgrade grade`) and the bilingual feedback markdown
    gradescope.py  Gradescope's results.json (and the result read back from it)
    gradebook.py   gradebook.csv: one row per (student, assignment), one column per <assignment>:<test_id>
    summary.py     the class summary (summary.md/.json) and the histogram
"""
