"""Claim extraction: candidate quotes, with their speakers, from articles, transcripts and
headline lists in Korean and English (see docs/EXTRACTION.md). No Flask, no commits."""

from services.extraction.extract import extract
from services.extraction.model import Candidate, Extraction, Occurrence, SpeakerMention

__all__ = ["Candidate", "Extraction", "Occurrence", "SpeakerMention", "extract"]
