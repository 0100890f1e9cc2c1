"""An infinite loop at import: the module never loads, so every function scores zero (timeout)."""

while True:
    pass
