"""Zip archives of résumés, read member by member in memory, within limits.

Used by ``skillgap screen`` (:mod:`skillgap.screen`, a zip named on the command line)
and by the app's recruiter batch upload (:mod:`skillgap.webapp`). A member is never
written to disk: it is read into memory and handed on as bytes, so its name is only
a label (``"board.zip!cvs/ann.pdf"``) and never a path. What is guarded against:

* **zip slip**: names with ``..``, an absolute path (``/etc/passwd``), a Windows drive
  (``C:\\x``) or control characters are shown through :func:`safe_member_name`, which
  drops the drive, the root, ``.`` and ``..`` and every unprintable character;
* **over-long names**: a name longer than a file system allows (300 characters, say)
  is harmless since it is never a path; it is kept whole so no member is silently
  dropped or merged with another;
* **decompression bombs**: too many entries (``Limits.max_zip_entries``; the whole
  archive is refused), a member that inflates over ``Limits.max_file_bytes``, a
  member over 1 MiB whose compression ratio is over ``Limits.max_compression_ratio``,
  and an archive whose members add up to more than ``Limits.max_decompressed_bytes``
  (every member past that point is refused). The sizes are checked from the headers
  before anything is inflated, and a read never returns more than
  ``max_file_bytes`` whatever the headers claim;
* **encrypted members** (refused, never a password prompt), **damaged members**, and
  **a zip inside a zip** (nested archives are not opened; an Office document, itself
  a zip, is fine).

Folders, ``__MACOSX/`` resource forks and dot files (``.DS_Store``) are skipped.
A member over a limit is not an exception: it comes back with its error so that the
caller can report it and go on with the others.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass

from . import errors
from .limits import Limits, MiB

ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")  # a local file header, an empty archive


def safe_member_name(name: str) -> str:
    """A zip member's name made harmless for display: no drive, no root, no '..'."""
    name = "".join(ch for ch in name.replace("\\", "/") if ch.isprintable())
    name = re.sub(r"^[A-Za-z]:", "", name)  # a Windows drive
    parts = [p for p in name.split("/") if p not in ("", ".", "..")]
    return "/".join(parts) or "_"


@dataclass(frozen=True, slots=True)
class Entry:
    """One member as listed, before it is read: its label, and why it is refused if it is."""

    label: str  # "<archive name>!<safe member name>"
    info: zipfile.ZipInfo  # ``info.filename`` reads it back; never use it as a path
    error: errors.SkillgapError | None = None


@dataclass(frozen=True, slots=True)
class Member:
    """One member read: its label and bytes, or its label and why it was not read."""

    label: str
    data: bytes = b""
    error: errors.SkillgapError | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


def list_members(
    zf: zipfile.ZipFile, *, name: str, limits: Limits, total_note: str = ""
) -> Iterator[Entry]:
    """Every member of ``zf`` worth reading, checked against ``limits`` from its headers.

    ``name`` labels the archive. Raises :class:`errors.DecompressionBomb` (labelled
    ``name``) when there are more than ``limits.max_zip_entries`` entries; it is
    raised by the call itself, before any entry is listed. ``total_note`` is added to
    the reason given to members past ``limits.max_decompressed_bytes``.
    """
    infos = [i for i in zf.infolist() if not i.is_dir()]
    if len(infos) > limits.max_zip_entries:
        raise errors.DecompressionBomb(
            name, f"{len(infos):,} zip entries is over the limit of {limits.max_zip_entries:,}"
        )
    return _entries(infos, name, limits, total_note)


def _entries(
    infos: list[zipfile.ZipInfo], name: str, limits: Limits, total_note: str
) -> Iterator[Entry]:
    total = 0
    for info in infos:
        shown = safe_member_name(info.filename)
        if shown.startswith("__MACOSX/") or shown.rsplit("/", 1)[-1].startswith("."):
            continue
        label = f"{name}!{shown}"
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        problem: errors.SkillgapError | None = None
        if info.flag_bits & 0x1:
            problem = errors.EncryptedDocument(label, "an encrypted zip member")
        elif info.file_size > limits.max_file_bytes:
            problem = errors.TooLarge(
                label, f"inflates to {info.file_size:,} bytes, over {limits.max_file_bytes:,}"
            )
        elif info.file_size > MiB and ratio > limits.max_compression_ratio:
            problem = errors.DecompressionBomb(
                label,
                f"inflates {ratio:,.0f}x, over the limit of {limits.max_compression_ratio:,.0f}x",
            )
        elif total > limits.max_decompressed_bytes:
            problem = errors.DecompressionBomb(
                label,
                f"the archive inflates past {limits.max_decompressed_bytes:,} bytes "
                f"in total{total_note}",
            )
        yield Entry(label, info, problem)


def read_member(
    zf: zipfile.ZipFile, member: str | zipfile.ZipInfo, *, label: str, limits: Limits
) -> bytes:
    """The bytes of one member, in memory; never more than ``limits.max_file_bytes``.

    Raises :class:`errors.TooLarge`, :class:`errors.CorruptDocument` (a damaged member,
    a bad CRC) or :class:`errors.UnsupportedType` (a zip inside the zip), labelled
    ``label``.
    """
    try:
        with zf.open(member) as fh:
            data = fh.read(limits.max_file_bytes + 1)
            if len(data) > limits.max_file_bytes:
                raise errors.TooLarge(label, f"over the limit of {limits.max_file_bytes:,} bytes")
    except (zipfile.BadZipFile, zlib.error, OSError, ValueError, NotImplementedError) as exc:
        raise errors.CorruptDocument(label, f"a damaged zip member: {exc}") from None
    if data[:4] in ZIP_MAGIC and b"[Content_Types].xml" not in data:
        raise errors.UnsupportedType(
            label, "a zip inside a zip; nested archives are not opened", hint=""
        )
    return data


def zip_members(archive: bytes | zipfile.ZipFile, *, name: str, limits: Limits) -> Iterator[Member]:
    """Every member of ``archive`` (its bytes, or an open zip), read in memory.

    A member over a limit, damaged or nested comes back with its error and the others
    go on. The call itself raises :class:`errors.CorruptDocument` when ``archive`` is
    bytes that are not a readable zip, and :class:`errors.DecompressionBomb` when it
    has too many entries (see :func:`list_members`); both are labelled ``name``.
    An open zip passed in is left open.
    """
    if isinstance(archive, zipfile.ZipFile):
        return _read_all(archive, list_members(archive, name=name, limits=limits), limits)
    try:
        zf = zipfile.ZipFile(io.BytesIO(archive))
    except zipfile.BadZipFile as exc:
        raise errors.CorruptDocument(name, f"a damaged zip archive: {exc}") from None
    try:
        entries = list_members(zf, name=name, limits=limits)
    except BaseException:
        zf.close()
        raise
    return _read_all(zf, entries, limits, owned=True)


def _read_all(
    zf: zipfile.ZipFile, entries: Iterator[Entry], limits: Limits, *, owned: bool = False
) -> Iterator[Member]:
    try:
        for entry in entries:
            if entry.error is not None:
                yield Member(entry.label, error=entry.error)
                continue
            try:
                data = read_member(zf, entry.info, label=entry.label, limits=limits)
            except errors.SkillgapError as err:
                yield Member(entry.label, error=err)
            else:
                yield Member(entry.label, data)
    finally:
        if owned:
            zf.close()
