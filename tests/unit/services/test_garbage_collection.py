import gc
import multiprocessing
import threading
from concurrent.futures import ProcessPoolExecutor

import pytest

from services import import_checks
from services.garbage_collection import BULK_THRESHOLD, collecting_less


@pytest.fixture(autouse=True)
def thresholds():
    saved = gc.get_threshold()
    gc.set_threshold(700, 10, 10)
    yield
    gc.set_threshold(*saved)


def test_a_bulk_job_collects_less_and_puts_the_thresholds_back():
    with collecting_less():
        assert gc.get_threshold() == (BULK_THRESHOLD, 10, 10)
    assert gc.get_threshold() == (700, 10, 10)


def test_the_thresholds_come_back_after_a_failure():
    with pytest.raises(ValueError), collecting_less():
        raise ValueError
    assert gc.get_threshold() == (700, 10, 10)


def test_a_process_already_collecting_less_is_not_made_to_collect_more():
    gc.set_threshold(50_000, 10, 10)
    with collecting_less():
        assert gc.get_threshold()[0] == 50_000
    assert gc.get_threshold()[0] == 50_000


def test_overlapping_jobs_in_two_threads_restore_only_when_the_last_one_ends():
    first_in, second_done, seen = threading.Event(), threading.Event(), []

    def first():
        with collecting_less():
            first_in.set()
            second_done.wait(5)
            seen.append(gc.get_threshold()[0])  # the second job ended meanwhile

    thread = threading.Thread(target=first)
    thread.start()
    first_in.wait(5)
    with collecting_less():
        seen.append(gc.get_threshold()[0])
    second_done.set()
    thread.join(5)
    assert seen == [BULK_THRESHOLD, BULK_THRESHOLD]
    assert gc.get_threshold() == (700, 10, 10)


def test_an_import_helper_process_collects_less():
    context = multiprocessing.get_context("forkserver")
    with ProcessPoolExecutor(1, mp_context=context, initializer=import_checks.start_helper) as pool:
        assert pool.submit(gc.get_threshold).result()[0] == BULK_THRESHOLD
