from hypothesis import given
from hypothesis import strategies as st

from preau.catalog.facet_index import FacetIndex


def index_of(size: int) -> FacetIndex:
    ids = [1000 + i for i in range(size)]
    return FacetIndex(0, ids, {e: p for p, e in enumerate(ids)}, list(range(size)), {})


@given(st.integers(0, 300), st.sets(st.integers(0, 400)))
def test_bitmaps_round_trip_entry_ids(size, picks):
    index = index_of(size)
    chosen = {1000 + p for p in picks}  # some beyond the index: ignored
    mask = index.mask_of(chosen)
    expected = sorted(p for p in picks if p < size)
    assert index.positions(mask) == expected
    assert mask.bit_count() == len(expected)
    assert mask & ~index.everything == 0
