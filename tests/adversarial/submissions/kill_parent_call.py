"""leaky_relu tries to SIGKILL its parent (the grader, when there is no pid namespace) and its
process group, then returns a wrong answer. The grader must survive and grade the rest."""
import os
import signal


def leaky_relu(z, alpha=0.01):
    for target in (lambda: os.kill(os.getppid(), signal.SIGKILL),
                   lambda: os.killpg(os.getpgid(os.getppid()), signal.SIGKILL)):
        try:
            if os.getppid() > 1:
                target()
        except OSError:
            pass
    return z
