"""Error bars that mean what they say."""
import numpy as np

from analysis.measure.stats import blocked_mean, ratio


def _ar1(gen, n, phi, mean):
    """AR(1) series: correlation time about (1 + phi) / (1 - phi) samples."""
    e = gen.normal(0.0, 1.0, n)
    x = np.empty(n)
    x[0] = e[0] / np.sqrt(1 - phi ** 2)
    for k in range(1, n):
        x[k] = phi * x[k - 1] + e[k]
    return mean + x


def test_blocked_95_percent_interval_covers_the_true_flux_90_to_99_percent():
    gen = np.random.default_rng(2026)
    true = 3.0
    hits = 0
    for _ in range(200):
        est = blocked_mean(_ar1(gen, 4096, 0.9, true))
        lo, hi = est.ci95()
        hits += lo <= true <= hi
    assert 180 <= hits <= 198, hits


def test_blocking_error_exceeds_naive_error_for_correlated_data():
    gen = np.random.default_rng(1)
    x = _ar1(gen, 8192, 0.9, 0.0)
    naive = x.std() / np.sqrt(x.size)
    est = blocked_mean(x)
    # for AR(1) the true error is naive * sqrt((1 + phi) / (1 - phi)) = 4.36 naive
    assert 3.0 * naive < est.error < 6.0 * naive
    assert est.block > 1


def test_blocking_barely_inflates_uncorrelated_errors():
    # taking the plateau's largest error is conservative: about +10% on average for white noise
    gen = np.random.default_rng(2)
    ratios = []
    for _ in range(50):
        x = gen.normal(size=8192)
        ratios.append(blocked_mean(x).error / (x.std() / np.sqrt(x.size)))
    assert 0.95 < np.mean(ratios) < 1.2
    assert max(ratios) < 1.5


def test_ratio_error_by_delta_method_matches_the_spread_of_ratios():
    gen = np.random.default_rng(3)
    rs, es = [], []
    for _ in range(300):
        a = gen.normal(2.0, 1.0, 2000)
        b = gen.normal(-4.0, 1.0, 2000)
        r = ratio(a, b)
        rs.append(r.value)
        es.append(r.error)
    assert np.mean(rs) == np.mean(rs)  # finite
    assert 0.85 < np.std(rs) / np.mean(es) < 1.15


def test_green_kubo_integral_of_a_known_current():
    """An AR(1) current J_k = phi J_k-1 + e_k has the integral dt var(J) (1 + phi) / (2 (1 - phi))."""
    import pandas as pd

    from analysis.measure.diffusion import green_kubo
    from particlesim.summary import Summary
    gen = np.random.default_rng(9)
    phi, n, dt = 0.8, 400_000, 1e-12
    J = _ar1(gen, n, phi, 0.0)
    var = 1.0 / (1 - phi ** 2)
    NA = NB = 500  # y_A = y_B = 1/2: J = (sum_A - sum_B) / 2, so put the current in species A only
    run = type("Run", (), {})()
    run.summary = Summary(species=["A", "B"], particles_by_species=[NA, NB], dt_s=dt, collision_time_s=10 * dt)
    run.currents = pd.DataFrame({"sum_vz_A": 2 * J, "sum_vz_B": np.zeros(n)})
    g = green_kubo(run, t_max=60 * dt)
    expected = dt * var * (1 + phi) / (2 * (1 - phi)) / (1000 * 0.25)
    assert abs(g["D"].value - expected) < 4 * g["D"].error
    assert g["D"].error < 0.05 * expected


def _ar1_batches(rho, n, trials, rng):
    """trials x n AR(1) batch means with unit innovations, started in the stationary state."""
    x = np.empty((trials, n))
    x[:, 0] = rng.normal(size=trials) / np.sqrt(1 - rho ** 2)
    for i in range(1, n):
        x[:, i] = rho * x[:, i - 1] + rng.normal(size=trials)
    return x


def test_batch_error_holds_for_correlated_batches():
    # 20 batch means with lag-1 correlation 0.5 (batches about as long as the slowest relaxation):
    # the naive error covers about 74%; the bias-corrected AR(1) inflation, with the degrees of
    # freedom of the independent batches it amounts to, restores 90-99%
    from scipy.stats import t as student

    from analysis.measure.stats import batch_mean
    rng = np.random.default_rng(16)
    x = _ar1_batches(0.5, 20, 2000, rng)

    def coverage(rows):
        return np.mean([lo <= 0.0 <= hi for lo, hi in (batch_mean(r).ci95() for r in rows)])

    naive = np.abs(x.mean(axis=1)) <= student.ppf(0.975, 19) * x.std(axis=1, ddof=1) / np.sqrt(20)
    assert 0.90 <= coverage(x) <= 0.99, coverage(x)
    assert naive.mean() < 0.85, naive.mean()
    # independent batches: coverage stays near 95%
    assert 0.93 <= coverage(_ar1_batches(0.0, 20, 2000, rng)) <= 0.99


def test_blocking_curve_gives_the_integrated_autocorrelation_time_of_ar1():
    # AR(1) with rho = 0.8: tau_int = (1 + rho) / (2 (1 - rho)) = 4.5 samples
    from analysis.measure.stats import blocking_curve
    x = _ar1_batches(0.8, 2 ** 16, 1, np.random.default_rng(3))[0]
    c = blocking_curve(x)
    assert c["block"][0] == 1 and c["error"].size == 16
    assert 3.8 < c["tau_int"] < 5.4, c["tau_int"]


def test_plane_agreement_allows_for_correlated_planes_and_finds_a_shifted_one():
    """Planes that share most of their noise (the same molecules cross several) agree when their
    means agree (p > 0.01 in 19 of 20 trials), and a shift of 9 standard errors of the
    contrast at one plane is found (p < 0.001), while it is a seventh of one plane's own
    standard error, which is all that independent-plane chi-square would see."""
    from analysis.measure.steady import plane_agreement
    rng = np.random.default_rng(5)
    n, P = 3000, 5
    ps = []
    for _ in range(20):
        common = rng.normal(size=(n, 1)) * 10.0
        x = common + rng.normal(size=(n, P)) * 0.5
        ps.append(plane_agreement(x)[1])
    assert sum(p > 0.01 for p in ps) >= 19
    common = rng.normal(size=(n, 1)) * 10.0
    x = common + rng.normal(size=(n, P)) * 0.5
    x[:, 2] += 9 * 0.5 * np.sqrt(2.0 / n)  # 9 standard errors of the contrast x_2 - x_0
    assert plane_agreement(x)[1] < 0.001
