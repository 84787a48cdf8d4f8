"""Words, one way for everyone: the tokeniser, the stemmer, shingles and the word count.

Quiz grading (`revise.engine.mentions`), the submission checker (completeness and
originality) and the content standard's word limits all read words here, so "mentioning"
a word and "copying" a phrase mean the same thing wherever they are measured.

* A **token** is a run of Unicode letters and digits, case-folded; an apostrophe inside a
  word is dropped (`Netflix's` → `netflixs`, `don’t` → `dont`), every other character
  is a break (`client-side` → `client`, `side`).
* A **stem** removes regular English inflections (plural `-s`/`-es`/`-ies`, `-ed`,
  `-ing`, a final `-e`) and the `-y` of a long `-ery` noun (`recovery` → `recover`), so `studies`/`studied`/`study`, `caches`/`cached`/`caching`/`cache`
  and `partitioned`/`partition` meet while `replica` and `replicate`, or `part` and
  `partition`, stay apart.
* A **spelling** is folded to one form, so British and American spellings of a word meet
  (`optimise`/`optimize`, `behaviour`/`behavior`, `centre`/`center`, `modelling`/`modeling`);
  `folded` is the stem of the folded spelling.
* The **word count** is what a reader counts: words between spaces, a hyphen-, slash- or
  point-joined run (`client-side`, `A/B`, `3.5`, `e.g.`) counting once.
"""

from __future__ import annotations

import functools
import re

SHINGLE = 6

# Words that carry no content: articles, pronouns, auxiliaries, prepositions, conjunctions,
# and the fillers people add to pad a sentence. Originality's passages skip them; a quiz
# keyword may not be made only of these and the negations.
_FUNCTION_WORDS = """a about above across after again against all almost along already also although always am among an and
    another any anyone anything are around as at be became because become becomes been before being below
    besides between both but by can cannot could did do does doing done down during each either else enough
    especially even ever every for from further had has have having he her here hers herself him himself his
    how however i if in indeed into is it its itself just least less let lets many may maybe me might more
    moreover most much must my myself neither no nor not now of off often on once one only onto or other
    others otherwise our ours ourselves out over own per perhaps quite rather really same she should since so
    some somehow something sometimes such than that the their theirs them themselves then there therefore these
    they this those though through thus to too toward towards under unless until up upon us very via was we
    well were what whatever when whenever where whereas whether which while who whom whose why will with
    within without would yet you your yours yourself
    actually basically certainly clearly definitely essentially fairly generally honestly kind literally
    obviously pretty seriously simply sort surely totally truly typically"""
FUNCTION_WORDS = frozenset(_FUNCTION_WORDS.split())

# Words that deny what follows them ("not about latency", "no staleness"): the quiz's
# matcher credits no key idea after one, and a key idea's keyword may not be only these.
NEGATIONS = frozenset(
    {
        "not", "no", "never", "without", "nor", "neither", "none", "cannot", "cant", "isnt", "arent", "wasnt",
        "werent", "dont", "doesnt", "didnt", "wont", "wouldnt", "shouldnt", "couldnt", "hasnt", "havent", "hardly",
    }
)  # fmt: skip
NO_IDEA = (
    "shows no idea: it is only stop words or negations (or no word at all), so it credits any answer or none; "
    "give content words that show the idea"
)


def shows_no_idea(keyword: str) -> bool:
    """A quiz keyword made only of function words and negations (`not`, `does not`), or of
    no word at all: it cannot tell an answer that gives its idea from one that does not."""
    return all(w in FUNCTION_WORDS or w in NEGATIONS for w in tokens(keyword))

_APOSTROPHES = re.compile(r"(?<=[^\W_])['’](?=[^\W_])")
_TOKEN = re.compile(r"[^\W_]+")
_COUNTED = re.compile(r"[^\W_](?:[^\W_]|['’.\-/%])*")
_VOWELS = frozenset("aeiouy")


def tokens(text: str) -> list[str]:
    """The words of `text`: Unicode letters and digits, case-folded, apostrophes inside a
    word dropped, anything else a break."""
    return _TOKEN.findall(_APOSTROPHES.sub("", text).casefold())


@functools.lru_cache(maxsize=1 << 16)
def stem(word: str) -> str:
    """The stem of one token (already case-folded): regular inflections removed.

    Short words (three letters or fewer) and numbers are their own stem. Otherwise, in
    order: `-sses` → `-ss`, `-ies` → `-y`, a plural `-s` (not `-ss`, `-us`, `-is`); then
    `-eed` → `-ee`, or `-ied` → `-y`, or `-ed` / `-ing` when at least three letters and a
    vowel remain; then a doubled final consonant (not l, s, z) is undoubled, `-ery` of a
    word of seven letters or more becomes `-er` (`recovery` meets `recover`, `delivery`
    `deliver`; `every` and `ever` stay apart), a final consonant `-y` becomes `-i` and a
    final `-e` goes."""
    w = word
    if len(w) <= 3 or w.isdigit():
        return w
    if w.endswith("sses"):
        w = w[:-2]
    elif w.endswith("ies") and len(w) > 4:
        w = w[:-3] + "y"
    elif w.endswith("s") and not w.endswith(("ss", "us", "is")):
        w = w[:-1]
    if w.endswith("eed"):
        w = w[:-1]
    elif w.endswith("ied") and len(w) > 4:
        w = w[:-3] + "y"
    else:
        for suffix in ("ing", "ed"):
            rest = w[: -len(suffix)]
            if w.endswith(suffix) and len(rest) >= 3 and _VOWELS & set(rest):
                w = rest
                break
    if len(w) >= 4 and w[-1] == w[-2] and w[-1] not in "aeiouylsz":
        w = w[:-1]
    if len(w) >= 7 and w.endswith("ery"):  # the noun of a verb: recovery, delivery, discovery
        w = w[:-1]
    if len(w) >= 4 and w.endswith("y") and w[-2] not in _VOWELS:
        w = w[:-1] + "i"
    if len(w) >= 4 and w.endswith("e"):
        w = w[:-1]
    return w


_SPELLINGS = {
    "programme": "program", "programmes": "programs", "grey": "gray", "licence": "license",
    "defence": "defense", "offence": "offense", "judgement": "judgment", "ageing": "aging",
    "enrol": "enroll", "fulfil": "fulfill", "tyre": "tire", "tyres": "tires", "whilst": "while",
    "amongst": "among", "practise": "practice", "practised": "practiced",
}
_FOLDS = (
    (re.compile(r"(?<=[a-z]{3})is(e|es|ed|ing|ation|ations|er|ers)$"), r"iz\1"),
    (re.compile(r"(?<=[a-z]{2})ys(e|es|ed|ing)$"), r"yz\1"),
    (re.compile(r"(?<=[a-z]{3})our(s|ed|ing|ite|ites|able|ful)?$"), r"or\1"),
    (re.compile(r"(?<=[a-z]{2}[bt])re(s)?$"), r"er\1"),
    (re.compile(r"(?<=[a-z]{2}e)ll(ed|ing|er|ers)$"), r"l\1"),
    (re.compile(r"(?<=[a-z]{3})ogue(s)?$"), r"og\1"),
)


def spelling(word: str) -> str:
    """One spelling for a token (already case-folded) that British and American English
    spell differently: `optimise` → `optimize`, `behaviour` → `behavior`, `centre` →
    `center`, `modelled` → `modeled`, `catalogue` → `catalog`. Both sides of a comparison
    are folded, so the form chosen only has to be the same for both."""
    if word in _SPELLINGS:
        return _SPELLINGS[word]
    for pattern, replacement in _FOLDS:
        folded = pattern.sub(replacement, word)
        if folded != word:
            return folded
    return word


@functools.lru_cache(maxsize=1 << 16)
def folded(word: str) -> str:
    """The stem of a token's folded spelling: the form originality and completeness compare."""
    return stem(spelling(word))


def stems(text: str) -> list[str]:
    """The stem of every token of `text`, in order."""
    return [stem(t) for t in tokens(text)]


def shingles(words: list[str], size: int = SHINGLE) -> set[tuple[str, ...]]:
    """Every run of `size` consecutive words (the unit of copying)."""
    return {tuple(words[i : i + size]) for i in range(len(words) - size + 1)}


def word_count(text: str) -> int:
    """Words as a reader counts them: joined runs (`client-side`, `A/B`, `3.5`, `50%`)
    count once; punctuation and Markdown markers do not count."""
    return len(_COUNTED.findall(text))
