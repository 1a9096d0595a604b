"""latexcodec, the one library call behind LaTeX ↔ Unicode (imported on first use).

Its own module so that both the text decoder (``latex``) and the math decoder
(``latex_math``) use it without importing each other.
"""

from __future__ import annotations

import codecs
from typing import Any

_CODECS: Any = codecs  # the text→text "ulatex" codec is beyond typeshed's overloads


def ulatex_decode(latex: str) -> str:
    """latexcodec's decoding (importing latexcodec registers the codec)."""
    import latexcodec  # noqa: F401

    return str(_CODECS.decode(latex, "ulatex"))


def ulatex_encode(text: str) -> str:
    """latexcodec's encoding; raises UnicodeEncodeError for characters it cannot write."""
    import latexcodec  # noqa: F401

    return str(_CODECS.encode(text, "ulatex"))


def decode_piece(cluster: str) -> str:
    """latexcodec on one small piece (an accent with its argument, a ligature), braces removed."""
    return ulatex_decode(cluster).replace("{", "").replace("}", "")
