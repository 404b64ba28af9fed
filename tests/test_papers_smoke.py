"Every paper notebook runs end to end on the smoke profile through the real runner (papermill + ledger)."
import json
from pathlib import Path
import pytest
from robustbook.core.reproduce import find_papers, run_many, build_report
from robustbook.core.results import load_results, KINDS, TESTED
from robustbook.core.stats import VERDICTS
from robustbook.core.settings import load_settings

ROOT = Path(__file__).resolve().parent.parent
PAPERS = find_papers(ROOT/"nbs")
SMOKE_LIMIT_S = 300  # generous per-notebook limit on a loaded CI machine; the smoke target is under 60 s

@pytest.fixture(scope="session")
def smoke_runs(tmp_path_factory):
    out = tmp_path_factory.mktemp("smoke_outputs")
    s = load_settings(ROOT/"settings.ini", profile="smoke", output_dir=str(out), timeout=SMOKE_LIMIT_S, jobs=2)
    results = {r.name: r for r in run_many(list(PAPERS), PAPERS, s, force=True)}
    build_report(out)
    return out, results

@pytest.mark.parametrize("name", list(PAPERS))
def test_paper_notebook_smoke(smoke_runs, name):
    out, results = smoke_runs
    r = results[name]
    assert r.status == "ok", f"{name}: {r.status}: {r.error}\n{Path(r.log).read_text()[-3000:] if Path(r.log).exists() else ''}"
    res = load_results(out/name)
    assert res["status"] == "complete" and res["profile"] == "smoke"
    assert res["claims"], f"{name} recorded no claims"
    assert res["tables"] or res["figures"], f"{name} recorded no table or figure"
    for c in res["claims"]: audit_claim(c)

def audit_claim(c:dict):
    "A ledger-v2 claim is typed evidence: a valid kind; paper/theorem claims decided by an estimate and a null; a note when not reproduced."
    assert c["kind"] in KINDS, c
    if c["kind"] in TESTED:
        assert c["verdict"] in VERDICTS and c["null"] is not None and c["direction"], c
        if c["verdict"] != "not_testable":
            assert c["estimate"] is not None and (c["n"] or c["method"].startswith("exact")), c
            assert (c["ci_low"] is None) == (c["ci_high"] is None) == (c["reason"] == "no interval yet"), c
    else:
        assert c["verdict"] in ("passed", "failed", "not_testable"), c
    if c["verdict"] not in ("reproduced", "passed", "not_testable"): assert c["note"].strip(), f"{c['name']}: no note"

def test_report_lists_every_paper(smoke_runs):
    out, _ = smoke_runs
    page = (out/"report"/"index.html").read_text()
    for name in PAPERS: assert f'id="{name}"' in page

@pytest.mark.parametrize("name,key", [("fmri_rdms", "bold5000_root"), ("data_topology", "cyclooctane_root"),
                                      ("nullspace", "imagenet_root"), ("relu_geometry", "mnist_root")])
def test_paper_profile_checks_its_data_first(tmp_path, name, key):
    "Without its datasets the paper profile stops in its first code cells, naming the setting, before any work."
    ini = tmp_path/"settings.ini"
    ini.write_text(f"[robustbook]\ncache_dir = {tmp_path/'cache'}\n")
    s = load_settings(ini, env={}, profile="paper", output_dir=str(tmp_path/"out"), nbs_dir=str(ROOT/"nbs"), timeout=SMOKE_LIMIT_S)
    r = run_many([name], PAPERS, s, force=True)[0]
    assert r.status == "failed" and f"Setting '{key}' is empty" in r.error and "not set up" in r.error, r.error
    assert int(r.error.split("executed notebook cell ")[1].split(")")[0]) <= 3, r.error

def test_results_do_not_depend_on_the_model_cache(tmp_path):
    "fmri_rdms smoke trains models through the cache: a cold run and a warm rerun give byte-identical tables."
    ini = tmp_path/"settings.ini"
    ini.write_text(f"[robustbook]\ncache_dir = {tmp_path/'cache'}\n")
    tables = {}
    for run in ("cold", "warm"):
        s = load_settings(ini, env={}, profile="smoke", output_dir=str(tmp_path/run), nbs_dir=str(ROOT/"nbs"), timeout=SMOKE_LIMIT_S)
        r = run_many(["fmri_rdms"], PAPERS, s, force=True)[0]
        assert r.status == "ok", r.error
        tables[run] = {p.name: p.read_bytes() for p in sorted((tmp_path/run/"fmri_rdms"/"tables").glob("*.csv"))}
    hits = [json.loads(p.read_text()) for p in (tmp_path/"cache"/"models").glob("*/meta.json")]
    assert hits, "the smoke run trained no cached model: this test would prove nothing"
    assert tables["cold"].keys() == tables["warm"].keys() and len(tables["cold"]) > 3
    differ = [k for k in tables["cold"] if tables["cold"][k] != tables["warm"][k]]
    assert not differ, f"tables differ between a cold and a warm cache: {differ}"
