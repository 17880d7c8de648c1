"""Reading the tab-separated files of the label-noise audit (the PYML_NOISE_LIST listing and the
reviewers' verdicts), shared by scripts/pyml-noise-sample.py and scripts/pyml-noise-tally.py.
"""
import csv


def read_tsv(path: str, columns: tuple[str, ...]) -> list[dict[str, str]]:
    """The rows of `path`, which must have `columns`; exits with an error naming the file and
    line when it cannot be read, lacks a column or has a short row."""
    try:
        with open(path, newline="", encoding="utf-8") as f:
            reader = csv.DictReader(f, delimiter="\t")
            missing = [c for c in columns if c not in (reader.fieldnames or [])]
            if missing:
                raise SystemExit(f"{path}:1: no column {', '.join(missing)} (the header "
                                 f"needs: {' '.join(columns)})")
            rows = []
            for r in reader:
                if any(r.get(c) is None for c in columns):
                    raise SystemExit(f"{path}:{reader.line_num}: fewer tab-separated fields "
                                     "than the header")
                rows.append(r)
            return rows
    except (OSError, UnicodeDecodeError) as e:
        raise SystemExit(f"{path}: {e}") from None
