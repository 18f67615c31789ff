using System.Globalization;
using Marten;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using RetailCommerce.Catalog;
using RetailCommerce.Decisions;
using RetailCommerce.GraphQL;
using RetailCommerce.Modules.Pricing.Elasticity;
using RetailCommerce.Modules.Pricing.Forecasting;
using RetailCommerce.Modules.Pricing.Guardrails;
using RetailCommerce.Modules.Pricing.Optimization;
using RetailCommerce.Persistence;

namespace RetailCommerce.Modules.Pricing.Prices;

/// <summary>A product's storefront price: the same for every shopper.</summary>
public sealed record StorefrontPrice(string ProductId, decimal Amount, string Currency, decimal ReferencePrice, DateTimeOffset? ChangedAt);

/// <summary>What one repricing run did.</summary>
public sealed record RepriceSummary(int Products, int Proposed, int Changed, int Unchanged, string? StoreTooSmall)
{
    public string Outcome => StoreTooSmall is { } why ? $"store too small: {why}"
        : $"{Products} products: {Changed} changed, {Proposed} proposed, {Unchanged} unchanged";
}

/// <summary>
/// Guardrails, competitor prices, proposals and price changes. Every proposal and change is an event in the
/// product's <c>module:pricing:&lt;productId&gt;</c> stream and an entry in the AI decision log; an applied change
/// also updates the catalog price, so every shopper sees the same price at the same time.
/// </summary>
public sealed class PricingService(
    StoreSessions sessions, ProductCatalog catalog, StoreDemandHistory history, DemandForecaster forecaster,
    IAiDecisionLog decisions, IOptions<PricingOptions> options, ILogger<PricingService> logger)
{
    public const string ModuleId = "pricing";

    // ---- settings and guardrails ----

    public async Task<PricingSettings> SettingsAsync(string storeId, CancellationToken ct)
    {
        await using var session = sessions.Read(storeId);
        return await session.LoadAsync<PricingSettings>(PricingSettings.DocumentId, ct) ?? new PricingSettings();
    }

    public async Task<PricingSettings> SaveSettingsAsync(string storeId, PricingMode? mode, PricingObjective? objective, IReadOnlyList<DateOnly>? holidays, CancellationToken ct)
    {
        if (holidays is { Count: > 366 }) throw new RetailError(ErrorCodes.BadUserInput, "holidays: at most 366 dates.", "holidays");
        var settings = await SettingsAsync(storeId, ct);
        if (mode is { } m) settings.Mode = m;
        if (objective is { } o) settings.Objective = o;
        if (holidays is not null) settings.Holidays = holidays.Distinct().Order().ToList();
        await using var session = sessions.Write(storeId);
        session.Store(settings);
        await session.SaveChangesAsync(ct);
        return settings;
    }

    public async Task<IReadOnlyList<GuardrailSet>> GuardrailSetsAsync(string storeId, CancellationToken ct)
    {
        await using var session = sessions.Read(storeId);
        return (await session.Query<GuardrailSet>().ToListAsync(ct)).OrderBy(s => s.Scope).ThenBy(s => s.Target).ToList();
    }

    /// <summary>The guardrails in force for a product: store, then matching categories (widest first), then the product.</summary>
    public static EffectiveGuardrails EffectiveFor(Product product, IReadOnlyList<GuardrailSet> sets)
    {
        var category = product.Category;
        var layers = sets.Where(s => s.Scope == GuardrailScope.Store)
            .Concat(sets.Where(s => s.Scope == GuardrailScope.Category && s.Target is { } t
                && (category.Equals(t, StringComparison.OrdinalIgnoreCase) || category.StartsWith(t + " >", StringComparison.OrdinalIgnoreCase)))
                .OrderBy(s => s.Target!.Length))
            .Concat(sets.Where(s => s.Scope == GuardrailScope.Product && s.Target == product.Id));
        return EffectiveGuardrails.Merge(layers);
    }

    /// <summary>Validates and saves a guardrail set (replacing the set of the same scope and target); refused input changes nothing.</summary>
    public async Task<GuardrailSet> SaveGuardrailsAsync(string storeId, GuardrailInput input, CancellationToken ct)
    {
        var sets = await GuardrailSetsAsync(storeId, ct);
        Product? product = null;
        if (input.Scope == GuardrailScope.Product && input.Target is { Length: > 0 } id)
            product = await catalog.FindAsync(storeId, id.Trim(), ct);
        // What the new set inherits (the wider scopes; for a product, the store and its categories).
        EffectiveGuardrails? inherited = input.Scope switch
        {
            GuardrailScope.Product when product is not null => EffectiveFor(product, sets.Where(s => s.Scope != GuardrailScope.Product).ToList()),
            GuardrailScope.Category => EffectiveGuardrails.Merge(sets.Where(s => s.Scope == GuardrailScope.Store)),
            _ => null,
        };
        var set = GuardrailValidation.Validate(input, _ => product is not null, inherited);
        set.UpdatedAt = DateTimeOffset.UtcNow;
        await using var session = sessions.Write(storeId);
        session.Store(set);
        await session.SaveChangesAsync(ct);
        return set;
    }

    public async Task<bool> RemoveGuardrailsAsync(string storeId, GuardrailScope scope, string? target, CancellationToken ct)
    {
        await using var session = sessions.Write(storeId);
        var id = GuardrailSet.IdFor(scope, target?.Trim());
        var existing = await session.LoadAsync<GuardrailSet>(id, ct);
        if (existing is null) return false;
        session.Delete(existing);
        await session.SaveChangesAsync(ct);
        return true;
    }

    // ---- competitor prices ----

    public const int MaxCompetitorBatch = 1_000;

    /// <summary>Upserts valid competitor prices (by product and competitor); each invalid item is reported and skipped.</summary>
    public async Task<ImportResult> ImportCompetitorPricesAsync(string storeId, IReadOnlyList<CompetitorPriceInput> inputs, CancellationToken ct)
    {
        if (inputs.Count > MaxCompetitorBatch)
            throw new RetailError(ErrorCodes.BadUserInput, $"prices: at most {MaxCompetitorBatch} items per call (got {inputs.Count}).", "prices");
        var products = (await catalog.FindManyAsync(storeId, inputs.Where(i => ProductValidation.IsValidId(i.ProductId)).Select(i => i.ProductId!), ct))
            .ToDictionary(p => p.Id);
        var problems = new InputProblems();
        var valid = new Dictionary<string, CompetitorPrice>();
        for (var i = 0; i < inputs.Count; i++)
        {
            var x = inputs[i];
            var before = problems.Errors.Count;
            Product? product = null;
            if (string.IsNullOrWhiteSpace(x.ProductId)) problems.Add(i, "productId", "is required.");
            else if (!products.TryGetValue(x.ProductId, out product)) problems.Add(i, "productId", $"'{x.ProductId}' is not a product of this store.");
            if (string.IsNullOrWhiteSpace(x.Competitor) || x.Competitor.Length > 100) problems.Add(i, "competitor", "must be 1-100 characters.");
            if (x.Price is null or <= 0 or > ProductValidation.MaxPrice) problems.Add(i, "price", "must be greater than 0.");
            var currency = (x.Currency ?? product?.Currency ?? "").Trim().ToUpperInvariant();
            if (product is not null && currency != product.Currency) problems.Add(i, "currency", $"must be the product's currency {product.Currency} (got '{x.Currency}').");
            if (problems.Errors.Count > before) continue;
            var price = new CompetitorPrice
            {
                Id = CompetitorPrice.IdFor(x.ProductId!, x.Competitor!.Trim()), ProductId = x.ProductId!, Competitor = x.Competitor.Trim(),
                Price = x.Price!.Value, Currency = currency, ObservedAt = x.ObservedAt ?? DateTimeOffset.UtcNow,
            };
            valid[price.Id] = price;
        }
        if (valid.Count > 0)
        {
            await using var session = sessions.Write(storeId);
            session.Store(valid.Values.ToArray());
            await session.SaveChangesAsync(ct);
        }
        var rejected = problems.Errors.Select(e => e.Index).Distinct().Count();
        return new ImportResult(inputs.Count - rejected, rejected, problems.Errors);
    }

    public async Task<IReadOnlyList<CompetitorPrice>> CompetitorPricesAsync(string storeId, string productId, CancellationToken ct)
    {
        await using var session = sessions.Read(storeId);
        return await session.Query<CompetitorPrice>().Where(c => c.ProductId == productId).OrderBy(c => c.Price).ToListAsync(ct);
    }

    // ---- reading ----

    public async Task<ProductPricing?> PricingAsync(string storeId, string productId, CancellationToken ct)
    {
        await using var session = sessions.Read(storeId);
        return await session.LoadAsync<ProductPricing>(PricingStreams.For(productId), ct);
    }

    public async Task<IReadOnlyList<ProductPricing>> PendingAsync(string storeId, int first, CancellationToken ct)
    {
        await using var session = sessions.Read(storeId);
        var all = await session.Query<ProductPricing>().ToListAsync(ct);
        return all.Where(p => p.Pending is not null).OrderByDescending(p => p.Pending!.At).Take(first).ToList();
    }

    public async Task<IReadOnlyList<PriceHistoryEntry>> RecentChangesAsync(string storeId, int first, CancellationToken ct)
    {
        await using var session = sessions.Read(storeId);
        var all = await session.Query<ProductPricing>().ToListAsync(ct);
        return all.SelectMany(p => p.History.Where(h => h.Kind == "CHANGED").Select(h => (p.ProductId, h)))
            .OrderByDescending(x => x.h.At).Take(first).Select(x => { x.h.Source = $"{x.ProductId}: {x.h.Source}"; return x.h; }).ToList();
    }

    /// <summary>The storefront price: current catalog price, currency and the typical price of the last 30 store days.</summary>
    public async Task<StorefrontPrice> PriceAsync(string storeId, string productId, CancellationToken ct)
    {
        var product = await catalog.FindAsync(storeId, productId, ct)
            ?? throw new RetailError(ErrorCodes.BadUserInput, $"productId: '{productId}' is not a product of this store.", "productId");
        var demand = await history.LoadAsync(storeId, ct);
        var pricing = await PricingAsync(storeId, productId, ct);
        return new StorefrontPrice(product.Id, product.Price, product.Currency, ReferencePrice(product, demand.For(productId), pricing, demand.Clock), pricing?.LastChangeAt);
    }

    /// <summary>
    /// The typical recent price: the median over the last 30 store days of the price in force each day (from this
    /// module's changes; days before any change take the average selling price, else the current price).
    /// </summary>
    public static decimal ReferencePrice(Product product, DemandSeries? series, ProductPricing? pricing, DateTimeOffset now)
    {
        var changes = pricing?.History.Where(h => h.Kind == "CHANGED").OrderBy(h => h.At).ToList() ?? [];
        var daily = new List<decimal>();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        for (var d = 29; d >= 0; d--)
        {
            var day = today.AddDays(-d);
            var endOfDay = new DateTimeOffset(day.ToDateTime(TimeOnly.MaxValue), TimeSpan.Zero);
            var last = changes.LastOrDefault(c => c.At <= endOfDay);
            if (last?.NewPrice is { } set) { daily.Add(set); continue; }
            if (changes.Count > 0 && changes[0].OldPrice is { } before) { daily.Add(before); continue; }
            var i = series is null ? -1 : series.IndexOf(day);
            daily.Add(i >= 0 && i < series!.Length && !float.IsNaN(series.Price[i]) ? Math.Round((decimal)series.Price[i], 2) : product.Price);
        }
        daily.Sort();
        return daily[daily.Count / 2];
    }

    // ---- repricing ----

    /// <summary>Elasticity estimates for one product (with its category's shrinkage).</summary>
    public async Task<ElasticityEstimate> ElasticityAsync(string storeId, string productId, CancellationToken ct)
    {
        var demand = await history.LoadAsync(storeId, ct);
        if (!demand.Products.ContainsKey(productId))
            throw new RetailError(ErrorCodes.BadUserInput, $"productId: '{productId}' is not a product of this store.", "productId");
        var series = demand.For(productId)!;
        var category = demand.Series.Where(s => s.Category == series.Category).ToList();
        return ElasticityEstimator.ForCategory(series.Category is null ? [series] : category).First(e => e.ProductId == productId);
    }

    /// <summary>
    /// Reprices the store's products (or the given ones): forecast × elasticity gives the demand curve, the optimizer
    /// picks the best price inside the guardrails, and the result is proposed (recommend-only) or applied (automatic).
    /// </summary>
    public async Task<RepriceSummary> RepriceAsync(string storeId, IReadOnlyCollection<string>? productIds, CancellationToken ct)
    {
        var demand = await history.LoadAsync(storeId, ct);
        var settings = await SettingsAsync(storeId, ct);
        var model = await forecaster.ModelAsync(storeId, ct);
        if (model is null) return new RepriceSummary(0, 0, 0, 0, $"no product has {DemandFeatures.MinHistoryDays}+ days of sales history yet");
        var sets = await GuardrailSetsAsync(storeId, ct);
        // Products under an active markdown plan follow the plan, not the optimizer.
        var marked = await ActiveMarkdownProductsAsync(storeId, ct);
        var targets = demand.Products.Values.Where(p => (productIds is null || productIds.Contains(p.Id)) && !marked.Contains(p.Id)).OrderBy(p => p.Id).ToList();
        var elasticities = demand.Series.GroupBy(s => s.Category ?? "\u0000" + s.ProductId)
            .SelectMany(g => ElasticityEstimator.ForCategory(g.ToList())).ToDictionary(e => e.ProductId);
        await using var read = sessions.Read(storeId);
        var competitors = (await read.Query<CompetitorPrice>().ToListAsync(ct)).GroupBy(c => c.ProductId)
            .ToDictionary(g => g.Key, g => g.ToList());
        int proposed = 0, changed = 0, unchanged = 0;
        foreach (var product in targets)
        {
            ct.ThrowIfCancellationRequested();
            var pricing = await read.LoadAsync<ProductPricing>(PricingStreams.For(product.Id), ct);
            var series = demand.For(product.Id);
            var g = EffectiveFor(product, sets);
            var situation = Situation(product, series, pricing, demand.Clock, competitors.GetValueOrDefault(product.Id));
            var forecast = DemandForecaster.Forecast(model, demand.Series, product.Id, options.Value.DecisionHorizonDays, demand.Today);
            var baseUnits = forecast.Days.Average(d => d.P50);
            var elasticity = elasticities.TryGetValue(product.Id, out var e) ? e : null;
            // The optimizer never acts on "demand rises with price": elasticities are capped to [-8, -0.2].
            var used = Math.Clamp(elasticity?.Elasticity ?? ElasticityEstimator.DefaultPrior, -8, -0.2);
            var curve = new DemandCurve(Math.Max(baseUnits, 0.01), (double)product.Price, used);
            var decision = PriceOptimizer.Decide(settings.Objective, curve, g, situation);
            if (decision.Price is not { } price || product.Price <= 0) { unchanged++; continue; }
            var reason = Explain(product, price, decision, used, settings.Objective, g, situation);
            var inputs = new Dictionary<string, string>
            {
                ["currentPrice"] = product.Price.ToString(CultureInfo.InvariantCulture),
                ["forecastUnitsPerDay"] = baseUnits.ToString("0.###", CultureInfo.InvariantCulture),
                ["forecastMethod"] = forecast.Method,
                ["elasticity"] = used.ToString("0.###", CultureInfo.InvariantCulture),
                ["elasticityInterval"] = elasticity is null ? "" : $"[{elasticity.Low:0.##}, {elasticity.High:0.##}]",
                ["objective"] = settings.Objective.ToString(),
                ["referencePrice"] = situation.ReferencePrice.ToString(CultureInfo.InvariantCulture),
                ["demandSpike"] = situation.DemandSpike ? "yes" : "no",
                ["competitorPrice"] = situation.CompetitorPrice?.ToString(CultureInfo.InvariantCulture) ?? "",
                ["binding"] = string.Join(", ", decision.Binding),
            };
            var effect = decision.Effect is { } x ? new ExpectedEffect(x.UnitsBefore, x.UnitsAfter, x.RevenueBefore, x.RevenueAfter, x.ProfitBefore, x.ProfitAfter) : null;
            var automatic = settings.Mode == PricingMode.Automatic;
            await SubmitAsync(storeId, product, price, reason, effect!, used, settings.Objective.ToString(), model.Version, inputs, automatic, "automatic", demand.Clock, ct);
            if (automatic) changed++; else proposed++;
        }
        return new RepriceSummary(targets.Count, proposed, changed, unchanged, null);
    }

    private async Task<HashSet<string>> ActiveMarkdownProductsAsync(string storeId, CancellationToken ct)
    {
        await using var session = sessions.Read(storeId);
        return (await session.Query<Markdown.MarkdownPlanDocument>().Where(p => p.Active).Select(p => p.Id).ToListAsync(ct)).ToHashSet();
    }

    /// <summary>
    /// Records a new price for a product: in automatic mode a proposal and its change (the catalog price follows),
    /// otherwise a proposal that waits for approval (superseding an older pending one). Both go to the AI decision
    /// log with their inputs and reason. Returns the proposal id. The caller has checked the guardrails.
    /// </summary>
    public async Task<string> SubmitAsync(string storeId, Product product, decimal price, string reason, ExpectedEffect effect, double elasticity,
        string objective, string modelVersion, IReadOnlyDictionary<string, string> inputs, bool automatic, string source, DateTimeOffset at, CancellationToken ct)
    {
        var proposal = new PriceProposed(Guid.NewGuid().ToString("N"), product.Id, product.Price, price, product.Currency,
            reason, effect, elasticity, objective, modelVersion, inputs, at);
        if (automatic)
        {
            await AppendAsync(storeId, product.Id, p => Superseding(p, at).Append(proposal)
                .Append(new PriceChanged(product.Id, product.Price, price, product.Currency, reason, source, proposal.ProposalId, at)).ToList(), ct);
            await SetCatalogPriceAsync(storeId, product, price, ct);
            await LogAsync(storeId, "price-change", product.Id, modelVersion, inputs, $"Changed {product.Title} from {product.Price:0.00} to {price:0.00}: {reason}", at, ct);
        }
        else
        {
            await AppendAsync(storeId, product.Id, p => Superseding(p, at).Append(proposal).ToList(), ct);
            await LogAsync(storeId, "price-proposal", product.Id, modelVersion, inputs, $"Proposed {product.Title} from {product.Price:0.00} to {price:0.00}: {reason}", at, ct);
        }
        return proposal.ProposalId;
    }

    private static IEnumerable<object> Superseding(ProductPricing p, DateTimeOffset at) =>
        p.Pending is { } old ? [new PriceProposalRejected(old.ProposalId, "superseded by a newer proposal", at)] : [];

    /// <summary>Approves the pending proposal: the guardrails are checked again as of now, then the price is applied.</summary>
    public async Task<ProductPricing> ApproveAsync(string storeId, string productId, CancellationToken ct)
    {
        var product = await catalog.FindAsync(storeId, productId, ct)
            ?? throw new RetailError(ErrorCodes.BadUserInput, $"productId: '{productId}' is not a product of this store.", "productId");
        var demand = await history.LoadAsync(storeId, ct);
        var sets = await GuardrailSetsAsync(storeId, ct);
        var competitors = await CompetitorPricesAsync(storeId, productId, ct);
        PriceProposed? approved = null;
        var pricing = await AppendAsync(storeId, productId, p =>
        {
            var pending = p.Pending ?? throw new RetailError(ErrorCodes.BadUserInput, $"productId: '{productId}' has no pending price proposal.", "productId");
            var situation = Situation(product, demand.For(productId), p, demand.Clock, competitors.ToList());
            var broken = PriceGuard.Violations(pending.ProposedPrice, EffectiveFor(product, sets), situation);
            if (pending.CurrentPrice != product.Price)
                broken = [.. broken, "the price changed since the proposal"];
            if (broken.Count > 0)
                throw new RetailError(ErrorCodes.BadUserInput, $"productId: the proposal no longer fits the guardrails ({string.Join(", ", broken)}); reprice to get a new one.", "productId");
            approved = pending;
            return [new PriceProposalApproved(pending.ProposalId, demand.Clock),
                new PriceChanged(productId, product.Price, pending.ProposedPrice, product.Currency, pending.Reason, "approved", pending.ProposalId, demand.Clock)];
        }, ct);
        await SetCatalogPriceAsync(storeId, product, approved!.ProposedPrice, ct);
        await LogAsync(storeId, "price-change", productId, approved.ModelVersion, approved.Inputs,
            $"Approved: {product.Title} from {product.Price:0.00} to {approved.ProposedPrice:0.00}: {approved.Reason}", demand.Clock, ct);
        return pricing;
    }

    public async Task<ProductPricing> RejectAsync(string storeId, string productId, string? note, CancellationToken ct)
    {
        if (await catalog.FindAsync(storeId, productId, ct) is null)
            throw new RetailError(ErrorCodes.BadUserInput, $"productId: '{productId}' is not a product of this store.", "productId");
        if (note is { Length: > 500 }) throw new RetailError(ErrorCodes.BadUserInput, "note: at most 500 characters.", "note");
        var demand = await history.LoadAsync(storeId, ct);
        return await AppendAsync(storeId, productId, p =>
        {
            var pending = p.Pending ?? throw new RetailError(ErrorCodes.BadUserInput, $"productId: '{productId}' has no pending price proposal.", "productId");
            return [new PriceProposalRejected(pending.ProposalId, string.IsNullOrWhiteSpace(note) ? "rejected by the merchant" : note.Trim(), demand.Clock)];
        }, ct);
    }

    /// <summary>The guardrails' view of a product now.</summary>
    public PriceSituation Situation(Product product, DemandSeries? series, ProductPricing? pricing, DateTimeOffset now, IReadOnlyList<CompetitorPrice>? competitors)
    {
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var firstToday = pricing?.History.Where(h => h.Kind == "CHANGED" && DateOnly.FromDateTime(h.At.UtcDateTime) == today).OrderBy(h => h.At).FirstOrDefault();
        var spike = false;
        if (series is { Length: >= 35 })
        {
            var n = series.Length;
            var recent = series.Units[(n - 7)..].Average();
            var before = series.Units[(n - 35)..(n - 7)].Average();
            spike = recent >= 1 && recent > options.Value.SpikeRatio * Math.Max(before, 0.1);
        }
        return new PriceSituation
        {
            CurrentPrice = product.Price,
            ReferencePrice = ReferencePrice(product, series, pricing, now),
            DayOpeningPrice = firstToday?.OldPrice ?? product.Price,
            LastChangeAt = pricing?.LastChangeAt,
            Now = now,
            DemandSpike = spike,
            CompetitorPrice = competitors?.Where(c => c.Currency == product.Currency).Select(c => (decimal?)c.Price).Min(),
        };
    }

    private static string Explain(Product product, decimal price, PriceDecision d, double elasticity, PricingObjective objective, EffectiveGuardrails g, PriceSituation s)
    {
        var direction = price > product.Price ? "Raise" : "Lower";
        var change = (price - product.Price) / product.Price;
        var goal = objective == PricingObjective.Revenue ? "revenue" : g.Cost is null ? "revenue (no cost set, so margin = revenue)" : "margin";
        var effect = d.Effect is { } e
            ? $"expected {e.UnitsBefore:0.#}→{e.UnitsAfter:0.#} units/day, {goal} {(objective == PricingObjective.Revenue || g.Cost is null ? e.RevenueBefore : e.ProfitBefore):0.00}→{(objective == PricingObjective.Revenue || g.Cost is null ? e.RevenueAfter : e.ProfitAfter):0.00}/day"
            : "";
        var why = elasticity < -1
            ? $"demand is price-sensitive (elasticity {elasticity:0.0#})"
            : $"demand is not very price-sensitive (elasticity {elasticity:0.0#})";
        var limits = d.Binding.Count > 0 ? $"; held by {string.Join(", ", d.Binding)} (optimum {d.Target:0.00})" : "";
        var spike = s.DemandSpike && g.Essential ? "; demand is spiking, so the anti-gouging cap applies" : "";
        return $"{direction} {Math.Abs(change):P1} to {price:0.00} for {goal}: {why}, {effect}{limits}{spike}.";
    }

    private async Task<ProductPricing> AppendAsync(string storeId, string productId, Func<ProductPricing, IReadOnlyList<object>> decide, CancellationToken ct)
    {
        var key = PricingStreams.For(productId);
        for (var attempt = 1; ; attempt++)
        {
            await using var session = sessions.Write(storeId);
            var stream = await session.Events.FetchForWriting<ProductPricing>(key, ct);
            var state = Copy(stream.Aggregate) ?? new ProductPricing { Id = key, ProductId = productId };
            var events = decide(state);
            if (events.Count == 0) return state;
            foreach (var e in events)
            {
                stream.AppendOne(e);
                ProductPricingProjection.Fold(state, e);
            }
            try
            {
                await session.SaveChangesAsync(ct);
                return state;
            }
            catch (Exception e) when (attempt < 5 && (e is JasperFx.ConcurrencyException or Marten.Exceptions.ExistingStreamIdCollisionException
                || e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation }))
            {
                logger.LogDebug("Concurrent append to {Stream} in store {Store}, attempt {Attempt}", key, storeId, attempt);
            }
        }
    }

    private static ProductPricing? Copy(ProductPricing? p) => p is null ? null : new ProductPricing
    {
        Id = p.Id, ProductId = p.ProductId, Pending = p.Pending, LastChangeAt = p.LastChangeAt, LastPrice = p.LastPrice, History = p.History.ToList(),
    };

    private async Task SetCatalogPriceAsync(string storeId, Product product, decimal price, CancellationToken ct)
    {
        var input = new ProductInput
        {
            Id = product.Id, Title = product.Title, Description = product.Description, Brand = product.Brand, Category = product.Category,
            Attributes = product.Attributes.Select(a => new AttributeInput { Name = a.Name, Value = a.Value }).ToList(),
            Price = price, Currency = product.Currency, Stock = product.Stock, ImageUrl = product.ImageUrl,
        };
        var result = await catalog.ImportAsync(storeId, [input], product.Currency, ct);
        if (result.Rejected > 0) logger.LogWarning("Catalog refused the new price of {Product}: {Error}", product.Id, result.Errors[0].Message);
    }

    private Task LogAsync(string storeId, string kind, string productId, string model, IReadOnlyDictionary<string, string> inputs, string explanation, DateTimeOffset at, CancellationToken ct) =>
        decisions.RecordAsync(storeId, [new AiDecision { ModuleId = ModuleId, Kind = kind, ProductId = productId, Model = model, Inputs = inputs, Explanation = explanation, At = at }], ct);
}
