"""sys.exit(0) at import: the module never finishes loading; every function zero."""
import sys

sys.exit(0)
