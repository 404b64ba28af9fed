"The paper template (nbs/papers/_template.ipynb) runs through the real runner on the smoke profile and fills the ledger."
import shutil
from pathlib import Path
from robustbook.core.reproduce import find_papers, run_many
from robustbook.core.results import load_results
from robustbook.core.settings import load_settings

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT/"nbs"/"papers"/"_template.ipynb"

def test_template_is_not_a_paper():
    "The leading underscore keeps the template out of the runner's paper list."
    assert TEMPLATE.is_file() and TEMPLATE not in find_papers(ROOT/"nbs").values()

def test_template_runs_on_smoke(tmp_path):
    nbs = tmp_path/"nbs"; (nbs/"papers").mkdir(parents=True)
    shutil.copy(TEMPLATE, nbs/"papers"/"99_template.ipynb")
    ini = tmp_path/"settings.ini"   # a private model cache, so the test neither reads nor fills the project's
    ini.write_text(f"[robustbook]\nfashion_mnist_root = {load_settings(ROOT/'settings.ini').fashion_mnist_root}\n"
                   f"cache_dir = {tmp_path/'cache'}\n")
    s = load_settings(ini, env={}, profile="smoke", nbs_dir=str(nbs), output_dir=str(tmp_path/"out"), timeout=300)
    papers = find_papers(nbs)
    assert list(papers) == ["template"]
    r = run_many(["template"], papers, s, force=True, jobs=1)[0]
    assert r.status == "ok", f"{r.status}: {r.error}\n{Path(r.log).read_text()[-3000:] if Path(r.log).exists() else ''}"
    res = load_results(tmp_path/"out"/"template")
    assert res["status"] == "complete" and res["profile"] == "smoke"
    assert res["tables"] and res["figures"]
    assert any(t["paper"] for t in res["tables"].values()), "no table has the paper's numbers beside ours"
    paper = [c for c in res["claims"] if c["kind"] == "paper"]
    assert paper and all(c["estimate"] is not None and c["ci_low"] is not None and c["ci_high"] is not None
                         and c["null"] is not None and c["direction"] and c["note"] for c in paper), paper
    checks = [c for c in res["claims"] if c["kind"] == "check"]
    assert checks and any(c["verdict"] == "passed" for c in checks), checks
    assert (tmp_path/"cache").is_dir(), "the template did not train through cached_model"

def test_template_paper_profile_checks_its_data_first(tmp_path):
    "The template's paper path: without ImageNet the paper profile stops in the config cell, naming the setting."
    nbs = tmp_path/"nbs"; (nbs/"papers").mkdir(parents=True)
    shutil.copy(TEMPLATE, nbs/"papers"/"99_template.ipynb")
    ini = tmp_path/"settings.ini"
    ini.write_text(f"[robustbook]\ncache_dir = {tmp_path/'cache'}\n")
    s = load_settings(ini, env={}, profile="paper", nbs_dir=str(nbs), output_dir=str(tmp_path/"out"), timeout=300)
    r = run_many(["template"], find_papers(nbs), s, force=True, jobs=1)[0]
    assert r.status == "failed" and "Setting 'imagenet_root' is empty" in r.error and "not set up" in r.error, r.error
    assert not (tmp_path/"cache").exists(), "the paper profile did work before checking its data"
