"""The search query language and text normalisation: pure functions, no ORM.

Syntax (Google-like, forgiving):
    dien thoai samsung        every term must match (AND)
    "điện thoại" samsung      a quoted phrase: its words adjacent and in order
    laptop -gaming            a term (or "phrase") after '-' must NOT match
    samsung OR apple phone    OR binds two neighbouring terms: (samsung | apple) & phone

Normalisation folds case and diacritics ("Điện Thoại" -> "dien thoai", đ -> d), so a shopper may type
Vietnamese with or without accents. Anything that is not a letter or a digit separates words. Junk
(only punctuation, operators without terms, unbalanced quotes, a thousand characters) never raises:
it yields a query with fewer or no terms. The same fold is used when documents are indexed.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

MAX_QUERY_LENGTH = 200  # characters of raw input considered; the rest is ignored
MAX_TERMS = 12  # terms (words or phrases) kept, exclusions included
MAX_TERM_LENGTH = 48  # a longer "word" is junk (hashes, pasted URLs) and is cut

# Letters that Unicode does not decompose into base + combining mark, mapped like PostgreSQL's unaccent.
_SPECIAL_FOLDS = str.maketrans({
    "đ": "d", "Đ": "d", "ð": "d", "Ð": "d", "ø": "o", "Ø": "o", "ł": "l", "Ł": "l", "ß": "ss",
    "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe", "þ": "th", "Þ": "th", "ı": "i",
})
_WORD_RE = re.compile(r"[^\W_]+")  # runs of letters/digits in any script
_TOKEN_RE = re.compile(r'-?"[^"]*"?|\S+')  # a quoted phrase (closing quote optional) or a bare chunk


def fold(text: str) -> str:
    """Lower-case and strip diacritics: 'Điện thoại Ốp lưng' -> 'dien thoai op lung'."""
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", str(text)).translate(_SPECIAL_FOLDS)
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", stripped).lower()


def words(text: str) -> list[str]:
    """Folded words of a text, in order; punctuation separates them ("Wi-Fi 6" -> ["wi", "fi", "6"])."""
    return [w[:MAX_TERM_LENGTH] for w in _WORD_RE.findall(fold(text))]


def raw_words(text: str) -> list[str]:
    """Words of a text with case and accents kept (what the PostgreSQL index is fed, unaccent does the fold)."""
    return [w[:MAX_TERM_LENGTH] for w in _WORD_RE.findall(unicodedata.normalize("NFKC", str(text or "")))]


def normalize(text: str) -> str:
    """The canonical words of a text joined by single spaces: a key for exact-title matches and logs."""
    return " ".join(words(text))


@dataclass(frozen=True)
class Term:
    """One word or a phrase (several words that must be adjacent and in order)."""

    words: tuple[str, ...]

    @property
    def is_phrase(self) -> bool:
        return len(self.words) > 1

    @property
    def text(self) -> str:
        return " ".join(self.words)

    def __str__(self) -> str:
        return f'"{self.text}"' if self.is_phrase else self.text


@dataclass(frozen=True)
class ParsedQuery:
    """required: groups ANDed together, each group's terms ORed; excluded: terms none of which may match."""

    raw: str
    required: tuple[tuple[Term, ...], ...] = ()
    excluded: tuple[Term, ...] = ()
    truncated: bool = field(default=False, compare=False)

    @property
    def is_empty(self) -> bool:
        """Nothing to match on (an exclusion alone is not a search)."""
        return not self.required

    @property
    def normalized(self) -> str:
        """Canonical text of the whole query: the key of caches, logs and popular searches."""
        parts = [" OR ".join(str(t) for t in group) for group in self.required]
        parts += [f"-{t}" for t in self.excluded]
        return " ".join(parts)

    @property
    def text(self) -> str:
        """The positive words only, in order (for exact-title matching, trigram and 'did you mean')."""
        return " ".join(t.text for group in self.required for t in group)

    @property
    def positive_words(self) -> list[str]:
        return [w for group in self.required for t in group for w in t.words]

    def with_words_replaced(self, replacements: dict[str, str]) -> ParsedQuery:
        """The same query with some words swapped (spelling correction)."""
        if not replacements:
            return self

        def swap(term: Term) -> Term:
            return Term(tuple(replacements.get(w, w) for w in term.words))

        return ParsedQuery(
            raw=self.raw,
            required=tuple(tuple(swap(t) for t in group) for group in self.required),
            excluded=self.excluded,
        )


def parse_query(raw: str | None) -> ParsedQuery:
    """Parse what a shopper typed into a ParsedQuery. Never raises."""
    raw = "" if raw is None else str(raw)
    raw = raw.replace("\x00", " ")
    truncated = len(raw) > MAX_QUERY_LENGTH
    text = raw[:MAX_QUERY_LENGTH]
    text = text.replace("“", '"').replace("”", '"').replace("„", '"').replace("«", '"').replace("»", '"')

    # Tokens: (term, negated) or the OR marker.
    tokens: list[tuple[Term, bool] | str] = []
    for chunk in _TOKEN_RE.findall(text):
        if chunk == "OR" or chunk == "|":
            tokens.append("OR")
            continue
        negated = False
        if chunk.startswith("-") and len(chunk) > 1:
            negated = True
            chunk = chunk[1:]
        if chunk.startswith('"'):
            ws = words(chunk.strip('"'))
            if ws:
                tokens.append((Term(tuple(ws)), negated))
            continue
        # A bare chunk may hold several words ("wi-fi", "iphone/ipad"): each must match, as a phrase
        # would be too strict for "usb-c" vs "usb type c".
        # Excluding "-wi-fi" excludes the phrase "wi fi", not every "fi".
        ws = words(chunk)
        if negated and ws:
            tokens.append((Term(tuple(ws)), True))
            continue
        tokens.extend((Term((w,)), False) for w in ws)

    required: list[list[Term]] = []
    excluded: list[Term] = []
    join_next = False
    count = 0
    for token in tokens:
        if token == "OR":
            join_next = bool(required)  # OR at the start binds to nothing
            continue
        term, negated = token
        if count >= MAX_TERMS:
            truncated = True
            break
        if negated:
            if term not in excluded:
                excluded.append(term)
                count += 1
            join_next = False
            continue
        if join_next and required:
            if term not in required[-1]:
                required[-1].append(term)
                count += 1
        elif [term] not in required:
            required.append([term])
            count += 1
        join_next = False

    # A term both required and excluded cancels the exclusion (the shopper contradicted themselves).
    required_terms = {t for group in required for t in group}
    excluded = [t for t in excluded if t not in required_terms]
    return ParsedQuery(
        raw=raw[:MAX_QUERY_LENGTH],
        required=tuple(tuple(group) for group in required),
        excluded=tuple(excluded),
        truncated=truncated,
    )


def damerau_levenshtein(a: str, b: str, limit: int = 3) -> int:
    """Optimal string alignment distance (a transposition counts 1), stopped early past `limit`."""
    if a == b:
        return 0
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev_prev: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], prev_prev[j - 2] + 1)
        if min(cur) > limit:
            return limit + 1
        prev_prev, prev = prev, cur
    return prev[-1]


def max_typos(word: str) -> int:
    """How many edits a word of this length may carry and still be corrected: short words none."""
    if len(word) <= 3:
        return 0
    if len(word) <= 7:
        return 1
    return 2


def best_correction(word: str, candidates: list[str]) -> str | None:
    """The candidate closest to `word` within its typo budget (ties: same first letter, then shorter)."""
    budget = max_typos(word)
    if budget == 0 or word.isdigit():
        return None
    best: tuple[int, int, int, str] | None = None
    for cand in candidates:
        if cand == word:
            return None  # the word is known: nothing to correct
        if cand.isdigit():
            continue
        d = damerau_levenshtein(word, cand, budget)
        if d > budget:
            continue
        key = (d, 0 if cand[:1] == word[:1] else 1, abs(len(cand) - len(word)), cand)
        if best is None or key < best:
            best = key
    return best[3] if best else None
