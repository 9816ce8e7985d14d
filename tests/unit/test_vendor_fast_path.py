"""The plain-Python shape check of vendor files accepts nothing the strict `Vendor` model rejects,
and what it accepts reads exactly as the model reads it."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from helpers import REPO
from livescore.load.strict_yaml import parse_bytes
from livescore.load.vendors import from_model, plain_vendor
from livescore.model.vendor import Vendor
from livescore.records.vendor import VendorData

SHIPPED = [parse_bytes(p.read_bytes(), str(p))[0] for p in sorted((REPO / "vendors").glob("*.yaml"))]


def model_reading(data: Any) -> VendorData | None:
    try:
        return from_model(Vendor.model_validate(data))
    except ValidationError:
        return None


def test_shipped_vendors_take_the_fast_path_and_agree() -> None:
    for doc in SHIPPED:
        assert doc is not None
        fast = plain_vendor(doc.data)
        assert fast is not None
        assert fast == model_reading(doc.data)


scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-10, 10**6), st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=5), st.text(min_size=199, max_size=202), st.just("aurora-live"), st.just("CNY"), st.just("Bad Id"),
)  # fmt: skip
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(
            st.sampled_from(["value", "source", "date", "note", "amount", "currency", "period", "kind", "id", "extra"]),
            inner,
            max_size=4,
        ),
    ),
    max_leaves=6,
)


@st.composite
def mutated(draw: st.DrawFn) -> Any:
    doc = draw(st.sampled_from(SHIPPED))
    assert doc is not None
    data = {k: (dict(v) if isinstance(v, dict) else v) for k, v in doc.data.items()}
    for _ in range(draw(st.integers(1, 3))):
        where = draw(st.sampled_from(["top", "price", "evidence", "entry"]))
        key = draw(
            st.sampled_from(
                [
                    "kind",
                    "id",
                    "name",
                    "indicator_set",
                    "price",
                    "evidence",
                    "value",
                    "source",
                    "date",
                    "note",
                    "amount",
                    "currency",
                    "x",
                ]
            )
        )
        value = draw(values)
        if where == "top":
            if draw(st.booleans()):
                data[key] = value
            else:
                data.pop(key, None)
        elif where == "price" and isinstance(data.get("price"), dict):
            data["price"][key] = value
        elif where == "evidence" and isinstance(data.get("evidence"), dict):
            path = draw(st.sampled_from([*sorted(map(str, data["evidence"])), "made.up.path", 7]))
            data["evidence"][path] = value
        elif where == "entry" and isinstance(data.get("evidence"), dict) and data["evidence"]:
            path = draw(st.sampled_from(sorted(k for k in data["evidence"] if isinstance(k, str))))
            entry = data["evidence"][path]
            data["evidence"][path] = {**entry, key: value} if isinstance(entry, dict) else {key: value}
    return data


@settings(max_examples=400, deadline=None, derandomize=True)
@given(mutated())
def test_fast_path_never_accepts_what_the_model_rejects(data: Any) -> None:
    fast = plain_vendor(data)
    if fast is not None:
        assert fast == model_reading(data)
