namespace RetailCommerce.Admin;

/// <summary>Admin UI settings (<c>Retail:Admin</c>).</summary>
public sealed class AdminUiOptions
{
    public const string Section = "Retail:Admin";

    /// <summary>Wrong passwords in a row before an account is locked.</summary>
    public int MaxFailedSignIns { get; set; } = 5;

    /// <summary>How long a locked account stays locked.</summary>
    public int LockoutMinutes { get; set; } = 15;

    /// <summary>How long a sign-in lasts without activity.</summary>
    public int SessionHours { get; set; } = 8;

    /// <summary>Shortest password a merchant user may have.</summary>
    public int MinPasswordLength { get; set; } = 12;
}
