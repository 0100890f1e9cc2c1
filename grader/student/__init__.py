"""The student side, shipped verbatim in the student release: standard library only.

    check.py   the public-check runner (`python check.py NN_name`, `dlgrade check`)
    nbjoin.py  the notebook joiner, shared with the grader's loader
"""
