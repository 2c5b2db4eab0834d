"""The main block (issue 16): a page is judged by the block that holds its body, not by its
furniture. Related lists, menus and agency lists never count as listed items; a listing's
teasers do, whether each sits in its own element or (Joomla 1.5 blog tables) beside its
snippet."""

from __future__ import annotations

from lxml import html

from govcrawl.extract.main_block import listed_items, main_block

PARAGRAPHS = [
    "Sáng 12-3, Sở Khoa học và Công nghệ tổ chức hội nghị tổng kết công tác năm 2024 và triển khai nhiệm vụ năm 2025 với sự tham dự của lãnh đạo các phòng, đơn vị trực thuộc.",
    "Năm 2024, Sở đã tham mưu UBND tỉnh ban hành 12 văn bản, triển khai 45 nhiệm vụ khoa học và công nghệ cấp tỉnh, trong đó 18 nhiệm vụ đã được nghiệm thu đúng tiến độ.",
    "Phát biểu chỉ đạo, đồng chí Phó Chủ tịch UBND tỉnh đề nghị ngành tiếp tục đẩy mạnh chuyển đổi số, hỗ trợ doanh nghiệp đổi mới công nghệ và phát triển tài sản trí tuệ.",
]
RELATED = "".join(
    f'<li><a href="/tin/{n}">Hội thảo khoa học về phát triển nông nghiệp công nghệ cao số {n}</a> (0{n}/03/2025)</li>'
    for n in range(1, 9)
)
MENU = "".join(
    f'<li><a href="/muc/{n}">Chuyên mục tin tức hoạt động số {n}</a></li>' for n in range(40)
)
ARTICLE = f"""<html><body><ul class="x1">{MENU}</ul>
<div class="c7"><h1>Hội nghị tổng kết công tác năm 2024</h1>
{"".join(f"<p>{p}</p>" for p in PARAGRAPHS)}
<p><b>Tin liên quan</b></p><ul>{RELATED}</ul></div>
<div class="c9"><h3>Đọc nhiều</h3><ul>{RELATED}</ul></div></body></html>"""
ITEMS = "".join(
    f'<div class="item"><h3><a href="/tin/{n}">Hội thảo khoa học về phát triển nông nghiệp số {n}</a></h3>'
    f"<span>0{n}/03/2025</span><p>{PARAGRAPHS[n % 3]}</p></div>"
    for n in range(1, 9)
)
LISTING = f'<html><body><ul class="x1">{MENU}</ul><div class="c7">{ITEMS}</div></body></html>'
BLOG_TABLES = "".join(
    f'<table><tr><td class="contentheading"><a href="/tin/{n}">Hội thảo khoa học về phát triển số {n}</a>'
    f"</td></tr></table><table><tr><td>{PARAGRAPHS[n % 3]}</td></tr></table>"
    f'<table><tr><td><a href="/tin/{n}">Đọc thêm...</a></td></tr></table>'
    for n in range(1, 7)
)
JOOMLA_BLOG = f"<html><body><div>{MENU}</div><div class='blog'>{BLOG_TABLES}</div></body></html>"


def _items(page: str) -> int:
    tree = html.document_fromstring(page)
    block = main_block(tree, PARAGRAPHS)
    assert block is not None
    return listed_items(block, "\n".join(PARAGRAPHS)).items


def test_an_article_with_related_lists_and_menus_lists_nothing() -> None:
    tree = html.document_fromstring(ARTICLE)
    block = main_block(tree, PARAGRAPHS)
    assert block is not None and block.get("class") == "c7"
    assert (
        listed_items(block, "\n".join(PARAGRAPHS)).items <= 1
    )  # the last related link may be followed by other text


def test_a_listing_lists_each_teaser_with_its_snippet() -> None:
    assert _items(LISTING) == 8


def test_teasers_beside_their_snippets_are_items_too() -> None:
    assert _items(JOOMLA_BLOG) == 6


def test_no_block_when_no_prose_line_is_on_the_page() -> None:
    tree = html.document_fromstring(ARTICLE)
    assert (
        main_block(tree, ["Một đoạn văn không có trên trang này, dài hơn ba mươi ký tự."]) is None
    )
