"""One jobs runner: every background task reports progress and partial results, stops on
Cancel, and ends on one signal; a failure is one sentence in the person's language."""

from __future__ import annotations

import threading

from facilitator_app.core.errors import NotFound
from facilitator_app.core.snapshot import EventSnapshot
from facilitator_app.gui.exporting import export_job
from facilitator_app.gui.jobs import Job
from facilitator_app.gui.merging import preview_job
from facilitator_app.i18n import set_language, tr
from facilitator_app.printing.documents import ExportRequest


def outcomes(job: Job) -> list:
    heard: list = []
    job.progressed.connect(lambda done, total: heard.append(("progress", done, total)))
    job.reported.connect(lambda item: heard.append(("reported", item)))
    job.finished.connect(lambda result: heard.append(("finished", result)))
    job.failed.connect(lambda sentence: heard.append(("failed", sentence)))
    job.cancelled.connect(lambda: heard.append(("cancelled",)))
    return heard


def test_progress_partial_results_and_the_result_come_in_order(qtbot):
    def work(job: Job) -> str:
        for n in range(3):
            job.progress(n, 3)
            job.report(f"item {n}")
        return "done"

    job = Job(work)
    heard = outcomes(job)
    with qtbot.waitSignal(job.finished, timeout=10_000):
        job.start()
    assert heard == [
        ("progress", 0, 3),
        ("reported", "item 0"),
        ("progress", 1, 3),
        ("reported", "item 1"),
        ("progress", 2, 3),
        ("reported", "item 2"),
        ("finished", "done"),
    ]
    assert not job.running


def test_cancel_stops_the_work_at_its_next_step_and_says_cancelled(qtbot):
    asked = threading.Event()
    steps: list[int] = []

    def work(job: Job) -> None:
        for n in range(1000):
            if n == 2:
                asked.set()
                while not job.stopping:
                    pass
            job.report(n)
            steps.append(n)

    job = Job(work)
    heard = outcomes(job)
    with qtbot.waitSignal(job.cancelled, timeout=10_000):
        job.start()
        assert asked.wait(10)
        job.cancel()
    assert steps == [0, 1]
    assert [h[0] for h in heard] == ["reported", "reported", "cancelled"]


def test_a_failure_is_one_sentence_in_french(qtbot):
    set_language("fr")

    def missing(job: Job) -> None:
        raise NotFound(tr("No {kind} with id {id}.", kind="note", id="n-1"))

    def bug(job: Job) -> None:
        raise KeyError("colonne")

    for work, sentence in (
        (missing, "Aucun enregistrement note d’id n-1."),
        (bug, "Le travail s’est arrêté sur une erreur inattendue (KeyError\u00a0: 'colonne')."),
    ):
        job = Job(work)
        heard = outcomes(job)
        job.start(wait=True)
        assert heard == [("failed", sentence)]


def test_the_preview_of_copies_is_a_job_that_stops_between_files(qtbot, document, tmp_path):
    copies = [tmp_path / f"copie {n}.recolte" for n in range(3)]
    for path in copies:
        path.write_bytes(b"pas une base SQLite")
    job = preview_job(document.path, copies)
    heard = outcomes(job)
    job.start(wait=True)
    previews = [item for kind, *item in heard if kind == "reported"]
    assert [p[0].name for p in previews] == ["copie 0", "copie 1", "copie 2"]
    assert all(p[0].refused and p[0].summary for p in previews)
    assert heard[-1] == ("finished", None)

    job = preview_job(document.path, copies)
    job.reported.connect(lambda preview: job.cancel())  # Cancel after the first file
    heard = outcomes(job)
    job.start(wait=True)
    assert [kind for kind, *_ in heard] == ["progress", "reported", "cancelled"]


def test_an_event_that_cannot_be_read_refuses_every_copy_in_one_sentence(qtbot, tmp_path):
    copies = [tmp_path / "copie.recolte"]
    job = preview_job(tmp_path / "absent.recolte", copies)
    heard = outcomes(job)
    job.start(wait=True)
    (kind, preview), finished = heard
    assert kind == "reported" and preview.refused and "absent.recolte" in preview.summary
    assert finished == ("finished", None)


def test_an_export_that_cannot_be_written_names_the_file_chosen(qtbot, tmp_path):
    set_language("fr")
    out = tmp_path / "synthèse.pdf"
    out.mkdir()  # a folder where the file should go
    job = export_job(ExportRequest("synthesis", out), EventSnapshot.from_records({}))
    heard = outcomes(job)
    job.start(wait=True)
    (kind, sentence) = heard[-1]
    assert kind == "failed"
    assert sentence.startswith(f"{out} n’a pas pu être écrit"), sentence
    assert ".part" not in sentence
