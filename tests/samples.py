"""Hand-written sample articles for reader tests (not taken from any corpus)."""

from __future__ import annotations

import json
from html import escape

STORIES = [
    {
        "title": "City council approves new tram line after two-year debate",
        "source": "Northern Ledger",
        "url": "https://ledger.example/2024/04/tram-line",
        "date": "2024-04-17T08:30:00Z",
        "author": "Priya Raman",
        "paragraphs": [
            "The city council voted 31 to 18 on Tuesday to build a new tram line linking the harbour district "
            "with the university campus, ending a debate that has divided residents for two years.",
            "The 9-kilometre line will cost about 410 million euros and is due to open in 2029, transport "
            "councillor Ahmed Sayed said after the vote. Construction will begin next spring.",
            "Opponents argued that buses could serve the route at a fraction of the cost, and a residents' group "
            "said it would study whether to challenge the decision in court.",
            "Supporters said the line would take roughly 12,000 cars off the road each day and help the city "
            "meet its climate targets, which require emissions to fall by half by the end of the decade.",
        ],
    },
    {
        "title": "Drought pushes reservoir levels to lowest in 30 years",
        "source": "Valley Times",
        "url": "https://valleytimes.example/drought-reservoirs",
        "date": "2024-08-02T14:00:00Z",
        "author": "Lucas Ferreira",
        "paragraphs": [
            "Reservoirs serving the southern valley have fallen to 23 percent of capacity, the lowest level "
            "recorded in three decades, the regional water authority said on Friday.",
            "Farmers have been told to cut irrigation by a third from next week, and several towns have banned "
            "the filling of swimming pools and the washing of cars with hoses.",
            "Hydrologists at the state university said rainfall over the past 14 months had been less than half "
            "the long-term average, while a run of heatwaves increased evaporation.",
            "The authority said it was preparing emergency pipelines to move water from northern lakes if the "
            "autumn rains fail, a project it estimates would cost 85 million euros.",
        ],
    },
    {
        "title": "Chipmaker to build research centre employing 600 engineers",
        "source": "Tech Wire Daily",
        "url": "https://techwire.example/chipmaker-research-centre",
        "date": "2024-10-09T11:45:00Z",
        "author": "Hannah Okafor",
        "paragraphs": [
            "A semiconductor manufacturer announced on Wednesday that it will open a research centre on the "
            "edge of the capital, creating about 600 engineering jobs over five years.",
            "The company said the centre would focus on low-power chip designs for electric vehicles and "
            "industrial sensors, and would work with three local universities on training programmes.",
            "The economy minister welcomed the investment, which she said was worth more than 1.2 billion "
            "euros, and said the government had offered no subsidies to secure it.",
            "Industry analysts said the decision reflected a wider effort by chipmakers to spread research "
            "across several regions after supply disruptions during the pandemic.",
        ],
    },
]


def story_text(story: dict) -> str:
    return "\n\n".join(story["paragraphs"])


def story_html(story: dict) -> str:
    paragraphs = "\n".join(f"<p>{escape(p)}</p>" for p in story["paragraphs"])
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>{escape(story['title'])}</title>
<meta property="og:site_name" content="{escape(story['source'])}">
<meta property="article:published_time" content="{story['date']}">
<meta name="author" content="{escape(story['author'])}"></head>
<body><nav><a href="/">Home</a> <a href="/news">News</a></nav><article><h1>{escape(story['title'])}</h1>
{paragraphs}</article><footer>Contact us</footer></body></html>"""


def rss(items: list[dict], full: bool = True, base: str = "") -> str:
    entries = []
    for story in items:
        body = escape("".join(f"<p>{escape(p)}</p>" for p in story["paragraphs"])) if full else ""
        link = base + "/" + story["url"].rsplit("/", 1)[-1] if base else story["url"]
        entries.append(f"""<item><title>{escape(story['title'])}</title><link>{link}</link>
<description>{escape(story['paragraphs'][0][:120])}</description>
<pubDate>Wed, 17 Apr 2024 08:30:00 GMT</pubDate><author>{escape(story['author'])}</author>
{f'<content:encoded>{body}</content:encoded>' if full else ''}</item>""")
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>
<title>Regional News Feed</title><link>https://regional.example/</link><description>News</description>
{''.join(entries)}</channel></rss>"""


def atom(items: list[dict]) -> str:
    entries = "".join(f"""<entry><title>{escape(s['title'])}</title><link href="{s['url']}"/>
<id>{s['url']}</id><updated>2024-08-02T14:00:00Z</updated><author><name>{escape(s['author'])}</name></author>
<content type="html">{escape(''.join(f'<p>{escape(p)}</p>' for p in s['paragraphs']))}</content></entry>"""
                      for s in items)
    return f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Desk</title><id>urn:atom-desk</id>
<updated>2024-08-02T14:00:00Z</updated>{entries}</feed>"""


def json_record(story: dict) -> str:
    return json.dumps({"headline": story["title"], "body": story_text(story), "link": story["url"],
                       "published_at": story["date"], "outlet": {"name": story["source"]},
                       "byline": [story["author"]]})
