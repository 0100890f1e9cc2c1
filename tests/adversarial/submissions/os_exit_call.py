"""arctan kills its own process with os._exit(0): a crash on arctan, the rest graded after a restart."""
import os


def arctan(z):
    os._exit(0)
