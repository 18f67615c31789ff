using System.Net.Http.Json;
using Marten;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RetailCommerce.Modules.Loyalty.Segments;
using RetailCommerce.Persistence;

namespace RetailCommerce.Modules.Loyalty.Value;

/// <summary>A champion whose latest fit put them at risk; <paramref name="ChampionSince"/> identifies the episode.</summary>
public sealed record AtRiskTransition(CustomerValue Now, DateTimeOffset ChampionSince);

/// <summary>
/// A sent (or attempted) at-risk notice. The id is customer + the start of the champion episode, so one episode
/// notifies once however often the fit runs, and a customer who becomes a champion again can be notified again.
/// </summary>
public sealed class AtRiskAlert
{
    public string Id { get; set; } = "";
    public string CustomerId { get; set; } = "";
    public DateTimeOffset DetectedAt { get; set; }
    public double? LifetimeValue { get; set; }
    public double ChurnRisk { get; set; }
    public bool Delivered { get; set; }
    public int Attempts { get; set; }
    public string? LastError { get; set; }
}

/// <summary>The JSON body POSTed to <see cref="LoyaltyOptions.WebhookUrl"/>.</summary>
public sealed record AtRiskNotice(string Event, string StoreId, string CustomerId, string PreviousSegment, string Segment,
    double? LifetimeValue, double ChurnRisk, double ProbabilityAlive, DateTimeOffset AsOf);

/// <summary>POSTs a notice when a valuable (champion) customer turns at risk, once per episode, retrying failures on later fits.</summary>
public sealed class AtRiskWebhook(IHttpClientFactory http, StoreSessions sessions, IOptions<LoyaltyOptions> options, ILogger<AtRiskWebhook> logger)
{
    /// <summary>Named HttpClient used for the webhook (tests and deployments can configure its handler).</summary>
    public const string ClientName = "loyalty-webhook";

    private const int MaxAttempts = 5;

    /// <summary>Records the transitions and sends what is due; returns how many notices were delivered.</summary>
    public async Task<int> NotifyAsync(string storeId, IReadOnlyList<AtRiskTransition> transitions, CancellationToken ct)
    {
        await using var session = sessions.Write(storeId);
        var ids = transitions.Select(t => AlertId(t.Now.Id, t.ChampionSince)).ToArray();
        var known = ids.Length == 0 ? new HashSet<string>()
            : (await session.LoadManyAsync<AtRiskAlert>(ct, ids)).Select(a => a.Id).ToHashSet();
        var due = transitions.Where(t => !known.Contains(AlertId(t.Now.Id, t.ChampionSince)))
            .Select(t => (Alert: new AtRiskAlert
            {
                Id = AlertId(t.Now.Id, t.ChampionSince), CustomerId = t.Now.Id, DetectedAt = t.Now.AsOf,
                LifetimeValue = t.Now.LifetimeValue, ChurnRisk = t.Now.ChurnRisk,
            }, Value: t.Now)).ToList();
        // Failed deliveries of earlier fits are retried with the customer's latest values.
        var retries = await session.Query<AtRiskAlert>().Where(a => !a.Delivered && a.Attempts < MaxAttempts).ToListAsync(ct);
        var retryValues = retries.Count == 0 ? new Dictionary<string, CustomerValue>()
            : (await session.LoadManyAsync<CustomerValue>(ct, retries.Select(r => r.CustomerId).ToArray())).ToDictionary(v => v.Id);
        due.AddRange(retries.Where(r => retryValues.ContainsKey(r.CustomerId) && !due.Any(d => d.Alert.Id == r.Id))
            .Select(r => (r, retryValues[r.CustomerId])));
        if (due.Count == 0) return 0;

        var url = options.Value.WebhookUrl;
        var delivered = 0;
        foreach (var (alert, value) in due)
        {
            if (string.IsNullOrWhiteSpace(url))
            {
                alert.LastError = "no WebhookUrl configured";
                alert.Delivered = true; // nothing to deliver to; recorded so the episode is not re-sent once a URL is set
                session.Store(alert);
                continue;
            }
            alert.Attempts++;
            try
            {
                var notice = new AtRiskNotice("customer.at_risk", storeId, value.Id, "CHAMPION", "AT_RISK",
                    value.LifetimeValue, value.ChurnRisk, value.ProbabilityAlive, value.AsOf);
                using var response = await http.CreateClient(ClientName).PostAsJsonAsync(url, notice, ct);
                response.EnsureSuccessStatusCode();
                alert.Delivered = true;
                alert.LastError = null;
                delivered++;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
            {
                alert.LastError = e.Message;
                logger.LogWarning(e, "At-risk webhook for customer {Customer} in store {Store} failed (attempt {Attempt})", value.Id, storeId, alert.Attempts);
            }
            session.Store(alert);
        }
        await session.SaveChangesAsync(ct);
        return delivered;
    }

    private static string AlertId(string customerId, DateTimeOffset championSince) =>
        $"{customerId}@{championSince.UtcDateTime:yyyyMMddTHHmmss}";
}
