"""What extraction finds: speakers as the text names them, and candidate claims with every
place they occur."""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class SpeakerMention:
    """A speaker as the text gives them. `role` is "측" for a camp or spokesperson speaking for
    `name`, or "관계자" for an unnamed official of the organisation `name`."""

    name: str
    title: str | None = None
    role: str | None = None
    person: bool = True


@dataclass(frozen=True)
class Occurrence:
    """Where a quote is in the input: `start` and `end` index its characters (Unicode code
    points, end exclusive), without the quotation marks."""

    start: int
    end: int
    pattern: str
    context: str


@dataclass
class Candidate:
    text: str
    speaker: SpeakerMention
    pattern: str
    confidence: float
    language: str
    occurrences: list[Occurrence] = field(default_factory=list)

    @property
    def context(self) -> str:
        return self.occurrences[0].context if self.occurrences else ""


@dataclass
class Extraction:
    candidates: list[Candidate]
    analyzer: str
    # Set when the text held more quotes or statements than one extraction looks at.
    truncated: bool = False


# How much each pattern is trusted: a prior per pattern, close to its precision on the
# evaluation set (make eval-extract prints that), not a calibrated probability.
CONFIDENCE = {
    "transcript-speaker-line": 0.9,
    "transcript-label": 0.9,
    "interview-answer": 0.85,
    "ko-quote-subject-before": 0.95,
    "ko-quote-subject-after": 0.9,
    "ko-quote-chain": 0.9,
    "ko-quote-pronoun": 0.8,
    "ko-quote-continuation": 0.7,
    "ko-headline-speaker-before": 0.9,
    "ko-headline-topic": 0.8,
    "ko-headline-speaker-after": 0.8,
    "ko-quote-dash-byline": 0.85,
    "en-quote-attribution-after": 0.95,
    "en-quote-attribution-before": 0.9,
    "en-quote-according-to": 0.9,
    "en-quote-pronoun": 0.8,
    "en-quote-continuation": 0.75,
    "en-quote-partial": 0.7,
}
# A speaker named only by surname and title ("강 대표", "the mayor") that no earlier full
# name resolves is kept, less trusted.
UNRESOLVED_PENALTY = 0.2


@dataclass
class Turn:
    """A transcript's or an interview's turn: who speaks and the spans of what they say."""
    speaker: SpeakerMention | None  # None: a reporter's, a questioner's or an unnamed voice's turn
    pattern: str
    label_at: int
    english: bool = False  # the name is an English label as written: CHIEF ANGELA MORROW
    pieces: list[tuple[int, int]] = field(default_factory=list)
    resolved: bool = False  # the speaker is already the full name the header or intro gave
    cue: str = ""  # "Q" (the questioner side) or "A" (the answerer side) of a Q&A or an examination
