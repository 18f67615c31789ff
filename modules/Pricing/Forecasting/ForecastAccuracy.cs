namespace RetailCommerce.Modules.Pricing.Forecasting;

/// <summary>Forecast error measures over many series and days.</summary>
public sealed class ForecastAccuracy
{
    private double _absError, _actual, _smape;
    private long _n;

    public void Add(double actual, double forecast)
    {
        _absError += Math.Abs(actual - forecast);
        _actual += Math.Abs(actual);
        var denominator = (Math.Abs(actual) + Math.Abs(forecast)) / 2;
        _smape += denominator == 0 ? 0 : Math.Abs(forecast - actual) / denominator; // 0 when both are 0, as in the competition
        _n++;
    }

    /// <summary>Weighted absolute percentage error: Σ|A−F| / Σ|A|.</summary>
    public double Wape => _actual == 0 ? double.NaN : _absError / _actual;
    /// <summary>Symmetric MAPE in percent (the Kaggle competition's definition).</summary>
    public double Smape => _n == 0 ? double.NaN : 100 * _smape / _n;
    public long Count => _n;
}

/// <summary>
/// The baselines every forecast is judged against: the same weekday of the last observed week repeated, and
/// the same weekday one year (52 weeks) earlier.
/// </summary>
public static class SeasonalNaive
{
    /// <summary>Same weekday in the last week before the origin, repeated for every later week.</summary>
    public static double[] LastWeek(DemandSeries s, int days)
    {
        var origin = s.Length - 1;
        return Enumerable.Range(1, days).Select(h => (double)Value(s, origin + h - 7 * ((h + 6) / 7))).ToArray();
    }

    /// <summary>Same weekday 364 days earlier.</summary>
    public static double[] LastYear(DemandSeries s, int days)
    {
        var origin = s.Length - 1;
        return Enumerable.Range(1, days).Select(h => (double)Value(s, origin + h - 364)).ToArray();
    }

    private static float Value(DemandSeries s, int index) => index >= 0 && index < s.Length ? s.Units[index] : 0;
}
