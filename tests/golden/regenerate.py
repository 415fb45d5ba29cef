"""Regenerates the golden files (`make golden`); review the diff before committing it."""

from __future__ import annotations

import shutil

from tests.golden import CASES, GOLDEN, build_case, golden_path, normalized_parts


def main() -> None:
    for case in CASES:
        shutil.rmtree(GOLDEN / case, ignore_errors=True)
        for file_name, data in build_case(case).items():
            for part, text in normalized_parts(file_name, data).items():
                path = golden_path(case, file_name, part)
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text, encoding="utf-8")
                print(f"wrote {path.relative_to(GOLDEN.parent.parent)}")


if __name__ == "__main__":
    main()
