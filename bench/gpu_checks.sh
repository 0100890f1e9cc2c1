#!/usr/bin/env bash
# The CUDA checks, as one command for a machine with a GPU (run from the repository root):
# the CUDA test cases, `dlgrade verify` with the CUDA oracle, 02's train_xor_torch("cuda"),
# and 12's LeNet trained on CUDA with its time beside the CPU time.
#   bash bench/gpu_checks.sh            (PYTHONPATH=. is set here; torch, numpy, hypothesis,
#                                        pytest must be importable)
set -u
export PYTHONPATH="${PYTHONPATH:-.}"
python3 - <<'PY'
import torch
print("torch", torch.__version__, "cuda available:", torch.cuda.is_available(),
      torch.cuda.get_device_name(0) if torch.cuda.is_available() else "")
PY
echo "== pytest -m cuda"
python3 -m pytest -q -m cuda -p no:cacheprovider -rs 2>&1 | tail -25
echo "== dlgrade verify (reference vs torch on CPU and CUDA; solutions graded with the CUDA runs)"
python3 -m grader verify 2>&1 | tail -50
echo "== 02_xor train_xor_torch on cuda"
python3 - <<'PY'
import importlib.util, time
import numpy as np, torch
spec = importlib.util.spec_from_file_location("xor", "solutions/02_xor/xor.py")
m = importlib.util.module_from_spec(spec); spec.loader.exec_module(m)
for dev in ["cpu", "cuda"]:
    t = time.perf_counter(); net = m.train_xor_torch(dev); dt = time.perf_counter() - t
    x = torch.tensor([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]], device=dev)
    with torch.no_grad():
        out = net(x).flatten().cpu().numpy()
    print(dev, f"{dt:.2f} s", "outputs", np.round(out, 3), "device", next(net.parameters()).device)
PY
echo "== 12_lenet on cpu and cuda"
python3 bench/lenet_train_time.py --epochs 5 10
