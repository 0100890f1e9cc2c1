"""A segfault at import through ctypes: every function zero (crash)."""
import ctypes

ctypes.string_at(0)
