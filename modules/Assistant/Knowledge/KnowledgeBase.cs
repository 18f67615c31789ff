using System.Collections.Concurrent;
using Marten;
using Microsoft.Extensions.AI;
using RetailCommerce.GraphQL;
using RetailCommerce.Persistence;

namespace RetailCommerce.Modules.Assistant.Knowledge;

/// <summary>Where a store's knowledge articles come from.</summary>
public interface IKnowledgeSource
{
    /// <summary>The store's articles (the starter set until the merchant saves their own).</summary>
    Task<IReadOnlyList<KnowledgeArticle>> ArticlesAsync(string storeId, CancellationToken ct);
}

/// <summary>An article and how well it matches a question.</summary>
public sealed record KnowledgeHit(KnowledgeArticle Article, double Score);

/// <summary>
/// Retrieves articles by embedding similarity (any <see cref="IEmbeddingGenerator{TInput,TEmbedding}"/>;
/// the offline default is <see cref="HashedNgramEmbeddings"/>). Article vectors are cached per article version.
/// </summary>
public sealed class KnowledgeSearch(IKnowledgeSource source, IEmbeddingGenerator<string, Embedding<float>> embeddings)
{
    /// <summary>Below this cosine similarity an article does not answer the question.</summary>
    public const double MinScore = 0.18;

    private readonly ConcurrentDictionary<(string Store, string Id, DateTimeOffset At, string Text), float[]> _vectors = new();

    /// <summary>The best matching articles, best first, above <see cref="MinScore"/>.</summary>
    public async Task<IReadOnlyList<KnowledgeHit>> SearchAsync(string storeId, string question, int count, CancellationToken ct)
    {
        var articles = await source.ArticlesAsync(storeId, ct);
        if (articles.Count == 0 || string.IsNullOrWhiteSpace(question)) return [];
        var missing = articles.Where(a => !_vectors.ContainsKey(Key(storeId, a))).ToList();
        if (missing.Count > 0)
        {
            // Two vectors per article: the whole text, and the short question + keywords (a short query matches a short text better).
            var generated = await embeddings.GenerateAsync(missing.SelectMany(a => new[] { a.SearchText, $"{a.Title}. {a.Keywords}" }), cancellationToken: ct);
            for (var i = 0; i < missing.Count; i++)
            {
                _vectors[Key(storeId, missing[i])] = generated[2 * i].Vector.ToArray();
                _vectors[Key(storeId, missing[i]) with { Text = "short" }] = generated[2 * i + 1].Vector.ToArray();
            }
        }
        var q = (await embeddings.GenerateAsync([question], cancellationToken: ct))[0].Vector.ToArray();
        return articles.Select(a => new KnowledgeHit(a, Math.Max(HashedNgramEmbeddings.Cosine(q, _vectors[Key(storeId, a)]), HashedNgramEmbeddings.Cosine(q, _vectors[Key(storeId, a) with { Text = "short" }]))))
            .Where(h => h.Score >= MinScore).OrderByDescending(h => h.Score).Take(count).ToList();
    }

    private static (string Store, string Id, DateTimeOffset At, string Text) Key(string storeId, KnowledgeArticle a) => (storeId, a.Id, a.UpdatedAt, a.SearchText);
}

/// <summary>The store's knowledge base in Marten (one document per article, per store), with the starter set as default.</summary>
public sealed class KnowledgeBase(StoreSessions sessions, TimeProvider clock) : IKnowledgeSource
{
    /// <summary>Longest article body.</summary>
    public const int MaxBody = 4_000;

    private readonly ConcurrentDictionary<string, IReadOnlyList<KnowledgeArticle>> _cache = new();

    public async Task<IReadOnlyList<KnowledgeArticle>> ArticlesAsync(string storeId, CancellationToken ct)
    {
        if (_cache.TryGetValue(storeId, out var cached)) return cached;
        await using var session = sessions.Read(storeId);
        var saved = await session.Query<KnowledgeArticle>().OrderBy(a => a.Id).ToListAsync(ct);
        var settings = await session.LoadAsync<AssistantSettings>(AssistantSettings.DocumentId, ct);
        // A store that never edited its knowledge base answers from the starter articles.
        IReadOnlyList<KnowledgeArticle> articles = saved.Count == 0 && settings?.KnowledgeEdited != true ? StarterArticles.All : saved;
        _cache[storeId] = articles;
        return articles;
    }

    /// <summary>Creates or replaces an article.</summary>
    public async Task<KnowledgeArticle> SaveAsync(string storeId, KnowledgeArticle article, CancellationToken ct)
    {
        article.Id = (article.Id ?? "").Trim().ToLowerInvariant();
        article.Title = (article.Title ?? "").Trim();
        article.Body = (article.Body ?? "").Trim();
        if (!System.Text.RegularExpressions.Regex.IsMatch(article.Id, "^[a-z0-9][a-z0-9-]{0,59}$"))
            throw new RetailError(ErrorCodes.BadUserInput, "id: 1-60 characters, lower-case letters, digits and dashes.", "id");
        if (article.Title.Length is 0 or > 200) throw new RetailError(ErrorCodes.BadUserInput, "title: 1-200 characters.", "title");
        if (article.Body.Length is 0 or > MaxBody) throw new RetailError(ErrorCodes.BadUserInput, $"body: 1-{MaxBody} characters.", "body");
        if (article.Keywords is { Length: > 500 }) throw new RetailError(ErrorCodes.BadUserInput, "keywords: at most 500 characters.", "keywords");
        article.UpdatedAt = clock.GetUtcNow();
        await using var session = sessions.Write(storeId);
        await MaterialiseStarterSetAsync(session, ct);
        session.Store(article);
        await session.SaveChangesAsync(ct);
        _cache.TryRemove(storeId, out _);
        return article;
    }

    /// <summary>Deletes an article.</summary>
    public async Task DeleteAsync(string storeId, string id, CancellationToken ct)
    {
        await using var session = sessions.Write(storeId);
        await MaterialiseStarterSetAsync(session, ct);
        session.Delete<KnowledgeArticle>(id);
        await session.SaveChangesAsync(ct);
        _cache.TryRemove(storeId, out _);
    }

    // The first edit turns the starter set into the store's own articles, so editing one does not drop the others.
    private async Task MaterialiseStarterSetAsync(IDocumentSession session, CancellationToken ct)
    {
        var settings = await session.LoadAsync<AssistantSettings>(AssistantSettings.DocumentId, ct) ?? new AssistantSettings();
        if (settings.KnowledgeEdited) return;
        if (!await session.Query<KnowledgeArticle>().AnyAsync(ct))
            foreach (var a in StarterArticles.All)
                session.Store(new KnowledgeArticle { Id = a.Id, Title = a.Title, Body = a.Body, Keywords = a.Keywords, UpdatedAt = clock.GetUtcNow() });
        settings.KnowledgeEdited = true;
        session.Store(settings);
    }

    /// <summary>Forgets cached articles of a store (settings changed elsewhere).</summary>
    public void Invalidate(string storeId) => _cache.TryRemove(storeId, out _);
}

/// <summary>Fixed articles (benchmarks, tests).</summary>
public sealed class FixedKnowledge(IReadOnlyList<KnowledgeArticle> articles) : IKnowledgeSource
{
    public Task<IReadOnlyList<KnowledgeArticle>> ArticlesAsync(string storeId, CancellationToken ct) => Task.FromResult(articles);
}
