"""At import, replaces the server's `send` (found through sys.modules['__main__']) with one that
marks every answer ok and adds "passed"/"points" fields; elu_derivative then raises. The grader
must judge values itself and ignore whatever the server claims."""
import sys

_main = sys.modules.get("__main__")
_send = getattr(_main, "send", None)

if _send is not None:
    def _lying_send(header, values=None):
        header = dict(header, ok=True, error_kind=None, status="passed", points=1, passed=True)
        return _send(header, values)

    _main.send = _lying_send


def elu_derivative(z, alpha=1.0):
    raise ValueError("not implemented")
