"""The figure grammar as data (pipelines/data/figure_grammar.toml): cue words around a number,
normalised (soft_fold: lower case, NFC, one tone placement) and compiled once, validated on load
(an unknown section or key is an error naming it). Cues keep their tone marks when matched:
folding them away would make "bằng" a "bảng", "đạt" an "đất", "tăng" a "tầng"."""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError

from pipelines.numbers import ORDINAL_WORDS
from pipelines.textnorm import soft_fold

DATA = Path(__file__).with_name("data") / "figure_grammar.toml"


class GrammarError(ValueError):
    """The grammar file is malformed: the message names the file and the key."""


class _S(BaseModel):
    model_config = ConfigDict(extra="forbid")


class _Before(_S):
    before: list[str]


class _Change(_S):
    up: list[str]
    down: list[str]
    new_value: list[str]


class _Rank(_S):
    before: list[str]
    of_what: list[str]


class _Move(_S):
    up: list[str]
    down: list[str]
    after: list[str]


class _Score(_S):
    not_score: list[str]
    index_words: list[str]


class _Units(_S):
    percent: list[str]
    speed: list[str]
    money_vnd: list[str]
    money_other: list[str]
    multiplier: list[str]
    length: list[str]
    density: list[str]


class _Traps(_S):
    target: list[str]
    per_unit: list[str]
    list_size: list[str]
    structure_sentence: list[str]
    spec: list[str]
    bodies: list[str]
    enumeration_verbs: list[str]
    provinces_collective: list[str]
    document: list[str]
    ordinal: list[str]
    counter: list[str]
    phone: list[str]
    caption: list[str]
    rule: list[str]
    rule_after: list[str]
    time: list[str]
    structure: list[str]
    not_structure: list[str] = []
    attendance: list[str]
    enumeration_before: list[str]
    enumeration_after: list[str]


class _Noun(_S):
    stop: list[str]
    not_start: list[str]


class _Topic(_S):
    digital: list[str]


class _Grammar(_S):
    approx: list[str]
    qualifiers: list[str]
    level: _Before
    change: _Change
    rank: _Rank
    move: _Move
    score: _Score
    units: _Units
    traps: _Traps
    noun: _Noun
    topic: _Topic


def alternation(phrases: list[str]) -> str:
    """Phrases (soft-folded) as one regex alternation, longest first, each a run of whole words."""
    norm = sorted({soft_fold(p.strip()) for p in phrases if p.strip()}, key=len, reverse=True)
    return "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in norm)


@dataclass(frozen=True)
class Grammar:
    """Compiled cues. `*_end` patterns match at the end of the text before a number; `*_start`
    ones at the start of the text after it. All run on soft-folded text (textnorm.soft_fold)."""
    approx: str
    qualifiers: re.Pattern
    level_end: re.Pattern
    change_up_end: re.Pattern
    change_down_end: re.Pattern
    new_value_start: re.Pattern
    rank_end: re.Pattern
    rank_ordinal: re.Pattern
    ordinals: dict[str, int]
    of_what_start: re.Pattern
    move_up_end: re.Pattern
    move_down_end: re.Pattern
    move_after_start: re.Pattern
    not_score_start: re.Pattern
    index_words: re.Pattern
    percent_start: re.Pattern
    speed_start: re.Pattern
    vnd_start: re.Pattern
    money_other_start: re.Pattern
    multiplier_start: re.Pattern
    length_start: re.Pattern
    density_start: re.Pattern
    target: re.Pattern
    per_unit: re.Pattern
    list_size: re.Pattern
    structure_sentence: re.Pattern
    spec: re.Pattern
    bodies: re.Pattern
    enumeration_verbs_start: re.Pattern
    provinces_collective_start: re.Pattern
    document_end: re.Pattern
    ordinal_end: re.Pattern
    counter_end: re.Pattern
    phone_end: re.Pattern
    caption_end: re.Pattern
    rule_end: re.Pattern
    rule_after_start: re.Pattern
    time_start: re.Pattern
    structure_start: re.Pattern
    attendance_start: re.Pattern
    enumeration_end: re.Pattern
    enumeration_start: re.Pattern
    noun_stop: re.Pattern
    noun_not_start: re.Pattern
    digital: re.Pattern


def _compile(g: _Grammar) -> Grammar:
    approx = rf"(?:(?:{alternation(g.approx)})\s+)*"

    def end(phrases, with_approx=True):        # the phrase, then maybe approximations, then the number
        return re.compile(rf"(?<!\w)(?:{alternation(phrases)})\s+{approx if with_approx else ''}$")

    def start(phrases, unless=()):              # the phrase right after the number (not one of `unless`)
        not_these = rf"(?!(?:{alternation(list(unless))})(?!\w))" if unless else ""
        return re.compile(rf"^\s*{not_these}(?:{alternation(phrases)})(?!\w)")

    def word(phrases):
        return re.compile(rf"(?<!\w)(?:{alternation(phrases)})(?!\w)")
    ords = {soft_fold(k): v for k, v in ORDINAL_WORDS.items()}          # ranks in words: "xếp hạng nhất"
    return Grammar(
        approx=approx, qualifiers=re.compile(rf"(?<!\w)(?:{'|'.join(re.escape(soft_fold(q)) for q in g.qualifiers)})(?!\w)"),
        level_end=end(g.level.before), change_up_end=end(g.change.up), change_down_end=end(g.change.down),
        new_value_start=start(g.change.new_value), rank_end=end(g.rank.before),
        rank_ordinal=re.compile(rf"(?<!\w)(?:{alternation(g.rank.before)})\s+(?P<word>{alternation(list(ords))})(?!\w)(?!\s*\d)"),
        ordinals=ords, of_what_start=start(g.rank.of_what), move_up_end=end(g.move.up), move_down_end=end(g.move.down),
        move_after_start=start(g.move.after), not_score_start=start(g.score.not_score),
        index_words=word(g.score.index_words), percent_start=re.compile(r"^\s*(?:%|phần trăm(?!\w))"),
        speed_start=start(g.units.speed), vnd_start=start(g.units.money_vnd),
        money_other_start=start(g.units.money_other), multiplier_start=start(g.units.multiplier),
        length_start=start(g.units.length), density_start=re.compile(rf"^\s*(?:\w+\s+)?(?:{alternation(g.units.density)})"),
        target=word(g.traps.target), per_unit=word(g.traps.per_unit), list_size=word(g.traps.list_size),
        structure_sentence=word(g.traps.structure_sentence), spec=word(g.traps.spec), bodies=word(g.traps.bodies),
        enumeration_verbs_start=start(g.traps.enumeration_verbs),
        provinces_collective_start=start(g.traps.provinces_collective),
        document_end=end(g.traps.document, with_approx=False),
        ordinal_end=end(g.traps.ordinal, with_approx=False), counter_end=re.compile(
            rf"(?<!\w)(?:{alternation(g.traps.counter)})\s*[:：]?\s*$"),
        phone_end=re.compile(rf"(?<!\w)(?:{alternation(g.traps.phone)})\s*[:：]?\s*$"),
        caption_end=re.compile(rf"(?:^|[\s(])(?:{alternation(g.traps.caption)})\s*[:：]?\s*$"),
        rule_end=end(g.traps.rule), rule_after_start=start(g.traps.rule_after), time_start=start(g.traps.time),
        structure_start=start(g.traps.structure, unless=g.traps.not_structure), attendance_start=start(g.traps.attendance),
        enumeration_end=end(g.traps.enumeration_before), enumeration_start=start(g.traps.enumeration_after),
        noun_stop=word(g.noun.stop), noun_not_start=start(g.noun.not_start), digital=word(g.topic.digital),
    )


def load_grammar(path: Path = DATA) -> Grammar:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        return _compile(_Grammar.model_validate(data))
    except tomllib.TOMLDecodeError as e:
        raise GrammarError(f"{path}: {e}") from None
    except ValidationError as e:
        err = e.errors()[0]
        raise GrammarError(f"{path}: {'.'.join(str(x) for x in err['loc'])}: {err['msg']}") from None


@lru_cache(maxsize=1)
def grammar() -> Grammar:
    return load_grammar()
