using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using RetailCommerce.Modules.Loyalty.Value;

namespace RetailCommerce.Modules.Loyalty.Tests.Integration;

/// <summary>
/// The real host with only the Loyalty module installed, on its own private PostgreSQL cluster; the at-risk
/// webhook's HTTP client is wired to a recording handler.
/// </summary>
public sealed class LoyaltyHost : RetailHost
{
    public const string WebhookUrl = "http://hooks.test/at-risk";

    public LoyaltyHost() : this(new RecordingHandler()) { }

    private LoyaltyHost(RecordingHandler webhook) : base([typeof(Startup).Assembly],
        new Dictionary<string, string> { ["Retail:Loyalty:WebhookUrl"] = WebhookUrl },
        services: s => s.AddHttpClient(AtRiskWebhook.ClientName).ConfigurePrimaryHttpMessageHandler(() => webhook))
    {
        Webhook = webhook;
    }

    /// <summary>Every request the at-risk webhook sent.</summary>
    public RecordingHandler Webhook { get; }
}

/// <summary>Answers 200 to every request and keeps its body.</summary>
public sealed class RecordingHandler : HttpMessageHandler
{
    public ConcurrentQueue<(Uri? Url, JsonNode Body)> Requests { get; } = new();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        var body = request.Content is null ? "{}" : await request.Content.ReadAsStringAsync(ct);
        Requests.Enqueue((request.RequestUri, JsonNode.Parse(body)!));
        return new HttpResponseMessage(HttpStatusCode.OK);
    }

    protected override void Dispose(bool disposing) { } // shared across handler rotations
}

[CollectionDefinition(Name)]
public sealed class LoyaltyHostCollection : ICollectionFixture<LoyaltyHost>
{
    public const string Name = "loyalty-host";
}
