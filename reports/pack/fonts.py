"""Find Noto Sans CJK (Debian package fonts-noto-cjk) at run time; a clear error when it is missing."""

from __future__ import annotations

import shutil
import subprocess
import threading
from pathlib import Path

FAMILY = "Noto Sans CJK JP"
SEARCH_DIRS = (Path("/usr/share/fonts/opentype/noto"), Path("/usr/share/fonts/truetype/noto"),
               Path("/usr/share/fonts/noto-cjk"), Path("/usr/local/share/fonts"), Path.home() / ".fonts")
INSTALL_HINT = "install it with `apt-get install fonts-noto-cjk` (Debian/Ubuntu) and try again"


class FontMissing(RuntimeError):
    """Noto Sans CJK is not installed: the pack cannot embed Japanese glyphs."""


def _fc_match() -> Path | None:
    if shutil.which("fc-match") is None:
        return None
    try:
        out = subprocess.run(["fc-match", "-f", "%{file}", FAMILY], capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    path = Path(out.stdout.strip())
    return path if out.returncode == 0 and "NotoSansCJK" in path.name and path.is_file() else None


def noto_sans_cjk() -> Path:
    """The Noto Sans CJK regular font file (a .ttc collection holding the JP face)."""
    found = _fc_match()
    if found:
        return found
    for directory in SEARCH_DIRS:
        for name in ("NotoSansCJK-Regular.ttc", "NotoSansCJKjp-Regular.otf", "NotoSansCJK-VF.ttf.ttc"):
            if (directory / name).is_file():
                return directory / name
    raise FontMissing(f"the font {FAMILY} (package fonts-noto-cjk) was not found; {INSTALL_HINT}")


def font_dir() -> Path:
    """The directory holding Noto Sans CJK (its Bold face sits beside the Regular one)."""
    return noto_sans_cjk().parent


_REGISTERED: set[str] = set()
_LOCK = threading.Lock()


def register_with_vl_convert() -> Path:
    """Offer Noto Sans CJK to vl-convert (its font registry is process-wide: once per directory); the directory."""
    import vl_convert as vlc

    directory = font_dir()
    with _LOCK:
        if str(directory) not in _REGISTERED:
            vlc.register_font_directory(str(directory))
            _REGISTERED.add(str(directory))
    return directory
