# Regenerates vgg19-conv1_1-only.npz: a NumPy-written weights archive holding only conv1_1, with
# values Java can recompute: features.0.weight = 0.001 * arange as float32 [64,3,3,3] and
# features.0.bias = 0.5 * arange as float64 [64], named the way np.savez names its members.
# Vgg19WeightsFileTest reads it to prove that archives written by NumPy load.
import numpy as np

np.savez(
    "vgg19-conv1_1-only.npz",
    **{
        "features.0.weight": (np.arange(64 * 3 * 3 * 3) * 0.001).reshape(64, 3, 3, 3).astype(np.float32),
        "features.0.bias": np.arange(64) * 0.5,
    },
)
