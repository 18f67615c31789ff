using Marten;
using Marten.Events.Projections;

namespace RetailCommerce.Tracking;

/// <summary>
/// The one way to run an asynchronous projection over shopper events: every such projection — the platform's and
/// every module's — joins one Marten composite projection, <see cref="Name"/>. The async daemon then reads each
/// batch of events once and commits all their document changes in one transaction, instead of a dozen separate
/// shards each polling, deserializing and committing the same events (which halved ingest throughput on a
/// two-core all-in-one host).
/// </summary>
public static class ShopperActivityProjections
{
    /// <summary>The composite's name (its progress row in <c>mt_event_progression</c> is <c>ShopperActivity:All</c>).</summary>
    public const string Name = "ShopperActivity";

    /// <summary>Adds <typeparamref name="TProjection"/> to the shared asynchronous shopper-activity projection.</summary>
    public static void AddShopperActivity<TProjection>(this ProjectionOptions projections)
        where TProjection : JasperFx.Events.Projections.IProjectionSource<IDocumentOperations, IQuerySession>, new() =>
        projections.CompositeProjectionFor(Name, composite => composite.Add<TProjection>());

    /// <summary>
    /// Adds a hand-written projection that writes its own tables (in Marten's schema) to the shared asynchronous
    /// shopper-activity projection; a rebuild empties <paramref name="tables"/> before replaying.
    /// </summary>
    public static void AddShopperActivity(this ProjectionOptions projections, IProjection projection, params string[] tables) =>
        projections.CompositeProjectionFor(Name, composite => composite.Add(projection, options =>
        {
            foreach (var table in tables) options.DeleteDataInTableOnTeardown(table);
        }));
}
