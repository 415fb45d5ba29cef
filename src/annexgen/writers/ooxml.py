"""What every OOXML package shares: the build time, core properties, a fixed-time zip."""

from __future__ import annotations

import datetime as dt
import io
import os
import zipfile

from annexgen.writers.xml import attr, esc

# Zip timestamps cannot be earlier than 1980.
_ZIP_EPOCH = dt.datetime(1980, 1, 1)


def build_time(content_date: dt.date) -> dt.datetime:
    """The time stamped into every output: SOURCE_DATE_EPOCH if set, else the content's date."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).replace(tzinfo=None)
    return dt.datetime(content_date.year, content_date.month, content_date.day)


def core_properties(title: str, author: str, language: str, when: dt.datetime,
                    **described: str) -> bytes:
    """docProps/core.xml with fixed dates, so that two builds give the same bytes; `described`
    adds the core properties `subject`, `keywords`, `category` and `status` that are given."""
    stamp = w3c_time(when)
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
        'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{esc(title)}</dc:title><dc:creator>{esc(author)}</dc:creator>"
        f"{_described(described)}"
        f"<cp:lastModifiedBy>annexgen</cp:lastModifiedBy><dc:language>{esc(language)}"
        f'</dc:language><dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>'
        "</cp:coreProperties>"
    ).encode()


_DESCRIBED = {"subject": "dc:subject", "keywords": "cp:keywords", "category": "cp:category",
              "status": "cp:contentStatus"}


def _described(described: dict[str, str]) -> str:
    unknown = set(described) - set(_DESCRIBED)
    if unknown:
        raise TypeError(f"no core property {sorted(unknown)}")
    return "".join(f"<{tag}>{esc(described[key])}</{tag}>"
                   for key, tag in _DESCRIBED.items() if described.get(key))


_PROPERTIES_NS = "http://schemas.openxmlformats.org/officeDocument/2006"
# The id of the first custom property: 0 and 1 are reserved (ECMA-376 Part 1, 22.3.2.1).
_FIRST_PID = 2
_CUSTOM_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"
CustomValue = str | bool | dt.date


def custom_properties(values: dict[str, CustomValue]) -> bytes:
    """docProps/custom.xml: each value named, as text, a yes/no or a date."""
    properties = "".join(
        f'<property fmtid="{_CUSTOM_FMTID}" pid="{pid}" name="{attr(name)}">'
        f"{_variant(value)}</property>"
        for pid, (name, value) in enumerate(values.items(), _FIRST_PID))
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<Properties xmlns="{_PROPERTIES_NS}/custom-properties" '
            f'xmlns:vt="{_PROPERTIES_NS}/docPropsVTypes">{properties}</Properties>').encode()


def _variant(value: CustomValue) -> str:
    if isinstance(value, bool):
        return f"<vt:bool>{'true' if value else 'false'}</vt:bool>"
    if isinstance(value, dt.date):
        return f"<vt:filetime>{value.isoformat()}T00:00:00Z</vt:filetime>"
    return f"<vt:lpwstr>{esc(value)}</vt:lpwstr>"


def app_properties(company: str) -> bytes:
    """docProps/app.xml: the application that wrote the file, and the company it is from."""
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<Properties xmlns="{_PROPERTIES_NS}/extended-properties" '
            f'xmlns:vt="{_PROPERTIES_NS}/docPropsVTypes"><Application>annexgen</Application>'
            f"<Company>{esc(company)}</Company></Properties>").encode()


_CONTENT_TYPES_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
_DEFAULTS = (("rels", "application/vnd.openxmlformats-package.relationships+xml"),
             ("xml", "application/xml"))


def content_types(parts: list[tuple[str, str]]) -> bytes:
    """[Content_Types].xml for (part name, content type) pairs: the two defaults every
    package has, then an override for each part, by name (ECMA-376 Part 2, 10.1.2)."""
    overrides = "".join(f'<Override PartName="{attr(name)}" ContentType="{attr(kind)}"/>'
                        for name, kind in sorted(parts))
    defaults = "".join(f'<Default Extension="{ext}" ContentType="{kind}"/>'
                       for ext, kind in _DEFAULTS)
    return ("<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
            f'<Types xmlns="{_CONTENT_TYPES_NS}">{defaults}{overrides}</Types>').encode()


def normalize_package(data: bytes, when: dt.datetime, replace: dict[str, bytes]) -> bytes:
    """The same package re-zipped with fixed member times and attributes, some members replaced."""
    source = zipfile.ZipFile(io.BytesIO(data))
    names = [info.filename for info in source.infolist()]
    members = ((name, replace.get(name) or source.read(name))
               for name in names + [n for n in replace if n not in names])
    return write_zip(members, when)


def write_zip(members, when: dt.datetime) -> bytes:
    """(name, bytes) pairs zipped in order, with fixed member times and attributes."""
    stamp = max(when, _ZIP_EPOCH).timetuple()[:6]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in members:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 0
            target.writestr(info, data, compresslevel=6)
    return out.getvalue()


def w3c_time(when: dt.datetime) -> str:
    """The build time as OOXML writes dates (core properties, tracked changes)."""
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")
