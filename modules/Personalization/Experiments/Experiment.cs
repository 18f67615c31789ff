namespace RetailCommerce.Modules.Personalization.Experiments;

/// <summary>How an experiment splits traffic.</summary>
public enum ExperimentMode
{
    /// <summary>Fixed weights, sticky by hashing (store, experiment, visitor).</summary>
    AbTest,
    /// <summary>Thompson sampling over all visitors: traffic shifts to the winner while it runs.</summary>
    Bandit,
    /// <summary>Thompson sampling per shopper segment (the context): each segment finds its own winner.</summary>
    ContextualBandit,
}

/// <summary>Whether an experiment still assigns variants.</summary>
public enum ExperimentStatus
{
    /// <summary>Assigning and recording exposures.</summary>
    Running,
    /// <summary>Stopped: everyone gets the winner (or control).</summary>
    Stopped,
}

/// <summary>One variant of an experiment.</summary>
public sealed class ExperimentArm
{
    /// <summary>Variant key (for a content slot: the slot variant's key).</summary>
    public string Key { get; set; } = "";
    /// <summary>Relative traffic weight in A/B mode.</summary>
    public double Weight { get; set; } = 1;
}

/// <summary>
/// An A/B/n test or bandit on a content slot or any module decision (e.g. target "recommendations.strategy" with
/// variants "similar" and "bought-together"). The first variant is the control.
/// </summary>
public sealed class Experiment
{
    public string Id { get; set; } = "";
    public string Name { get; set; } = "";
    /// <summary>What is tested: a content slot id, or a decision name the caller owns.</summary>
    public string Target { get; set; } = "";
    public List<ExperimentArm> Variants { get; set; } = [];
    public ExperimentMode Mode { get; set; }
    public ExperimentStatus Status { get; set; }
    /// <summary>Purchases within this many hours of the first exposure are attributed.</summary>
    public int AttributionWindowHours { get; set; } = 72;
    /// <summary>Relative lift the test is sized for (sample-size guard).</summary>
    public double MinimumDetectableEffect { get; set; } = 0.1;
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset? StoppedAt { get; set; }
    /// <summary>The variant everyone gets once stopped (the winner, or control).</summary>
    public string? ServedAfterStop { get; set; }
    public string? StopReason { get; set; }

    /// <summary>The control variant.</summary>
    public string Control => Variants.Count > 0 ? Variants[0].Key : "";
}

/// <summary>
/// A visitor's first exposure to an experiment (id <c>experiment|visitor</c>): keeps bandit assignments sticky and is
/// what conversions are attributed to.
/// </summary>
public sealed class ExperimentExposure
{
    public string Id { get; set; } = "";
    public string ExperimentId { get; set; } = "";
    public string Variant { get; set; } = "";
    /// <summary>The customer id, or <c>session:&lt;id&gt;</c>.</summary>
    public string Visitor { get; set; } = "";
    public string? CustomerId { get; set; }
    public string? SessionId { get; set; }
    /// <summary>The context (segment) a contextual bandit used.</summary>
    public string? Context { get; set; }
    public DateTimeOffset ExposedAt { get; set; }

    public static string IdOf(string experimentId, string visitor) => $"{experimentId}|{visitor}";
}

/// <summary>Who is being assigned.</summary>
public sealed record Visitor(string? CustomerId, string? SessionId)
{
    /// <summary>The sticky key: the customer when known, else the session.</summary>
    public string Key => CustomerId ?? ShopperStreams.SessionPrefix + SessionId;

    public bool IsKnown => CustomerId is not null || SessionId is not null;
}

/// <summary>The variant a visitor got, and why.</summary>
public sealed record ExperimentAssignment(string ExperimentId, string Variant, string Reason, bool Exposed);
