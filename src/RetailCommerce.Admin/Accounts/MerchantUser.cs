namespace RetailCommerce.Admin.Accounts;

/// <summary>A person who signs in to the admin UI. Platform-wide (not per store); <see cref="Stores"/> says which stores they manage.</summary>
public sealed class MerchantUser
{
    /// <summary>The user name, lower-case; also the document id.</summary>
    public string Id { get; set; } = "";

    public string DisplayName { get; set; } = "";

    /// <summary>ASP.NET Core <c>PasswordHasher</c> output (PBKDF2 with a per-user salt).</summary>
    public string PasswordHash { get; set; } = "";

    public MerchantRole Role { get; set; } = MerchantRole.Merchant;

    /// <summary>Stores this user manages; empty means all stores (owners always manage all).</summary>
    public List<string> Stores { get; set; } = [];

    /// <summary>Wrong passwords since the last successful sign-in or lockout.</summary>
    public int FailedSignIns { get; set; }

    /// <summary>Sign-in is refused until this time, even with the right password.</summary>
    public DateTimeOffset? LockedUntil { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? LastSignInAt { get; set; }

    /// <summary>True when the user may work on the store.</summary>
    public bool Manages(string storeId) => Role == MerchantRole.Owner || Stores.Count == 0 || Stores.Contains(storeId);
}

/// <summary>What a merchant user may do.</summary>
public enum MerchantRole
{
    /// <summary>Manages stores' modules and settings.</summary>
    Merchant,

    /// <summary>Also creates stores and users; the bootstrap admin is an owner.</summary>
    Owner,
}

/// <summary>The outcome of a sign-in attempt.</summary>
public sealed record SignInOutcome(MerchantUser? User, DateTimeOffset? LockedUntil)
{
    public bool Succeeded => User is not null;
}
