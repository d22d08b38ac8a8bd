"""factory_boy factories for the models; `bind(session)` points them at a test's session."""

from datetime import date

import factory
from factory.alchemy import SQLAlchemyModelFactory
from sqlalchemy.orm import Session

from db.models import Claim, Source, Speaker, SpeakerAlias
from services.text import dedupe_key, name_key


class _Base(SQLAlchemyModelFactory):
    class Meta:
        abstract = True
        sqlalchemy_session_persistence = "flush"


def bind(session: Session) -> None:
    for factory_class in (SpeakerFactory, SpeakerAliasFactory, SourceFactory, ClaimFactory):
        factory_class._meta.sqlalchemy_session = session


class SpeakerFactory(_Base):
    class Meta:
        model = Speaker

    name = factory.Sequence(lambda n: f"화자 {n}")
    name_key = factory.LazyAttribute(lambda o: name_key(o.name))
    title = "CEO"
    organization = factory.Sequence(lambda n: f"Organisation {n}")


class SpeakerAliasFactory(_Base):
    class Meta:
        model = SpeakerAlias

    speaker = factory.SubFactory(SpeakerFactory)
    name = factory.Sequence(lambda n: f"Speaker {n}")
    name_key = factory.LazyAttribute(lambda o: name_key(o.name))
    language = "en"


class SourceFactory(_Base):
    class Meta:
        model = Source

    url = factory.Sequence(lambda n: f"https://news.example.org/articles/{n}")
    outlet = "KBS"
    outlet_key = factory.LazyAttribute(lambda o: name_key(o.outlet) if o.outlet else None)
    title = factory.Sequence(lambda n: f"기사 {n}")
    published_on = date(2025, 4, 30)
    language = "ko"


class ClaimFactory(_Base):
    class Meta:
        model = Claim

    text = factory.Sequence(lambda n: f"전체 코드의 {n}% 정도가 AI로 작성된 것 같아요.")
    text_key = factory.LazyAttribute(lambda o: dedupe_key(o.text))
    speaker = factory.SubFactory(SpeakerFactory)
    source = factory.SubFactory(SourceFactory)
    said_on = date(2025, 4, 29)
    language = "ko"
    status_code = "unverified"

