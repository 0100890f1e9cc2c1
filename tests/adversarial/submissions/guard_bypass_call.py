"""softplus_derivative takes the import guard off sys.meta_path (names built at run time, so a
static scan sees nothing), imports scipy.special for real, uses it, then deletes every scipy
module from sys.modules to cover its tracks. It must still score zero (forbidden)."""
import builtins
import sys

import numpy as np


def softplus_derivative(z):
    mp = getattr(sys, "meta" + "_path")
    mp[:] = [f for f in mp if "Guard" not in type(f).__name__ and "guard" not in type(f).__name__]
    mods = getattr(sys, "mod" + "ules")
    for k in [k for k in mods if k.split(".")[0] == "scipy"]:
        del mods[k]
    imp = getattr(builtins, "__imp" + "ort__")
    special = imp("scipy.special", fromlist=["expit"])
    out = special.expit(np.asarray(z, dtype=float))
    for k in [k for k in mods if k.split(".")[0] == "scipy"]:
        del mods[k]
    return out
