"""diffusion_ood (LMD, issue 22 item 2): the small-profile stand-ins and the offline perceptual distance. Seconds."""
import numpy as np
import torch

from robustbook.generative.lmd_data import (lmd_small_set, LMD_ID_SETS, GLYPHS, DIGIT_CHARS, LETTERS, perceptual_set,
                                            perceptual_features)
from robustbook.generative.diffusion import image_distance

torch.set_num_threads(1)

def test_train_and_test_splits_share_no_image():
    # a leak here would let the diffusion model memorise the in-domain test images (the OOD score's negatives)
    for name in ("fontdigits", "glyphs"):
        tr = lmd_small_set(name, "train", n_train=400, n_test=50)[0].flatten(1)
        te = lmd_small_set(name, "test", n_train=400, n_test=50)[0].flatten(1)
        assert torch.cdist(te, tr).min() > 1e-3, name
    assert set(LMD_ID_SETS) == {"fmnist", "fontdigits", "glyphs"}

def test_perceptual_data_is_disjoint_from_the_stand_ins():
    # the feature net must never see a digit or a Greek/Cyrillic glyph: its classes are other characters/textures
    assert not set(LETTERS) & (set(GLYPHS) | set(DIGIT_CHARS))
    x, y = perceptual_set(200, seed=5)
    assert ((y >= len(LETTERS)) & (x.flatten(1).std(1).numpy() > 0.01)).any()   # texture crops carry structure

def test_trained_distance_is_symmetric_and_zero_on_equal_images(tmp_path):
    net = perceptual_features(n_train=256, epochs=1, cache_dir=tmp_path, device="cpu")
    a = lmd_small_set("glyphs", n_test=6)[0]
    b = lmd_small_set("house", n_test=6)[0]
    d_ab, d_ba = image_distance(a, b, "lpips", net.features), image_distance(b, a, "lpips", net.features)
    assert torch.allclose(d_ab, d_ba, atol=1e-6) and (d_ab > 0).all()
    assert torch.allclose(image_distance(a, a, "lpips", net.features), torch.zeros(6), atol=1e-6)
