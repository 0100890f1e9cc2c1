"""softplus raises KeyboardInterrupt (as if Ctrl-C reached the grader)."""


def softplus(z):
    raise KeyboardInterrupt
