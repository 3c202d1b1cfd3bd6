"""The front door, :func:`screen`: checks every setting, then drives the stages.

:class:`_Plan` loads each document on the driver, sets aside duplicates and what
the journal already holds, hands the rest to an engine (this process, local
workers or Dask), journals each row as it comes back, and writes the output file
from the journal at the end.
"""

from __future__ import annotations

import dataclasses
import difflib
import hashlib
import json
import os
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from .. import __version__, errors
from ..limits import Limits, resolve
from .dask_engine import _dask_client, _import_distributed, _run_dask
from .inputs import Ref, _Loader, list_inputs
from .journal import SYNC_EVERY, Journal, journal_path, read_journal
from .local import Done, _run_inline, _run_local
from .one import Item, _Config, _redacted
from .output import output_format, write_output
from .rows import ROW_FORMAT, ScreenRow, _failed, _failed_from, sort_rows
from .summary import Summary

MAX_BATCH = 32


def _resolve_require(role: Any, require: Iterable[str]) -> tuple[str, ...]:
    """Skill ids from ids or names ("pytorch", "PyTorch"); unknown names are refused."""
    skills = {*role.skills, *role.technologies}
    by_key = {}
    for skill in skills:
        by_key[skill.id.lower()] = skill.id
        by_key[skill.name.lower()] = skill.id
    out = []
    for raw in require:
        for word in (w.strip() for w in str(raw).split(",")):
            if not word:
                continue
            if word.lower() not in by_key:
                close = difflib.get_close_matches(word.lower(), sorted(by_key), n=3)
                hint = f"; did you mean {', '.join(close)}?" if close else ""
                raise ValueError(f"--require: unknown skill {word!r} for role {role.id}{hint}")
            out.append(by_key[word.lower()])
    return tuple(dict.fromkeys(out))


def _settings_key(config: _Config, role: Any) -> str:
    with open(role.path, "rb") as f:
        role_hash = hashlib.sha256(f.read()).hexdigest()
    job = config.job
    job_text = "" if job is None else f"{job.format}\0{job.text}"
    payload = {
        "row_format": ROW_FORMAT,
        "version": __version__,
        "role": role.id,
        "role_file": role_hash,
        "job": hashlib.sha256(job_text.encode()).hexdigest(),
        "limits": dataclasses.asdict(config.limits),
        "blind": config.blind,
        "target_level": config.target_level,
    }
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()[:16]


def _key(source: str, digest: str, settings: str) -> str:
    return hashlib.sha256(f"{source}\0{digest}\0{settings}".encode()).hexdigest()[:32]


class Screening(Iterator[ScreenRow]):
    """The running screen: iterate for rows as they finish; ``summary`` when done."""

    def __init__(self, rows: Iterator[ScreenRow], summary: Summary, close: Callable[[], None]):
        self._rows = rows
        self.summary = summary
        self._close = close

    @property
    def total(self) -> int:
        return self.summary.total

    def __next__(self) -> ScreenRow:
        return next(self._rows)

    def close(self) -> None:
        close = getattr(self._rows, "close", None)
        if close:
            close()
        self._close()

    def __enter__(self) -> Screening:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def screen(
    inputs: Iterable[str | os.PathLike[str]] | str | os.PathLike[str],
    *,
    role: str = "ml_engineer",
    job: Any = None,
    require: Iterable[str] = (),
    only_matching: bool = False,
    min_level: str | None = None,
    target_level: str | None = None,
    blind: bool = False,
    workers: int | None = None,
    scheduler: Any = None,
    dask_local: int | None = None,
    limits: Limits | dict[str, Any] | None = None,
    out: str | os.PathLike[str] | None = None,
    batch_size: int | None = None,
) -> Screening:
    """Screen every document in ``inputs``; iterate the result for rows as they finish.

    ``inputs``: files, folders, zip archives and fsspec URLs. ``workers``: local
    processes (default: the machine's cores; 0 analyses in this process without
    isolation). ``scheduler``: a Dask scheduler address or a ``distributed.Client``;
    ``dask_local``: start a local Dask cluster of that many worker processes.
    ``job``: a posting as for :func:`skillgap.analyse` (its text as ``str``, a ``Path``,
    bytes or a ``Document``), read once here and sent to every worker.
    ``out``: a .csv, .jsonl or .parquet file, written at the end from the journal
    ``out + ".journal.jsonl"``; a rerun skips what the journal already holds.
    ``require``, ``only_matching`` and ``min_level`` shape the output file; every
    row is still yielded and counted in ``summary``. ``target_level``: the level every
    CV is scored for, so that scores rank alike (default: the role's middle rung,
    :attr:`~skillgap.taxonomy.Role.middle_level`).
    """
    from ..taxonomy import load_role

    if isinstance(inputs, str | os.PathLike):
        inputs = [inputs]
    inputs = list(inputs)
    limits = resolve(limits)
    role_obj = load_role(role)  # an unknown role fails here, before any work
    must = _resolve_require(role_obj, require)
    level_order = [lv.id for lv in role_obj.levels]
    if min_level is not None and min_level not in level_order:
        raise ValueError(
            f"--min-level: unknown level {min_level!r} (valid: {', '.join(level_order)})"
        )
    if job is not None:  # read once here; workers get the posting as a Document
        from ..jobs import read_posting

        job = read_posting(job)
    if scheduler is not None and dask_local:
        raise ValueError("use --scheduler or --dask-local, not both")
    if dask_local is not None and dask_local < 1:
        raise ValueError(f"--dask-local needs at least 1 worker, got {dask_local}")
    if scheduler is not None or dask_local:
        _import_distributed()  # fail now, with the install command
    workers = os.cpu_count() or 1 if workers is None else workers
    if workers < 0:
        raise ValueError(f"--workers must be 0 or more, got {workers}")
    out_path = os.fspath(out) if out is not None else None
    if out_path is not None:
        output_format(out_path)
    target = role_obj.level(target_level) if target_level else role_obj.middle_level
    config = _Config(role=role, limits=limits, blind=blind, job=job, target_level=target.id)
    settings = _settings_key(config, role_obj)

    journal = Journal(journal_path(out_path)) if out_path else None
    exclude = [out_path, journal_path(out_path)] if out_path else []
    try:
        refs = list_inputs(inputs, limits=limits, exclude=exclude)
    except BaseException:
        if journal:
            journal.close()
        raise
    summary = Summary(
        total=len(refs),
        output=out_path,
        journal=journal.path if journal else None,
        target_level=target.id,
    )
    if journal:
        summary.dropped_journal_lines = journal.dropped
    plan = _Plan(refs, config, settings, journal, must, level_order, min_level, only_matching)
    rows = plan.run(summary, workers, scheduler, dask_local, batch_size)
    return Screening(rows, summary, lambda: journal.close() if journal else None)


class _Plan:
    """Drives one screen: loads, dedupes, dispatches, journals and writes the output."""

    def __init__(
        self,
        refs: list[Ref],
        config: _Config,
        settings: str,
        journal: Journal | None,
        must: tuple[str, ...],
        level_order: list[str],
        min_level: str | None,
        only_matching: bool,
    ) -> None:
        self.refs = refs
        self.config = config
        self.settings = settings
        self.journal = journal
        self.must = must
        self.level_order = level_order
        self.min_level = min_level
        self.only_matching = only_matching
        self.ready: deque[tuple[str, ScreenRow, bool]] = deque()  # (key, row, from journal)
        self.keys: list[str] = []  # this run's documents, in input order
        self.first: dict[str, str] = {}  # content id -> source of its first copy
        self.work: dict[str, str] = {}  # source sent to a worker -> its journal key
        self.urls: set[str] = set()  # sources read by the workers

    def _items(self) -> Iterator[Item]:
        """Work for the workers; rows that need none go straight to ``ready``."""
        loader = _Loader(self.config.limits)
        done = self.journal.rows if self.journal else {}
        try:
            for ref in self.refs:
                if ref.url:  # read on the worker: its hash is known only afterwards
                    key = _key(ref.source, "url", self.settings)
                    if key in done:
                        self._ready(key, done[key], True)
                    else:
                        self.urls.add(ref.source)
                        yield self._send(key, (ref.source, None, ref.url, "", ""))
                    continue
                if ref.error is not None:
                    self._failed_early(_failed(ref.source, "", *ref.error), done)
                    continue
                try:
                    data = loader.load(ref)
                except errors.SkillgapError as err:
                    self._failed_early(_failed_from(ref.source, "", err), done)
                    continue
                digest = hashlib.sha256(data).hexdigest()
                key = _key(ref.source, digest, self.settings)
                first = self.first.setdefault(digest[:12], ref.source)
                if key in done:
                    self._ready(key, done[key], True)
                elif first == ref.source:
                    yield self._send(key, (ref.source, data, "", digest, ""))
                elif self.config.blind:  # analysed only to find the name to remove
                    yield self._send(key, (ref.source, data, "", digest, first))
                else:
                    row = ScreenRow(ref.source, digest[:12], "duplicate", duplicate_of=first)
                    self._ready(key, row, False)
        finally:
            loader.close()

    def _failed_early(self, row: ScreenRow, done: dict[str, ScreenRow]) -> None:
        """A document that could not be listed or read on the driver."""
        key = _key(row.source, "", self.settings)
        row = self._blind(row)  # cheap to redo: re-checked on every run, journaled on change
        self._ready(key, row, done.get(key) == row)

    def _send(self, key: str, item: Item) -> Item:
        self.keys.append(key)
        self.work[item[0]] = key
        return item

    def _blind(self, row: ScreenRow) -> ScreenRow:
        return _redacted(row, "") if self.config.blind else row

    def _ready(self, key: str, row: ScreenRow, resumed: bool) -> None:
        self.keys.append(key)
        self.ready.append((key, row, resumed))

    def _finish(self, key: str, row: ScreenRow, resumed: bool) -> ScreenRow:
        if self.journal is not None and not resumed:
            self.journal.append(key, row)
        if resumed:
            row = dataclasses.replace(row, resumed=True)
        if self.must:
            found = set(row.skill_ids)
            missing = tuple(s for s in self.must if s not in found)
            met = None if row.status != "ok" else not missing
            row = dataclasses.replace(
                row, must_haves=self.must, must_haves_met=met, missing=missing
            )
        return row

    def _returned(self, source: str, row: ScreenRow) -> tuple[str, ScreenRow]:
        key = self.work.pop(source)
        if source in self.urls and row.status == "ok" and row.id:
            # a URL: its content is known only now; the first copy to finish wins
            first = self.first.setdefault(row.id, source)
            if first != source:
                row = self._blind(ScreenRow(row.source, row.id, "duplicate", duplicate_of=first))
        return key, row

    def run(
        self,
        summary: Summary,
        workers: int,
        scheduler: Any,
        dask_local: int | None,
        batch_size: int | None,
    ) -> Iterator[ScreenRow]:
        start = time.monotonic()
        peaks = summary.peak_memory
        n = dask_local or workers or 1
        size = batch_size or max(1, min(MAX_BATCH, len(self.refs) // (4 * n)))
        items = self._items()

        def rows_from(backend: Iterator[Done]) -> Iterator[ScreenRow]:
            for source, row in backend:
                yield from self._flush(summary)
                key, row = self._returned(source, row)
                final = self._finish(key, row, False)
                summary.add(final)
                yield final
                if self.journal:
                    self.journal.sync(every=SYNC_EVERY)
            yield from self._flush(summary)

        if scheduler is not None or dask_local:
            with _dask_client(scheduler, dask_local) as (client, owned):
                dask = _run_dask(items, self.config, client, size, peaks, owned)
                yield from rows_from(dask)
        elif workers == 0:
            yield from rows_from(_run_inline(items, self.config, peaks))
        else:
            private = [self.journal.fd] if self.journal else []
            local = _run_local(items, self.config, workers, size, peaks, private)
            yield from rows_from(local)
        if self.journal is not None:
            self.journal.sync()
            if summary.output:
                summary.written = self._write(summary.output)
        summary.seconds = time.monotonic() - start

    def _flush(self, summary: Summary) -> Iterator[ScreenRow]:
        while self.ready:
            key, row, resumed = self.ready.popleft()
            final = self._finish(key, row, resumed)
            summary.add(final)
            yield final
        if self.journal:
            self.journal.sync(every=SYNC_EVERY)

    def _selected(self, row: ScreenRow) -> bool:
        if row.status != "ok":
            return True  # failed and duplicate rows are always listed: nothing vanishes
        if self.only_matching and self.must and not row.must_haves_met:
            return False
        if self.min_level is not None:
            if row.level not in self.level_order:
                return False
            return self.level_order.index(row.level) >= self.level_order.index(self.min_level)
        return True

    def _write(self, out: str) -> int:
        """The output from the journal: this run's documents once each, sorted."""
        assert self.journal is not None
        wanted = set(self.keys)
        latest: dict[str, ScreenRow] = {}
        for key, row in read_journal(self.journal.path):
            if key in wanted:
                latest[key] = row
        rows = [self._finish(key, row, True) for key, row in latest.items()]
        rows = [dataclasses.replace(r, resumed=False) for r in sort_rows(rows) if self._selected(r)]
        advice = any(r.overall is not None or r.level is not None for r in rows)
        category_ids = list(dict.fromkeys(c for r in rows for c, _ in r.categories))
        write_output(out, [r.columns(category_ids, advice) for r in rows])
        return len(rows)
