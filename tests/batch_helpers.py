"""Stand-ins the batch tests put into the worker processes, under any start method.

A test replaces ``riskreg.batch.read_one`` by ``read_one`` below. The pool pickles
it by reference, so a worker started by spawn or forkserver imports this module
(tests/ is on the workers' sys.path) and a forked worker inherits it: the
misbehaviour reaches the workers whatever multiprocessing's start method is
(fork on Linux up to Python 3.13, forkserver from 3.14).
"""
from __future__ import annotations

import os
import resource
from pathlib import Path

import riskreg.pipeline
from riskreg.batch import read_one as _real_read_one
from riskreg.pipeline import extract_file as _real_extract_file


def _misbehave(path, settings=None, password=None, source=None):
    """extract_file that fails the way the file's name says."""
    name = Path(path).name
    if name.startswith("b_memory"):
        # a file needing every byte the worker may have: only a memory cap stops it
        limit, _ = resource.getrlimit(resource.RLIMIT_AS)
        if limit != resource.RLIM_INFINITY:
            bytearray(limit)
    if name.startswith("e_bug"):
        raise KeyError("a bug of riskreg's")  # not the file's fault: internal_error
    if name.startswith("c_crash"):
        os._exit(9)  # the worker process dies, as on a segfault or the kernel's OOM killer
    return _real_extract_file(path, settings, password=password, source=source)


def read_one(*args, **kwargs):
    """riskreg.batch.read_one with the misbehaving extract_file in this process."""
    riskreg.pipeline.extract_file = _misbehave
    return _real_read_one(*args, **kwargs)


def allocate(mb: int) -> str:
    try:
        bytearray(mb * 1024 * 1024)
        return "ok"
    except MemoryError:
        return "MemoryError"
