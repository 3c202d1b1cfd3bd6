"""The documents to screen: listed without being read, then read on the driver.

:func:`list_inputs` turns files, folders, zip archives and fsspec URLs into
:class:`Ref` s; :class:`_Loader` reads a local ref's bytes, bounded. Separate
because this is where hostile inputs (links, FIFOs, devices, zip bombs) are
refused, before any worker exists.
"""

from __future__ import annotations

import dataclasses
import os
import re
import stat
import zipfile
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import IO, Any

from .. import archives, errors
from ..archives import safe_member_name as safe_member_name  # re-exported: tests, the app
from ..documents import describe_mode
from ..limits import Limits, resolve

FSSPEC_INSTALL = "pip install fsspec s3fs  (or gcsfs, adlfs: the backend of your URL)"


@dataclass(frozen=True, slots=True)
class Ref:
    """One document to screen, before it is read."""

    source: str  # display name, unique within a run
    path: str = ""  # a local file, or the zip archive holding ``member``
    member: str = ""  # the zip member's own name: used to read it, never as a path
    url: str = ""  # an fsspec URL, read on the worker
    error: tuple[str, str] | None = None  # (code, message) found while listing


def _is_url(text: str) -> bool:
    return bool(re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]+://", text))


def list_inputs(
    inputs: Iterable[str | os.PathLike[str]],
    *,
    limits: Limits | None = None,
    exclude: Iterable[str] = (),
) -> list[Ref]:
    """Every document named by ``inputs``: files, folders (recursively), zips, URLs.

    Folders yield regular files only; FIFOs, devices, sockets and links leading
    outside the folder become refs with an error (failed rows), never reads.
    Hidden files and folders (``.name``) are skipped; so are ``exclude`` paths
    (the output and its journal). Sources are unique: a repeated name gets " (2)".
    """
    limits = resolve(limits)
    skip = {os.path.realpath(p) for p in exclude}
    refs: list[Ref] = []
    for raw in inputs:
        text = os.fspath(raw)
        if _is_url(text) and not text.startswith("file://"):
            refs.extend(_url_refs(text))
        else:
            refs.extend(_path_refs(text.removeprefix("file://"), limits, skip))
    return _unique(refs)


def _unique(refs: list[Ref]) -> list[Ref]:
    seen: Counter[str] = Counter()
    out = []
    for ref in refs:
        seen[ref.source] += 1
        if seen[ref.source] > 1:
            ref = dataclasses.replace(ref, source=f"{ref.source} ({seen[ref.source]})")
        out.append(ref)
    return out


def _error_ref(source: str, err: errors.SkillgapError) -> Ref:
    return Ref(source, error=(err.code, err.message))


def _path_refs(path: str, limits: Limits, skip: set[str]) -> Iterator[Ref]:
    try:
        info = os.stat(path)  # a path named by the user may be a link: follow it
    except FileNotFoundError:
        yield _error_ref(path, errors.NotFound(path, "no such file or folder"))
        return
    except OSError as exc:
        yield _error_ref(path, errors.NotFound(path, f"cannot read it: {exc.strerror or exc}"))
        return
    if stat.S_ISDIR(info.st_mode):
        yield from _walk(path, limits, skip)
    elif stat.S_ISREG(info.st_mode):
        yield from _file_refs(path, os.path.realpath(path), path, limits)
    else:
        yield _error_ref(path, _not_regular(path, info.st_mode))


def _not_regular(label: str, mode: int) -> errors.NotARegularFile:
    return errors.NotARegularFile(label, f"this is {describe_mode(mode)}; it was not read")


def _walk(root: str, limits: Limits, skip: set[str]) -> Iterator[Ref]:
    root_real = os.path.realpath(root)

    def inside(real: str) -> bool:
        return real == root_real or real.startswith(root_real.rstrip(os.sep) + os.sep)

    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in list(dirnames):
            full = os.path.join(dirpath, name)
            if os.path.islink(full):  # os.walk does not descend links; say so
                dirnames.remove(name)
                yield _error_ref(
                    full,
                    errors.NotARegularFile(
                        full, "a link to a folder; links to folders are not followed"
                    ),
                )
        for name in sorted(filenames):
            if name.startswith("."):
                continue
            full = os.path.join(dirpath, name)
            try:
                info = os.lstat(full)
            except OSError as exc:
                yield _error_ref(full, errors.NotFound(full, f"cannot read it: {exc.strerror}"))
                continue
            real = full
            if stat.S_ISLNK(info.st_mode):
                real = os.path.realpath(full)
                if not inside(real):
                    yield _error_ref(
                        full,
                        errors.NotARegularFile(full, "a link leading outside the folder"),
                    )
                    continue
                try:
                    info = os.stat(real)
                except OSError:
                    yield _error_ref(full, errors.NotFound(full, "a broken link"))
                    continue
            if os.path.realpath(real) in skip:
                continue
            if not stat.S_ISREG(info.st_mode):
                yield _error_ref(full, _not_regular(full, info.st_mode))
                continue
            yield from _file_refs(full, real, full, limits)


def _open_nofollow(path: str) -> int:
    """Open without following a final link and without blocking on a swapped-in FIFO."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    return os.open(path, flags)


def _file_refs(label: str, path: str, source: str, limits: Limits) -> Iterator[Ref]:
    """A file ref, or one ref per member when the file is a zip archive (not a DOCX)."""
    try:
        fd = _open_nofollow(path)
        with os.fdopen(fd, "rb") as handle:
            head = handle.read(4)
            if head not in (b"PK\x03\x04", b"PK\x05\x06"):
                yield Ref(source, path=path)
                return
            handle.seek(0)
            try:
                zf = zipfile.ZipFile(handle)
            except (zipfile.BadZipFile, OSError, ValueError):
                yield Ref(source, path=path)  # the reader will say it is damaged
                return
            with zf:
                if "[Content_Types].xml" in zf.namelist():
                    yield Ref(source, path=path)  # an Office document, not an archive
                    return
                yield from _zip_refs(zf, path, source, limits)
    except OSError as exc:
        yield _error_ref(label, errors.NotFound(label, f"cannot open it: {exc.strerror}"))


def _zip_refs(zf: zipfile.ZipFile, path: str, source: str, limits: Limits) -> Iterator[Ref]:
    try:
        entries = archives.list_members(
            zf, name=source, limits=limits, total_note="; the rest was not read"
        )
    except errors.DecompressionBomb as err:  # too many entries: the archive is one failed row
        yield _error_ref(
            source,
            errors.DecompressionBomb(
                source, err.reason, hint="split the archive, or raise max_zip_entries"
            ),
        )
        return
    for entry in entries:
        if entry.error is not None:
            yield _error_ref(entry.label, entry.error)
        else:
            yield Ref(entry.label, path=path, member=entry.info.filename)


def _url_refs(url: str) -> Iterator[Ref]:
    fsspec = _import_fsspec(url)
    try:
        fs, root = fsspec.core.url_to_fs(url)
        paths = sorted(fs.find(root)) if fs.isdir(root) else [root]
    except ImportError as exc:  # the backend (s3fs, gcsfs...) is missing
        raise ImportError(f"{url}: {exc} (install it with: {FSSPEC_INSTALL})") from None
    except (OSError, ValueError) as exc:
        yield _error_ref(url, errors.NotFound(url, f"cannot list it: {exc}"))
        return
    for p in paths:
        if p.rsplit("/", 1)[-1].startswith("."):
            continue
        full = fs.unstrip_protocol(p)
        yield Ref(full, url=full)


def _import_fsspec(url: str) -> Any:
    try:
        import fsspec
    except ImportError:
        raise ImportError(f"{url}: reading URLs needs fsspec: {FSSPEC_INSTALL}") from None
    return fsspec


class _Loader:
    """Reads local refs on the driver, keeping one zip archive open at a time."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self._zip: tuple[str, zipfile.ZipFile] | None = None

    def load(self, ref: Ref) -> bytes:
        if ref.member:
            return self._member(ref)
        try:
            fd = _open_nofollow(ref.path)
        except FileNotFoundError:
            raise errors.NotFound(ref.source, "no such file (removed since listing?)") from None
        except OSError as exc:
            raise errors.NotFound(ref.source, f"cannot open it: {exc.strerror}") from None
        with os.fdopen(fd, "rb") as handle:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                raise _not_regular(ref.source, os.fstat(fd).st_mode)
            return self._bounded(handle, ref.source)

    def _bounded(self, handle: IO[bytes], source: str) -> bytes:
        data = handle.read(self.limits.max_file_bytes + 1)
        if len(data) > self.limits.max_file_bytes:
            raise errors.TooLarge(source, f"over the limit of {self.limits.max_file_bytes:,} bytes")
        return data

    def _member(self, ref: Ref) -> bytes:
        if self._zip is None or self._zip[0] != ref.path:
            self.close()
            try:
                self._zip = (ref.path, zipfile.ZipFile(ref.path))
            except (OSError, zipfile.BadZipFile) as exc:
                raise errors.CorruptDocument(
                    ref.source, f"cannot open the archive: {exc}"
                ) from None
        return archives.read_member(self._zip[1], ref.member, label=ref.source, limits=self.limits)

    def close(self) -> None:
        if self._zip is not None:
            self._zip[1].close()
            self._zip = None
