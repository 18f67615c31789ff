using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Marten;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RetailCommerce.Catalog;
using RetailCommerce.Decisions;
using RetailCommerce.Jobs;
using RetailCommerce.Modules.Personalization.Sessions;
using RetailCommerce.Persistence;
using RetailCommerce.Tracking;

namespace RetailCommerce.Modules.Personalization.Abandonment;

/// <summary>A cart left behind, appended to the module stream <c>module:personalization:cart:&lt;session&gt;</c>.</summary>
public sealed record CartAbandoned(string SessionId, string? CustomerId, decimal CartValue, int CartUnits, IReadOnlyList<string> ProductIds,
    DateTimeOffset LastActivityAt, double? PurchaseProbability, string Recovery, double IncentiveShare, string Reason, DateTimeOffset DetectedAt);

/// <summary>Marks a session's cart as handled (id = session id), so each cart is reported once.</summary>
public sealed class AbandonedCartNotice
{
    public string Id { get; set; } = "";
    public string? CustomerId { get; set; }
    public DateTimeOffset DetectedAt { get; set; }
    public string Recovery { get; set; } = "";
    public double IncentiveShare { get; set; }
    public bool Delivered { get; set; }
    public string? LastError { get; set; }
}

/// <summary>
/// Job <c>personalization.abandoned-carts</c>: finds sessions whose cart has been idle for
/// <see cref="PersonalizationOptions.AbandonAfterMinutes"/> (store clock) without a purchase, scores them, emits a
/// <see cref="CartAbandoned"/> event and POSTs a signed webhook with the recommended recovery.
/// </summary>
public sealed class AbandonedCartsJob(StoreSessions sessions, SessionReader reader, SessionInsights insights, ProductCatalog catalog,
    IHttpClientFactory http, IAiDecisionLog decisions, TimeProvider clock, IOptions<PersonalizationOptions> options, ILogger<AbandonedCartsJob> logger) : IStoreJob
{
    public const string ClientName = "personalization-webhook";
    public const string SignatureHeader = "X-Retail-Signature";
    private const int MaxPerRun = 500;

    public async Task<string> RunAsync(string storeId, CancellationToken ct)
    {
        var settings = options.Value;
        IReadOnlyList<AddedToCart> adds;
        DateTimeOffset now;
        HashSet<string> handled;
        await using (var read = sessions.Read(storeId))
        {
            now = await read.LatestEventAtAsync(ct) ?? clock.GetUtcNow();
            var idleSince = now.AddMinutes(-settings.AbandonAfterMinutes);
            var from = now.AddHours(-settings.AbandonLookbackHours);
            adds = await read.Events.QueryRawEventDataOnly<AddedToCart>().Where(e => e.OccurredAt >= from && e.OccurredAt <= idleSince).ToListAsync(ct);
            var candidates = adds.Where(a => a.SessionId is not null).Select(a => a.SessionId!).Distinct().ToArray();
            handled = candidates.Length == 0 ? [] : (await read.LoadManyAsync<AbandonedCartNotice>(ct, candidates)).Select(n => n.Id).ToHashSet();
        }
        if (adds.Count == 0) return "no carts in the window: nothing abandoned";
        var sessionsWithCarts = adds.Where(a => a.SessionId is not null && !handled.Contains(a.SessionId))
            .GroupBy(a => a.SessionId!).Take(MaxPerRun).ToList();
        int abandoned = 0, delivered = 0, incentives = 0;
        foreach (var cart in sessionsWithCarts)
        {
            var live = await reader.LoadAsync(storeId, cart.Key, cart.Select(a => a.CustomerId).FirstOrDefault(c => c is not null), ct, cached: false);
            if (live.Events.Count == 0 || live.Events.Any(e => e.Type == "PURCHASE")) continue;
            if (live.Events[^1].At > now.AddMinutes(-settings.AbandonAfterMinutes)) continue; // still shopping
            var insight = await insights.ScoreAsync(storeId, live, ct);
            if (insight.CartUnits <= 0) continue;
            var products = live.Events.Where(e => e.Type == "ADD_TO_CART" && e.ProductId is not null).Select(e => e.ProductId!).Distinct().ToList();
            var margins = (await catalog.FindManyAsync(storeId, products, ct)).Select(CartRecovery.MarginOf).Where(m => m is not null).Select(m => m!.Value).ToList();
            var completion = insight.AbandonmentProbability is { } a ? 1 - a : insight.PurchaseProbability ?? 0.2;
            var plan = CartRecovery.Plan(completion, insight.Features, margins.Count == 0 ? null : margins.Min(), settings);
            var e = new CartAbandoned(cart.Key, live.CustomerId, (decimal)insight.CartValue, insight.CartUnits, products, live.Events[^1].At,
                completion, plan.Action.ToString().ToLowerInvariant(), plan.IncentiveShare, plan.Reason, now);
            var notice = new AbandonedCartNotice { Id = cart.Key, CustomerId = live.CustomerId, DetectedAt = now, Recovery = e.Recovery, IncentiveShare = plan.IncentiveShare };
            (notice.Delivered, notice.LastError) = await SendAsync(storeId, e, ct);
            await using (var write = sessions.Write(storeId))
            {
                write.Events.Append(ShopperStreams.ModuleStreamPrefix("personalization") + "cart:" + cart.Key, e);
                write.Store(notice);
                await write.SaveChangesAsync(ct);
            }
            await decisions.RecordAsync(storeId, [new AiDecision
            {
                ModuleId = "personalization", Kind = "cart-recovery", CustomerId = live.CustomerId, SessionId = cart.Key, Model = insight.ModelVersion,
                Inputs = new Dictionary<string, string>
                {
                    ["completionProbability"] = completion.ToString("0.000", CultureInfo.InvariantCulture), ["cartValue"] = insight.CartValue.ToString("0.00", CultureInfo.InvariantCulture),
                    ["incentive"] = plan.IncentiveShare.ToString("0.00", CultureInfo.InvariantCulture),
                },
                Explanation = $"Cart of {insight.CartValue:0.00} left idle: {plan.Action} ({plan.Reason}).", At = now,
            }], ct);
            abandoned++;
            if (notice.Delivered) delivered++;
            if (plan.Action == RecoveryAction.Incentive) incentives++;
        }
        return $"{abandoned} abandoned cart(s) found, {incentives} with an incentive, {delivered} webhook(s) delivered";
    }

    private async Task<(bool Delivered, string? Error)> SendAsync(string storeId, CartAbandoned e, CancellationToken ct)
    {
        var url = options.Value.WebhookUrl;
        if (string.IsNullOrWhiteSpace(url)) return (false, "no WebhookUrl configured");
        var body = JsonSerializer.Serialize(new { @event = "cart.abandoned", storeId, cart = e }, new JsonSerializerOptions(JsonSerializerDefaults.Web));
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            request.Headers.Add(SignatureHeader, Sign(body, options.Value.WebhookSecret));
            request.Headers.Add("X-Retail-Event", "cart.abandoned");
            using var response = await http.CreateClient(ClientName).SendAsync(request, ct);
            response.EnsureSuccessStatusCode();
            return (true, null);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            logger.LogWarning(ex, "Abandoned-cart webhook for session {Session} in store {Store} failed", e.SessionId, storeId);
            return (false, ex.Message);
        }
    }

    /// <summary>The signature header value: <c>sha256=</c> + lowercase hex HMAC-SHA256 of the body with the shared secret.</summary>
    public static string Sign(string body, string secret) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(body)));
}
