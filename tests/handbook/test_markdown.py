"""Rendering a chapter's Markdown: ordinary Markdown comes out as expected, and nothing that can
run (script, event handlers, javascript: and kin) survives, however it is disguised."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from handbook.markdown import render
from tests.handbook.html_checks import XSS_VECTORS, problems

CONTEXTS = {
    "alone": "{}",
    "in a paragraph": "Meld je ziek {} voor 9 uur.",
    "in a list": "- eerst\n- {}",
    "in a table": "| Regel | Toelichting |\n|---|---|\n| 1 | {} |",
    "in a quote": "> {}",
    "in a heading": "## {}",
    "as a block": "Alinea.\n\n{}\n\nAlinea.",
}


@pytest.mark.parametrize("context", CONTEXTS.values(), ids=list(CONTEXTS))
@pytest.mark.parametrize("vector", XSS_VECTORS)
def test_attack_vector_does_not_survive_rendering(vector, context):
    assert problems(render(context.format(vector))) == []


def test_raw_html_shows_as_the_text_typed():
    assert render("<b>vet</b> & <script>x</script>") == (
        "<p>&lt;b&gt;vet&lt;/b&gt; &amp; &lt;script&gt;x&lt;/script&gt;</p>\n"
    )


@pytest.mark.parametrize(
    "link",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "jav&#x09;ascript:alert(1)",
        "jav%09ascript:alert(1)",
        "vbscript:msgbox(1)",
        "data:text/html,x",
        "file:///etc/passwd",
        "ftp://example.org/x",
        "tel:0201234567",
    ],
)
def test_links_outside_http_https_mailto_lose_their_href(link):
    # markdown-it-py leaves some as the text typed, the allow-list drops the href of the others
    rendered = render(f"[klik]({link})")
    assert "href" not in rendered
    assert "klik" in rendered


@pytest.mark.parametrize(
    "link",
    [
        "https://www.rijksoverheid.nl/wor",
        "http://example.org/a?b=c",
        "mailto:hr@plusteam.nl",
        "#p-0123456789",
        "/handboek/3/",
        "verlof.html",
    ],
)
def test_http_https_mailto_and_relative_links_are_kept_with_rel(link):
    assert render(f"[klik]({link})") == (
        f'<p><a href="{link}" rel="noopener noreferrer">klik</a></p>\n'
    )


def test_headings_move_one_level_down_and_stop_at_h6():
    assert render("# Eén\n\n## Twee\n\n##### Vijf\n\n###### Zes") == (
        "<h2>Eén</h2>\n<h3>Twee</h3>\n<h6>Vijf</h6>\n<h6>Zes</h6>\n"
    )


def test_setext_heading_moves_down_too():
    assert render("Verlof\n======") == "<h2>Verlof</h2>\n"


def test_emphasis_code_and_dutch_characters():
    assert render("**Ziekmelding** bij *de leidinggevende*: `vóór 9:00`, ë ï é ü — “ok”") == (
        "<p><strong>Ziekmelding</strong> bij <em>de leidinggevende</em>: "
        "<code>vóór 9:00</code>, ë ï é ü — “ok”</p>\n"
    )


def test_lists_keep_their_start_number():
    assert render("- a\n- b\n\n3. drie\n4. vier") == (
        '<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n<ol start="3">\n<li>drie</li>\n<li>vier</li>\n</ol>\n'
    )


def test_table_renders_without_style():
    assert render("| Dag | Uren |\n|:--|--:|\n| ma | 8 |") == (
        "<table>\n<thead>\n<tr>\n<th>Dag</th>\n<th>Uren</th>\n</tr>\n</thead>\n"
        "<tbody>\n<tr>\n<td>ma</td>\n<td>8</td>\n</tr>\n</tbody>\n</table>\n"
    )


def test_quote_rule_break_and_code_block():
    assert render("> citaat\n\n---\n\nregel  \nbreuk\n\n```python\nx = 1\n```") == (
        "<blockquote>\n<p>citaat</p>\n</blockquote>\n<hr>\n<p>regel<br>\nbreuk</p>\n"
        "<pre><code>x = 1\n</code></pre>\n"
    )


def test_reference_links_resolve():
    assert render("Zie [de WOR][wor].\n\n[wor]: https://wetten.overheid.nl/BWBR0002747") == (
        '<p>Zie <a href="https://wetten.overheid.nl/BWBR0002747" rel="noopener noreferrer">'
        "de WOR</a>.</p>\n"
    )


def test_images_become_a_link_to_the_picture():
    assert render("![logo](https://example.org/logo.png)") == (
        '<p>!<a href="https://example.org/logo.png" rel="noopener noreferrer">logo</a></p>\n'
    )


def test_rendering_does_not_change_the_text_and_is_repeatable():
    text = "# Titel\n\nTekst met <script>x</script> en [a](javascript:x)."
    copy = str(text)
    assert render(text) == render(text)
    assert text == copy


def test_empty_text_renders_empty():
    assert render("") == ""


_pieces = st.one_of(
    st.text(max_size=20),
    st.sampled_from(XSS_VECTORS),
    st.sampled_from(["\n", "\n\n", "- ", "1. ", "> ", "# ", "| a |\n|---|\n| ", "`", "**", "["]),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_pieces, max_size=12).map("".join))
def test_random_text_with_injected_vectors_renders_safely(text):
    assert problems(render(text)) == []
