"""sigmoid_derivative never returns (a busy loop): timeout on it, nothing else affected."""


def sigmoid_derivative(z):
    while True:
        pass
