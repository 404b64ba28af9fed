"Shared pytest set-up: offline hub, smoke profile, and `run_paper_profile` for the paper-path tests."
import os, subprocess, sys
from pathlib import Path
import pytest
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("ROBUSTBOOK_PROFILE", "smoke")

REPO = Path(__file__).resolve().parents[1]

@pytest.fixture
def run_paper_profile(tmp_path):
    """`run(paper, roots, *args, timeout=900)`: `robustbook run <paper> --profile paper --force *args` in `tmp_path`,
    with a settings.ini there that points the settings in `roots` (name -> path: the generated data trees) at their
    folders and the cache and outputs into `tmp_path` (no other ROBUSTBOOK_* variable reaches the run). Asserts that
    the run succeeded and returns its output folder."""
    def run(paper:str, roots:dict, *args:str, timeout:int=900) -> Path:
        ini = tmp_path/"settings.ini"
        ini.write_text("[robustbook]\n" + "".join(f"{k} = {v}\n" for k, v in roots.items())
                       + f"cache_dir = {tmp_path/'cache'}\noutput_dir = {tmp_path/'outputs'}\nnbs_dir = {REPO/'nbs'}\n"
                       "device = cpu\n")
        env = {k: v for k, v in os.environ.items() if not k.startswith("ROBUSTBOOK_")}
        env.update(ROBUSTBOOK_SETTINGS=str(ini), HF_HUB_OFFLINE="1")
        cmd = [str(Path(sys.executable).parent/"robustbook"), "run", paper, "--profile", "paper", "--force", *args]
        p = subprocess.run(cmd, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=timeout)
        assert p.returncode == 0, p.stdout[-3000:] + p.stderr[-3000:]
        return tmp_path/"outputs"/paper
    return run
