"""arctan writes 1 GB to stdout (print, sys.__stdout__, raw fd 1 and fd 2) and then answers
wrong. The grader must cap what it keeps, not run out of memory, and stay within its time."""
import os
import sys

_MB = "x" * (1 << 20)


def arctan(z):
    for i in range(1024):
        try:
            if i % 4 == 0:
                print(_MB)
            elif i % 4 == 1:
                sys.__stdout__.write(_MB)
            else:
                os.write(1 + i % 2, _MB.encode())
        except OSError:
            pass
    return z  # wrong
