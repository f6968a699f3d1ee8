"""Reference outputs of torchvision backbones for dpfah's parity test.

Usage: python3 torchvision_parity.py OUT_DIR SIZE BATCH BACKBONE...

For each backbone: builds torchvision's model with random weights from a fixed seed (BatchNorm
affine parameters and running statistics randomised too, so a mis-mapped key shows), and writes
  B.pth          torch.save(state_dict) (zip format; the full dict, classifier included)
  B.legacy.pth   the same in the legacy (pre-1.6) format, for alexnet only
  B.safetensors  the same tensors, written by hand (header length, JSON header, raw data); for
                 the backbones in SAFETENSORS only (the reader is the same for every backbone,
                 and VGG16's 528 MB twice would double the test's time)
  B.input.npy    the input, float32 BATCH x 3 x SIZE x SIZE
  B.features.npy pooled features in eval mode (ResNets: before fc; AlexNet/VGG16: classifier[:6])
  B.bnstats.npy  after one training-mode forward of the input: every BatchNorm's running_mean
                 then running_var, in state-dict order, concatenated (ResNets only)
"""
import json
import os
import sys

import numpy as np
import torch
import torchvision

SAFETENSORS = {"resnet18", "resnet50", "alexnet"}
SAFETENSORS_DTYPES = {torch.float32: "F32", torch.float64: "F64", torch.int64: "I64"}


def save_safetensors(state, path):
    header, blobs, offset = {}, [], 0
    for key, tensor in state.items():
        array = tensor.detach().cpu().contiguous().numpy()
        data = array.astype(array.dtype.newbyteorder("<"), copy=False).tobytes()
        header[key] = {"dtype": SAFETENSORS_DTYPES[tensor.dtype], "shape": list(array.shape),
                       "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(len(text).to_bytes(8, "little"))
        f.write(text)
        for data in blobs:
            f.write(data)


def randomise_batchnorm(model, generator):
    for m in model.modules():
        if isinstance(m, torch.nn.BatchNorm2d):
            c = m.num_features
            with torch.no_grad():
                m.weight.copy_(torch.rand(c, generator=generator) + 0.5)
                m.bias.copy_(torch.randn(c, generator=generator) * 0.1)
                m.running_mean.copy_(torch.randn(c, generator=generator) * 0.1)
                m.running_var.copy_(torch.rand(c, generator=generator) + 0.5)


def main():
    out, size, batch = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    torch.set_num_threads(1)
    for name in sys.argv[4:]:
        torch.manual_seed(0)
        model = getattr(torchvision.models, name)()
        randomise_batchnorm(model, torch.Generator().manual_seed(1))
        state = model.state_dict()
        base = os.path.join(out, name)
        torch.save(state, base + ".pth")
        if name == "alexnet":
            torch.save(state, base + ".legacy.pth", _use_new_zipfile_serialization=False)
        if name in SAFETENSORS:
            save_safetensors(state, base + ".safetensors")
        x = np.random.RandomState(2).randn(batch, 3, size, size).astype(np.float32)
        np.save(base + ".input.npy", x)
        if name.startswith("resnet"):
            model.fc = torch.nn.Identity()
        else:
            model.classifier = model.classifier[:6]
        model.eval()
        with torch.no_grad():
            np.save(base + ".features.npy", model(torch.from_numpy(x)).numpy())
            model.train()
            model(torch.from_numpy(x))
        stats = [t.numpy().ravel() for k, t in model.state_dict().items()
                 if k.endswith("running_mean") or k.endswith("running_var")]
        if stats:
            np.save(base + ".bnstats.npy", np.concatenate(stats).astype(np.float32))
        print(name, "ok", flush=True)


if __name__ == "__main__":
    main()
