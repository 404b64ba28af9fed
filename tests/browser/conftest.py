"""Real-browser tests of robustbook widgets: JupyterLab on loopback + headless Debian Chromium driven by playwright-core (node).

Reusable fixtures (for any widget test in this folder, e.g. the ReLU polytope explorer):

- `jupyter_lab` (session scope): a JupyterLab server on 127.0.0.1, a free port and a random token, serving a fresh temporary
  folder, with isolated Jupyter config/data/runtime/settings/workspace folders (no news pop-up, no update check). Use
    `jupyter_lab.write_notebook("my.ipynb", ["from robustbook.x import demo", "demo()"])` -> Path (code cells; a string
    starting with "%%md\n" is a markdown cell), and
    `jupyter_lab.notebook_url("my.ipynb")` -> the URL (with token) that opens it in JupyterLab.
  The server, its kernels and every process they started are shut down at the end of the session (kernels via the REST API,
  then SIGTERM/SIGKILL to the server's own process group, which this fixture created).
- `run_driver(script, url, name, retries=1, timeout=...)` (function scope): runs `node tests/browser/<script>` with
  LAB_NOTEBOOK_URL=url and LAB_OUT=tests/browser/screenshots/<name>/ and returns the JSON object the script printed on its
  last stdout line. A failing run (slow first load...) is retried `retries` times with a fresh browser profile.
  Driver scripts share helpers in `lab.mjs` (launch with the required Chromium flags and a fresh --user-data-dir,
  openNotebook waits for the kernel to be idle, runAllCells, canvasHash of an <img>/<canvas>).

The tests are skipped, with the reason, only when Chromium or tests/browser/node_modules/playwright-core is missing
(`make browser` installs both); JupyterLab problems are failures, not skips.
"""
import json, os, secrets, shutil, signal, socket, subprocess, sys, time, urllib.request
from pathlib import Path
import pytest

HERE = Path(__file__).resolve().parent
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
SHOTS = HERE / "screenshots"


def _missing() -> str | None:
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)): return f"Chromium not found at {CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)"
    if not (HERE / "node_modules" / "playwright-core").is_dir(): return "tests/browser/node_modules/playwright-core missing (cd tests/browser && npm ci)"
    if not shutil.which("node"): return "node not found (apt-get install nodejs)"
    return None


def pytest_collection_modifyitems(config, items):
    reason = _missing()
    if reason:
        for it in items:
            if Path(str(it.fspath)).resolve().parent == HERE: it.add_marker(pytest.mark.skip(reason=reason))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0)); return s.getsockname()[1]


class Lab:
    "A running JupyterLab: `root` (served folder), `base` URL, `token`, helpers to write and open notebooks."
    def __init__(self, root: Path, port: int, token: str, proc: subprocess.Popen, log: Path):
        self.root, self.port, self.token, self.proc, self.log = root, port, token, proc, log
        self.base = f"http://127.0.0.1:{port}"

    def api(self, path: str, method: str = "GET"):
        req = urllib.request.Request(f"{self.base}{path}", method=method, headers={"Authorization": f"token {self.token}"})
        with urllib.request.urlopen(req, timeout=10) as r:
            body = r.read()
            return json.loads(body) if body else None

    def write_notebook(self, name: str, cells: list[str]) -> Path:
        "Write a notebook of code cells (or markdown cells starting with '%%md\\n') into the served folder."
        import nbformat
        nb = nbformat.v4.new_notebook()
        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
        nb.cells = [nbformat.v4.new_markdown_cell(c[5:]) if c.startswith("%%md\n") else nbformat.v4.new_code_cell(c) for c in cells]
        p = self.root / name
        p.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, p)
        return p

    def notebook_url(self, name: str) -> str:
        return f"{self.base}/lab/tree/{name}?token={self.token}&reset"

    def tail_log(self, n: int = 40) -> str:
        try: return "\n".join(self.log.read_text(errors="replace").splitlines()[-n:])
        except OSError: return ""


@pytest.fixture(scope="session")
def jupyter_lab(tmp_path_factory):
    "A JupyterLab server on 127.0.0.1 with a token, for the whole session (see the module docstring)."
    reason = _missing()
    if reason: pytest.skip(reason)
    base = tmp_path_factory.mktemp("lab")
    root, cfg = base / "root", base / "jupyter"
    root.mkdir()
    for d in ("config", "data", "runtime", "settings", "workspaces"): (cfg / d).mkdir(parents=True)
    ext = cfg / "settings" / "@jupyterlab" / "apputils-extension"
    ext.mkdir(parents=True)
    (ext / "notification.jupyterlab-settings").write_text(json.dumps({"fetchNews": "false", "checkForUpdates": False}))
    port, token = _free_port(), secrets.token_hex(16)
    env = {**os.environ, "JUPYTER_CONFIG_DIR": str(cfg / "config"), "JUPYTER_DATA_DIR": str(cfg / "data"),
           "JUPYTER_RUNTIME_DIR": str(cfg / "runtime"), "JUPYTERLAB_SETTINGS_DIR": str(cfg / "settings"),
           "JUPYTERLAB_WORKSPACES_DIR": str(cfg / "workspaces"), "HF_HUB_OFFLINE": "1", "PYTHONUNBUFFERED": "1",
           "JUPYTER_PLATFORM_DIRS": "1"}
    log = base / "lab.log"
    cmd = [sys.executable, "-m", "jupyter", "lab", "--no-browser", "--ip=127.0.0.1", f"--port={port}", "--port-retries=0",
           f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}", "--ServerApp.open_browser=False",
           "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
           f"--LabApp.user_settings_dir={cfg / 'settings'}", f"--LabApp.workspaces_dir={cfg / 'workspaces'}"]
    if hasattr(os, "geteuid") and os.geteuid() == 0: cmd.append("--allow-root")  # CI containers run as root
    with open(log, "wb") as lf:
        proc = subprocess.Popen(cmd, stdout=lf, stderr=subprocess.STDOUT, env=env, cwd=root, start_new_session=True)
    lab = Lab(root, port, token, proc, log)
    try:
        deadline = time.time() + 180
        while True:
            if proc.poll() is not None: pytest.fail(f"JupyterLab exited with code {proc.returncode}:\n{lab.tail_log()}")
            try:
                lab.api("/api/status"); break
            except Exception:
                if time.time() > deadline: pytest.fail(f"JupyterLab did not answer on {lab.base} within 180 s:\n{lab.tail_log()}")
                time.sleep(0.5)
        yield lab
    finally:
        try:
            for k in lab.api("/api/kernels") or []: lab.api(f"/api/kernels/{k['id']}", method="DELETE")
        except Exception: pass
        try: os.killpg(proc.pid, signal.SIGTERM)  # the process group this fixture created (server + kernels)
        except ProcessLookupError: pass
        try: proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            try: os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError: pass
            proc.wait(timeout=10)
        try: os.killpg(proc.pid, signal.SIGKILL)  # stragglers (kernels) left in the group
        except (ProcessLookupError, PermissionError): pass


@pytest.fixture
def run_driver():
    "Run a node driver script against a notebook URL; returns its JSON result (see the module docstring)."
    def run(script: str, url: str, name: str, retries: int = 1, timeout: int = 420) -> dict:
        out = SHOTS / name
        last = None
        for attempt in range(retries + 1):
            if out.exists(): shutil.rmtree(out)
            out.mkdir(parents=True)
            env = {**os.environ, "LAB_NOTEBOOK_URL": url, "LAB_OUT": str(out), "CHROMIUM_PATH": CHROMIUM}
            p = subprocess.Popen(["node", str(HERE / script)], cwd=HERE, env=env, stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE, text=True, start_new_session=True)
            try: stdout, stderr = p.communicate(timeout=timeout)
            except subprocess.TimeoutExpired:
                os.killpg(p.pid, signal.SIGKILL); stdout, stderr = p.communicate()
                stderr += f"\n(driver killed after {timeout} s)"
            lines = [l for l in stdout.splitlines() if l.strip().startswith("{")]
            res = json.loads(lines[-1]) if lines else {"ok": False, "error": "no JSON result"}
            res["stderr"], res["attempt"] = stderr[-4000:], attempt + 1
            if p.returncode == 0 and res.get("ok"): return res
            last = res
        return last
    return run
