"""Inputs that used to pass silently, or fail with raw torch/numpy/LAPACK errors, now get clear errors (issue 24 item 7,
issue 25 item 6). Each test names what the old code did, so it is clear why it failed there. Tiny models: seconds."""
import numpy as np
import pytest
import torch
from torch import nn
import torch.nn.functional as F

from robustbook.geometry.polytopes import PLNet, as_plnet, as_box, enumerate_regions, grid_patterns
from robustbook.vit.explain import gae_relevance, rollout, smoothgrad
from robustbook.core.attacks import cw_l2
from robustbook.vit.nullspace import (nullspace_dim, nullspace_basis, sample_nullspace_noise, nullspace_project,
                                  embed_patches, watermark)
from robustbook.vit.spatial_entropy import SARLoss, set_last_block
from robustbook.core.models import small_vit

torch.set_num_threads(1)

# ---------------------------------------------------------------- polytopes

class FunctionalMLP(nn.Module):
    "Two Linear submodules with the ReLU applied functionally in forward."
    def __init__(self):
        super().__init__()
        torch.manual_seed(0)
        self.l1, self.l2 = nn.Linear(2, 8), nn.Linear(8, 1)
    def forward(self, x): return self.l2(F.relu(self.l1(x)))

def test_functional_relu_model_is_refused():
    # old code: read l1, l2 in order as one affine map -> 1 region, no error
    m = FunctionalMLP()
    with pytest.raises(ValueError, match="not the sequence of its Linear/ReLU submodules"):
        enumerate_regions(m, (-2, 2))
    with pytest.raises(ValueError, match="nn.Sequential"): as_plnet(m)
    with pytest.raises(ValueError, match="not the sequence"): grid_patterns(m, (-2, 2), res=11)

def test_same_weights_as_sequential_still_work():
    m = FunctionalMLP()
    seq = nn.Sequential(m.l1, nn.ReLU(), m.l2)
    assert len(enumerate_regions(seq, (-2, 2))) == 24            # the count the old code gave for this Sequential
    assert len(enumerate_regions(seq, (-2, 2), method="lp")) == 24
    X = np.random.default_rng(1).uniform(-2, 2, (20, 2))
    np.testing.assert_allclose(as_plnet(seq)(X), seq(torch.tensor(X, dtype=torch.float32)).detach().numpy(), atol=1e-5)

def test_nan_weights_are_refused():
    # old code: NaN weights gave a PLNet and NaN patterns/regions without a word
    seq = nn.Sequential(nn.Linear(2, 4), nn.ReLU(), nn.Linear(4, 1))
    with torch.no_grad(): seq[2].bias[0] = float("nan")
    with pytest.raises(ValueError, match="NaN or inf"): as_plnet(seq)
    with pytest.raises(ValueError, match="NaN or inf"):
        PLNet([np.full((3, 2), np.inf)], [np.zeros(3)], np.ones((1, 3)), [0.])

def test_box_of_wrong_dimension():
    # old code: numpy "operands could not be broadcast together ..."
    with pytest.raises(ValueError, match="2 entries \\(the input dimension\\)"): as_box((np.zeros(3), np.ones(3)), 2)

# ---------------------------------------------------------------- explain

@pytest.fixture(scope="module")
def vit():
    torch.manual_seed(0)
    return small_vit(img_size=16, patch_size=8, embed_dim=16, depth=1, num_heads=2, num_classes=3).eval()

@pytest.fixture(scope="module")
def imgs():
    return torch.rand(2, 3, 16, 16, generator=torch.Generator().manual_seed(0))

EXPLAIN = [gae_relevance, rollout, lambda m, x: smoothgrad(m, x, n=2)]

@pytest.mark.parametrize("f", EXPLAIN, ids=["gae_relevance", "rollout", "smoothgrad"])
def test_explain_refuses_255_images(vit, imgs, f):
    # old code: normal-looking maps for [0, 255] images
    with pytest.raises(ValueError, match=r"look like \[0, 255\] pixels"): f(vit, imgs * 255)

@pytest.mark.parametrize("f", EXPLAIN, ids=["gae_relevance", "rollout", "smoothgrad"])
def test_explain_refuses_uint8_images(vit, imgs, f):
    # old code: a raw torch dtype error ("only floating point tensors can require gradients", Conv2d dtype mismatch)
    with pytest.raises(TypeError, match=r"x.float\(\)/255"): f(vit, (imgs * 255).to(torch.uint8))

@pytest.mark.parametrize("f", EXPLAIN, ids=["gae_relevance", "rollout", "smoothgrad"])
def test_explain_refuses_nan_images(vit, imgs, f):
    # old code: all-NaN maps
    x = imgs.clone()
    x[0, 0, 0, 0] = float("nan")
    with pytest.raises(ValueError, match="NaN or inf"): f(vit, x)

def test_explain_accepts_unit_and_normalised_images(vit, imgs):
    assert gae_relevance(vit, imgs).shape == (2, 16, 16)
    assert torch.isfinite(rollout(vit, (imgs - 0.5) / 0.25)).all()

# ---------------------------------------------------------------- attacks

def test_cw_l2_refuses_bad_constants():
    # old code: c < 0 ran (minimising the margin's negative) and returned images silently
    model = nn.Sequential(nn.Flatten(), nn.Linear(12, 3)).eval()
    x, y = torch.rand(2, 3, 2, 2), torch.tensor([0, 1])
    with pytest.raises(ValueError, match="c must be a finite number > 0"): cw_l2(model, x, y, c=-1.0)
    with pytest.raises(ValueError, match="c must be"): cw_l2(model, x, y, c=0.0)
    with pytest.raises(ValueError, match="kappa must be >= 0"): cw_l2(model, x, y, kappa=-1.0)
    with pytest.raises(ValueError, match="steps must be >= 1"): cw_l2(model, x, y, steps=0)
    assert cw_l2(model, x, y, steps=2, search_steps=1).shape == x.shape

# ---------------------------------------------------------------- nullspace

def test_nullspace_refuses_uint8_and_nan_weights():
    # old code: uint8 gave a dimension silently; NaN gave numpy's LinAlgError "SVD did not converge"
    with pytest.raises(TypeError, match="image batch"):
        nullspace_dim(torch.randint(0, 255, (8, 3, 4, 4), dtype=torch.uint8))
    w = torch.randn(8, 3, 4, 4)
    w[0, 0, 0, 0] = float("nan")
    with pytest.raises(ValueError, match="NaN or inf"): nullspace_dim(w)
    with pytest.raises(ValueError, match="NaN or inf"): nullspace_basis(w)
    with pytest.raises(TypeError, match="torch.as_tensor"): nullspace_dim(np.zeros((8, 3, 4, 4)))

def test_nullspace_refuses_bad_images_and_sizes(vit, imgs):
    u8 = (imgs * 255).to(torch.uint8)
    # old code: uint8 came back from nullspace_project truncated; embed_patches raised torch's dtype error
    with pytest.raises(TypeError, match=r"x.float\(\)/255"): nullspace_project(vit, u8)
    with pytest.raises(TypeError, match=r"x.float\(\)/255"): embed_patches(vit, u8)
    with pytest.raises(TypeError, match=r"x.float\(\)/255"): watermark(vit, u8, torch.ones(16, 16))
    B = nullspace_basis(vit)
    # old code: "too many values to unpack", and a torch fold error for a basis of the wrong patch size
    with pytest.raises(ValueError, match=r"\(h, w\)"): sample_nullspace_noise(B, 2, (16, 16, 3), 8)
    with pytest.raises(ValueError, match="not c·r²"): sample_nullspace_noise(B[:10], 2, (16, 16), 8)
    with pytest.raises(ValueError, match="pass the model"): sample_nullspace_noise(B, 2)

def test_sample_nullspace_noise_from_the_model(vit, imgs):
    # old code: TypeError (size and r were required, and a model is not a basis)
    v = sample_nullspace_noise(vit, 2, generator=torch.Generator().manual_seed(0))
    assert v.shape == (2, 3, 16, 16) and v.abs().mean() > 0.05
    with torch.no_grad(): torch.testing.assert_close(vit(imgs + v), vit(imgs), atol=1e-4, rtol=0)
    # the explicit form still works
    B = nullspace_basis(vit)
    assert sample_nullspace_noise(B, 1, (16, 16), 8, scale=0.5).shape == (1, 3, 16, 16)

# ---------------------------------------------------------------- spatial entropy

def test_sar_loss_pair_is_documented_and_adding_it_is_explained():
    torch.manual_seed(0)
    m = set_last_block(small_vit(img_size=16, patch_size=4, embed_dim=12, depth=1, num_heads=2, num_classes=2), "sar")
    sar = SARLoss(m, lam=0.1)
    try:
        x = torch.rand(2, 3, 16, 16)
        out = sar(m, (x, None), m(x))
        value, logs = out                                    # the (value, logs) pair fit's extra_losses rely on
        assert isinstance(out, tuple) and value.ndim == 0 and set(logs) == {"se_raw", "lam"}
        assert "(value, logs)" in SARLoss.__call__.__doc__
        # old code: torch's "unsupported operand type(s) for +: 'Tensor' and 'tuple'"
        with pytest.raises(TypeError, match="unpack it first"): value + out
    finally:
        sar.remove()

# ---------------------------------------------------------------- issue 19 item 5 (ViT library)

def test_gae_refuses_a_vit_without_class_token(imgs):
    "old code: a map returned silently, the identity term on the first patch (row 0 is a patch without [CLS])"
    torch.manual_seed(0)
    gap = small_vit(img_size=16, patch_size=8, embed_dim=16, depth=1, num_heads=2, num_classes=3,
                    class_token=False, global_pool="avg").eval()
    with pytest.raises(ValueError, match="no class token"): gae_relevance(gap, imgs)
    with pytest.raises(ValueError, match="no class token"): rollout(gap, imgs)

def test_gradient_norm_loss_on_a_bare_timm_vit_and_bad_options(imgs):
    "old code: RuntimeError 'derivative for aten::_scaled_dot_product_flash_attention_for_cpu_backward is not implemented'"
    from timm.models.vision_transformer import VisionTransformer
    from robustbook.vit.perceptual_alignment import gradient_norm_loss
    torch.manual_seed(0)
    m = VisionTransformer(img_size=16, patch_size=8, embed_dim=16, depth=1, num_heads=2, num_classes=3)
    for b in m.blocks: b.attn.fused_attn = True
    y = torch.tensor([0, 1])
    gradient_norm_loss(m, imgs, y, 1.)[0].backward()
    assert m.blocks[0].attn.fused_attn and m.patch_embed.proj.weight.grad is not None
    with pytest.raises(ValueError, match="grad_of"): gradient_norm_loss(m, imgs, y, 1., grad_of="input")
    with pytest.raises(ValueError, match="projections"): gradient_norm_loss(m, imgs, y, 1., projections=-1)

def test_boxed_watermark_stays_in_unit_range_and_bounds_are_checked(vit, imgs):
    "old code: an unconstrained projection, pixels outside [0, 1]; no boxed solver"
    from robustbook.vit.nullspace import nullspace_project_box
    mark = torch.zeros(16, 16)
    mark[4:12, 6:10] = 1
    xw = watermark(vit, imgs, mark)
    assert ((xw >= 0) & (xw <= 1)).all()
    torch.testing.assert_close(vit(xw), vit(imgs), atol=1e-4, rtol=0)
    with pytest.raises(ValueError, match="delta's shape"): nullspace_project_box(vit, imgs, -imgs[:1], 1 - imgs)
