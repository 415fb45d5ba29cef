"""requirements.lock (made by `uv pip compile`, README) pins every dependency of
pyproject.toml, the test extra's too, at a version its bounds allow."""

from __future__ import annotations

import re
import tomllib

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tests.conftest import ROOT


def _pinned() -> dict[str, str]:
    text = (ROOT / "requirements.lock").read_text()
    return {canonicalize_name(name): version
            for name, version in re.findall(r"^([A-Za-z0-9_.\-]+)==([^\s;\\]+)", text, re.M)}


def test_every_dependency_is_pinned_within_its_bounds():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = [Requirement(r) for r in
              (*project["dependencies"], *project["optional-dependencies"]["test"])]
    pinned = _pinned()
    missing = [str(r) for r in wanted if canonicalize_name(r.name) not in pinned]
    assert not missing, f"not in requirements.lock (run uv pip compile again): {missing}"
    outside = [f"{r}: {pinned[canonicalize_name(r.name)]}" for r in wanted
               if not r.specifier.contains(pinned[canonicalize_name(r.name)], prereleases=True)]
    assert not outside, outside
