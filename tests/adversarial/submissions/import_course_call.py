"""Imports the course's own code: sigmoid_derivative uses the reference (a plain import the
static scan sees), softplus reaches the grader, the hidden tests and the solutions through a name
built at run time (only the runtime guard sees it). Both must score zero (forbidden)."""
import builtins


def sigmoid_derivative(z):
    from reference import activations as ref
    print("LEAK: reference imported")
    return ref.sigmoid_derivative(z)


def softplus(z):
    imp = getattr(builtins, "__imp" + "ort__")
    for name in ("gra" + "der.grading.checks", "solu" + "tions", "hid" + "den",
                 "refer" + "ence.activations"):
        mod = imp(name, fromlist=["_"])
        if isinstance(getattr(mod, "__file__", None), str):  # a real module, not a stand-in
            print("LEAK:", name, "imported from", mod.__file__)
    return imp("refer" + "ence.activations", fromlist=["_"]).softplus(z)
