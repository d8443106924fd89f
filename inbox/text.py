"""A message's text as the mail drop keeps it: HTML turned into lines, and only what the
sender wrote, without the quoted thread below it nor the signature.

The drop keeps a short excerpt and nothing else of a body (README, "The mail drop"): the
new words of a reply, not the whole thread each reply repeats.
"""

import re
from email.message import Message
from html.parser import HTMLParser

from models.maildrop import EXCERPT_LENGTH

# Tags after which a browser starts a new line.
_BLOCKS = frozenset(
    ("address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "footer",
     "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "ol", "p", "pre",
     "section", "table", "td", "th", "tr", "ul")
)  # fmt: skip
_HIDDEN = frozenset({"head", "script", "style", "title", "template"})
_SPACES = re.compile(r"[ \t\r\n\f\v\u00a0\u200b]+")


class _TextOfHtml(HTMLParser):
    """Collect the text of an HTML body, a line per block, quoted blocks marked "> ".

    A block holding nothing but a `<br>` or a no-break space (`<div><br></div>` in Gmail,
    `<p>&nbsp;</p>` in Outlook) is a blank line, as the reader sees it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.line: list[str] = []
        self.blank = False  # the current block holds a blank line
        self.hidden = 0
        self.quoted = 0

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in _HIDDEN:
            self.hidden += 1
        elif tag == "br":
            self.blank = not "".join(self.line).strip()
            self.end_line()
        elif tag in _BLOCKS:
            self.end_line()
            if tag == "blockquote":
                self.quoted += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag in _BLOCKS:
            self.end_line()
            if tag == "blockquote":
                self.quoted = max(0, self.quoted - 1)

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            if "\u00a0" in data and not data.replace("\u00a0", "").strip():
                self.blank = True
            self.line.append(_SPACES.sub(" ", data))

    def end_line(self) -> None:
        text = "".join(self.line).strip()
        self.line = []
        if text:
            self.lines.append("> " * self.quoted + text)
        elif self.blank and self.lines and self.lines[-1]:
            self.lines.append("")
        self.blank = False


def html_to_text(html: str) -> str:
    """Return the text of an HTML body: a line per paragraph, quotations marked "> "."""
    parser = _TextOfHtml()
    try:
        parser.feed(html)
        parser.close()
    except (AssertionError, ValueError):  # a body cut off inside a tag
        pass
    parser.end_line()
    return "\n".join(parser.lines)


# Where the sender's own words end: a reply's attribution, a quoted or forwarded message's
# header, a signature.
_ATTRIBUTION_START = re.compile(r"^(?:le|on)\s", re.IGNORECASE)
_ATTRIBUTION = re.compile(r"^(?:le|on)\s.+(?:a\s+[ée]crit|wrote)\s*:\s*$", re.IGNORECASE)
_SEPARATORS = re.compile(
    r"^(?:-{3,}\s*(?:original message|message d.origine|forwarded message|"
    r"message transf[ée]r[ée])\s*-{3,}|_{10,}|-{10,})$",
    re.IGNORECASE,
)
_HEADER_SENDER = re.compile(r"^\*?(?:de|from)\s*:", re.IGNORECASE)
_HEADER_DATE = re.compile(r"^\*?(?:envoy[ée]|sent|date)\s*:", re.IGNORECASE)
_SIGNATURE = re.compile(
    r"^(?:--|-- |envoy[ée] (?:de|depuis|à partir de) (?:mon|ma|mon appareil|outlook)\b.*|"
    r"sent from (?:my|outlook|mail for)\b.*|obtenez outlook pour\b.*|get outlook for\b.*|"
    r"(?:bien |très )?cordialement[,.!]?|(?:meilleures |sincères )?salutations[,.!]?|"
    r"bien à (?:vous|toi)[,.!]?|au plaisir[,.!]?|(?:best |kind |warm )?regards[,.!]?)$",
    re.IGNORECASE,
)


def _ends_own_words(lines: list[str], index: int) -> bool:
    """Return whether the sender's own words end before line `index`."""
    line = lines[index].strip()
    if _SEPARATORS.match(line) or _SIGNATURE.match(line):
        return True
    if _ATTRIBUTION_START.match(line) and _attribution_within(lines, index):
        return True
    if _HEADER_SENDER.match(line):
        return any(_HEADER_DATE.match(other.strip()) for other in lines[index + 1 : index + 5])
    return False


def _attribution_within(lines: list[str], index: int) -> bool:
    """Return whether an attribution ("Le … a écrit :") starts at `index` and ends on it
    or on one of the next two lines (Gmail wraps a long one)."""
    for end in range(index, min(index + 3, len(lines))):
        joined = " ".join(part.strip() for part in lines[index : end + 1])
        if _ATTRIBUTION.match(joined):
            return True
    return False


def own_words(text: str) -> str:
    """Return the lines the sender wrote: up to the quoted thread or the signature, without
    "> " quotations, blank lines collapsed."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    kept: list[str] = []
    for index, line in enumerate(lines):
        if _ends_own_words(lines, index):
            break
        stripped = _SPACES.sub(" ", line).strip()
        if stripped.startswith(">"):
            continue
        if stripped or (kept and kept[-1]):
            kept.append(stripped)
    return "\n".join(kept).strip()


def clean_excerpt(text: str, length: int = EXCERPT_LENGTH) -> str:
    """Return the excerpt kept of a body: the sender's own words, cut to `length`
    characters at a word's end."""
    words = own_words(text)
    if len(words) <= length:
        return words
    cut = words[: length - 1]
    if " " in cut[length // 2 :]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:\n") + "…"


# A message's own text part ------------------------------------------------------------


def _decoded(part: Message) -> str:
    """Return a text part's content, whatever its declared charset says (or hides)."""
    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes):
        payload = str(part.get_payload()).encode("utf-8", "replace")
    charset = part.get_content_charset() or "utf-8"
    for encoding in (charset, "utf-8", "cp1252"):
        try:
            return payload.decode(encoding)
        except (LookupError, UnicodeError):
            continue
    return payload.decode("utf-8", "replace")


def _text_parts(message: Message):
    """Yield the text/plain and text/html parts of `message` that are its own body (not
    attachments, not inside an attached message)."""
    if message.is_multipart():
        for part in message.get_payload():
            if not isinstance(part, Message) or part.get_content_type() == "message/rfc822":
                continue
            yield from _text_parts(part)
    elif message.get_content_maintype() == "text" and not _is_attachment(message):
        yield message


def _is_attachment(part: Message) -> bool:
    return (part.get("content-disposition") or "").strip().lower().startswith("attachment")


def body_text(message: Message) -> str:
    """Return the message's text: its first text/plain part, else its first text/html
    part turned into text."""
    plain = html = None
    for part in _text_parts(message):
        kind = part.get_content_subtype()
        if kind == "plain" and plain is None:
            plain = part
        elif kind == "html" and html is None:
            html = part
    if plain is not None:
        return _decoded(plain)
    if html is not None:
        return html_to_text(_decoded(html))
    return ""
