"The reproduce runner on fixture notebooks: injection, isolation of failures, resume, staging, report, CLI."
import json, os, signal, subprocess, sys, time
from pathlib import Path
import nbformat, pandas as pd, pytest
from robustbook.core.reproduce import find_papers, run_notebook, run_many, build_report, main
from robustbook.core.results import load_results
from robustbook.core.settings import load_settings

PARAMS = "profile = None\nseed = 0\nout_dir = None\nx = 1"
GOOD = ("from robustbook.core.results import Recorder\nimport pandas as pd, matplotlib\nmatplotlib.use('Agg')\nimport matplotlib.pyplot as plt\n"
        "rec = Recorder('{name}', dict(profile=profile, seed=seed, x=x), out_dir=out_dir)\n"
        "rec.table('t1', pd.DataFrame(dict(x=[x])), paper=pd.DataFrame(dict(x=[2])), caption='x vs paper')\n"
        "fig, ax = plt.subplots(); ax.plot([0, x])\nrec.figure('f1', fig, data=pd.DataFrame(dict(y=[0, x])))\n"
        "from robustbook.core.stats import seed_interval\n"
        "rec.claim('x_is_two', 'check', expect='x == 2', estimate=x, holds=x == 2, note='x is a parameter')\n"
        "rec.claim('x_above_one', 'paper', source='Tab. 1', expect='x > 1', estimate=seed_interval([x - 0.1, x, x + 0.1]), null=1, paper=2, note='fixture')\n"
        "open(out_dir + '/../ran.txt', 'a').write('run\\n')\nrec.done()")

def write_nb(nbs, fname, body, params=PARAMS):
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [nbformat.v4.new_code_cell(params, metadata={"tags": ["parameters"]}), nbformat.v4.new_code_cell(body)]
    (nbs/"papers").mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, nbs/"papers"/fname)

@pytest.fixture
def book(tmp_path):
    nbs, outs = tmp_path/"nbs", tmp_path/"outputs"
    write_nb(nbs, "00_good.ipynb", GOOD.format(name="good"))
    write_nb(nbs, "01_bad.ipynb", "raise ValueError('broken on purpose')")
    write_nb(nbs, "02_other.ipynb", GOOD.format(name="other"))
    return nbs, outs

def runs(outs, name): return (outs/name/"ran.txt").read_text().count("run") if (outs/name/"ran.txt").exists() else 0

def test_parameters_injected(book):
    nbs, outs = book
    r = run_notebook("good", find_papers(nbs)["good"], outs, dict(profile="smoke", seed=3, x=2))
    assert r.status == "ok", r.error
    res = load_results(outs/"good")
    assert res["config"] == {"profile": "smoke", "seed": 3, "x": 2}
    assert res["claims"][0]["holds"] is True
    executed = nbformat.read(outs/"good"/"good.ipynb", as_version=4)
    injected = [c for c in executed.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert len(injected) == 1 and "x = 2" in injected[0].source

def test_failure_isolated_and_reported(book, capsys):
    nbs, outs = book
    rc = main(["--nbs-dir", str(nbs), "--output-dir", str(outs), "reproduce", "--profile", "smoke", "--jobs", "2"])
    assert rc == 1
    status = {n: json.loads((outs/n/"run.json").read_text())["status"] for n in ("good", "bad", "other")}
    assert status == {"good": "ok", "bad": "failed", "other": "ok"}
    assert "broken on purpose" in json.loads((outs/"bad"/"run.json").read_text())["error"]
    out = capsys.readouterr()
    assert "[3/3 done, 1 failed]" in out.out and "FAILED bad" in out.err

def test_resume_skips_unchanged_and_reruns_changed(book):
    nbs, outs = book
    papers, s = find_papers(nbs), load_settings(output_dir=str(outs), nbs_dir=str(nbs), profile="smoke")
    assert [r.status for r in run_many(["good", "other"], papers, s)] == ["ok", "ok"]
    assert [r.status for r in run_many(["good", "other"], papers, s)] == ["skipped", "skipped"]
    assert (runs(outs, "good"), runs(outs, "other")) == (1, 1)
    write_nb(nbs, "00_good.ipynb", GOOD.format(name="good") + "\n# edited")          # changed source
    assert [r.status for r in run_many(["good", "other"], papers, s)] == ["ok", "skipped"]
    assert [r.status for r in run_many(["other"], papers, s, params=dict(x=2))] == ["ok"]  # changed parameters
    assert [r.status for r in run_many(["other"], papers, s, params=dict(x=2), force=True)] == ["ok"]
    (outs/"other"/"figures"/"f1.png").unlink()                                          # incomplete outputs
    assert [r.status for r in run_many(["other"], papers, s, params=dict(x=2))] == ["ok"]
    assert (runs(outs, "good"), runs(outs, "other")) == (2, 4)

def test_failed_rerun_keeps_previous_results(book):
    nbs, outs = book
    path = find_papers(nbs)["good"]
    assert run_notebook("good", path, outs, dict(x=2)).status == "ok"
    write_nb(nbs, "00_good.ipynb", "raise RuntimeError('regression')")
    r = run_notebook("good", path, outs, dict(x=2))
    assert r.status == "failed" and "regression" in r.error
    assert load_results(outs/"good")["claims"][0]["holds"] is True   # the earlier complete results are still there
    page = build_report(outs).read_text()
    assert "from the last complete run" in page and "regression" in page

def test_timeout_kills_notebook(book):
    nbs, outs = book
    write_nb(nbs, "03_slow.ipynb", "import time\ntime.sleep(300)")
    t0 = time.time()
    r = run_notebook("slow", find_papers(nbs)["slow"], outs, {}, timeout=6)
    assert r.status == "timeout" and time.time() - t0 < 60

def test_report_and_scorecard_from_ledger(book):
    nbs, outs = book
    papers = find_papers(nbs)
    run_notebook("good", papers["good"], outs, dict(x=2)); run_notebook("other", papers["other"], outs, dict(x=5))
    page = build_report(outs).read_text()
    assert page.count("<h2") == 2 and "data:image/png;base64," in page and "<script" not in page and "http" not in page
    sc = pd.read_csv(outs/"report"/"scorecard.csv")
    checks = sc[sc.kind == "check"]
    assert sorted(zip(checks.paper, checks.verdict)) == [("good", "passed"), ("other", "failed")]
    paper = sc[sc.kind == "paper"].set_index("paper")
    assert (paper.verdict == "reproduced").all() and paper.ci_low["good"] < 2 < paper.ci_high["good"]
    assert "1/1" in page and "0/1" in page and "v-reproduced" in page and "(n=3 seeds)" in page
    assert "Smoke results check the plumbing only" not in page        # these runs have no profile: no smoke banner
    summary = (outs/"report"/"summary.md").read_text()
    assert "| total |" in summary and "| `good` |" in summary

def test_unknown_parameter_refused_before_running(book, capsys):
    nbs, outs = book
    assert main(["--nbs-dir", str(nbs), "--output-dir", str(outs), "run", "good", "-p", "typo", "1"]) == 2
    assert "unknown parameter 'typo' for good (known: seed, x)" in capsys.readouterr().err
    assert not (outs/"good"/"run.json").exists() and runs(outs, "good") == 0

def test_interrupted_reproduce_keeps_finished(book):
    nbs, outs = book
    write_nb(nbs, "03_slow.ipynb", "import time\ntime.sleep(300)")
    cmd = [sys.executable, "-m", "robustbook.core.reproduce", "--nbs-dir", str(nbs), "--output-dir", str(outs),
           "reproduce", "--only", "good,slow", "--jobs", "1"]
    # Ctrl-C at a terminal: the runner starts with Python's own SIGINT handler even when an earlier test in this
    # process left SIGINT ignored (a child inherits an ignored signal); its output is drained so it never blocks on a pipe
    reset = lambda: signal.signal(signal.SIGINT, signal.SIG_DFL)
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, preexec_fn=reset)
    deadline = time.time() + 120
    while time.time() < deadline and not (outs/"slow"/"run.json").exists(): time.sleep(0.5)
    time.sleep(3)
    p.send_signal(signal.SIGINT)
    p.communicate(timeout=120)
    assert p.returncode != 0
    assert json.loads((outs/"good"/"run.json").read_text())["status"] == "ok"
    assert json.loads((outs/"slow"/"run.json").read_text())["status"] == "interrupted"
    s = load_settings(output_dir=str(outs), nbs_dir=str(nbs))
    assert run_many(["good"], find_papers(nbs), s)[0].status == "skipped"

def test_cli_list_and_bad_input(book, capsys):
    nbs, outs = book
    assert main(["--nbs-dir", str(nbs), "--output-dir", str(outs), "list"]) == 0
    assert "good" in capsys.readouterr().out
    assert main(["--nbs-dir", str(nbs), "--output-dir", str(outs), "run", "nope"]) == 2
    assert "Unknown paper 'nope'" in capsys.readouterr().err
    assert main(["--nbs-dir", str(nbs/"missing"), "list"]) == 2

def test_cli_list_says_when_a_run_is_out_of_date(book, capsys):
    nbs, outs = book
    assert run_notebook("good", find_papers(nbs)["good"], outs, dict(profile="smoke", seed=0)).status == "ok"
    main(["--nbs-dir", str(nbs), "--output-dir", str(outs), "list"])
    line = next(l for l in capsys.readouterr().out.splitlines() if l.startswith("good"))
    assert "ok (smoke, " in line and "changed since" not in line, line
    write_nb(nbs, "00_good.ipynb", GOOD.format(name="good") + "\n# edited")
    main(["--nbs-dir", str(nbs), "--output-dir", str(outs), "list"])
    line = next(l for l in capsys.readouterr().out.splitlines() if l.startswith("good"))
    assert "changed since: rerun to update" in line, line

def test_two_runners_never_share_a_paper_folder(book):
    import threading
    nbs, outs = book
    write_nb(nbs, "03_slow.ipynb", "import time\ntime.sleep(300)")
    path = find_papers(nbs)["slow"]
    first = {}
    t = threading.Thread(target=lambda: first.update(r=run_notebook("slow", path, outs, {}, timeout=20)))
    t.start()
    deadline = time.time() + 60
    while time.time() < deadline and not (outs/"slow"/"run.json").exists(): time.sleep(0.2)
    second = run_notebook("slow", path, outs, {}, timeout=20)
    t.join(120)
    assert second.status == "failed" and "another robustbook run" in second.error
    assert first["r"].status == "timeout"

KERNEL_PID = ("import os, time\nopen(out_dir + '/../kernel.pid', 'w').write(str(os.getpid()))\ntime.sleep(300)")

def alive(pid:int) -> bool:
    "A live process (zombies count as gone)."
    try: return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError: return False

def wait_for(cond, secs=120):
    deadline = time.time() + secs
    while time.time() < deadline and not cond(): time.sleep(0.3)
    return cond()

def start_slow_runner(nbs, outs):
    write_nb(nbs, "03_slow.ipynb", KERNEL_PID)
    cmd = [sys.executable, "-m", "robustbook.core.reproduce", "--nbs-dir", str(nbs), "--output-dir", str(outs), "run", "slow"]
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    assert wait_for(lambda: (outs/"slow"/"kernel.pid").exists()), "the notebook never started"
    return p, json.loads((outs/"slow"/"run.json").read_text())["pid"], int((outs/"slow"/"kernel.pid").read_text())

@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM, signal.SIGHUP])
def test_killed_runner_takes_its_notebook_along(book, sig):
    nbs, outs = book
    p, nb_pid, kernel_pid = start_slow_runner(nbs, outs)
    p.send_signal(sig)
    p.wait(60)
    assert wait_for(lambda: not alive(nb_pid) and not alive(kernel_pid), 60), "papermill or its kernel outlived the runner"
    status = json.loads((outs/"slow"/"run.json").read_text())["status"]
    assert status == ("running" if sig == signal.SIGKILL else "interrupted")   # SIGKILL leaves no chance to write
    write_nb(nbs, "03_slow.ipynb", GOOD.format(name="slow"))                  # a rerun then works normally
    assert run_notebook("slow", find_papers(nbs)["slow"], outs, dict(x=2)).status == "ok"

def test_orphan_of_a_dead_runner_is_stopped_before_a_rerun(book):
    nbs, outs = book
    write_nb(nbs, "03_slow.ipynb", KERNEL_PID)
    path, out = find_papers(nbs)["slow"], outs/"slow"
    out.mkdir(parents=True)
    (out/"params.yaml").write_text(f"out_dir: {out}\n")                  # a notebook whose runner is gone (started without one)
    orphan = subprocess.Popen([sys.executable, "-m", "papermill", str(path), str(out/"x.ipynb"), "-f", str(out/"params.yaml"),
                               "--kernel", "python3"], start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    (out/"run.json").write_text(json.dumps(dict(name="slow", status="running", pid=orphan.pid)))
    assert wait_for(lambda: (outs/"kernel.pid").exists())
    kernel_pid = int((outs/"kernel.pid").read_text())
    write_nb(nbs, "03_slow.ipynb", GOOD.format(name="slow"))
    assert run_notebook("slow", path, outs, dict(x=2)).status == "ok"
    orphan.wait(30)
    assert wait_for(lambda: not alive(kernel_pid), 30)

def test_bad_parameters_and_selections_refused(book, capsys):
    nbs, outs = book
    base = ["--nbs-dir", str(nbs), "--output-dir", str(outs)]
    assert main(base + ["run", "good", "-p", "x", "[unclosed"]) == 2 and "not valid YAML" in capsys.readouterr().err
    assert main(base + ["run", "good", "-p", "profile", "smoke"]) == 2 and "set by the runner" in capsys.readouterr().err
    assert main(base + ["reproduce", "--only", ""]) == 2 and "at least one paper" in capsys.readouterr().err
    assert main(base + ["run", "good", "-p", "x", "abc"]) == 2 and "expects int" in capsys.readouterr().err
    assert runs(outs, "good") == 0
    assert main(base + ["run", "good", "-p", "seed", "7", "-p", "x", "2"]) == 0
    assert load_results(outs/"good")["seed"] == 7

def test_unwritable_output_or_cache_refused_before_running(book, capsys, tmp_path):
    nbs, outs = book
    blocker = tmp_path/"a_file"
    blocker.write_text("not a folder")
    assert main(["--nbs-dir", str(nbs), "--output-dir", str(blocker/"out"), "run", "good"]) == 2
    err = capsys.readouterr().err
    assert "Setting 'output_dir'" in err and "cannot be written" in err and "Traceback" not in err
    env = {**os.environ, "ROBUSTBOOK_CACHE_DIR": str(blocker/"cache")}
    r = subprocess.run([sys.executable, "-m", "robustbook.core.reproduce", "--nbs-dir", str(nbs), "--output-dir", str(outs),
                        "run", "good"], env=env, capture_output=True, text=True, timeout=120)
    assert r.returncode == 2 and "Setting 'cache_dir'" in r.stderr and "Traceback" not in r.stderr, r.stderr
    assert runs(outs, "good") == 0

def test_timeout_stops_the_kernel_before_the_lock_is_released(book):
    "When run_notebook returns after a time-out, papermill's kernel is already gone: a rerun never runs beside it."
    nbs, outs = book
    write_nb(nbs, "03_slow.ipynb", KERNEL_PID)
    r = run_notebook("slow", find_papers(nbs)["slow"], outs, dict(x=1), timeout=25)
    assert r.status == "timeout" and (outs/"slow"/"kernel.pid").exists(), "the kernel never started within the time limit"
    kernel_pid = int((outs/"slow"/"kernel.pid").read_text())
    assert not alive(kernel_pid), "the kernel outlived its notebook's time-out"

def test_list_without_a_profile_shows_every_profile(book, capsys, monkeypatch):
    nbs, outs = book
    assert run_notebook("good", find_papers(nbs)["good"], outs, dict(profile="smoke", seed=0)).status == "ok"
    monkeypatch.delenv("ROBUSTBOOK_PROFILE", raising=False)
    assert main(["--nbs-dir", str(nbs), "--output-dir", str(outs), "list"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].split() == ["paper", "notebook", "smoke", "small", "paper"], out[0]
    good = next(l for l in out if l.startswith("good"))
    assert good.count("ok (") == 3, good   # --output-dir is shared by all three profiles here, so each column shows the run
    assert next(l for l in out if l.startswith("bad")).split()[2:] == ["never", "never", "never"]

LAUNCHY_PARAMS = "profile = None\nseed = 0\nout_dir = None\noverrides = {}"
LAUNCHY = ("import os, json\nfrom robustbook.core.results import start_paper\nfrom robustbook.core.settings import load_settings\n"
           "rec, cfg = start_paper('launchy', profile, out_dir=out_dir, base=dict(epochs=5, grids=dict(g=[0.1, 1.0], h=[2])),\n"
           "                       smoke={}, small={}, paper={}, seed=seed, overrides=overrides)\n"
           "rec.claim('nproc', 'check', expect='the runner sets it', estimate=load_settings().nproc_per_node, holds=True,\n"
           "          note=os.environ.get('ROBUSTBOOK_NPROC_PER_NODE', 'unset'))\nrec.done()")

def test_nproc_per_node_and_overrides_reach_the_kernel(tmp_path, capsys):
    "`--nproc-per-node 2` is the kernel's nproc_per_node setting (and in the run's provenance and fingerprint); "
    "`-p overrides` (YAML) is deep-merged into the config (unknown keys: the lesson tests of `config_overrides`)."
    nbs, outs = tmp_path/"nbs", tmp_path/"outputs"
    write_nb(nbs, "00_launchy.ipynb", LAUNCHY, params=LAUNCHY_PARAMS)
    base = ["--nbs-dir", str(nbs), "--output-dir", str(outs), "run", "launchy", "--profile", "smoke"]
    assert main(base + ["--nproc-per-node", "2", "-p", "overrides", "{grids: {g: [1.0]}, epochs: 1}"]) == 0
    assert "training on 2 processes per node" in capsys.readouterr().out
    res = load_results(outs/"launchy")
    assert res["config"]["epochs"] == 1 and res["config"]["grids"] == {"g": [1.0], "h": [2]}
    claim = res["claims"][0]
    assert claim["estimate"] == 2 and claim["note"] == "2"
    assert res["provenance"]["launch"]["nproc_per_node"] == 2
    # the same command again is up to date; seen without the flag (one process), the run is out of date
    assert main(base + ["--nproc-per-node", "2", "-p", "overrides", "{grids: {g: [1.0]}, epochs: 1}"]) == 0
    assert "launchy: skipped" in capsys.readouterr().out
    assert main(["--nbs-dir", str(nbs), "--output-dir", str(outs), "list", "--profile", "smoke"]) == 0
    assert "changed since" in capsys.readouterr().out
    assert main(base + ["--nproc-per-node", "0"]) == 2 and "nproc_per_node" in capsys.readouterr().err
