"""scripts/system-deps: `make test` installs the Debian packages the tests need, or stops with the command.

The script runs against a package list naming a made-up tool, with `id`, `sudo` and `apt-get`
replaced by stand-ins on PATH, so no test touches the machine's real packages.
"""
from __future__ import annotations

import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "scripts" / "system-deps"


def _stand_ins(tmp_path: Path, uid: int, sudo_works: bool, apt_installs: bool) -> Path:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    tool = bin_dir / "riskreg-made-up-tool"
    scripts = {
        "id": f"#!/bin/sh\necho {uid}\n",
        "sudo": "#!/bin/sh\n" + ('[ "$1" = -n ] && shift\nexec "$@"\n' if sudo_works else "exit 1\n"),
        "apt-get": f'#!/bin/sh\necho "$*" >> {tmp_path / "apt.log"}\n'
                   + (f'case "$*" in *install*) printf "#!/bin/sh\\n" > {tool}; chmod +x {tool};; esac\n'
                      if apt_installs else ""),
    }
    for name, text in scripts.items():
        (bin_dir / name).write_text(text)
        (bin_dir / name).chmod(0o755)
    return bin_dir


def _run(tmp_path: Path, uid: int = 1000, sudo_works: bool = False, apt_installs: bool = True,
         present: bool = False, other: bool = True):
    bin_dir = _stand_ins(tmp_path, uid, sudo_works, apt_installs)
    tools = (["riskreg-made-up-tool"] if present else []) + (["riskreg-other-tool"] if other else [])
    for tool in tools:
        (bin_dir / tool).write_text("#!/bin/sh\n")
        (bin_dir / tool).chmod(0o755)
    listing = tmp_path / "packages.txt"
    listing.write_text("# package | check | why\n"
                       "made-up-pkg | command -v riskreg-made-up-tool | a test needs it\n"
                       "other-pkg | command -v riskreg-other-tool | the made-up tool's \"data\"\n")
    env = {**os.environ, "PATH": f"{bin_dir}:{os.environ['PATH']}", "SYSTEM_PACKAGES_FILE": str(listing)}
    done = subprocess.run(["bash", str(SCRIPT)], env=env, capture_output=True, text=True, timeout=60)
    log = tmp_path / "apt.log"
    return done, (log.read_text().splitlines() if log.exists() else [])


def test_nothing_missing_does_nothing(tmp_path):
    done, apt = _run(tmp_path, uid=0, present=True, other=True)
    assert done.returncode == 0
    assert done.stdout == "" and apt == []


def test_without_root_or_sudo_it_stops_with_the_one_command(tmp_path):
    done, apt = _run(tmp_path, uid=1000, sudo_works=False)
    assert done.returncode == 1
    assert "made-up-pkg: a test needs it" in done.stdout
    assert done.stdout.strip().endswith("sudo apt-get install -y made-up-pkg")
    assert apt == []


def test_as_root_it_installs_the_missing_package(tmp_path):
    done, apt = _run(tmp_path, uid=0)
    assert done.returncode == 0, done.stdout + done.stderr
    assert apt[0].startswith("update")
    assert apt[1].split()[-1] == "made-up-pkg" and "install" in apt[1].split()
    assert "Installed: made-up-pkg" in done.stdout


def test_with_passwordless_sudo_it_installs_through_sudo(tmp_path):
    done, apt = _run(tmp_path, uid=1000, sudo_works=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert any("install" in line and "made-up-pkg" in line for line in apt)


def test_an_install_that_does_not_take_is_an_error(tmp_path):
    done, apt = _run(tmp_path, uid=0, apt_installs=False)
    assert done.returncode == 1
    assert "apt-get did not install: made-up-pkg" in done.stdout


def test_every_listed_package_is_on_this_machine():
    """make test ran scripts/system-deps before the tests: each listed check passes here."""
    for line in (ROOT / "scripts" / "system-packages.txt").read_text().splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        package, check, _ = (part.strip() for part in line.split("|"))
        assert subprocess.run(["bash", "-c", check], capture_output=True).returncode == 0, \
            f"{package} is missing: run make test (it installs it) or apt-get install {package}"


def test_ci_runs_exactly_make_test():
    lines = [line.strip() for line in (ROOT / ".ci" / "run").read_text().splitlines()
             if line.strip() and not line.startswith("#")]
    assert lines[-1] == "make test"
    assert not any("apt-get" in line for line in lines)


def test_reasons_with_quotes_are_printed_whole(tmp_path):
    """Debian's package reasons may hold an apostrophe (Tesseract's data): it must not break the list."""
    done, apt = _run(tmp_path, uid=1000, other=False)
    assert done.returncode == 1
    assert "other-pkg: the made-up tool's \"data\"" in done.stdout, done.stdout + done.stderr
    assert done.stderr == ""
    assert done.stdout.strip().endswith("sudo apt-get install -y made-up-pkg other-pkg")
