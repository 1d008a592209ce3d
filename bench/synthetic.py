"""Generated news corpora, for the scale benchmark and tests that need hundreds of articles.

Deterministic for a seed. Stories have a cast (people with roles, an organisation, a place), a
few events weeks apart, and articles by many outlets that report each event with quotes, dates
relative to publication ("on Tuesday"), numbers that outlets sometimes round, and wire copies
rerun by a second outlet. Written as JSON Lines files of `per_file` articles, the way dumps come.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

FIRST = ("Anna", "Ben", "Carla", "David", "Elena", "Farid", "Grace", "Hugo", "Ines", "Jonas", "Kemal", "Lena",
         "Marco", "Nadia", "Omar", "Paula", "Rafael", "Sara", "Tomas", "Ursula", "Victor", "Wen", "Yusuf", "Zofia",
         "Amir", "Beatriz", "Conor", "Dalia", "Emil", "Fatima", "Gustav", "Hana", "Ivan", "Julia", "Karim", "Lucia")
LAST = ("Novak", "Fischer", "Moreau", "Haddad", "Kowalski", "Lindqvist", "Okafor", "Petrov", "Quintero",
        "Rossi", "Schmidt", "Tanaka", "Ueda", "Varga", "Weber", "Yilmaz", "Zhou", "Andersen", "Bianchi",
        "Castillo", "Dubois", "Eriksen", "Ferreira", "Gallagher", "Horvat", "Ibrahim", "Jansen", "Keller",
        "Lopez", "Marin", "Nielsen", "Oliveira", "Popescu", "Reyes", "Santos", "Toth", "Vogel", "Walsh")
PLACES = ("Ostrava", "Porto", "Gdansk", "Tampere", "Bilbao", "Graz", "Lyon", "Malmo", "Turin", "Brno", "Split",
          "Cork", "Leipzig", "Utrecht", "Aarhus", "Kaunas", "Varna", "Debrecen", "Seville", "Bergen", "Tartu",
          "Bratislava", "Ljubljana", "Zagreb", "Krakow", "Nantes", "Genoa", "Rotterdam", "Antwerp", "Basel")
OUTLETS = ("Northern Ledger", "Valley Times", "Tech Wire Daily", "The Morning Post", "City Chronicle",
           "Harbour Herald", "National Courier", "Evening Standard-Gazette", "The Observer Online", "Metro Report",
           "Continental Press", "Daily Bulletin", "The Regional", "Newsline", "Capital Journal", "Coastal Echo",
           "The Independent Voice", "Public Record", "Frontier News", "Weekly Review")
ROLES = ("mayor", "spokesperson", "minister", "chief executive", "union leader", "police chief",
         "professor", "director", "prosecutor", "council leader")
SUBJECTS = ("residents", "shop owners", "commuters", "farmers", "teachers", "nurses", "students", "pensioners",
            "investors", "engineers", "drivers", "fishermen", "tourists", "parents", "volunteers", "inspectors")
TOPICS = ("the budget", "the harbour", "the rail link", "the new hospital", "local schools", "the water supply",
          "power prices", "housing costs", "the airport", "the old bridge", "the city centre", "the steel plant",
          "bus routes", "the market square", "the museum", "flood defences", "the coastal road", "waste collection")
DETAILS = (
    "{person}, who has lived in {place} for {k} years, said {subjects} were worried about {topic}.",
    "Local officials said a decision on {topic} would now be delayed until the spring.",
    "A survey last year found that {k} percent of {subjects} in {place} were unhappy with {topic}.",
    "The opposition called for an inquiry into how {topic} had been handled.",
    "{subjects} gathered outside the town hall in {place}, some carrying banners about {topic}.",
    "Regional lawmakers are expected to debate {topic} when they meet next month.",
    "{person} said the {org} had ignored warnings about {topic} for years.",
    "Critics said the figures did not account for {subjects}, who make up a large share of the population.",
    "The {org} declined to comment on {topic}, citing ongoing talks.",
    "{place} has been hit by similar problems with {topic} twice in the past decade.",
    "Analysts said the effect on {topic} could last well into next year.",
    "About {k} {subjects} signed a petition on {topic} within a day.",
)
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@dataclass(frozen=True)
class Theme:
    title: str
    facts: tuple[str, ...]
    quotes: tuple[str, ...]
    unit: str


THEMES = (
    Theme("Floods force evacuations in {place}",
          ("Heavy rain flooded parts of {place} {when}, forcing {n} residents to leave their homes.",
           "The river rose {m} metres above its usual level, the {org} said.",
           "Emergency crews worked through the night to reinforce barriers along the embankment."),
          ("We have never seen the water rise this fast", "Every family that needs shelter will get it"), "residents"),
    Theme("Workers at {org} walk out over pay",
          ("About {n} workers at the {org} in {place} went on strike {when} after talks on pay collapsed.",
           "The union is asking for a raise of {m} percent, well above the company's offer.",
           "Managers said production at the site had been cut by half."),
          ("Our members cannot live on promises", "The offer on the table is fair and final"), "workers"),
    Theme("{org} agrees takeover worth {money}",
          ("The {org} agreed {when} to buy a rival based in {place} for {money}.",
           "The deal would create the region's largest firm in its sector, with about {n} employees.",
           "Shares in both companies rose by {m} percent in early trading."),
          ("This brings two strong teams together", "Competition regulators will look closely at this"), "employees"),
    Theme("Wildfire near {place} burns thousands of hectares",
          ("A wildfire near {place} had burned {n} hectares by {when}, officials said.",
           "More than {m} firefighters and several water-bombing aircraft were deployed.",
           "Strong winds pushed the flames towards villages east of the town."),
          ("The next 24 hours will be decisive", "Residents must follow every evacuation order"), "hectares"),
    Theme("Court opens trial over {org} collapse",
          ("A court in {place} opened the trial of former managers of the {org} {when}.",
           "Prosecutors say investors lost {money} when the firm collapsed.",
           "The defendants, who face up to {m} years in prison, deny wrongdoing."),
          ("The evidence will show exactly where the money went", "My client has always acted in good faith"),
          "investors"),
    Theme("{place} approves {money} plan for new tram line",
          ("The council of {place} approved {when} a new tram line costing {money}.",
           "The line will carry an estimated {n} passengers a day when it opens.",
           "Construction is due to take {m} years, the {org} said."),
          ("This line will change how the whole city moves", "Taxpayers deserve a cheaper option"), "passengers"),
)


@dataclass(frozen=True)
class Story:
    theme: Theme
    place: str
    org: str
    cast: tuple[tuple[str, str], ...]  # (role, name)
    events: tuple[date, ...]
    n: int
    m: int
    money: int
    topics: tuple[str, ...]  # what this story's coverage keeps coming back to


def _story(rng: random.Random, start: date, span_days: int) -> Story:
    place = rng.choice(PLACES)
    org = f"{place} {rng.choice(('Transport Authority', 'Steel Works', 'Holdings', 'Energy Company', 'Water Board', 'Port Authority'))}"
    cast = tuple((rng.choice(ROLES), f"{rng.choice(FIRST)} {rng.choice(LAST)}") for _ in range(2))
    first = start + timedelta(days=rng.randrange(span_days))
    events = tuple(first + timedelta(days=offset) for offset in sorted({0, *rng.sample(range(20, 200), 2)}))
    return Story(rng.choice(THEMES), place, org, cast, events, rng.randrange(200, 20000),
                 rng.randrange(2, 40), rng.randrange(5, 900), tuple(rng.sample(TOPICS, 3)))


def _article(rng: random.Random, story: Story, event: int, number: int) -> dict[str, str]:
    day = story.events[event]
    published = day + timedelta(days=rng.choice((0, 0, 1, 2)))
    when = ("on " + WEEKDAYS[day.weekday()]) if published != day else "today"
    # Outlets round some figures: the 60 vs 61 of real coverage.
    n = story.n if rng.random() < 0.8 else round(story.n, -2)
    money = f"{story.money} million euros" if rng.random() < 0.85 else f"{story.money + 1} million euros"
    slots = {"place": story.place, "org": story.org, "n": f"{n:,}", "m": story.m, "money": money, "when": when}
    facts = [fact for fact in story.theme.facts if rng.random() < 0.7] or [story.theme.facts[0]]
    sentences = [fact.format(**slots) for fact in facts]
    for role, name in rng.sample(story.cast, rng.randrange(1, len(story.cast) + 1)):
        quote = rng.choice(story.theme.quotes)
        sentences.insert(rng.randrange(1, len(sentences) + 1), f'"{quote}," {name}, the {role}, said {when}.')
    if event:
        sentences.append(f"It was first reported on {story.events[0].strftime('%B')} {story.events[0].day}, "
                         f"{story.events[0].year}, when {story.cast[0][1]} warned of what was coming.")
    for _ in range(3):  # what this outlet adds: no two reports tell it in the same words
        extra = {"person": f"{rng.choice(FIRST)} {rng.choice(LAST)}", "subjects": rng.choice(SUBJECTS),
                 "topic": rng.choice(story.topics), "k": rng.randrange(3, 90)}
        detail = rng.choice(DETAILS).format(**slots, **extra)
        sentences.insert(rng.randrange(1, len(sentences) + 1), detail[0].upper() + detail[1:])
    title = story.theme.title.format(**slots)
    return {"title": title, "text": "\n\n".join(sentences), "source": rng.choice(OUTLETS),
            "published": published.isoformat(), "url": f"https://news.example/{number}",
            "author": f"{rng.choice(FIRST)} {rng.choice(LAST)}"}


def articles(count: int, seed: int = 1, start: date = date(2023, 1, 1), per_story: int = 40) -> Iterator[dict[str, str]]:
    """`count` articles as JSON-ready records; about one in ten reruns a recent one under another outlet."""
    rng = random.Random(seed)
    stories = [_story(rng, start, 700) for _ in range(max(1, count // per_story))]
    recent: list[dict[str, str]] = []
    for number in range(count):
        if recent and rng.random() < 0.1:
            copy = dict(rng.choice(recent), source=rng.choice(OUTLETS), url=f"https://news.example/{number}")
            copy["text"] += f"\n\nThis report was distributed by {rng.choice(OUTLETS)}."
            yield copy
            continue
        story = rng.choice(stories)
        record = _article(rng, story, rng.randrange(len(story.events)), number)
        recent = (recent + [record])[-50:]
        yield record


def write(folder: Path, count: int, seed: int = 1, per_file: int = 1000, per_story: int = 40) -> list[Path]:
    """The corpus as JSON Lines files in `folder`; returns their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    paths: list[Path] = []
    handle = None
    for number, record in enumerate(articles(count, seed, per_story=per_story)):
        if number % per_file == 0:
            if handle:
                handle.close()
            paths.append(folder / f"articles-{len(paths):05d}.jsonl")
            handle = paths[-1].open("w", encoding="utf-8")
        handle.write(json.dumps(record) + "\n")
    if handle:
        handle.close()
    return paths
