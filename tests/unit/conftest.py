import pytest

from services.extraction.korean_nlp import kiwi_available, make_analyzer

# The extraction tests run with each Korean analyzer: the rules always, kiwipiepy where the
# `korean` extra is installed.
ANALYZERS = ["rules", pytest.param("kiwipiepy", marks=pytest.mark.skipif(
    not kiwi_available(), reason="kiwipiepy not installed (the korean extra)"))]


@pytest.fixture(params=ANALYZERS)
def analyzer(request):
    return make_analyzer(request.param)
