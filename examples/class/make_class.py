"""Regenerate the fabricated class in submitted/ from solutions/ (run after a solution changes).

    python examples/class/make_class.py

Each student's file is the model answer with some function bodies (the blocks between
`### BEGIN SOLUTION` and `### END SOLUTION`) replaced by what that student wrote: the typical
mistakes of the course. The files are copies (never links); expected.json says what each
student must score and why, and tests/test_examples.py holds the grader to it.
"""

from __future__ import annotations

import json
import re
import shutil
import sys
import textwrap
from pathlib import Path

from grader.course import Course

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
SOLUTIONS = ROOT / "solutions"
MODULES = {i.id: i.module for i in Course.at(ROOT).infos()}  # assignment id -> module name

NOT_DONE = 'raise NotImplementedError("no me dio tiempo")'

# student -> assignment -> {function: new body}  (None: the model answer unchanged)
STUDENTS: dict[str, dict[str, dict[str, str] | None]] = {
    "ana_perfecta": {a: None for a in MODULES},
    "beto_sigmoide": {
        "01_perceptron": None,
        # σ(z)(1−z) instead of σ(z)(1−σ(z))
        "03_activations": {"sigmoid_derivative": "s = sigmoid(z)\nreturn s * (1 - z)"},
    },
    "carla_kernel_volteado": {
        # true convolution (kernel flipped) where the course means cross-correlation
        "06_conv2d": {
            "correlate2d": """
                image = np.asarray(image, dtype=float)
                kernel = np.asarray(kernel, dtype=float)[::-1, ::-1]
                kh, kw = kernel.shape
                out = np.zeros((image.shape[0] - kh + 1, image.shape[1] - kw + 1))
                for i in range(out.shape[0]):
                    for j in range(out.shape[1]):
                        out[i, j] = np.sum(image[i:i + kh, j:j + kw] * kernel)
                return out
            """,
            "conv2d": """
                x = np.asarray(x, dtype=float)
                w = np.asarray(w, dtype=float)[:, :, ::-1, ::-1]
                if padding:
                    x = np.pad(x, ((0, 0), (0, 0), (padding, padding), (padding, padding)))
                F, C, KH, KW = w.shape
                OH = (x.shape[2] - KH) // stride + 1
                OW = (x.shape[3] - KW) // stride + 1
                out = np.zeros((x.shape[0], F, OH, OW))
                for i in range(OH):
                    for j in range(OW):
                        patch = x[:, :, i * stride:i * stride + KH, j * stride:j * stride + KW]
                        out[:, :, i, j] = np.tensordot(patch, w, axes=([1, 2, 3], [1, 2, 3]))
                if b is not None:
                    out = out + np.asarray(b, dtype=float).reshape(1, -1, 1, 1)
                return out
            """,
        },
    },
    "diego_adam_sin_sesgo": {"05_optimizers": "ADAM_NO_BIAS_CORRECTION"},  # filled in below
    "elena_peso_traspuesto": {"04_backprop": "BACKPROP_TRANSPOSED"},  # filled in below
    "fer_sintaxis": {"02_xor": {"relu": "return np.maximum(0, z"}},
    "gabi_bucle_infinito": {
        "01_perceptron": {
            "train": """
                X = np.asarray(X, dtype=float)
                y = np.asarray(y, dtype=float)
                w = np.zeros(X.shape[1])
                b = 0.0
                while True:  # hasta que aprenda
                    for x_i, y_i in zip(X, y):
                        error = y_i - float(step(x_i @ w + b))
                        w = w + lr * error * x_i
                        b = b + lr * error
                return w, b
            """
        }
    },
    "hugo_cuaderno": {"03_activations": "NOTEBOOK"},
    "ines_parcial": {"04_backprop": {"backward": NOT_DONE, "gd_step": NOT_DONE}},
    "juan_sin_archivo": {"01_perceptron": None, "06_conv2d": "NO_FILE"},
    "kiko_xor_a_medias": {
        "02_xor": {
            "xor_weights": """
                W1 = np.zeros((2, 2))
                b1 = np.zeros(2)
                W2 = np.zeros((1, 2))
                b2 = np.zeros(1)
                return W1, b1, W2, b2
            """,
            "train_xor_torch": NOT_DONE,
        }
    },
    "lucia_solo_sigmoide": {"03_activations": "ONLY_SIGMOID"},
    "mario_actualizacion_secuencial": {
        # the sequential update: θ1's gradient uses the NEW θ0 (the slides' rule is simultaneous)
        "07_linear_regression": {
            "gd_step": """
                theta0 = theta0 - alpha * gradients(x, y, theta0, theta1)[0]
                theta1 = theta1 - alpha * gradients(x, y, theta0, theta1)[1]
                return theta0, theta1
            """,
        },
    },
    "rosa_semilla_global": {
        # the legacy global generator instead of np.random.default_rng(seed)
        "07_linear_regression": {
            "split_indices": """
                np.random.seed(seed)
                p = np.random.permutation(n)
                n_test = int(n * test)
                n_val = int(n * val)
                return p[n_test + n_val:], p[n_test:n_test + n_val], p[:n_test]
            """,
        },
    },
    "marta_sigmoide_ingenua": {
        # the slides' formula as written: right values, but e^{-z} overflows at z = -1e4
        "08_logistic_regression": {
            "predict_proba": "z = as_float_array(X) @ as_float_array(w) + b\n"
                             "return 1.0 / (1.0 + np.exp(-z))",
        },
    },
    "pablo_gradiente_sin_m": {
        # the gradient without the 1/m: X^T (p - y) and the sum of p - y
        "08_logistic_regression": {
            "gradients": "X = as_float_array(X)\n"
                         "r = predict_proba(X, w, b) - as_float_array(y)\n"
                         "return X.T @ r, float(np.sum(r))",
        },
    },
    "sofia_softmax_por_columnas": {
        # softmax along axis 0: each column of Z normalized instead of each row (sample)
        "09_softmax_regression": {
            "softmax": "Z = as_float_array(Z)\n"
                       "E = np.exp(Z - np.max(Z, axis=0, keepdims=True))\n"
                       "return E / np.sum(E, axis=0, keepdims=True)",
        },
    },
    "tomas_exactitud_en_porcentaje": {
        # accuracy as a percentage (0-100) instead of a fraction in [0, 1]
        "09_softmax_regression": {
            "accuracy": "Z = as_float_array(X) @ as_float_array(W).T + b\n"
                        "return float(100 * np.mean(np.argmax(Z, axis=1) == np.asarray(y)))",
        },
    },
    "olga_dropout_sin_escalar": {
        # non-inverted dropout: a * mask while training, without the 1/(1 - p)
        "10_regularization": {
            "dropout": """
                if not 0.0 <= p < 1.0:
                    raise ValueError("p debe estar en [0, 1)")
                a = np.asarray(a)
                if not training:
                    return a.copy(), np.ones_like(a)
                mask = (np.random.default_rng(seed).random(a.shape) >= p).astype(a.dtype)
                return a * mask, mask
            """,
        },
    },
    "nico_parada_desde_uno": {
        # L2 gradient λW (the 2 missing) and early stopping counting epochs from 1
        "10_regularization": {
            "l2_grad": "return lam * np.asarray(W)",
            "early_stopping": """
                best, best_epoch, waited = np.inf, 1, 0
                for epoch, loss in enumerate(val_losses, start=1):
                    if loss < best - min_delta:
                        best, best_epoch, waited = loss, epoch, 0
                    else:
                        waited += 1
                        if waited == patience:
                            return best_epoch, epoch
                return best_epoch, len(val_losses)
            """,
        },
    },
    "ulises_sigmoide_desbordada": {
        # σ(z) = 1/(1 + exp(−z)) directly: right values, but np.exp overflows (a NumPy warning)
        # for x far from the step with w = 1000
        "11_universal_approximation": {"sigmoid": "return 1 / (1 + np.exp(-z))"},
    },
    "vera_pendientes_de_tramo": {
        # the segments' slopes as the hinges' slopes (not their changes), one unit per bump
        "11_universal_approximation": {
            "relu_approximation": """
                knots = np.asarray(knots, dtype=float)
                values = np.asarray(values, dtype=float)
                if np.any(np.diff(knots) <= 0):
                    raise ValueError("los nudos deben crecer")
                return float(values[0]), np.diff(values) / np.diff(knots)
            """,
            "hidden_units": """
                if kind not in ("sigmoid", "relu"):
                    raise ValueError(kind)
                return n
            """,
        },
    },
    "walter_cuenta_congelados": {
        # frozen parameters counted too (no p.requires_grad filter)
        "12_lenet": {"count_parameters": "return sum(p.numel() for p in model.parameters())"},
    },
    "ximena_perdida_sumada": {
        # the loss is summed, not averaged: dL/dA_depth = 1 instead of 1/(n·width)
        "13_vanishing_gradients": {
            "gradient_norms": """
                A = np.asarray(X, dtype=np.float64)
                cache = []
                for W, b in params:
                    Z = A @ W.T + b
                    cache.append((A, W, Z))
                    A = activate(Z, activation)
                dA = np.ones(A.shape)
                norms = np.zeros(len(params))
                for l in range(len(params) - 1, -1, -1):
                    A_prev, W, Z = cache[l]
                    dZ = dA * activate_derivative(Z, activate(Z, activation), activation)
                    norms[l] = np.linalg.norm(dZ.T @ A_prev)
                    dA = dZ @ W
                return norms
            """,
        },
    },
    "yago_he_varianza": {
        # He init with the variance 2/fan_in passed as rng.normal's scale (standard deviation)
        "13_vanishing_gradients": {
            "init_params": """
                rng = np.random.default_rng(seed)
                params, fan_in = [], d_in
                for _ in range(depth):
                    if init == "uniform":
                        a = 1.0 / np.sqrt(fan_in)
                        W = rng.uniform(-a, a, size=(width, fan_in))
                    else:
                        W = rng.normal(0.0, 2.0 / fan_in, size=(width, fan_in))
                    params.append((W, np.zeros(width)))
                    fan_in = width
                return params
            """,
        },
    },
}


def replace_body(source: str, func: str, body: str) -> str:
    """Replace the solution block of `func` (def ... ### BEGIN SOLUTION ... ### END SOLUTION)."""
    m = re.search(rf"^[ \t]*def {re.escape(func)}\(", source, flags=re.M)
    if not m:
        raise SystemExit(f"make_class: no function {func!r} in the solution")
    begin = source.index("### BEGIN SOLUTION", m.end())
    end = source.index("### END SOLUTION", begin)
    line_start = source.rindex("\n", 0, begin) + 1
    indent = source[line_start:begin]
    new = textwrap.indent(textwrap.dedent(body).strip("\n"), indent)
    after_begin = source.index("\n", begin) + 1
    end_line_start = source.rindex("\n", 0, end) + 1
    return source[:after_begin] + new + "\n" + source[end_line_start:]


def functions_with_solutions(source: str) -> list[str]:
    """Names of the functions whose bodies are marked as solution blocks, in order."""
    names = []
    for m in re.finditer(r"^[ \t]*def (\w+)\(", source, flags=re.M):
        nxt = source.find("### BEGIN SOLUTION", m.end())
        following_def = re.search(r"^[ \t]*def \w+\(", source[m.end() :], flags=re.M)
        if nxt != -1 and (not following_def or nxt < m.end() + following_def.start()):
            names.append(m.group(1))
    return names


def as_notebook(source: str) -> str:
    """A student's notebook: a markdown cell, a magic, one code cell per top-level block."""
    import nbformat

    blocks = [b.strip("\n") for b in re.split(r"\n(?=def |class )", source) if b.strip()]
    cells = [nbformat.v4.new_markdown_cell("# Tarea 03: activaciones\n\nMi solución.")]
    cells.append(nbformat.v4.new_code_cell(blocks[0]))  # docstring and imports
    cells.append(nbformat.v4.new_code_cell("%matplotlib inline\n!pip list | head -3"))
    cells += [nbformat.v4.new_code_cell(b) for b in blocks[1:]]
    cells.append(nbformat.v4.new_code_cell("sigmoid(np.array([0.0, 2.0]))"))
    for i, cell in enumerate(cells):
        cell["id"] = f"cell-{i}"  # fixed ids: regenerating the class changes no byte
    nb = nbformat.v4.new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    return nbformat.writes(nb)


def special(kind: str, source: str) -> str:
    if kind == "ONLY_SIGMOID":
        for f in functions_with_solutions(source):
            if f not in ("sigmoid", "sigmoid_derivative"):
                source = replace_body(source, f, NOT_DONE)
        return source
    if kind == "ADAM_NO_BIAS_CORRECTION":
        return replace_body(source, "adam_step", ADAM_BODY)
    if kind == "BACKPROP_TRANSPOSED":
        return transposed_backprop(source)
    raise SystemExit(f"make_class: unknown kind {kind}")


# Adam as printed without the bias correction (state format of the model answer's adam_init).
ADAM_BODY = """
    g = np.asarray(g)
    t = int(state["t"]) + 1
    m = beta1 * state["m"] + (1.0 - beta1) * g
    v = beta2 * state["v"] + (1.0 - beta2) * g * g
    new_w = np.asarray(w) - lr * m / (np.sqrt(v) + eps)
    return new_w, {"m": m, "v": v, "t": t}
"""


def transposed_backprop(source: str) -> str:
    """backward with dW = A_{l-1}^T dZ_l, shape (in, out): the weight gradient transposed."""
    body = """
        A_list, Z_list = cache["A"], cache["Z"]
        y_hat = A_list[-1]
        y = np.asarray(y, dtype=float).reshape(y_hat.shape)
        dA = 2.0 * (y_hat - y) / y_hat.size
        grads = []
        for l in reversed(range(len(params))):
            W = np.asarray(params[l][0])
            name = output_activation if l == len(params) - 1 else activation
            dZ = activate_backward(dA, Z_list[l], A_list[l + 1], name)
            grads.append((A_list[l].T @ dZ, dZ.sum(axis=0)))
            dA = dZ @ W
        return grads[::-1]
    """
    return replace_body(source, "backward", body)


def main() -> None:
    out = HERE / "submitted"
    if out.exists():
        shutil.rmtree(out)
    for student, by_a in STUDENTS.items():
        for a, change in by_a.items():
            module = MODULES[a]
            sol = SOLUTIONS / a / f"{module}.py"
            if not sol.is_file():
                print(f"make_class: {sol} missing, {student}/{a} skipped", file=sys.stderr)
                continue
            folder = out / student / a
            folder.mkdir(parents=True)
            source = sol.read_text(encoding="utf-8")
            if change == "NO_FILE":
                (folder / "notas.txt").write_text("Profe, no me dio tiempo de subir el archivo.\n")
                continue
            if change == "NOTEBOOK":
                (folder / f"{module}.ipynb").write_text(as_notebook(source), encoding="utf-8")
                continue
            if isinstance(change, str):
                source = special(change, source)
            elif change:
                for func, body in change.items():
                    source = replace_body(source, func, body)
            (folder / f"{module}.py").write_text(source, encoding="utf-8")
    print(json.dumps({s: sorted(a) for s, a in STUDENTS.items()}, indent=1))


if __name__ == "__main__":
    main()
