# dlgrade: patch of the model answer

def activate_derivative(Z, A, activation):
    if activation == "sigmoid":
        return A
    if activation == "tanh":
        return 1.0 - A * A
    return (Z > 0).astype(Z.dtype)
