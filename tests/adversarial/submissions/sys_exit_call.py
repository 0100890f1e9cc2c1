"""binary_step calls sys.exit(0): an error on that function only (the sandbox must survive)."""
import sys


def binary_step(z):
    sys.exit(0)
