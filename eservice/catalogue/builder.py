"""Edits officers make to a draft form definition through the builder. Each returns a new
definition; the view saves it only when validate_definition() accepts it."""

import copy
from typing import Any


def empty() -> dict[str, Any]:
    return {"version": 1, "pages": []}


def add_page(definition: dict[str, Any], title_th: str, title_en: str) -> dict[str, Any]:
    result = copy.deepcopy(definition) if definition else empty()
    taken = {p["key"] for p in result["pages"]}
    n = len(result["pages"]) + 1
    while f"page_{n}" in taken:
        n += 1
    result["pages"].append(
        {"key": f"page_{n}", "title": {"th": title_th, "en": title_en}, "fields": []}
    )
    return result


def rename_page(
    definition: dict[str, Any], page: str, title_th: str, title_en: str
) -> dict[str, Any]:
    result = copy.deepcopy(definition)
    for p in result["pages"]:
        if p["key"] == page:
            p["title"] = {"th": title_th, "en": title_en}
    return result


def remove_page(definition: dict[str, Any], page: str) -> dict[str, Any]:
    result = copy.deepcopy(definition)
    result["pages"] = [p for p in result["pages"] if p["key"] != page]
    return result


def put_field(definition: dict[str, Any], page: str, field: dict[str, Any]) -> dict[str, Any]:
    """Replace the field with the same key where it stands (moving it when its page changed),
    or add it at the end of the page."""
    result = copy.deepcopy(definition)
    for p in result["pages"]:
        for n, existing in enumerate(p["fields"]):
            if existing["key"] == field["key"]:
                if p["key"] == page:
                    p["fields"][n] = field
                    return result
                del p["fields"][n]
                break
    for p in result["pages"]:
        if p["key"] == page:
            p["fields"].append(field)
    return result


def remove_field(definition: dict[str, Any], key: str) -> dict[str, Any]:
    result = copy.deepcopy(definition)
    for p in result["pages"]:
        p["fields"] = [f for f in p["fields"] if f["key"] != key]
    return result


def move_field(definition: dict[str, Any], key: str, step: int) -> dict[str, Any]:
    """Move a field up (-1) or down (+1) within its page."""
    result = copy.deepcopy(definition)
    for p in result["pages"]:
        keys = [f["key"] for f in p["fields"]]
        if key in keys:
            n = keys.index(key)
            m = n + step
            if 0 <= m < len(keys):
                p["fields"][n], p["fields"][m] = p["fields"][m], p["fields"][n]
    return result


def find_field(definition: dict[str, Any], key: str) -> tuple[str, dict[str, Any]] | None:
    for p in definition.get("pages", []):
        for f in p["fields"]:
            if f["key"] == key:
                return p["key"], f
    return None
