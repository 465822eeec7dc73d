import pytest

from percentiles import nearest_rank

LATENCIES_MS = [12, 15, 11, 240, 13, 14, 16, 12, 13, 900]


def test_median_and_tail():
    assert nearest_rank(LATENCIES_MS, 50) == 13
    assert nearest_rank(LATENCIES_MS, 90) == 240
    assert nearest_rank(LATENCIES_MS, 99) == 900


def test_result_is_a_measured_value():
    assert nearest_rank([1.0, 2.0], 50) == 1.0


@pytest.mark.parametrize("percent", [0, -1, 101])
def test_rejects_percent_out_of_range(percent):
    with pytest.raises(ValueError, match="percent must be in"):
        nearest_rank(LATENCIES_MS, percent)


def test_rejects_no_samples():
    with pytest.raises(ValueError, match="no samples"):
        nearest_rank([], 50)
