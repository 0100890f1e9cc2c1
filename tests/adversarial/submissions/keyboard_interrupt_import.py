"""KeyboardInterrupt at import (conv2d module): every function zero."""

raise KeyboardInterrupt
