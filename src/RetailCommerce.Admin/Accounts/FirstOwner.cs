using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RetailCommerce.Hosting;

namespace RetailCommerce.Admin.Accounts;

/// <summary>
/// On first start (no merchant user yet) creates the owner <c>admin</c>, whose password is
/// <c>Retail:Bootstrap:AdminPassword</c>, or the bootstrap admin token when that is not set. The owner then creates the other users.
/// </summary>
public sealed class FirstOwner(MerchantAccounts accounts, IOptions<RetailOptions> retail, Microsoft.Extensions.Configuration.IConfiguration configuration,
    ILogger<FirstOwner> logger) : IHostedService
{
    public const string UserName = "admin";

    public async Task StartAsync(CancellationToken ct)
    {
        if (!await accounts.NoneAsync(ct)) return;
        var password = configuration["Retail:Bootstrap:AdminPassword"];
        if (string.IsNullOrEmpty(password)) password = retail.Value.Bootstrap.AdminToken;
        if (string.IsNullOrEmpty(password))
        {
            logger.LogWarning("No merchant user exists and neither Retail:Bootstrap:AdminPassword nor Retail:Bootstrap:AdminToken is set: nobody can sign in to /admin");
            return;
        }
        try
        {
            await accounts.CreateAsync(UserName, "Administrator", password, MerchantRole.Owner, [], ct);
        }
        catch (RetailCommerce.GraphQL.RetailError e)
        {
            logger.LogWarning("Could not create the admin UI owner: {Reason}", e.Message);
            return;
        }
        logger.LogInformation("Created the admin UI owner '{User}' (password: Retail:Bootstrap:AdminPassword, or the admin token)", UserName);
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
