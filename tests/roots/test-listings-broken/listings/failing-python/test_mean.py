from mean import mean


def test_mean_of_two():
    assert mean([2.0, 4.0]) == 3.0
