#!/usr/bin/env python3
"""Reference DER figures for groupscribe's own DER, from pyannote.metrics itself.

For each of the two AMI meetings in tests/data/rttm/ (reference = the human
annotation), this script writes a hypothesis: a deterministic perturbation of
the reference (labels renamed and permuted, onsets and ends shifted, some
segments given to another speaker, some dropped, some extra speech by a fifth
label), as `<meeting>.hyp.rttm` beside this script. Then it scores each
hypothesis against its reference with pyannote.metrics'
`DiarizationErrorRate(collar=c, skip_overlap=False)` over the meeting's UEM,
for c in 0, 0.25 and 0.5 s, and writes every figure to `pyannote.json`.
A last case scores the reference against itself relabelled (DER 0).

`tests/compare.rs` reads the same files, recomputes DER and its parts with
groupscribe's `metrics::agreement::diarization_error` and compares them with
these figures to 1e-6.

The UEM end is rounded to the millisecond (half away from zero), as groupscribe
reads every time; all other times are already whole milliseconds.

Run (pyannote.metrics 3.2.1, in a virtual environment outside the repo):

    python3 -m venv /tmp/pyv && /tmp/pyv/bin/pip install pyannote.metrics==3.2.1
    /tmp/pyv/bin/python tests/data/der/make_reference.py
"""

import json
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pyannote.metrics
from pyannote.core import Annotation, Segment, Timeline
from pyannote.metrics.diarization import DiarizationErrorRate

HERE = Path(__file__).resolve().parent
RTTM = HERE.parent / "rttm"
MEETINGS = ["ES2004a", "IS1009a"]
COLLARS = ["0", "0.25", "0.5"]


def millis(text):
    return int((Decimal(text) * 1000).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def read_rttm(path):
    """[(label, onset ms, end ms)] in line order."""
    segments = []
    for line in path.read_text().splitlines():
        fields = line.split()
        if not fields or fields[0] != "SPEAKER":
            continue
        onset = millis(fields[3])
        segments.append((fields[7], onset, onset + millis(fields[4])))
    return segments


def read_uem(path):
    fields = path.read_text().split()
    return millis(fields[2]), millis(fields[3])


def perturb(segments):
    """The deterministic hypothesis: see the module's text."""
    speakers = []
    for label, _, _ in segments:
        if label not in speakers:
            speakers.append(label)
    # Renamed and permuted: the n-th speaker becomes spk_<letter of (n*3+1) mod k>.
    k = len(speakers)
    renamed = {s: "spk_" + "ABCDEFGH"[(n * 3 + 1) % k] for n, s in enumerate(speakers)}
    hypothesis = []
    for index, (label, onset, end) in enumerate(segments):
        if index % 13 == 5:
            continue  # missed
        if index % 7 == 3:
            label = speakers[(speakers.index(label) + 1) % k]  # another speaker
        onset += ((index * 37) % 11 - 5) * 40
        end += ((index * 53) % 9 - 4) * 30
        onset = max(onset, 0)
        end = max(end, onset + 10)
        hypothesis.append((renamed[label], onset, end))
        if index % 17 == 8:
            hypothesis.append(("spk_extra", end + 500, end + 1300))  # false alarm
    return hypothesis


def seconds(ms):
    return f"{ms // 1000}.{ms % 1000:03d}"


def write_rttm(path, meeting, segments):
    with path.open("w") as out:
        for label, onset, end in segments:
            out.write(
                f"SPEAKER {meeting} 1 {seconds(onset)} {seconds(end - onset)} "
                f"<NA> <NA> {label} <NA> <NA>\n"
            )


def annotation(segments, uri):
    result = Annotation(uri=uri)
    for track, (label, onset, end) in enumerate(segments):
        result[Segment(onset / 1000, end / 1000), f"t{track}"] = label
    return result


def score(reference, hypothesis, uem, collar, meeting, ref_name, hyp_name):
    metric = DiarizationErrorRate(collar=float(collar), skip_overlap=False)
    timeline = Timeline([Segment(uem[0] / 1000, uem[1] / 1000)], uri=meeting)
    ref = annotation(reference, meeting)
    hyp = annotation(hypothesis, meeting)
    parts = metric.compute_components(ref, hyp, uem=timeline)
    return {
        "reference": ref_name,
        "hypothesis": hyp_name,
        "uem": f"{meeting}.uem",
        "collar": float(collar),
        "der": metric.compute_metric(parts),
        "total": parts["total"],
        "correct": parts["correct"],
        "missed": parts["missed detection"],
        "false_alarm": parts["false alarm"],
        "confusion": parts["confusion"],
    }


def main():
    cases = []
    for meeting in MEETINGS:
        reference = read_rttm(RTTM / f"{meeting}.only_words.rttm")
        uem = read_uem(RTTM / f"{meeting}.uem")
        hypothesis = perturb(reference)
        write_rttm(HERE / f"{meeting}.hyp.rttm", meeting, hypothesis)
        for collar in COLLARS:
            cases.append(
                score(reference, hypothesis, uem, collar, meeting,
                      f"../rttm/{meeting}.only_words.rttm", f"{meeting}.hyp.rttm")
            )
    # The reference against itself with every label renamed: DER 0.
    meeting = MEETINGS[0]
    reference = read_rttm(RTTM / f"{meeting}.only_words.rttm")
    relabelled = [("other_" + label, onset, end) for label, onset, end in reference]
    write_rttm(HERE / f"{meeting}.relabelled.rttm", meeting, relabelled)
    cases.append(
        score(reference, relabelled, read_uem(RTTM / f"{meeting}.uem"), "0.25", meeting,
              f"../rttm/{meeting}.only_words.rttm", f"{meeting}.relabelled.rttm")
    )
    out = {
        "produced_by": "tests/data/der/make_reference.py",
        "pyannote.metrics": pyannote.metrics.__version__,
        "cases": cases,
    }
    (HERE / "pyannote.json").write_text(json.dumps(out, indent=2) + "\n")


if __name__ == "__main__":
    main()
