"""Convert whole archives: many PDFs in worker processes, resumable, every failure explained.

Each file is read by ``read_one`` in a worker process (or on a Dask cluster),
which never raises: what went wrong becomes a problem row. Its result is saved
as a part, ``DIR/.riskreg/parts/<sha256 of the file>.json``, the moment it
arrives, so an interrupted run loses at most the files in flight. The outputs
are written at the end from the parts, in the order of the input list (not the
order the workers finish in), so the same inputs give byte-identical files
whatever the number of workers. ``--resume`` keeps the parts of files already
read and reads the rest. A part is keyed by the file's content, the settings it
was read with (engine, reader, password, every tolerance) and riskreg's version
(its number and a digest of its source), so a resume never mixes a part made
another way into the outputs; the outputs hold exactly the files of this run.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import tempfile
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Callable, Iterable

from .errors import NotFound, RiskregError
from .i18n import _, current_language, speaks, use_language
from .inputs import find_documents, nothing_to_read
from .optional import MissingDependency, require
from .pipeline import Register, Settings, file_summary, read_file
from .schema import Control, FileSummary, Problem, Risk, to_frame
from .settings_base import SettingsBase
from .write import write_text

STATE_DIR = ".riskreg"


@dataclass(frozen=True)
class BatchSettings(SettingsBase):
    """How a batch runs: workers, limits per file, where the work is done."""

    stage = "batch"

    #: worker processes; 0 means one per core of the machine
    workers: int = 0
    #: seconds one file may take; then it is given up with a ``timeout`` problem
    timeout: float | None = None
    #: megabytes of memory one worker may use; a file needing more gets ``out_of_memory``
    max_memory_mb: int | None = 8192
    #: a Dask distributed scheduler's address ("tcp://host:8786"); None runs locally
    scheduler: str | None = None

    def worker_count(self) -> int:
        return self.workers if self.workers > 0 else (os.cpu_count() or 1)


class FileTimeout(BaseException):
    """Raised by the alarm in the middle of reading; a BaseException, so that no
    ``except Exception`` on the way (a damaged-PDF handler, say) takes it for another error."""


def _on_alarm(signum, frame):
    raise FileTimeout()


def _part(name: str, problems: list[dict] | None = None) -> dict:
    """A part as saved for one file: nothing read yet, or only why it failed."""
    return {"source_file": name, "pages": 0, "risks": [], "controls": [], "problems": problems or []}


def _failed(name: str, code: str, message: str) -> dict:
    """The part of a file given up: its one problem row."""
    return _part(name, [asdict(Problem(source_file=name, page=None, severity="error", code=code,
                                       message=message))])


def read_one(path: str, settings: Settings, password: str | None = None, timeout: float | None = None,
             debug: bool = False, source: str | None = None, lang: str | None = None) -> dict:
    """Read one PDF into a part (plain data: risks, controls, problems, pages), its rows named
    ``source`` (default: the file name), its problem messages in ``lang`` (default: the active
    language; a worker process has its own, so the caller passes its). Never raises; a file taking
    longer than ``timeout`` seconds is given up (where an alarm can be set)."""
    with use_language(lang):
        return _read_one(path, settings, password, timeout, debug, source or Path(path).name)


def _read_one(path: str, settings: Settings, password: str | None, timeout: float | None, debug: bool,
              name: str) -> dict:
    part = _part(name)
    use_alarm = timeout and hasattr(signal, "setitimer") and _in_main_thread()
    if use_alarm:
        previous = signal.signal(signal.SIGALRM, _on_alarm)
        signal.setitimer(signal.ITIMER_REAL, timeout)
    try:
        result = read_file(path, settings, password=password, debug=debug, source=name)
        part.update(pages=result.pages, ocr_pages=result.ocr_pages, risks=[asdict(r) for r in result.risks],
                    controls=[asdict(c) for c in result.controls],
                    problems=[asdict(p) for p in result.problems],
                    register_words=result.register_words, words_accounted=result.words_accounted,
                    uncertain_cells=result.uncertain_cells, template=result.template,
                    hidden_chars=result.hidden_chars, structure_agrees=result.structure_agrees)
    except FileTimeout:
        part = _failed(name, "timeout", _("Reading the file took more than {seconds} seconds and was given up. "
                                          "Run it alone with a larger --timeout if it is a register.")
                       .format(seconds=f"{timeout:g}"))
    finally:
        if use_alarm:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
    return part


def _in_main_thread() -> bool:
    import threading
    return threading.current_thread() is threading.main_thread()


def _limit_memory(max_memory_mb: int | None) -> None:
    """Worker initializer: cap the worker's address space, so runaway memory is a MemoryError."""
    if max_memory_mb:
        try:
            import resource
            limit = int(max_memory_mb) * 1024 * 1024
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        except (ImportError, ValueError, OSError):
            pass  # not on this platform: the run goes on without the cap


# --- the state of a run: which files, in which order, which are done --------------------------

def file_key(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def code_version() -> str:
    """riskreg's version number and a digest of its source: a part read by other code is not reused
    (an installation from a checkout keeps its version number while its code changes)."""
    from .version import __version__
    h = hashlib.sha256()
    root = Path(__file__).resolve().parent
    for source in sorted(root.rglob("*.py")):
        h.update(source.relative_to(root).as_posix().encode() + b"\0" + source.read_bytes())
    return f"{__version__}+{h.hexdigest()[:16]}"


def reading_key(settings: Settings, password: str | None, lang: str | None = None) -> str:
    """What a part depends on besides the file: every setting, the password, riskreg's version and
    the language of its problem messages (default: the active one)."""
    return json.dumps({"settings": asdict(settings), "password": password or "", "riskreg": code_version(),
                       "lang": lang or current_language()}, sort_keys=True, default=str)


def part_key(content: str, reading: str) -> str:
    return hashlib.sha256(f"{content}\0{reading}".encode()).hexdigest()


@dataclass
class Entry:
    """One input file of a run: where it is, its content hash (``key``), the name of its part."""

    path: str
    name: str
    key: str
    part: str = ""


class State:
    """DIR/.riskreg: the run's ordered file list (manifest.json) and one part per file read."""

    def __init__(self, out_dir: Path):
        self.dir = out_dir / STATE_DIR
        self.parts = self.dir / "parts"

    def start(self, entries: list[Entry], resume: bool) -> list[Entry]:
        """This run's files, in order; on resume, the files whose content changed since the earlier
        run under the same document name (their earlier parts are not theirs any more)."""
        if not resume and self.dir.exists():
            shutil.rmtree(self.dir)
        self.parts.mkdir(parents=True, exist_ok=True)
        earlier = {e.name: e.key for e in self._manifest()} if resume else {}  # a document is its name
        changed = [e for e in entries if earlier.get(e.name, e.key) != e.key]
        _write_json(self.dir / "manifest.json", [asdict(e) for e in entries])
        return changed

    def _manifest(self) -> list[Entry]:
        path = self.dir / "manifest.json"
        if not path.exists():
            return []
        return [Entry(**e) for e in json.loads(path.read_text(encoding="utf-8"))]

    def has(self, key: str) -> bool:
        return (self.parts / f"{key}.json").exists()

    def save(self, key: str, part: dict) -> None:
        _write_json(self.parts / f"{key}.json", part)

    def load(self, entry: Entry) -> dict:
        part = json.loads((self.parts / f"{entry.part}.json").read_text(encoding="utf-8"))
        if part["source_file"] != entry.name:  # the same content under another name
            for rows in (part["risks"], part["controls"], part["problems"]):
                for row in rows:
                    row["source_file"] = entry.name
            part["source_file"] = entry.name
        return part


def _write_json(path: Path, data) -> None:
    write_text(json.dumps(data, ensure_ascii=False, sort_keys=True), path)


# --- running ---------------------------------------------------------------------------------

def count_pages(path: str) -> int:
    """Pages of a PDF, cheaply (pdfium); 0 when it cannot be opened."""
    try:
        import pypdfium2 as pdfium
        doc = pdfium.PdfDocument(path)
        try:
            return len(doc)
        finally:
            doc.close()
    except Exception:
        return 0


def _local(pending: list[Entry], settings: Settings, batch: BatchSettings, password, debug,
           done: Callable[[Entry, dict], None]) -> None:
    """Read files in a process pool; a crashed worker costs only the file it was reading.

    A worker that dies breaks the pool, and every file the pool still held comes
    back unread. Those are read again one at a time, each in a pool of its own, so
    only the file that kills its worker is given up (``worker_crashed``).
    """
    crashed = []
    with ProcessPoolExecutor(max_workers=min(batch.worker_count(), len(pending)), initializer=_limit_memory,
                             initargs=(batch.max_memory_mb,)) as pool:
        futures = {pool.submit(read_one, e.path, settings, password, batch.timeout, debug, e.name,
                               current_language()): e
                   for e in pending}
        remaining = set(futures)
        while remaining:
            finished, remaining = wait(remaining, return_when=FIRST_COMPLETED)
            for future in finished:
                try:
                    done(futures[future], future.result())
                except BrokenProcessPool:
                    crashed.append(futures[future])
    if len(pending) == 1:
        for entry in crashed:
            done(entry, _failed(entry.name, "worker_crashed", _(
                "The process reading this file stopped abruptly (it may have run out of memory or hit a bug "
                "in a PDF library); the file was given up.")))
        return
    for entry in sorted(crashed, key=pending.index):
        _local([entry], settings, batch, password, debug, done)


def _dask(pending: list[Entry], settings: Settings, batch: BatchSettings, password, debug,
          done: Callable[[Entry, dict], None]) -> None:
    """Read files on a Dask distributed cluster: the same read_one, one task per file."""
    try:
        distributed = require("distributed")
    except MissingDependency as exc:
        raise RiskregError(exc.message) from None
    Client, as_completed = distributed.Client, distributed.as_completed

    try:
        client = Client(batch.scheduler, timeout="20s")
    except Exception as exc:
        raise RiskregError(_("Could not reach the Dask scheduler at {address} ({error}).").format(
            address=batch.scheduler, error=f"{type(exc).__name__}: {exc}")) from None
    with client:
        # absolute: a worker's working folder is not this process's, so a relative path is another file there
        futures = {client.submit(read_on_worker, os.path.abspath(e.path), settings, password, debug, e.name,
                                 current_language(), pure=False): e
                   for e in pending}
        for future in as_completed(futures):
            entry = futures[future]
            try:
                part = future.result()
            except Exception as exc:  # the worker died or the task could not run
                part = _failed(entry.name, "worker_crashed", _("The cluster could not read this file ({error}).")
                               .format(error=f"{type(exc).__name__}: {exc}"))
            done(entry, part)


def read_on_worker(path: str, settings: Settings, password: str | None, debug: bool, source: str,
                   lang: str | None = None) -> dict:
    """read_one on a Dask worker, speaking ``lang``; a file this worker cannot see is
    ``not_found_on_worker``, naming it."""
    if not os.path.isfile(path):
        with use_language(lang):
            return _failed(source, "not_found_on_worker", _(
                "The Dask worker {worker} cannot see {path}, which the machine running riskreg can read: the "
                "workers need the files at the same path (a shared folder, mounted alike on every machine).")
                .format(worker=_worker_address(), path=path))
    return read_one(path, settings, password, None, debug, source, lang)


def _worker_address() -> str:
    """The address of the Dask worker running this task, or "(unknown)" outside of one."""
    try:
        from distributed import get_worker
        return get_worker().address
    except (ImportError, ValueError):
        return "(unknown)"


@speaks
def extract_register(paths: Iterable[str | Path] | str | Path, settings: Settings | None = None,
                     batch: BatchSettings | None = None, password: str | None = None,
                     work_dir: str | Path | None = None, resume: bool = False, debug: bool = False,
                     progress: Callable[[int, int], Callable[[str, int], None]] | None = None) -> Register:
    """Read PDFs (files or folders) into one register of risks, controls, problems and files:
    what ``riskreg extract`` does before it writes. Each file is read in a worker process with
    ``batch``'s timeout and memory cap and never stops the others (its failure is a problem row);
    the problems' messages are in ``lang`` (sv or en; default: the active language, Swedish).

    The parts of the files read are kept in ``work_dir``/.riskreg (``riskreg extract`` uses its
    --out folder), so that ``resume=True`` reads only the files not read yet; without
    ``work_dir`` they go to a temporary folder removed at the end.
    """
    if work_dir is None and resume:
        raise ValueError("resume=True needs the work_dir of the run to resume")
    if work_dir is not None:
        return run(paths, work_dir, settings, batch, password=password, resume=resume, debug=debug,
                   progress=progress)
    with tempfile.TemporaryDirectory(prefix="riskreg-") as scratch:
        return run(paths, scratch, settings, batch, password=password, debug=debug, progress=progress)


def _distinct_content(entries: list[Entry]) -> tuple[list[Entry], list[tuple[Entry, Entry]]]:
    """The first entry of each content (the documents), and each copy with the entry it copies."""
    first: dict[str, Entry] = {}
    copies = []
    for e in entries:
        if e.key in first:
            copies.append((e, first[e.key]))
        else:
            first[e.key] = e
    return list(first.values()), copies


def run(paths: Iterable[str | Path], out_dir: str | Path, settings: Settings | None = None,
        batch: BatchSettings | None = None, password: str | None = None, resume: bool = False,
        debug: bool = False, progress: Callable[[int, int], Callable[[str, int], None]] | None = None) -> Register:
    """Read every PDF under PATHS into DIR's parts, then return the whole register in input order.

    ``progress(total_files, total_pages)`` may return a callback called with
    (document name, pages, pages read by OCR) for each file: at once for those read by an
    earlier run and those missing, after reading for the rest. Its total is files.csv's rows.
    """
    settings = Settings.resolve(settings)
    batch = batch or BatchSettings()
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    reading = reading_key(settings, password)
    inputs = find_documents([paths] if isinstance(paths, (str, Path)) else paths)
    entries = []
    for p, name in inputs.found:
        content = file_key(p)
        entries.append(Entry(path=str(p), name=name, key=content, part=part_key(content, reading)))
    state = State(out)
    changed = state.start(entries, resume)
    documents, copies = _distinct_content(entries)  # a copy is read once: its rows are not added twice
    pending = [e for e in documents if not state.has(e.part)]
    tick = None
    if progress is not None:
        pages = {e.part: count_pages(e.path) for e in documents}
        tick = progress(len(documents) + len(inputs.missing), sum(pages.values()))
        for e in documents:
            if tick and e not in pending:  # read by the earlier run: counted done at once
                tick(e.name, pages[e.part], 0)
        for _path, name in inputs.missing:
            if tick:
                tick(name, 0, 0)

    def done(entry: Entry, part: dict) -> None:
        state.save(entry.part, part)
        if tick:
            tick(entry.name, part.get("pages", 0), part.get("ocr_pages", 0))

    if pending:
        (_dask if batch.scheduler else _local)(pending, settings, batch, password, debug, done)
    return gather(state, documents, copies, changed, inputs, settings)


def gather(state: State, documents: list[Entry], copies: list[tuple[Entry, Entry]], changed: list[Entry],
           inputs, settings: Settings) -> Register:
    """The whole register from the documents' parts, in input order, with the run's own problems:
    copies read once, files changed since the earlier run, files missing, paths holding no PDF."""
    risks, controls, problems, files = [], [], [], []
    for e in documents:
        part = state.load(e)
        risks.extend(Risk(**r) for r in part["risks"])
        controls.extend(Control(**c) for c in part["controls"])
        problems.extend(Problem(**p) for p in part["problems"])
        # a part of a file given up (timeout, crash) or saved by an older riskreg has no audit counts
        pages = part.get("pages") or count_pages(e.path)  # a file given up may still tell its pages
        files.append(file_summary(e.name, pages, len(part["risks"]), len(part["controls"]),
                                  part.get("register_words"), part.get("words_accounted"),
                                  part.get("uncertain_cells"), settings.extract.reader, part.get("template"),
                                  part.get("hidden_chars"), part.get("structure_agrees")))
    for copy, original in copies:
        problems.append(Problem(original.name, None, "warning", "duplicate_file", _(
            "{copy} has the same content as {original}: it is a copy, read once (as {name}), so the register "
            "and files.csv hold it once.").format(copy=copy.path, original=original.path, name=original.name)))
    for e in changed:
        problems.append(Problem(e.name, None, "warning", "file_changed", _(
            "{path} is not the file the earlier run read under that name (its content differs); it was read "
            "again, and only the new content is in the register.").format(path=e.path)))
    for p, name in inputs.missing:
        problems.append(Problem(name, None, "error", NotFound.code, NotFound.missing(p).message))
        files.append(file_summary(name, 0, 0, 0, None, None, None, settings.extract.reader))
    problems.extend(nothing_to_read(p) for p in inputs.empty)
    return Register(risks=to_frame(risks, Risk), controls=to_frame(controls, Control),
                    problems=to_frame(problems, Problem), files=to_frame(files, FileSummary))
