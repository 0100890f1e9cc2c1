"""Time 12_lenet's model answer: train_lenet on the fixed split, on CPU and (where present) CUDA.

Prints, per device and epoch count, the wall time of train_lenet and the test accuracy; the
weights trained on CPU and on CUDA from the same seed are compared with lr=0 (the initial
model), within the statement's 1e-4·(1 + max|ref|), TF32 off.

    python bench/lenet_train_time.py [--epochs 5 10] [--threads N]
"""

from __future__ import annotations

import argparse
import importlib.util
import platform
import sys
import time
from pathlib import Path

import numpy as np
import torch

ROOT = Path(__file__).resolve().parent.parent
FOLDER = ROOT / "solutions" / "12_lenet"


def load_model_answer():
    spec = importlib.util.spec_from_file_location("lenet_model_answer", FOLDER / "lenet.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--epochs", type=int, nargs="+", default=[5, 10])
    ap.add_argument("--threads", type=int, default=None, help="torch.set_num_threads")
    args = ap.parse_args()
    if args.threads:
        torch.set_num_threads(args.threads)
    L = load_model_answer()
    Xtr, ytr, Xte, yte = L.load_digits_split(str(FOLDER / "digits.npz"))
    devices = ["cpu"] + (["cuda"] if torch.cuda.is_available() else [])
    print(f"python {platform.python_version()}, torch {torch.__version__}, "
          f"{torch.get_num_threads()} CPU threads, devices: {', '.join(devices)}"
          + (f" ({torch.cuda.get_device_name(0)})" if "cuda" in devices else
             " (no CUDA device: torch.cuda.is_available() is False)"))
    for device in devices:
        for epochs in args.epochs:
            t0 = time.perf_counter()
            model = L.train_lenet(Xtr, ytr, epochs=epochs, device=device)
            if device == "cuda":
                torch.cuda.synchronize()
            dt = time.perf_counter() - t0
            acc = L.evaluate(model, Xte, yte, device=device)
            print(f"{device:4s} epochs={epochs:2d}  train {dt:6.2f} s  test accuracy {acc:.4f}")
    if "cuda" in devices:
        x = torch.as_tensor(Xte[:64])
        cpu = L.train_lenet(Xtr[:64], ytr[:64], epochs=1, lr=0.0, seed=3)
        gpu = L.train_lenet(Xtr[:64], ytr[:64], epochs=1, lr=0.0, seed=3, device="cuda")
        with torch.no_grad():
            zc = cpu.eval()(x).numpy().astype(np.float64)
            zg = gpu.eval()(x.cuda()).cpu().numpy().astype(np.float64)
        err = float(np.max(np.abs(zg - zc)))
        tol = 1e-4 * (1 + float(np.max(np.abs(zc))))
        print(f"same weights, CPU vs CUDA logits: max |diff| {err:.3g}, tolerance {tol:.3g}: "
              + ("ok" if err <= tol else "OVER"))
        return 0 if err <= tol else 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
