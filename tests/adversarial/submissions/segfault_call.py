"""conv2d dereferences NULL through ctypes (SIGSEGV): a crash on conv2d only."""
import ctypes


def conv2d(x, w, b=None, stride=1, padding=0):
    return ctypes.string_at(0)
