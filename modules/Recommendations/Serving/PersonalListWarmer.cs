using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RetailCommerce.Consent;
using RetailCommerce.Modules;
using RetailCommerce.Modules.Recommendations.Training;
using RetailCommerce.Tracking;

namespace RetailCommerce.Modules.Recommendations.Serving;

/// <summary>
/// Ranks an active shopper's new PERSONALIZED list as soon as their events are stored, so the page they open
/// next finds it in <see cref="ActiveShopperLists"/> instead of running the live ranker on the request path.
/// One background reader on purpose: warming uses at most one core and leaves the rest to serving. It only
/// warms; a request that comes before its list is ready ranks it itself, so nothing waits for the queue, and a
/// full queue drops its oldest shoppers rather than slowing ingest.
/// </summary>
public sealed class PersonalListWarmer(ModelRegistry models, ShopperHistory history, IConsentCheck consent, ModuleActivation activation,
    ILogger<PersonalListWarmer> logger) : BackgroundService, IShopperEventObserver
{
    /// <summary>Shoppers waiting; beyond this the oldest are dropped (their next request ranks live).</summary>
    public const int QueueCapacity = 10_000;

    private readonly Channel<(string StoreId, string ShopperKey, DateTimeOffset LatestAt)> _queue = Channel.CreateBounded<(string, string, DateTimeOffset)>(
        new BoundedChannelOptions(QueueCapacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

    private long _warmed;

    /// <summary>Lists this instance has ranked ahead of a request.</summary>
    public long Warmed => Interlocked.Read(ref _warmed);

    /// <inheritdoc />
    public void EventsStored(string storeId, IReadOnlyList<ShopperEvent> stored)
    {
        // Only what changes the ranker's query: a view, click or cart change (the latest views are its context,
        // the cart its exclusions). A purchase alone leaves the query as it was.
        foreach (var shopper in stored.Where(e => e is ProductViewed or ProductClicked or AddedToCart or RemovedFromCart)
                     .GroupBy(e => ShopperStreams.For(e.CustomerId, e.SessionId), StringComparer.Ordinal))
            _queue.Writer.TryWrite((storeId, shopper.Key, shopper.Max(e => e.OccurredAt)));
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var (storeId, key, latestAt) in _queue.Reader.ReadAllAsync(stoppingToken))
        {
            try { await WarmAsync(storeId, key, latestAt, stoppingToken); }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Could not warm the recommendations of a shopper in store {Store}", storeId);
            }
        }
    }

    private async Task WarmAsync(string storeId, string shopperKey, DateTimeOffset latestAt, CancellationToken ct)
    {
        if (!await activation.IsEnabledAsync(storeId, "recommendations", ct) || models.Active(storeId) is not { } model) return;
        // Events from before the model's cutoff (a history import, late uploads) are not the shopper's new visit:
        // they are not warmed, so an import does not keep a core reading streams. At worst such a shopper's next
        // request ranks its list itself, as without the warmer.
        if (latestAt <= model.TrainedUntil && !ShopperStreams.IsSession(shopperKey)) return;
        // The same rule as serving: without personalization consent a customer's history is not read at all.
        if (!ShopperStreams.IsSession(shopperKey) && !await consent.IsGrantedAsync(storeId, shopperKey, ConsentPurpose.Personalization, ct)) return;
        var shopper = await history.ReadAsync(storeId, shopperKey, ct);
        if (Warm(model, shopper)) Interlocked.Increment(ref _warmed);
    }

    /// <summary>
    /// Ranks the shopper's live PERSONALIZED query for a list of <paramref name="count"/> items unless it is held
    /// already; false when their precomputed list (or nothing) answers it.
    /// </summary>
    public static bool Warm(TrainedRecommender model, ShopperState shopper, int count = 10)
    {
        if (RecommendationEngine.PersonalQuery(model, shopper, RecommendationEngine.PoolFor(count)) is not { Live: true } personal) return false;
        model.ActiveLists.Warm(personal.Query, model.Personal.Recommend);
        return true;
    }
}
