"""Real news text as users have it: Treebank-tokenised wire copy, wire heads glued to the lede, dates
only in folder names, pages declaring their headline in JSON-LD, site furniture repeated in every
article. Each rule on a small constructed input, then through a real store."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from samples import STORIES, story_text
from storyline import Storyline
from storyline.analyse.entities import extract_mentions
from storyline.analyse.nlp import load_pipeline
from storyline.ingest.build import build_article
from storyline.ingest.dates import date_in_path, date_in_url
from storyline.ingest.detokenize import detokenise, is_tokenised
from storyline.ingest.html import read_html
from storyline.models import RawArticle

WIRE = ("By Jane Roe , Health and Science Editor WASHINGTON | Mon Mar 2 , 2009 4:23 pm EST WASHINGTON -LRB- Reuters "
        "-RRB- - Virtually all cases of the most common strain of flu now resist the main drug used to treat it , the "
        "U.S. Centers for Disease Control and Prevention said on Monday .\n"
        "Roche AG 's Tamiflu does n't work against it , `` and that is sobering , '' Dr. Ann Lee said .\n"
        "-LRB- Reporting by Jane Roe ; Editing by Will Dunham -RRB-\n")


def text_article(text: str, path: str = "pile/story.txt") -> object:
    return build_article(RawArticle(text=text, origin=path, format="text", path=path, title_in_text=True))


# --- Treebank-tokenised text ----------------------------------------------------------------------

def test_treebank_text_is_told_apart_and_put_back() -> None:
    assert is_tokenised(WIRE)
    assert not is_tokenised(story_text(STORIES[0]))
    assert detokenise("Roche AG 's Tamiflu does n't work , `` he said '' -LRB- AP -RRB- in PARIS\\/ATLANTA .") == \
        "Roche AG's Tamiflu doesn't work, \"he said\" (AP) in PARIS/ATLANTA."
    assert detokenise("Health fears ` could stall ' airlines , a $ 100 billion bill") == \
        "Health fears 'could stall' airlines, a $100 billion bill"
    assert detokenise("dial 1 -LRB- 800-RRB-860-2442 now") == "dial 1 (800) 860-2442 now"


def test_a_tokenised_wire_story_reads_as_written() -> None:
    article = text_article(WIRE, "InputDocs/2009-03-02/291.htm.txt")
    assert article.text.startswith("WASHINGTON (Reuters) - Virtually all cases of the most common strain")
    assert "Roche AG's Tamiflu doesn't work against it, \"and that is sobering,\" Dr. Ann Lee said." in article.text
    assert "-LRB-" not in article.text and " 's" not in article.text
    assert (article.source, article.source_evidence) == ("Reuters", "wire tag '(Reuters)'")
    assert article.author == "Jane Roe"
    assert article.published.value == "2009-03-02T16:23"
    assert article.published.evidence == "dateline 'Mon Mar 2, 2009 4:23 pm EST'"
    assert {(r.reason, r.text) for r in article.removed} >= {
        ("byline", "By Jane Roe, Health and Science Editor"), ("dateline", "Mon Mar 2, 2009 4:23 pm EST")}


# --- wire heads and titles ------------------------------------------------------------------------

def test_headline_highlights_and_editors_note_before_the_dateline() -> None:
    head = ("UPDATE 1-Drugmaker says Asia sales could double * Will lower prices in Asia * Says Taiwan bought Relenza "
            "(Recasts with sales forecast) SINGAPORE, June 29 (Reuters) - British drugmaker GlaxoSmithKline said on "
            "Monday that its sales in Asia could double in five years.\nIt gave no figures for Japan.")
    article = text_article(head, "InputDocs/2009-06-29/1.htm.txt")
    assert (article.title, article.title_source) == ("Drugmaker says Asia sales could double",
                                                     "headline before the wire dateline")
    assert article.text.startswith("SINGAPORE, June 29 (Reuters) - British drugmaker")
    reasons = {(r.reason, r.text) for r in article.removed}
    assert ("story highlights", "Will lower prices in Asia") in reasons
    assert ("editor's note", "(Recasts with sales forecast)") in reasons
    # "June 29" has no year: the folder's gives it.
    assert article.published.value == "2009-06-29"
    assert article.published.evidence == "dateline 'June 29' in the year of the folder name '2009-06-29'"


def test_a_photo_caption_above_the_wire_head_is_neither_title_nor_text() -> None:
    text = ("A police woman wears a mask in Mexico City April 24, 2009.\n"
            "MEXICO CITY | Fri Apr 24, 2009 7:50 pm EDT MEXICO CITY (Reuters) - A strain of flu never seen before has "
            "killed up to 60 people in Mexico and also appeared in the United States, where eight people were "
            "infected but recovered, health officials said on Friday.\nSchools were shut.")
    article = text_article(text)
    assert ("caption", "A police woman wears a mask in Mexico City April 24, 2009.") in {
        (r.reason, r.text) for r in article.removed}
    assert article.title_source == "lede"
    assert article.title == "A strain of flu never seen before has killed up to 60 people in Mexico …"
    assert article.text.startswith("MEXICO CITY (Reuters) - A strain of flu")


def test_titles_for_untitled_text() -> None:
    short = text_article("Council votes for the tram line\n\nThe council voted 31 to 18 on Tuesday.")
    assert (short.title, short.title_source) == ("Council votes for the tram line", "first line")
    lede = text_article(" ".join(["The council voted on Tuesday, after two years of debate and three public"
                                  " hearings, to build a tram line linking the harbour with the university campus."] * 2))
    assert lede.title_source == "lede"
    assert lede.title == "The council voted on Tuesday, after two years of debate and three public hearings"
    release = text_article("Boost Natural Killer Cells to Prevent Flu * Reuters is not responsible for the content "
                           "in this press release.\nThe clinic said its treatment works.")
    assert release.title == "Boost Natural Killer Cells to Prevent Flu"
    assert (release.source, release.source_evidence) == (
        "Reuters", "statement 'Reuters is not responsible for the content in this press release.'")
    column = text_article("- Eric Auchard is a Reuters columnist.\nIf you look no further than the latest headlines, "
                          "you might think a worldwide flu pandemic was already under way with a threat to millions.\n"
                          "It is not.")
    assert (column.title, column.source) == ("If you look no further than the latest headlines", "Reuters")
    assert ("author bio", "- Eric Auchard is a Reuters columnist.") in {(r.reason, r.text) for r in column.removed}


def test_outlet_from_dateline_credit_and_byline_and_domain(tmp_path: Path) -> None:
    credit = text_article("Aid pledged\n\nAFP , Wednesday 29 Nov 2023\n\nThe minister pledged more aid on Wednesday.")
    assert (credit.source, credit.source_evidence) == ("AFP", "dateline 'AFP , Wednesday 29 Nov 2023'")
    byline = text_article("Aid pledged\n\nBy Jo Smith, Reuters\n\nThe minister pledged more aid on Wednesday.")
    assert byline.source == "Reuters" and byline.source_evidence.startswith("byline ")
    record = RawArticle(text=story_text(STORIES[0]), origin="x.json#1", format="json", url="https://www.ledger.example/a",
                        domain="ledger.example", title="Tram")
    assert (build_article(record).source, build_article(record).source_evidence) == ("ledger.example",
                                                                                   "domain ledger.example")


# --- dates ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("path, day, evidence", [
    ("news/2010-05-24/123.txt", "2010-05-24", "folder name '2010-05-24'"),
    ("news/reuters_20100524_x.txt", "2010-05-24", "file name 'reuters_20100524_x.txt'"),
    ("polnear/breitbart_2016-09-12_stealth-over-health.txt", "2016-09-12",
     "file name 'breitbart_2016-09-12_stealth-over-health.txt'"),
    ("dump.zip!2010/05/24/123.txt", "2010-05-24", "folder names '2010/05/24'"),
    ("news/1208.htm.txt", None, None),
    ("news/20101345.txt", None, None),  # no such month
])
def test_dates_in_file_and_folder_names(path: str, day: str | None, evidence: str | None) -> None:
    found = date_in_path(path)
    assert (found.value if found else None, found.evidence if found else None) == (day, evidence)


def test_dates_in_urls_and_the_precedence_between_sources() -> None:
    assert date_in_url("https://www.example.org/2016/08/21/us/politics/x.html").value == "2016-08-21"
    assert date_in_url("https://example.org/story?date=2016-08-21") is None  # a query is no path
    # A dateline in the text beats the folder's date, and the disagreement is kept as evidence.
    article = text_article("Flu spreads\n\nMay 14, 2024 10:34 PM\n\nThe flu spread further on Tuesday.",
                           "news/2024-05-20/1.txt")
    assert article.published.value == "2024-05-14T22:34"
    assert article.published.evidence == ("dateline 'May 14, 2024 10:34 PM' (taken over: folder name '2024-05-20' "
                                          "says 2024-05-20)")
    # The format's own metadata beats both.
    record = RawArticle(text="The flu spread further on Tuesday.", origin="d.json#1", format="json",
                        path="news/2024-05-20/d.json#1", title="Flu", published=text_article(
                            "T\n\n2024-05-19\n\nx y z.").published)
    assert build_article(record).published.value == "2024-05-19"


def test_a_title_field_that_is_a_date_is_the_dateline() -> None:
    """A dump that took each text's first line for its title took the date line above the headline."""
    text = "DECEMBER 16, 2008\nHerald: Sox make offer to Teixeira\nThe Red Sox have made an offer, the biggest yet."
    taken = build_article(RawArticle(text=text, origin="d.json#1", format="json", title="DECEMBER 16, 2008"))
    assert (taken.title, taken.published.value, taken.published.evidence) == (
        "Herald: Sox make offer to Teixeira", "2008-12-16", "dateline 'DECEMBER 16, 2008'")
    assert taken.text == "The Red Sox have made an offer, the biggest yet."
    # Only a headline under the date: it is the story's text too.
    short = build_article(RawArticle(text="June 06, 2013\nEsther Williams, swimming star, dies at 91",
                                     origin="d.json#2", format="json", title="June 06, 2013"))
    assert (short.title, short.text, short.published.value) == (
        "Esther Williams, swimming star, dies at 91", "Esther Williams, swimming star, dies at 91", "2013-06-06")
    # The date as title and not in the text: still the dateline; the headline is unknown.
    apart = build_article(RawArticle(text="The Red Sox have made an offer.", origin="d.json#3", format="json",
                                     title="Thursday, December 11, 2008"))
    assert (apart.title, apart.text, apart.published.value) == (None, "The Red Sox have made an offer.", "2008-12-11")


def test_a_run_whose_articles_are_mostly_undated_says_so(sqlite_cli, tmp_path: Path) -> None:
    for n, story in enumerate(STORIES):
        (tmp_path / f"{n}.txt").write_text(f"{story['title']}\n\n{story_text(story)}", "utf-8")
    result = sqlite_cli("run", tmp_path)
    warning = ("warning: 3 of 3 articles undated: the timeline, key dates and coverage by day cannot place them, "
               "and events of different days cannot be told apart.")
    assert any(line.startswith(warning) for line in result.stderr.splitlines())
    document = json.loads((tmp_path / "storyline-report" / "report.json").read_text("utf-8"))
    assert document["warnings"][0].startswith("3 of 3 articles undated")
    assert "3 of 3 articles undated" in (tmp_path / "storyline-report" / "index.html").read_text("utf-8")
    assert all("undated" in line and "?" not in line.split("  ")[1] for line in sqlite_cli("stories").stdout.splitlines())


# --- HTML pages -----------------------------------------------------------------------------------

PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>Port strike ends after 12 days | The Harbour Courier</title>
<meta property="og:title" content="Port strike ends after 12 days - The Harbour Courier">
<meta property="og:site_name" content="Harbour Courier Online">
<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle",
 "headline": "Port strike ends after 12 days as unions accept deal", "datePublished": "2024-03-08T09:00:00Z",
 "publisher": {"@type": "Organization", "name": "The Harbour Courier"},
 "author": [{"@type": "Person", "name": "Maria Lindqvist"}]}</script></head>
<body><article><h1>Port strike ends</h1>%s<div hidden><p>%s</p></div><p style="display: none">%s</p></article></body></html>"""


def test_a_page_declares_its_headline_site_and_date_and_hidden_text_is_not_read() -> None:
    paragraphs = "".join(f"<p>{p}</p>" for p in STORIES[0]["paragraphs"])
    hidden = "This menu text is hidden from readers and is no part of the article."
    raw = read_html(PAGE % (paragraphs, hidden, hidden), "page.html", path="page.html")
    assert (raw.title, raw.title_source) == ("Port strike ends after 12 days as unions accept deal",
                                             "HTML metadata (JSON-LD)")
    assert (raw.source, raw.source_evidence) == ("The Harbour Courier", "HTML metadata (JSON-LD publisher)")
    assert (raw.published.value, raw.published.evidence) == ("2024-03-08T09:00", "HTML metadata (JSON-LD datePublished)")
    assert raw.author == "Maria Lindqvist"
    assert "hidden from readers" not in raw.text and STORIES[0]["paragraphs"][1] in raw.text


def test_a_page_title_without_metadata_loses_the_site_name() -> None:
    bare = PAGE.replace('<meta property="og:title" content="Port strike ends after 12 days - The Harbour Courier">', "")
    bare = bare[: bare.index('<script')] + bare[bare.index("</script>") + 9:]
    raw = read_html(bare % ("".join(f"<p>{p}</p>" for p in STORIES[0]["paragraphs"]), "", ""), "p.html")
    assert (raw.title, raw.title_source) == ("Port strike ends after 12 days", "HTML metadata (<title>)")
    assert raw.source == "Harbour Courier Online"


def test_a_new_headline_on_the_same_text_is_a_new_version(tmp_path: Path, db: str) -> None:
    body = story_text(STORIES[1])
    (tmp_path / "a.txt").write_text(f"Reservoirs at 30-year low\n\n{body}", "utf-8")
    (tmp_path / "b.txt").write_text(f"Drought: reservoirs at lowest level in three decades\n\n{body}", "utf-8")
    with Storyline(db) as sl:
        assert len(sl.ingest(tmp_path).ingested) == 2
        assert sl.ingest(tmp_path / "a.txt").duplicates != []


# --- names ----------------------------------------------------------------------------------------

def test_entity_names_hold_no_debris_or_common_words() -> None:
    doc = load_pipeline()("Views differ. & Obama spoke in Chicago on Monday, and the top of Obama's team said they "
                          "don't agree. Vaccines are scarce, officials said; vaccines may come in May. The World "
                          "Health Organisation (WHO) met in Geneva.")
    names = {m.name for m in extract_mentions(doc)}
    assert "Obama" in names and "Chicago" in names and "Geneva" in names
    assert "World Health Organisation" in names
    assert not names & {"Views", "Vaccines", "n't", "& Obama", "top of Obama", "World Health Organisation (WHO"}
    assert all(any(c.isupper() for c in n) and "(" not in n for n in names)


def test_a_story_is_titled_by_its_most_representative_headline(tmp_path: Path) -> None:
    lines = {
        "a": ("Council approves tram line for Riverton", "The Riverton council approved a tram line on Tuesday, "
              "Mayor Ola Berg said. The Riverton tram line will link the harbour with the university."),
        "b": ("Riverton tram line approved after debate", "Mayor Ola Berg said Riverton would build its tram line "
              "after the council vote on Tuesday. Riverton residents were split on the tram line."),
        "c": ("Columnist's view", "Mayor Ola Berg, the Riverton council, Harbour Trust, University of Riverton, "
              "Chamber of Commerce, Green Party, Transit Union and Rail Board all spoke about the tram line on Tuesday."),
    }
    for name, (title, text) in lines.items():
        (tmp_path / f"{name}.txt").write_text(f"{title}\n2024-04-17\n\n{text}", "utf-8")
    with Storyline(tmp_path / "t.db") as sl:
        sl.ingest(tmp_path)
        sl.analyse()
        sl.link()
        [story] = sl.stories()
        assert story.title in (lines["a"][0], lines["b"][0])
        assert "Ola Berg" in story.entities and "Riverton" in story.entities
        assert sl.export()["stories"][0]["entities"] == list(story.entities)


def test_a_paragraph_the_page_prints_twice_is_kept_twice() -> None:
    twice = "The committee will meet again on Friday, the chair said, and no decision is expected before then."
    body = "".join(f"<p>{p}</p>" for p in STORIES[2]["paragraphs"]) + f"<p>{twice}</p><p>{twice}</p>"
    raw = read_html(f"<html><head><title>Chipmaker</title></head><body><article>{body}</article></body></html>", "p")
    assert raw.text.count(twice) == 2
