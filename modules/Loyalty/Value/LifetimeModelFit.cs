namespace RetailCommerce.Modules.Loyalty.Value;

/// <summary>
/// The store's latest lifetime-model fit (one document per store, id <see cref="DocumentId"/>): BG/NBD and
/// Gamma-Gamma parameters with their fit quality, and the churn models' holdout AUCs side by side.
/// </summary>
public sealed class LifetimeModelFit
{
    /// <summary>The single document id per store.</summary>
    public const string DocumentId = "current";

    public string Id { get; set; } = DocumentId;

    /// <summary>Wall-clock time the fit ran.</summary>
    public DateTimeOffset FittedAt { get; set; }

    /// <summary>Observation end (store time): the latest event, or the asOf the fit was asked for.</summary>
    public DateTimeOffset ObservationEnd { get; set; }

    /// <summary>Time unit of recency, age and alpha ("Weeks").</summary>
    public string Unit { get; set; } = "Weeks";

    /// <summary>Customers with at least one purchase by the observation end.</summary>
    public int Customers { get; set; }

    /// <summary>Customers with at least one repeat purchase day.</summary>
    public int RepeatCustomers { get; set; }

    public double R { get; set; }
    public double Alpha { get; set; }
    public double A { get; set; }
    public double B { get; set; }
    /// <summary>BG/NBD log-likelihood at the optimum.</summary>
    public double LogLikelihood { get; set; }
    public bool Converged { get; set; }

    /// <summary>Gamma-Gamma parameters; null when no customer had repeat spend.</summary>
    public double? P { get; set; }
    public double? Q { get; set; }
    public double? V { get; set; }
    public double? SpendLogLikelihood { get; set; }

    /// <summary>
    /// Correlation of frequency and mean repeat spend among repeat customers. Gamma-Gamma assumes none; a large
    /// value means CLV should be read with care.
    /// </summary>
    public double? SpendFrequencyCorrelation { get; set; }

    /// <summary>AUC of 1 − P(alive) as a churn score on the holdout window (features at end − 90 days).</summary>
    public double? ProbabilityAliveAuc { get; set; }

    /// <summary>
    /// AUC of the BG/NBD probability of no purchase in the next 90 days on the same holdout: the unsupervised churn
    /// score used when LightGBM cannot be trained.
    /// </summary>
    public double? BgNbdChurnAuc { get; set; }

    /// <summary>AUC of the LightGBM churn model on the same holdout, trained on the window 90 days earlier.</summary>
    public double? ChurnModelAuc { get; set; }

    /// <summary>Customers in the churn training and holdout windows.</summary>
    public int ChurnTrainingExamples { get; set; }
    public int ChurnHoldoutExamples { get; set; }

    /// <summary>Whether churn risk came from LightGBM ("lightgbm") or from the BG/NBD probability of no purchase in 90 days ("bgnbd"), and why.</summary>
    public string ChurnModelStatus { get; set; } = "";

    /// <summary>The one-line outcome of the run.</summary>
    public string Outcome { get; set; } = "";
}
