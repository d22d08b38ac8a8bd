"""How well extraction does on the hand-labelled evaluation set (tests/data/extraction):
precision and recall of the quote text and of the speaker, overall and per language.

A candidate matches a label when their texts are equal once normalised as dedupe keys are
(NFKC, case folded, punctuation and spacing collapsed: services.text.normalise_for_dedupe), or,
failing that, when the normalised texts are at least 90% alike (difflib's ratio). Each label and
each candidate matches once at most. The speaker is right when the candidate's speaker name, as
a name key, is the label's speaker or one of its aliases.

    python -m services.extraction.evaluation [--analyzer rules|kiwipiepy|both] [-v]
"""

import argparse
import json
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path

from services.extraction.extract import extract
from services.extraction.korean_nlp import kiwi_available, make_analyzer
from services.extraction.model import Candidate
from services.text import name_key, normalise_for_dedupe

DATA = Path(__file__).resolve().parents[2] / "tests" / "data" / "extraction"
SIMILAR = 0.9
TARGET_PRECISION, TARGET_RECALL = 0.9, 0.85


@dataclass
class Score:
    labels: int = 0
    candidates: int = 0
    quotes_matched: int = 0
    speakers_right: int = 0

    def add(self, other: "Score") -> None:
        self.labels += other.labels
        self.candidates += other.candidates
        self.quotes_matched += other.quotes_matched
        self.speakers_right += other.speakers_right

    @property
    def quote_precision(self) -> float:
        return self.quotes_matched / self.candidates if self.candidates else 1.0

    @property
    def quote_recall(self) -> float:
        return self.quotes_matched / self.labels if self.labels else 1.0

    @property
    def speaker_precision(self) -> float:
        return self.speakers_right / self.candidates if self.candidates else 1.0

    @property
    def speaker_recall(self) -> float:
        return self.speakers_right / self.labels if self.labels else 1.0

    def meets_targets(self) -> bool:
        return (min(self.quote_precision, self.speaker_precision) >= TARGET_PRECISION
                and min(self.quote_recall, self.speaker_recall) >= TARGET_RECALL)


@dataclass
class TextResult:
    file: str
    language: str
    split: str
    score: Score
    misses: list[str] = field(default_factory=list)
    false_positives: list[str] = field(default_factory=list)
    wrong_speakers: list[str] = field(default_factory=list)
    merge_errors: list[str] = field(default_factory=list)
    right_patterns: list[str] = field(default_factory=list)


@dataclass
class Report:
    analyzer: str
    texts: list[TextResult]
    patterns: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))

    def total(self, key: str | None = None, value: str | None = None) -> Score:
        score = Score()
        for text in self.texts:
            if key is None or getattr(text, key) == value:
                score.add(text.score)
        return score


def _normal(text: str) -> str:
    return normalise_for_dedupe(text)


def _alike(a: str, b: str) -> bool:
    return a == b or SequenceMatcher(None, a, b, autojunk=False).ratio() >= SIMILAR


def score_text(candidates: list[Candidate], labels: list[dict]) -> TextResult:
    result = TextResult("", "", "", Score(len(labels), len(candidates)))
    free = list(range(len(candidates)))
    normal = [_normal(c.text) for c in candidates]
    for label in labels:
        wanted = _normal(label["quote"])
        exact = [i for i in free if normal[i] == wanted]
        near = exact or [i for i in free if _alike(normal[i], wanted)]
        if not near:
            result.misses.append(f"{label['speaker']}: {label['quote']}")
            continue
        names = {name_key(label["speaker"])} | {name_key(a) for a in label.get("aliases", [])}
        right = [i for i in near if name_key(candidates[i].speaker.name) in names]
        index = (right or near)[0]
        free.remove(index)
        result.score.quotes_matched += 1
        candidate = candidates[index]
        if right:
            result.score.speakers_right += 1
            result.right_patterns.append(candidate.pattern)
        else:
            result.wrong_speakers.append(
                f"{candidate.speaker.name} (should be {label['speaker']}): {label['quote']}")
        if len(candidate.occurrences) != label.get("occurrences", 1):
            result.merge_errors.append(f"{len(candidate.occurrences)} occurrences of "
                                       f"{label['quote']}")
    result.false_positives = [f"[{candidates[i].pattern}] {candidates[i].speaker.name}: "
                              f"{candidates[i].text}" for i in free]
    return result


def evaluate(analyzer_choice: str = "rules", data: Path = DATA) -> Report:
    labels = json.loads((data / "labels.json").read_text(encoding="utf-8"))
    results = []
    patterns: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    name = analyzer_choice
    for entry in labels["texts"]:
        source = (data / entry["file"]).read_text(encoding="utf-8")
        extraction = extract(source, analyzer=make_analyzer(analyzer_choice))
        name = extraction.analyzer
        result = score_text(extraction.candidates, entry["claims"])
        result.file, result.language, result.split = entry["file"], entry["language"], entry["split"]
        results.append(result)
        for candidate in extraction.candidates:
            patterns[candidate.pattern][1] += 1
        for pattern in result.right_patterns:
            patterns[pattern][0] += 1
    return Report(name, results, patterns)


def _row(name: str, score: Score) -> str:
    return (f"{name:<44} {score.labels:>6} {score.candidates:>6}   "
            f"{score.quote_precision:>5.3f} {score.quote_recall:>5.3f}   "
            f"{score.speaker_precision:>5.3f} {score.speaker_recall:>5.3f}")


def print_report(report: Report, verbose: bool = False) -> None:
    print(f"\nAnalyzer: {report.analyzer}")
    print(f"{'':<44} {'labels':>6} {'found':>6}   {'quote P':>7} {'R':>5}   {'speaker P':>9} {'R':>3}")
    for text in report.texts:
        print(_row(f"  {text.file}", text.score))
    for key, values in (("language", ("ko", "en")), ("split", ("dev", "held-out", "stress"))):
        for value in values:
            print(_row(f"{key} {value}", report.total(key, value)))
    print(_row("all", report.total()))
    if verbose:
        for text in report.texts:
            for kind in ("misses", "false_positives", "wrong_speakers", "merge_errors"):
                for item in getattr(text, kind):
                    print(f"  {text.file}: {kind[:-1].replace('_', ' ')}: {item}")
    print("Precision by pattern (quote and speaker right / candidates):")
    for pattern, (right, found) in sorted(report.patterns.items()):
        print(f"  {pattern:<32} {right:>4} / {found:<4} {right / found:.3f}")


def meets_targets(report: Report) -> bool:
    return all(report.total(key, value).meets_targets()
               for key, value in ((None, None), ("language", "ko"), ("language", "en")))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--analyzer", choices=["rules", "kiwipiepy", "both"], default="both")
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("-v", "--verbose", action="store_true",
                        help="List every miss, false positive and wrong speaker.")
    args = parser.parse_args(argv)
    choices = ["kiwipiepy", "rules"] if args.analyzer == "both" else [args.analyzer]
    if "kiwipiepy" in choices and not kiwi_available():
        print("kiwipiepy is not installed (pip install 'quotecheck[korean]'): rules only.")
        choices = ["rules"]
    print(f"Targets: precision >= {TARGET_PRECISION}, recall >= {TARGET_RECALL}, for quote text "
          "and speaker, overall and per language.")
    ok = True
    for choice in choices:
        report = evaluate(choice, args.data)
        print_report(report, args.verbose)
        met = meets_targets(report)
        ok &= met
        print("Targets met." if met else "TARGETS NOT MET.")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
